// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The small-uploads workload of issue #14: many complete uploads of small files from a fixed number of concurrent
 * clients, the way a fleet sends crash dumps, logs and inventories. Sessions per second matter here as much as bytes
 * per second, so the unit is the whole upload:
 * <ul>
 *   <li>{@link RawBitsDriver.Mode#BITS}: Create-Session, the file in one or a few Fragments, Close-Session — three or
 *       more requests per file, each Ack checked;
 *   <li>{@link RawBitsDriver.Mode#PUT}: one {@code PUT} of the whole file (nginx WebDAV; the bare sink writes a
 *       temporary file and renames it).
 * </ul>
 * Every client is one thread with one kept-alive connection (or a new connection per upload with
 * {@code reconnect}) and takes the next file from a shared counter until {@code uploads} have been sent, so the
 * clients stay busy to the end. The time per upload runs from the first byte of its first request to the last byte of
 * its last answer. Requests are built by {@link RawBitsDriver} (the Windows client's header set), bodies come from one
 * shared direct buffer: the server is measured, not the driver.
 */
final class SmallUploadDriver {
    private SmallUploadDriver() {}

    /**
     * Runs one measurement.
     *
     * @param target where to, and how ({@code BITS} or {@code PUT})
     * @param clients concurrent clients
     * @param uploads files in all
     * @param fileSize bytes per file
     * @param fragment the largest fragment (BITS only); {@code ≥ fileSize} sends each file in one Fragment
     * @param payload the bytes sent (at least {@code min(fileSize, fragment)} long)
     * @param reconnect open a new connection for every upload instead of keeping one per client
     * @param socketBuffer SO_SNDBUF/SO_RCVBUF, or 0 for the kernel's autotuning
     * @return bytes and uploads completed, the wall time, the sorted per-upload times, failed uploads
     * @throws InterruptedException if interrupted while waiting
     */
    static RawBitsDriver.Outcome run(RawBitsDriver.Target target, int clients, int uploads, int fileSize,
            int fragment, ByteBuffer payload, boolean reconnect, int socketBuffer) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<RawBitsDriver.Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        int port = target.port();
        for (int c = 0; c < clients; c++) {
            RawBitsDriver.Latencies lat = new RawBitsDriver.Latencies();
            latencies.add(lat);
            threads.add(Thread.ofPlatform().name("small-" + c).start(() -> {
                RawBitsDriver.Connection conn = new RawBitsDriver.Connection(port, socketBuffer);
                try {
                    try {
                        conn.connect();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet("", e.toString());
                    }
                    ready.countDown();
                    go.await();
                    int i;
                    while ((i = next.getAndIncrement()) < uploads) {
                        String path = target.pathPrefix() + "s" + run + "-" + i + ".bin";
                        long t0 = System.nanoTime();
                        try {
                            if (target.mode() == RawBitsDriver.Mode.PUT) {
                                put(conn, path, port, fileSize, payload);
                            } else {
                                bits(conn, path, port, fileSize, fragment, payload);
                            }
                            lat.add(System.nanoTime() - t0);
                            bytes.addAndGet(fileSize);
                            done.incrementAndGet();
                        } catch (IOException | RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet("", e.toString());
                            conn.close(); // a fresh connection for the next file
                        }
                        if (reconnect) {
                            conn.close();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    conn.close();
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
        return new RawBitsDriver.Outcome(bytes.get(), done.get(), seconds,
                RawBitsDriver.Latencies.merge(latencies), errors.get(), firstError.get());
    }

    private static void put(RawBitsDriver.Connection c, String path, int port, int size, ByteBuffer payload)
            throws IOException {
        int st = c.exchange(RawBitsDriver.put(path, port, size), payload.slice(0, size));
        if (st != 201 && st != 204) {
            throw new IOException("PUT answered " + st);
        }
    }

    private static void bits(RawBitsDriver.Connection c, String path, int port, int size, int fragment,
            ByteBuffer payload) throws IOException {
        int st = c.exchange(RawBitsDriver.createSession(path, port), null);
        String session = c.header("BITS-Session-Id");
        if (st != 200 || session == null) {
            throw new IOException("Create-Session answered " + st + " " + c.header("BITS-Error-Code"));
        }
        for (long off = 0; off < size; off += fragment) {
            int len = (int) Math.min(fragment, size - off);
            st = c.exchange(RawBitsDriver.fragment(path, port, session, off, len, size), payload.slice(0, len));
            String received = c.header("BITS-Received-Content-Range");
            if (st != 200 || received == null || Long.parseLong(received) != off + len) {
                throw new IOException("Fragment at " + off + " answered " + st + " received=" + received
                        + " error=" + c.header("BITS-Error-Code"));
            }
        }
        st = c.exchange(RawBitsDriver.closeSession(path, port, session), null);
        if (st != 200) {
            throw new IOException("Close-Session answered " + st + " " + c.header("BITS-Error-Code"));
        }
    }
}
