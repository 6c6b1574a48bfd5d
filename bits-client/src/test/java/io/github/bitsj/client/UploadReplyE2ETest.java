// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.ServerApplication;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UploadResponse;
import io.github.bitsj.server.testkit.NotificationApp;
import io.github.bitsj.server.testkit.NotificationApp.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bits-client's upload-reply job against bits-server on loopback (MC-BUP §1.3.3, §4.2, SDK: Notification Protocol for Server Applications, MC-BUP §3.3.5.2.6): the reply arrives
 * byte-identical whether a notified application (by reference, by value) or an in-process handler makes it, and a
 * reply download cut off mid-body resumes with a ranged, conditional GET.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UploadReplyE2ETest {
    @TempDir
    Path dir;

    private BitsServer server;
    private NotificationApp app;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private BitsServer start(ServerApplication application) throws IOException {
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addDirectory(UploadDirectory.newBuilder("/up", Files.createDirectories(dir.resolve("store")))
                        .serverApplication(application).build())
                .build());
        return server;
    }

    private static BitsClient client() {
        return BitsClient.newBuilder()
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(60)))
                .fragmentPolicy(FragmentPolicy.fixed(64 * 1024))
                .build();
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void byReferenceTheReplyArrivesByteIdentical() throws Exception {
        Path upload = file("dump.bin", 300_000, 1);
        byte[] reply = Files.readAllBytes(file("expected.bin", 200_001, 2));
        app = NotificationApp.start("/triage", n -> {
            byte[] got = n.fileOf("BITS-Request-DataFile-Name");
            return got.length == 300_000 ? Answer.ok().writingReply(reply) : Answer.status(500);
        });
        start(ServerApplication.notifyByReference(app.url().toString()));
        Path replyFile = dir.resolve("reply.bin");
        try (BitsClient c = client()) {
            UploadResult r = c.uploadReply(upload, server.uri().resolve("up/dump.bin"), replyFile);
            assertEquals(300_000, r.bytes());
            assertEquals(reply.length, r.replyBytes());
        }
        assertArrayEquals(reply, Files.readAllBytes(replyFile));
        assertEquals(1, app.count());
        assertEquals(0, server.openSessions(), "the client closed the session after downloading the reply");
        assertFalse(Files.exists(dir.resolve("store/dump.bin")), "not copied");
    }

    @Test
    void byValueAndInProcessTheReplyArrivesByteIdentical() throws Exception {
        Path upload = file("inv.xml", 70_000, 3);
        app = NotificationApp.start("/inv", n -> Answer.ok().withBody(("got " + n.body().length)
                .getBytes(StandardCharsets.UTF_8)));
        start(ServerApplication.notifyByValue(app.url().toString()));
        try (BitsClient c = client()) {
            UploadResult r = c.uploadReply(upload, server.uri().resolve("up/inv.xml"));
            assertEquals("got 70000", StandardCharsets.UTF_8.decode(r.replyData().orElseThrow()).toString());
        }
        server.close();
        byte[] big = Files.readAllBytes(file("big-reply.bin", 1_500_000, 4));
        start(ServerApplication.handler(u -> UploadResponse.bytes(big)));
        Path replyFile = dir.resolve("handler-reply.bin");
        try (BitsClient c = client()) {
            c.uploadReply(upload, server.uri().resolve("up/inv2.xml"), replyFile);
        }
        assertArrayEquals(big, Files.readAllBytes(replyFile));
        server.close();
        start(ServerApplication.handler(u -> UploadResponse.none()));
        try (BitsClient c = client()) {
            UploadResult r = c.uploadReply(upload, server.uri().resolve("up/inv3.xml"), dir.resolve("none.bin"));
            assertEquals(0, r.replyBytes(), "no reply: an empty reply file (decision D10)");
        }
        assertEquals(0, Files.size(dir.resolve("none.bin")));
    }

    @Test
    void aReplyDownloadCutOffMidBodyResumesWithARangedConditionalGet() throws Exception {
        Path upload = file("req.bin", 10_000, 5);
        byte[] reply = Files.readAllBytes(file("reply-src.bin", 400_000, 6));
        start(ServerApplication.handler(u -> UploadResponse.bytes(reply)));
        Path replyFile = dir.resolve("reply.bin");
        try (CuttingProxy proxy = new CuttingProxy(server.port(), 100_000); BitsClient c = client()) {
            URI target = URI.create("http://127.0.0.1:" + proxy.port() + "/up/req.bin");
            UploadResult r = c.uploadReply(upload, target, replyFile);
            assertEquals(reply.length, r.replyBytes());
            assertTrue(proxy.cut.get(), "the first reply download was cut off");
            List<String> gets = proxy.requests.stream().filter(h -> h.startsWith("GET ")).toList();
            assertTrue(gets.size() >= 2, gets.toString());
            String resumed = gets.get(gets.size() - 1).toLowerCase(java.util.Locale.ROOT);
            assertTrue(resumed.matches("(?s).*\r\nrange: bytes=[1-9][0-9]*-\r\n.*"), "resumed mid-file: " + resumed);
            assertTrue(resumed.contains("\r\nif-unmodified-since: "), "conditional: " + resumed);
        }
        assertArrayEquals(reply, Files.readAllBytes(replyFile));
    }

    /**
     * A TCP proxy on loopback that forwards byte for byte, except that the first response to a GET is cut off (both
     * sockets closed) after {@code cutAfter} bytes, as a dropped connection would; it records the request heads.
     */
    static final class CuttingProxy implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicBoolean cut = new AtomicBoolean();
        private final ServerSocket listener;
        private final int upstream;
        private final long cutAfter;
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        CuttingProxy(int upstream, long cutAfter) throws IOException {
            this.upstream = upstream;
            this.cutAfter = cutAfter;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), upstream);
                    open.add(client);
                    open.add(server);
                    AtomicBoolean getSeen = new AtomicBoolean();
                    Thread.ofVirtual().start(() -> pump(client, server, true, getSeen));
                    Thread.ofVirtual().start(() -> pump(server, client, false, getSeen));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void pump(Socket from, Socket to, boolean toServer, AtomicBoolean getSeen) {
            byte[] buf = new byte[8192];
            long sinceGet = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (toServer) {
                        String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                        int head = text.indexOf("\r\n\r\n");
                        if (text.startsWith("GET ") || text.startsWith("BITS_POST ")) {
                            requests.add(head >= 0 ? text.substring(0, head + 2) : text);
                            if (text.startsWith("GET ") && !cut.get()) {
                                getSeen.set(true);
                            }
                        }
                    } else if (getSeen.get() && !cut.get()) {
                        if (sinceGet + n > cutAfter) {
                            out.write(buf, 0, (int) (cutAfter - sinceGet));
                            out.flush();
                            cut.set(true);
                            from.close();
                            to.close();
                            return;
                        }
                        sinceGet += n;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
