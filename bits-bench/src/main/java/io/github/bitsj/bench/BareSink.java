// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for our transport: a bare JDK {@link HttpServer} (virtual threads, like bits-server) that answers the
 * same {@code BITS_POST} packets with the fewest possible steps and no protocol rules: Create-Session opens a file,
 * each Fragment body is written at its {@code Content-Range} offset, Close-Session closes the file, Ping gets 200.
 *
 * <p>For the small-uploads workload it also takes a plain {@code PUT} of a whole file, the way a minimal HTTP upload
 * endpoint would store it safely: the body goes to a temporary file in the same directory, which is then renamed onto
 * the requested name (one file creation and one rename per upload; nginx WebDAV does the same).
 *
 * <p>The JDK server hands the body over in reads of at most 8 KiB; writing each read separately costs 35–40 %
 * (issue #5), so bodies are gathered into a buffer of {@code bufferSize} (≥ 256 KiB) before each positional write.
 * The only parsing is {@code Long.parseLong} on {@code Content-Range}: this sink is a yardstick, not a server, and is
 * never exposed beyond loopback.
 */
final class BareSink implements AutoCloseable {
    /** The smallest gathering buffer worth having (issue #5: ≥ 256 KiB recovers the 35–40 %). */
    static final int DEFAULT_BUFFER = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path dir;
    private final int bufferSize;
    private final ConcurrentHashMap<String, FileChannel> files = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<byte[]> buffers = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();

    private BareSink(Path dir, int bufferSize) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.bufferSize = bufferSize;
        // The JDK's own server, even with jetty-http-spi on the class path (its provider would be found first)
        if (System.getProperty("com.sun.net.httpserver.HttpServerProvider") == null) {
            System.setProperty("com.sun.net.httpserver.HttpServerProvider",
                    "sun.net.httpserver.DefaultHttpServerProvider");
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a sink on an ephemeral loopback port.
     *
     * @param dir where the uploaded files go
     * @param bufferSize the gathering buffer per request
     * @return the running sink
     * @throws IOException if the server cannot bind
     */
    static BareSink start(Path dir, int bufferSize) throws IOException {
        return new BareSink(dir, Math.max(bufferSize, 8192));
    }

    /** {@return the bound port} */
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            Headers rq = ex.getRequestHeaders();
            Headers rs = ex.getResponseHeaders();
            String type = rq.getFirst("BITS-Packet-Type");
            if ("PUT".equals(ex.getRequestMethod())) {
                put(ex);
                return;
            }
            if (!"BITS_POST".equals(ex.getRequestMethod()) || type == null) {
                drain(ex.getRequestBody());
                ex.sendResponseHeaders(400, -1);
                return;
            }
            rs.set("BITS-Packet-Type", "Ack");
            switch (type.toLowerCase(Locale.ROOT)) {
                case "ping" -> ex.sendResponseHeaders(200, -1);
                case "create-session" -> {
                    long n = ids.incrementAndGet();
                    String id = "{" + n + "}";
                    files.put(id, FileChannel.open(dir.resolve("s" + n + ".bin"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
                    rs.set("BITS-Protocol", "{7df0354d-249b-430f-820d-3d2a9bef4931}");
                    rs.set("BITS-Session-Id", id);
                    ex.sendResponseHeaders(200, -1);
                }
                case "fragment" -> fragment(ex, rq, rs);
                case "close-session", "cancel-session" -> {
                    FileChannel fc = files.remove(String.valueOf(rq.getFirst("BITS-Session-Id")));
                    if (fc != null) {
                        fc.close();
                    }
                    ex.sendResponseHeaders(fc == null ? 500 : 200, -1);
                }
                default -> ex.sendResponseHeaders(400, -1);
            }
        } catch (IOException | RuntimeException e) {
            // The exchange is closed by try-with-resources; the driver counts the failed request.
        }
    }

    private void fragment(HttpExchange ex, Headers rq, Headers rs) throws IOException {
        FileChannel fc = files.get(String.valueOf(rq.getFirst("BITS-Session-Id")));
        String range = rq.getFirst("Content-Range");
        if (fc == null || range == null) {
            drain(ex.getRequestBody());
            ex.sendResponseHeaders(fc == null ? 500 : 400, -1);
            return;
        }
        int space = range.indexOf(' ');
        int dash = range.indexOf('-', space);
        int slash = range.indexOf('/', dash);
        long first = Long.parseLong(range, space + 1, dash, 10);
        long last = Long.parseLong(range, dash + 1, slash, 10);
        long position = first;
        byte[] buf = buffers.poll();
        if (buf == null) {
            buf = new byte[bufferSize];
        }
        try {
            InputStream in = ex.getRequestBody();
            int fill = 0;
            int n;
            while ((n = in.read(buf, fill, buf.length - fill)) >= 0) {
                fill += n;
                if (fill == buf.length) {
                    position += write(fc, buf, fill, position);
                    fill = 0;
                }
            }
            if (fill > 0) {
                position += write(fc, buf, fill, position);
            }
        } finally {
            buffers.offer(buf);
        }
        if (position != last + 1) {
            ex.sendResponseHeaders(400, -1);
            return;
        }
        rs.set("BITS-Received-Content-Range", Long.toString(position));
        ex.sendResponseHeaders(200, -1);
    }

    /** Whole-file PUT: body into a temporary file, then an atomic rename onto the requested name. */
    private void put(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.startsWith(".") || !name.chars().allMatch(
                c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))) {
            drain(ex.getRequestBody());
            ex.sendResponseHeaders(400, -1);
            return;
        }
        Path tmp = dir.resolve(".put-" + ids.incrementAndGet() + ".tmp");
        byte[] buf = buffers.poll();
        if (buf == null) {
            buf = new byte[bufferSize];
        }
        try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            InputStream in = ex.getRequestBody();
            long position = 0;
            int fill = 0;
            int n;
            while ((n = in.read(buf, fill, buf.length - fill)) >= 0) {
                fill += n;
                if (fill == buf.length) {
                    position += write(fc, buf, fill, position);
                    fill = 0;
                }
            }
            if (fill > 0) {
                write(fc, buf, fill, position);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            buffers.offer(buf);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ex.sendResponseHeaders(201, -1);
    }

    private static int write(FileChannel fc, byte[] buf, int len, long position) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        while (bb.hasRemaining()) {
            fc.write(bb, position + bb.position());
        }
        return len;
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        for (FileChannel fc : files.values()) {
            try {
                fc.close();
            } catch (IOException e) {
                // best effort at shutdown
            }
        }
        files.clear();
    }
}
