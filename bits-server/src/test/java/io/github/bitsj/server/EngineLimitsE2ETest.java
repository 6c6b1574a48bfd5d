// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection limits on each engine (issue #9), in a child JVM each (the JDK engine's limits are JVM-wide), with a
 * small connection cap so that a bounded number of hostile connections goes past it: cut-short bodies (FIN and RST
 * mid-fragment), slow headers and idle connections never lock a well-behaved upload out for longer than the limits
 * say (the JDK engine holds a slot of a cut-short body until its request time; Jetty frees it at once).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineLimitsE2ETest {
    private static final int CAP = 16;

    @TempDir
    Path root;

    private ChildServer start(HttpEngine engine) throws Exception {
        List<String> args = new ArrayList<>(List.of("--engine", engine.optionValue(), "--max-connections",
                Integer.toString(CAP), "--idle-timeout", "2s", "--min-request-data-rate", "1000",
                "--min-data-rate-grace", "1s"));
        if (engine == HttpEngine.JDK) {
            args.addAll(List.of("--max-request-time", "2s"));
        }
        return ChildServer.start(root, args.toArray(String[]::new));
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** Uploads {@code name} as a well-behaved client would, retrying refused connections; fails after 30 s. */
    private static void uploadWithin30s(URI uri, String name, byte[] d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (RawBitsClient c = new RawBitsClient(uri)) {
                String sid = c.newSession("/upload/" + name);
                assertEquals(200, c.upload("/upload/" + name, sid, d, 16 * 1024).status());
                assertEquals(200, c.close("/upload/" + name, sid).status());
                return;
            } catch (IOException e) {
                last = e; // refused or reset while the cap is reached: a BITS client retries later
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no upload within 30 s", last);
    }

    private static Socket connect(URI uri) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        return s;
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void cutShortBodiesPastTheCapDoNotLockOutAnUpload(HttpEngine engine) throws Exception {
        ChildServer child = start(engine);
        try {
            String sid;
            try (RawBitsClient c = new RawBitsClient(child.uri())) {
                sid = c.newSession("/upload/cut.bin");
            }
            String head = "BITS_POST /upload/cut.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Fragment\r\n"
                    + "BITS-Session-Id: " + sid + "\r\nContent-Range: bytes 0-99999/100000\r\n"
                    + "Content-Length: 100000\r\n\r\n";
            for (int i = 0; i < 3 * CAP; i++) {
                try (Socket s = connect(child.uri())) {
                    if (i % 2 == 1) {
                        s.setSoLinger(true, 0); // close with RST
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[1000]);
                    out.flush();
                } catch (IOException refused) {
                    // past the cap the JDK engine resets new connections: that is the lock-out being measured
                }
            }
            byte[] d = data(100_000);
            uploadWithin30s(child.uri(), "after-cut.bin", d);
            assertArrayEquals(d, Files.readAllBytes(root.resolve("after-cut.bin")));
        } finally {
            child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void slowHeadersAndIdleConnectionsPastTheCapDoNotLockOutAnUpload(HttpEngine engine) throws Exception {
        ChildServer child = start(engine);
        List<Socket> hostile = new ArrayList<>();
        try {
            for (int i = 0; i < CAP + CAP / 2; i++) {
                try {
                    Socket s = connect(child.uri());
                    hostile.add(s);
                    if (i % 2 == 0) {
                        // a header section that never ends
                        s.getOutputStream().write("BITS_POST /upload/a HTTP/1.1\r\nHost: x\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } // else: connected and silent
                } catch (IOException refused) {
                    // past the cap
                }
            }
            byte[] d = data(50_000);
            uploadWithin30s(child.uri(), "after-slow.bin", d);
            assertArrayEquals(d, Files.readAllBytes(root.resolve("after-slow.bin")));
        } finally {
            for (Socket s : hostile) {
                s.close();
            }
            child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Slowloris proper: every slot held by a header section trickled a byte a second, faster than the idle timeout
     * (2 s), for the whole test. The JDK engine drops them at its request time; Jetty, which has no header deadline,
     * sheds connections quiet for 500 ms once 90 % of the cap is reached. The trickler reopens what the server closes.
     */
    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void headersTrickledFasterThanTheIdleTimeoutDoNotLockOutAnUpload(HttpEngine engine) throws Exception {
        ChildServer child = start(engine);
        List<Socket> hostile = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger closedByServer = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread trickler = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                synchronized (hostile) {
                    for (int i = 0; i < hostile.size(); i++) {
                        try {
                            hostile.get(i).getOutputStream().write('x');
                        } catch (IOException gone) {
                            closedByServer.incrementAndGet();
                            try {
                                hostile.get(i).close();
                                hostile.set(i, connectAndStart(child.uri()));
                            } catch (IOException refused) {
                                // at the cap: try again next round
                            }
                        }
                    }
                    while (hostile.size() < CAP + CAP / 2) {
                        try {
                            hostile.add(connectAndStart(child.uri()));
                        } catch (IOException refused) {
                            break;
                        }
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Thread.sleep(3000); // the slots fill and the trickle runs
            byte[] d = data(50_000);
            uploadWithin30s(child.uri(), "after-trickle.bin", d);
            assertArrayEquals(d, Files.readAllBytes(root.resolve("after-trickle.bin")));
            assertTrue(closedByServer.get() > 0, "the server shed no trickling connection");
        } finally {
            stop.set(true);
            trickler.interrupt();
            trickler.join(5000);
            synchronized (hostile) {
                for (Socket s : hostile) {
                    s.close();
                }
            }
            child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Socket connectAndStart(URI uri) throws IOException {
        Socket s = connect(uri);
        s.getOutputStream().write("BITS_POST /upload/a HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void aStalledBodyIsCutOffByTheDataRateOrRequestTime(HttpEngine engine) throws Exception {
        ChildServer child = start(engine);
        try (RawBitsClient c = new RawBitsClient(child.uri())) {
            String sid = c.newSession("/upload/stall.bin");
            String head = "BITS_POST /upload/stall.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Fragment\r\n"
                    + "BITS-Session-Id: " + sid + "\r\nContent-Range: bytes 0-99999/100000\r\n"
                    + "Content-Length: 100000\r\n\r\n";
            try (Socket s = connect(child.uri())) {
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(new byte[500]);
                s.getOutputStream().flush();
                s.setSoTimeout(15_000);
                // the server closes the stalled request (Jetty: the data rate or idle timeout; JDK: request time)
                long t0 = System.nanoTime();
                while (s.getInputStream().read() >= 0) {
                    // discard an answer, if any, before the close
                }
                long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
                org.junit.jupiter.api.Assertions.assertTrue(secs < 10, "closed after " + secs + " s");
            } catch (java.net.SocketException reset) {
                // closed with a reset: also cut off
            }
            // the bytes that arrived are kept: the session resumes at 500
            byte[] d = data(100_000);
            assertEquals(200, c.upload("/upload/stall.bin", sid, d, 50_000).status());
            assertEquals(200, c.close("/upload/stall.bin", sid).status());
        } finally {
            child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
