// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load driver for every target: plain blocking {@link SocketChannel}s, one kept-alive connection per upload,
 * each request written as one gathering write of its header bytes and a direct-buffer body (no copy in Java), no
 * {@code HttpClient} (issue #5: it tops out near 0.3 GB/s). Requests carry exactly the header set of the Windows
 * client (MC-BUP §2.2.1: {@code Accept}, {@code BITS-Packet-Type}, ..., {@code Content-Length},
 * {@code Connection: Keep-Alive}) in its order; no {@code Expect}, no chunking.
 *
 * <p>{@link Mode#BITS} speaks Create-Session, Fragments, Close-Session and checks every Ack (status and
 * {@code BITS-Received-Content-Range}); {@link Mode#PUT} writes one file per fragment with WebDAV {@code PUT}
 * (nginx). The time of each request, from its first byte written to its answer read, is the Ack latency.
 *
 * <p>This is not bits-server's shared raw test client ({@code io.github.bitsj.server.testkit.RawBitsClient}) on
 * purpose: a load driver must not be what it measures, so it sends direct-buffer bodies with gathering channel writes
 * and no per-request copy, speaks WebDAV {@code PUT} to nginx as well as BITS, and records latencies, while the test
 * client writes exact, often malformed, bytes over a blocking socket and parses every header for assertions.
 */
final class RawBitsDriver {
    private RawBitsDriver() {}

    /** How fragments are sent. */
    enum Mode {
        /** BITS_POST Create-Session / Fragment / Close-Session. */
        BITS,
        /** WebDAV PUT, one file per fragment. */
        PUT
    }

    /** Where to send: loopback port and the path prefix uploads go under. */
    record Target(String name, int port, String pathPrefix, Mode mode) {}

    /** Bytes of the fragment bodies. */
    interface BodySource {
        /**
         * {@return a buffer holding the file's bytes [offset, offset + length), positioned at 0}
         *
         * @param offset the first byte
         * @param length the count, at most the largest fragment
         * @throws IOException if the bytes cannot be read
         */
        ByteBuffer body(long offset, int length) throws IOException;
    }

    /** A source of random bytes in one shared read-only direct buffer: the server, not the source, is measured. */
    static BodySource memory(ByteBuffer payload) {
        return (offset, length) -> payload.slice(0, length);
    }

    /** A source reading a file with positional reads into a per-upload direct buffer, as a real client would. */
    static BodySource file(Path path, int maxFragment) throws IOException {
        FileChannel fc = FileChannel.open(path, StandardOpenOption.READ);
        ByteBuffer buf = ByteBuffer.allocateDirect(maxFragment);
        return (offset, length) -> {
            buf.clear().limit(length);
            while (buf.hasRemaining()) {
                if (fc.read(buf, offset + buf.position()) < 0) {
                    throw new IOException("file shorter than expected");
                }
            }
            return buf.flip();
        };
    }

    /** One kept-alive HTTP/1.1 connection with a minimal response reader. */
    static final class Connection implements Closeable {
        private final InetSocketAddress address;
        private final InetSocketAddress local;
        private final int socketBuffer;
        private SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private final ByteBuffer[] pair = new ByteBuffer[2];
        private String head = "";
        private int status;

        Connection(int port, int socketBuffer) {
            this(null, port, socketBuffer);
        }

        /** A connection from a chosen loopback source address (e.g. 127.0.0.3), as from another client host. */
        Connection(java.net.InetAddress source, int port, int socketBuffer) {
            this.address = new InetSocketAddress("127.0.0.1", port);
            this.local = source == null ? null : new InetSocketAddress(source, 0);
            this.socketBuffer = socketBuffer;
        }

        /** Opens the connection now, so connection set-up stays out of a timed window. */
        void connect() throws IOException {
            channel();
        }

        private SocketChannel channel() throws IOException {
            if (channel == null || !channel.isOpen()) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (socketBuffer > 0) {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, socketBuffer);
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, socketBuffer);
                }
                if (local != null) {
                    ch.bind(local);
                }
                ch.connect(address);
                channel = ch;
                in.clear();
            }
            return channel;
        }

        /**
         * Sends one request and reads its answer, whose body is discarded.
         *
         * @return the status
         */
        int exchange(byte[] requestHead, ByteBuffer body) throws IOException {
            SocketChannel ch = channel();
            pair[0] = ByteBuffer.wrap(requestHead);
            pair[1] = body == null ? ByteBuffer.allocate(0) : body;
            long remaining = pair[0].remaining() + (long) pair[1].remaining();
            while (remaining > 0) {
                remaining -= ch.write(pair);
            }
            readResponse(ch);
            return status;
        }

        private void readResponse(SocketChannel ch) throws IOException {
            int end;
            while ((end = headerEnd()) < 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("response head larger than " + in.capacity());
                }
                if (ch.read(in) < 0) {
                    close();
                    throw new IOException("connection closed before the response");
                }
            }
            head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
            int sp = head.indexOf(' ');
            status = Integer.parseInt(head, sp + 1, sp + 4, 10);
            String lengthText = header("Content-Length");
            long bodyLength = lengthText == null ? 0 : Long.parseLong(lengthText);
            if ("chunked".equalsIgnoreCase(header("Transfer-Encoding"))) {
                throw new IOException("chunked response bodies are not expected from a BITS or WebDAV target");
            }
            // Drop the head and the body, keeping anything after them.
            int avail = in.position() - end;
            long skip = bodyLength;
            int fromBuffer = (int) Math.min(skip, avail);
            skip -= fromBuffer;
            in.flip().position(end + fromBuffer);
            in.compact();
            while (skip > 0) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    throw new IOException("connection closed in a response body");
                }
                int used = (int) Math.min(skip, n);
                skip -= used;
                in.flip().position(used);
                in.compact();
            }
            String connection = header("Connection");
            if (connection != null && connection.equalsIgnoreCase("close")) {
                close();
            }
        }

        private int headerEnd() {
            byte[] a = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** {@return the value of the named header of the last response (case-insensitive), or null} */
        String header(String name) {
            int from = head.indexOf('\n') + 1;
            while (from > 0 && from < head.length()) {
                int eol = head.indexOf('\n', from);
                if (eol < 0) {
                    eol = head.length();
                }
                if (head.regionMatches(true, from, name, 0, name.length())
                        && from + name.length() < eol && head.charAt(from + name.length()) == ':') {
                    return head.substring(from + name.length() + 1, eol).trim();
                }
                from = eol + 1;
            }
            return null;
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ requests

    private static final String WINDOWS_USER_AGENT = "Microsoft BITS/7.8 (bitsj-bench)";

    static byte[] createSession(String path, int port) {
        return ascii("BITS_POST " + path + " HTTP/1.1\r\n"
                + "Accept: */*\r\n"
                + "BITS-Packet-Type: Create-Session\r\n"
                + "BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r\n"
                + "Content-Name: " + contentName(path) + "\r\n"
                + "User-Agent: " + WINDOWS_USER_AGENT + "\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: Keep-Alive\r\n\r\n");
    }

    static byte[] fragment(String path, int port, String session, long first, int length, long total) {
        return ascii("BITS_POST " + path + " HTTP/1.1\r\n"
                + "Accept: */*\r\n"
                + "BITS-Packet-Type: Fragment\r\n"
                + "BITS-Session-Id: " + session + "\r\n"
                + "Content-Name: " + contentName(path) + "\r\n"
                + "Content-Range: bytes " + first + "-" + (first + length - 1) + "/" + total + "\r\n"
                + "User-Agent: " + WINDOWS_USER_AGENT + "\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Connection: Keep-Alive\r\n\r\n");
    }

    static byte[] closeSession(String path, int port, String session) {
        return ascii("BITS_POST " + path + " HTTP/1.1\r\n"
                + "Accept: */*\r\n"
                + "BITS-Packet-Type: Close-Session\r\n"
                + "BITS-Session-Id: " + session + "\r\n"
                + "Content-Name: " + contentName(path) + "\r\n"
                + "User-Agent: " + WINDOWS_USER_AGENT + "\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: Keep-Alive\r\n\r\n");
    }

    static byte[] ping(String path, int port) {
        return ascii("BITS_POST " + path + " HTTP/1.1\r\n"
                + "Accept: */*\r\n"
                + "BITS-Packet-Type: Ping\r\n"
                + "User-Agent: " + WINDOWS_USER_AGENT + "\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: Keep-Alive\r\n\r\n");
    }

    static byte[] put(String path, int port, int length) {
        return ascii("PUT " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "User-Agent: " + WINDOWS_USER_AGENT + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Connection: Keep-Alive\r\n\r\n");
    }

    private static String contentName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------------------------------------- workloads

    /** Ack latencies in nanoseconds, one array per worker, merged at the end. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        static long[] merge(List<Latencies> all) {
            int n = 0;
            for (Latencies l : all) {
                n += l.size;
            }
            long[] out = new long[n];
            int at = 0;
            for (Latencies l : all) {
                System.arraycopy(l.values, 0, out, at, l.size);
                at += l.size;
            }
            Arrays.sort(out);
            return out;
        }

        static double percentileMillis(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    /**
     * What one run measured.
     *
     * @param bytes bytes acknowledged
     * @param requests fragments (or pings) acknowledged
     * @param seconds wall time from the first request to the last answer
     * @param latencies sorted request latencies in ns
     * @param errors failed uploads or requests
     * @param firstError the first failure's message, or ""
     */
    record Outcome(long bytes, long requests, double seconds, long[] latencies, long errors, String firstError) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * Uploads {@code total} bytes as {@code concurrency} files of {@code total / concurrency} bytes each, one
     * connection and thread per file, all started together.
     *
     * @param target where to
     * @param concurrency concurrent uploads
     * @param total bytes in all
     * @param fragment the fragment size
     * @param sources makes one body source per upload
     * @param socketBuffer SO_SNDBUF/SO_RCVBUF, or 0 for the kernel's autotuning
     * @return what was measured
     * @throws InterruptedException if interrupted while waiting
     */
    static Outcome upload(Target target, int concurrency, long total, int fragment,
            java.util.function.IntFunction<BodySource> sources, int socketBuffer) throws InterruptedException {
        long perUpload = total / concurrency;
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong bytes = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int u = 0; u < concurrency; u++) {
            Latencies lat = new Latencies();
            latencies.add(lat);
            int index = u;
            threads.add(Thread.ofPlatform().name("upload-" + u).start(() -> {
                try (Connection c = new Connection(target.port(), socketBuffer)) {
                    BodySource source = sources.apply(index);
                    c.connect();
                    ready.countDown();
                    go.await();
                    String path = target.pathPrefix() + "r" + run + "-" + index + ".bin";
                    uploadOne(c, target, path, perUpload, fragment, source, lat, bytes, requests);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet("", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (ready.getCount() > 0) {
                        ready.countDown();
                    }
                }
            }));
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Outcome(bytes.get(), requests.get(), seconds, Latencies.merge(latencies), errors.get(),
                firstError.get());
    }

    private static void uploadOne(Connection c, Target target, String path, long size, int fragment,
            BodySource source, Latencies lat, AtomicLong bytes, AtomicLong requests) throws IOException {
        int port = target.port();
        if (target.mode() == Mode.PUT) {
            String dir = path.substring(0, path.length() - 4) + "/";
            int k = 0;
            for (long off = 0; off < size; off += fragment, k++) {
                int len = (int) Math.min(fragment, size - off);
                ByteBuffer body = source.body(off, len);
                long t0 = System.nanoTime();
                int st = c.exchange(put(dir + "f" + k, port, len), body);
                lat.add(System.nanoTime() - t0);
                if (st != 201 && st != 204) {
                    throw new IOException("PUT answered " + st);
                }
                bytes.addAndGet(len);
                requests.incrementAndGet();
            }
            return;
        }
        int st = c.exchange(createSession(path, port), null);
        String session = c.header("BITS-Session-Id");
        if ((st != 200 && st != 201) || session == null) {
            throw new IOException("Create-Session answered " + st + " " + c.header("BITS-Error-Code"));
        }
        for (long off = 0; off < size; off += fragment) {
            int len = (int) Math.min(fragment, size - off);
            ByteBuffer body = source.body(off, len);
            long t0 = System.nanoTime();
            st = c.exchange(fragment(path, port, session, off, len, size), body);
            lat.add(System.nanoTime() - t0);
            String received = c.header("BITS-Received-Content-Range");
            if (st != 200 || received == null || Long.parseLong(received) != off + len) {
                throw new IOException("Fragment at " + off + " answered " + st + " received=" + received
                        + " error=" + c.header("BITS-Error-Code"));
            }
            bytes.addAndGet(len);
            requests.incrementAndGet();
        }
        st = c.exchange(closeSession(path, port, session), null);
        if (st != 200) {
            throw new IOException("Close-Session answered " + st);
        }
    }

    /**
     * Sends Pings on {@code connections} kept-alive connections for {@code seconds}, after a one-second warm-up.
     *
     * @return requests answered 200 in the timed window
     */
    static Outcome ping(Target target, int connections, double seconds) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long end = warmEnd + (long) (seconds * 1e9);
        byte[] request = ping(target.pathPrefix() + "ping.bin", target.port());
        for (int i = 0; i < connections; i++) {
            Latencies lat = new Latencies();
            latencies.add(lat);
            threads.add(Thread.ofPlatform().name("ping-" + i).start(() -> {
                try (Connection c = new Connection(target.port(), 0)) {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        int st = c.exchange(request, null);
                        long after = System.nanoTime();
                        if (st != 200) {
                            throw new IOException("Ping answered " + st);
                        }
                        if (now >= warmEnd && after <= end) {
                            lat.add(after - now);
                            requests.incrementAndGet();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet("", e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Outcome(0, requests.get(), seconds, Latencies.merge(latencies), errors.get(), firstError.get());
    }
}
