// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process server application ({@link UploadHandler}) and the completion listener through the real server
 * (SDK: Handling Server Application Errors rules: success cached and replayed, failure relayed with context 0x7 and retried, 408 past the
 * timeout, decision D10 empty reply, decision D15 lifetimes).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadHandlerE2ETest {
    private static final String PATH = "/upload/inventory.xml";
    private static final byte[] DATA = "<inventory><pc name='ws-17'/></inventory>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private BitsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RawBitsClient start(UploadHandler handler) throws Exception {
        return start(ServerApplication.handler(handler));
    }

    private RawBitsClient start(ServerApplication app) throws Exception {
        server = TestServers.start(root, d -> d.serverApplication(app));
        return new RawBitsClient(server);
    }

    private static byte[] get(RawBitsClient c, String replyUrl) throws Exception {
        RawResponse r = c.send("GET", URI.create(replyUrl).getRawPath(), Map.of(), new byte[0]);
        assertEquals(200, r.status(), r.statusLine());
        return r.body();
    }

    @Test
    void aHandlerSeesTheUploadAndItsBytesReplyIsServedAndCached() throws Exception {
        List<CompletedUpload> seen = new CopyOnWriteArrayList<>();
        byte[][] data = new byte[1][];
        try (RawBitsClient c = start(u -> {
            seen.add(u);
            data[0] = Files.readAllBytes(u.file());
            return UploadResponse.bytes(("ok " + u.size()).getBytes(StandardCharsets.UTF_8));
        })) {
            String sid = c.newSession(PATH + "?site=7");
            RawResponse ok = c.fragment(PATH + "?site=7", sid, DATA, 0, DATA.length);
            assertEquals(200, ok.status());
            CompletedUpload u = seen.get(0);
            assertArrayEquals(DATA, data[0]);
            assertEquals(DATA.length, u.size());
            assertEquals("", u.principal());
            assertEquals(sid, u.sessionId());
            assertEquals("inventory.xml", u.destination());
            assertEquals("site=7", u.query().orElseThrow());
            assertTrue(u.url().toString().endsWith(PATH + "?site=7"));
            assertTrue(u.replyFile().isPresent());
            assertFalse(Files.exists(u.file()), "request data deleted after the success (decision D15)");
            assertArrayEquals(("ok " + DATA.length).getBytes(StandardCharsets.UTF_8),
                    get(c, ok.require("BITS-Reply-URL")));
            assertEquals(ok.require("BITS-Reply-URL"),
                    c.fragment(PATH, sid, DATA, 0, DATA.length).require("BITS-Reply-URL"));
            assertEquals(1, seen.size(), "the cached Ack is replayed without calling the handler again");
            assertFalse(Files.exists(root.resolve("inventory.xml")), "not committed unless asked");
            assertEquals(200, c.close(PATH, sid).status());
            assertEquals(404, c.send("GET", URI.create(ok.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]).status(), "the reply goes with Close-Session");
        }
    }

    @Test
    void aReplyWrittenToTheReplyFileACopiedFileAStaticUrlAndNoReply() throws Exception {
        Path own = Files.writeString(root.resolve("canned.txt"), "canned");
        LinkedBlockingQueue<UploadHandler> next = new LinkedBlockingQueue<>();
        try (RawBitsClient c = start(u -> next.take().handle(u))) {
            next.add(u -> UploadResponse.file(Files.writeString(u.replyFile().orElseThrow(), "written in place")));
            String s1 = c.newSession("/upload/a.bin");
            assertArrayEquals("written in place".getBytes(StandardCharsets.UTF_8),
                    get(c, c.fragment("/upload/a.bin", s1, DATA, 0, DATA.length).require("BITS-Reply-URL")));

            next.add(u -> UploadResponse.file(own));
            String s2 = c.newSession("/upload/b.bin");
            assertArrayEquals("canned".getBytes(StandardCharsets.UTF_8),
                    get(c, c.fragment("/upload/b.bin", s2, DATA, 0, DATA.length).require("BITS-Reply-URL")));
            assertTrue(Files.exists(own), "the handler's own file is copied, not taken");

            next.add(u -> UploadResponse.staticUrl(URI.create("https://updates.example/kb42.msi")));
            String s3 = c.newSession("/upload/c.bin");
            assertEquals("https://updates.example/kb42.msi",
                    c.fragment("/upload/c.bin", s3, DATA, 0, DATA.length).require("BITS-Reply-URL"));

            next.add(u -> UploadResponse.none());
            String s4 = c.newSession("/upload/d.bin");
            RawResponse none = c.fragment("/upload/d.bin", s4, DATA, 0, DATA.length);
            assertTrue(none.header("BITS-Reply-URL").isPresent(), "always a reply URL (decision D10)");
            assertEquals(0, get(c, none.require("BITS-Reply-URL")).length, "an empty reply");
        }
    }

    @Test
    void aFailureStatusIsRelayedAndTheNextFragmentCallsTheHandlerAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RawBitsClient c = start(u -> switch (calls.incrementAndGet()) {
            case 1 -> UploadResponse.failure(403);
            case 2 -> throw new IllegalStateException("database down");
            default -> UploadResponse.bytes(new byte[] {42});
        })) {
            String sid = c.newSession(PATH);
            RawResponse refused = c.fragment(PATH, sid, DATA, 0, DATA.length);
            assertEquals(403, refused.status());
            assertEquals("0x80190193", refused.require("BITS-Error-Code"));
            assertEquals("0x7", refused.require("BITS-Error-Context"));
            RawResponse threw = c.fragment(PATH, sid, DATA, 0, DATA.length);
            assertEquals(500, threw.status(), "an exception is the application's 500");
            assertEquals("0x7", threw.require("BITS-Error-Context"));
            RawResponse ok = c.fragment(PATH, sid, DATA, 0, DATA.length);
            assertEquals(200, ok.status());
            assertArrayEquals(new byte[] {42}, get(c, ok.require("BITS-Reply-URL")));
            assertEquals(3, calls.get());
        }
    }

    @Test
    void aHandlerPastItsTimeoutIsInterruptedAndTheClientGets408() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (RawBitsClient c = start(ServerApplication.handler(u -> {
            try {
                new CountDownLatch(1).await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return UploadResponse.none();
        }).withTimeout(Duration.ofMillis(200)))) {
            String sid = c.newSession(PATH);
            RawResponse late = c.fragment(PATH, sid, DATA, 0, DATA.length);
            assertEquals(408, late.status());
            assertEquals("0x7", late.require("BITS-Error-Context"));
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the handler's thread was interrupted");
        }
    }

    @Test
    void copyToDestinationCommitsAndTellsTheListener() throws Exception {
        LinkedBlockingQueue<CompletedUpload> told = new LinkedBlockingQueue<>();
        server = TestServers.start(root, d -> d.completionListener(told::add)
                .serverApplication(ServerApplication.handler(u -> UploadResponse.none().withCopyToDestination())));
        try (RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession(PATH);
            assertEquals(200, c.fragment(PATH, sid, DATA, 0, DATA.length).status());
            assertArrayEquals(DATA, Files.readAllBytes(root.resolve("inventory.xml")));
            CompletedUpload u = told.poll(10, TimeUnit.SECONDS);
            assertEquals(root.toRealPath().resolve("inventory.xml"), u.file());
        }
    }

    @Test
    void theReplyLivesUntilCancelSessionOrTheSessionTimeout() throws Exception {
        server = TestServers.start(root, d -> d.sessionTimeout(Duration.ofHours(1))
                .serverApplication(ServerApplication.handler(u -> UploadResponse.bytes(new byte[] {1, 2, 3}))),
                c -> c.durableWrites(true));
        try (RawBitsClient c = new RawBitsClient(server)) {
            String s1 = c.newSession("/upload/one.bin");
            String url1 = c.fragment("/upload/one.bin", s1, DATA, 0, DATA.length).require("BITS-Reply-URL");
            assertArrayEquals(new byte[] {1, 2, 3}, get(c, url1));
            assertEquals(200, c.cancel("/upload/one.bin", s1).status());
            assertEquals(404, c.send("GET", URI.create(url1).getRawPath(), Map.of(), new byte[0]).status(),
                    "Cancel-Session deletes the reply (decision D15)");

            String s2 = c.newSession("/upload/two.bin");
            String url2 = c.fragment("/upload/two.bin", s2, DATA, 0, DATA.length).require("BITS-Reply-URL");
            assertArrayEquals(new byte[] {1, 2, 3}, get(c, url2));
            assertEquals(2, server.sweepAt(System.currentTimeMillis() + Duration.ofHours(2).toMillis()),
                    "the idle session and the first one's tombstone");
            assertEquals(404, c.send("GET", URI.create(url2).getRawPath(), Map.of(), new byte[0]).status(),
                    "the session timeout removes it too (SDK: Virtual Directory Cleanup)");
        }
    }

    @Test
    void aPlainDirectorysListenerIsToldAfterEachCommitAndItsFailureLosesNothing() throws Exception {
        LinkedBlockingQueue<CompletedUpload> told = new LinkedBlockingQueue<>();
        server = TestServers.start(root, d -> d.completionListener(u -> {
            told.add(u);
            throw new IllegalStateException("listener bug");
        }));
        try (RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession(PATH + "?from=ws-17");
            RawResponse ok = c.fragment(PATH, sid, DATA, 0, DATA.length);
            assertEquals(200, ok.status());
            assertEquals(0, ok.count("BITS-Reply-URL"), "a plain upload has no reply (MC-BUP §2.2.7)");
            CompletedUpload u = told.poll(10, TimeUnit.SECONDS);
            assertEquals(root.toRealPath().resolve("inventory.xml"), u.file());
            assertEquals(DATA.length, u.size());
            assertEquals(sid, u.sessionId());
            assertEquals("from=ws-17", u.query().orElseThrow(), "the URL named at Create-Session");
            assertEquals("inventory.xml", u.destination());
            assertTrue(u.replyFile().isEmpty());
            assertArrayEquals(DATA, Files.readAllBytes(root.resolve("inventory.xml")));
            assertEquals(200, c.close(PATH, sid).status());
            assertArrayEquals(DATA, Files.readAllBytes(root.resolve("inventory.xml")), "the upload is kept");
        }
    }
}
