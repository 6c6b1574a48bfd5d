// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import io.github.bitsj.protocol.ProtocolError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against scripted raw-socket servers that misbehave on purpose (issue #4 "Tests"); every test asserts
 * the exact sequence of requests the client sent.
 */
@Timeout(30)
class UploadJobScriptedTest {
    static final int FRAG = 16 * 1024;
    static final int SIZE = 40_000;   // fragments 0-16383, 16384-32767, 32768-39999

    @TempDir
    Path dir;

    static BitsClient.Builder clientBuilder() {
        return BitsClient.newBuilder()
                .fragmentPolicy(FragmentPolicy.fixed(FRAG))
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(10));
    }

    Path file(int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path p = dir.resolve("data-" + size + ".bin");
        Files.write(p, b);
        return p;
    }

    static String f(long first, long last, long total) {
        return "Fragment bytes " + first + "-" + last + "/" + total;
    }

    static final List<String> HAPPY = List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
            f(32768, 39999, SIZE), "Close-Session");

    /** Fragments whose index (0-based among Fragment requests) matches are answered by {@code override}. */
    static ScriptedServer.Script overrideFragment(BitsSim sim, int which, ScriptedServer.Script override) {
        AtomicInteger n = new AtomicInteger();
        return r -> r.packetType().equals("Fragment") && n.getAndIncrement() == which
                ? override.answer(r) : sim.answer(r);
    }

    @Test
    void uploadsWithPingCreateFragmentsCloseAndExactHeaders() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            BitsClient client = clientBuilder().header("X-Token", "t1").build();
            List<Progress> seen = new ArrayList<>();
            UploadResult r = client.newJob(file, server.uri("/up/data.bin?x=1")).listener(seen::add).build().run();
            assertEquals(HAPPY, server.summaries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
            assertEquals(SIZE, r.bytes());
            assertEquals(3, r.fragments());
            assertEquals(1, r.sessions());
            assertEquals(List.of(16384L, 32768L, 40000L), seen.stream().map(Progress::bytesAcknowledged).toList());
            for (Recorded q : server.requests()) {
                assertEquals("BITS_POST", q.method());
                assertEquals("/up/data.bin?x=1", q.target());
                assertEquals(Long.toString(q.bodyLength()), q.header("Content-Length"));
                assertNull(q.header("Transfer-Encoding"));
                assertNull(q.header("Upgrade"));
                assertEquals("t1", q.header("X-Token"));
            }
            Recorded create = server.requests().get(1);
            assertEquals("{7df0354d-249b-430f-820d-3d2a9bef4931}", create.header("BITS-Supported-Protocols"));
            assertEquals("data-40000.bin", server.requests().get(2).header("Content-Name"));
            assertEquals(r.sessionId(), server.requests().get(5).header("BITS-Session-Id"));
        }
    }

    @Test
    void theHandleReportsProgressAndSession() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            UploadJob job = clientBuilder().build().newJob(file(SIZE), server.uri("/up/a")).build();
            assertTrue(job.progress().isEmpty());
            assertTrue(job.sessionId().isEmpty());
            UploadResult r = job.run();
            assertEquals(SIZE, job.progress().orElseThrow().bytesAcknowledged());
            assertEquals(SIZE, job.progress().orElseThrow().totalBytes());
            assertEquals(r.sessionId(), job.sessionId().orElseThrow());
        }
    }

    /**
     * The empty file goes as Create-Session + Close-Session (decision D9); the one-Fragment form of decision D9
     * ({@code bytes 0--1/0}, {@code Content-Length: 0}) is only the fallback, in PeerServersScriptedTest.
     */
    @Test
    void uploadsTheEmptyFileAsCreateSessionPlusCloseSession() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            UploadResult r = clientBuilder().build().upload(file(0), server.uri("/up/empty"));
            assertEquals(List.of("Ping", "Create-Session", "Close-Session"), server.summaries());
            assertEquals("0", server.requests().get(2).header("Content-Length"));
            assertEquals(0, sim.onlyClosedUpload().length);
            assertEquals(0, r.fragments());
        }
    }

    @Test
    void resynchronisesBackwardsOn416() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            sim.truncate(r.header("BITS-Session-Id"), 10_000);   // the server lost part of what it had acked
            return Reply.ack(416, "BITS-Received-Content-Range", "10000");
        }))) {
            clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    f(10000, 26383, SIZE), f(26384, 39999, SIZE), "Close-Session"), server.summaries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void resynchronisesForwardsOn416() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        byte[] data = Files.readAllBytes(file);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            sim.append(r.header("BITS-Session-Id"), data, 16384, 36000);   // it had more than the client knew
            return Reply.ack(416, "BITS-Received-Content-Range", "36000");
        }))) {
            clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    f(36000, 39999, SIZE), "Close-Session"), server.summaries());
            assertArrayEquals(data, sim.onlyClosedUpload());
        }
    }

    @Test
    void continuesFromAnEarlierOffsetGivenWith200() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            sim.answer(r);
            sim.truncate(r.header("BITS-Session-Id"), 20_000);
            return Reply.ack(200, "BITS-Received-Content-Range", "20000");
        }))) {
            clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    f(20000, 36383, SIZE), f(36384, 39999, SIZE), "Close-Session"), server.summaries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void startsANewSessionFromByteZeroWhenTheSessionIsLost() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            sim.sessions.remove(r.header("BITS-Session-Id"));
            return BitsSim.notFound();
        }))) {
            UploadResult res = clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE), f(32768, 39999, SIZE),
                    "Close-Session"), server.summaries());
            assertEquals(2, res.sessions());
            List<Recorded> q = server.requests();
            assertFalse(q.get(2).header("BITS-Session-Id").equals(q.get(5).header("BITS-Session-Id")));
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void halvesTheFragmentOn413() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Fragment")
                && r.bodyLength() > 8192 ? Reply.ack(413) : sim.answer(r))) {
            clientBuilder().build().upload(file, server.uri("/up/a"));
            List<String> expected = new ArrayList<>(List.of("Ping", "Create-Session", f(0, 16383, SIZE)));
            for (long off = 0; off < SIZE; off += 8192) {
                expected.add(f(off, Math.min(SIZE, off + 8192) - 1, SIZE));
            }
            expected.add("Close-Session");
            assertEquals(expected, server.summaries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void failsOn413AtTheFiveKibFloor() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Fragment")
                ? Reply.ack(413) : sim.answer(r))) {
            BitsClient client = clientBuilder().fragmentPolicy(FragmentPolicy.fixed(10 * 1024)).build();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> client.upload(file(SIZE), server.uri("/up/a")));
            assertEquals(413, e.status());
            assertFalse(e.isTransient());
            assertEquals(List.of("Ping", "Create-Session", f(0, 10239, SIZE), f(0, 5119, SIZE), "Cancel-Session"),
                    server.summaries());   // the fatal error is followed by Cancel-Session (issue 10, problem 6)
        }
    }

    @Test
    void retriesAFragmentWhoseConnectionWasResetWithAPingFirst() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        AtomicInteger fragments = new AtomicInteger();
        ScriptedServer.Script script = new ScriptedServer.Script() {
            @Override
            public Reply beforeBody(Recorded r) {
                return r.packetType().equals("Fragment") && fragments.getAndIncrement() == 1 ? Reply.reset() : null;
            }

            @Override
            public Reply answer(Recorded r) {
                return sim.answer(r);
            }
        };
        try (ScriptedServer server = ScriptedServer.start(script)) {
            UploadResult res = clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE), "Ping",
                    f(16384, 32767, SIZE), f(32768, 39999, SIZE), "Close-Session"), server.summaries());
            assertTrue(server.requests().get(3).bodyLength() < FRAG, "the reset cut the body short");
            assertEquals(1, res.retries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void resendsCloseSessionOn5xxButNotOnSessionNotFound() throws Exception {
        BitsSim sim = new BitsSim();
        AtomicInteger closes = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start(r -> {
            if (r.packetType().equals("Close-Session")) {
                int n = closes.getAndIncrement();
                if (n == 0) {
                    return Reply.ack(503, "BITS-Error-Code", "0x8007045B", "BITS-Error-Context", "0x5");
                }
                if (n == 1) {
                    return BitsSim.notFound();   // the retry finds the session gone: done (decision D25)
                }
            }
            return sim.answer(r);
        })) {
            clientBuilder().build().upload(file(SIZE), server.uri("/up/a"));
            List<String> expected = new ArrayList<>(HAPPY);
            expected.add("Close-Session");
            assertEquals(expected, server.summaries());
        }
    }

    @Test
    void doesNotResendCloseSessionOn4xx() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Close-Session")
                ? Reply.ack(404) : sim.answer(r))) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> clientBuilder().build().upload(file(SIZE), server.uri("/up/a")));
            assertEquals(404, e.status());
            assertEquals(PacketType.CLOSE_SESSION, e.packet().orElseThrow());
            // the Close is not resent; after the fatal error the session is cancelled (issue 10, problem 6)
            List<String> expected = new ArrayList<>(HAPPY);
            expected.add("Cancel-Session");
            assertEquals(expected, server.summaries());
        }
    }

    @Test
    void followsAHostIdToASecondServer() throws Exception {
        BitsSim sim = new BitsSim();   // shared session storage: both "nodes" see the same sessions
        sim.hostId = "127.0.0.2";
        Path file = file(SIZE);
        try (ScriptedServer a = ScriptedServer.start(sim);
                ScriptedServer b = ScriptedServer.start(InetAddress.getByName("127.0.0.2"), a.port(), sim)) {
            UploadResult r = clientBuilder().build().upload(file, a.uri("/up/f.bin?q=1"));
            assertEquals(List.of("Ping", "Create-Session"), a.summaries());
            assertEquals(List.of("Ping", f(0, 16383, SIZE), f(16384, 32767, SIZE), f(32768, 39999, SIZE),
                    "Close-Session"), b.summaries());
            for (Recorded q : b.requests()) {
                assertEquals("127.0.0.2:" + a.port(), q.header("Host"));
                assertEquals("/up/f.bin?q=1", q.target());
            }
            assertEquals(URI.create("http://127.0.0.2:" + a.port() + "/up/f.bin?q=1"), r.target());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void fallsBackToTheOriginalHostWhenTheHostIdNodeStaysDown() throws Exception {
        BitsSim sim = new BitsSim();
        sim.hostId = "127.0.0.2";   // nothing listens there
        sim.fallback = "1";
        Path file = file(SIZE);
        try (ScriptedServer a = ScriptedServer.start(r -> {
            Reply reply = sim.answer(r);
            if (r.packetType().equals("Create-Session") && sim.hostId != null) {
                sim.sessions.clear();   // the session lives on the (dead) node, not here
                sim.hostId = null;
                sim.fallback = null;
            }
            return reply;
        })) {
            MutableClock clock = new MutableClock();
            BitsClient client = clientBuilder().clock(clock).build();
            List<Duration> delays = new ArrayList<>();
            UploadResult r = client.newJob(file, a.uri("/up/f")).listener(new ProgressListener() {
                @Override
                public void onProgress(Progress p) {
                }

                @Override
                public void onRetry(BitsClientException cause, Duration delay) {
                    assertEquals(ErrorContext.GENERAL_TRANSPORT, cause.context().orElseThrow());
                    delays.add(delay);
                    clock.advance(Duration.ofMillis(400));   // each failed attempt "lasts" 0.4 s
                }
            }).build().run();
            assertEquals(List.of("Ping", "Create-Session", "Ping", f(0, 16383, SIZE), "Create-Session",
                    f(0, 16383, SIZE), f(16384, 32767, SIZE), f(32768, 39999, SIZE), "Close-Session"), a.summaries());
            assertEquals(3, delays.size(), "the timer (1 s) expired after the third failed Ping to the node");
            assertEquals(a.uri("/up/f"), r.target());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void downloadsARelativeBackslashReplyUrlWithResumingRangedGets() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "BITS-Sessions\\Replies\\{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\\responsefile.bin";
        byte[] reply = new byte[300];
        new Random(7).nextBytes(reply);
        String lastModified = "Mon, 18 Jun 2007 21:12:01 GMT";
        try (ScriptedServer server = ScriptedServer.start(r -> {
            if (!r.method().equals("GET")) {
                return sim.answer(r);
            }
            String range = r.header("Range");
            if ("bytes=0-".equals(range)) {   // first block only, as a server may do
                return Reply.of(206, "Content-Range", "bytes 0-99/300", "Last-Modified", lastModified)
                        .withBody(java.util.Arrays.copyOfRange(reply, 0, 100));
            }
            if ("bytes=100-".equals(range) && lastModified.equals(r.header("If-Unmodified-Since"))) {
                return Reply.of(206, "Content-Range", "bytes 100-299/300", "Last-Modified", lastModified)
                        .withBody(java.util.Arrays.copyOfRange(reply, 100, 300));
            }
            return Reply.of(400);
        })) {
            Path out = dir.resolve("reply.bin");
            UploadResult r = clientBuilder().build().uploadReply(file(SIZE), server.uri("/vdir/sub/f.bin"), out);
            String get = "GET /vdir/sub/BITS-Sessions/Replies/%7BC85B4E0A-9EB9-4114-BFA4-8A43B4710091%7D/"
                    + "responsefile.bin";
            List<String> expected = new ArrayList<>(HAPPY.subList(0, 5));
            expected.addAll(List.of(get + " bytes=0-", get + " bytes=100-", "Close-Session"));
            assertEquals(expected, server.summaries());
            assertEquals("identity", server.requests().get(5).header("Accept-Encoding"));
            assertArrayEquals(reply, Files.readAllBytes(out));
            assertEquals(300, r.replyBytes());
            assertEquals(out, r.replyFile().orElseThrow());
        }
    }

    @Test
    void treatsAnUploadReplyWithoutReplyUrlAsAnEmptyReply() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            Path out = dir.resolve("reply.bin");
            Files.write(out, new byte[] {1, 2, 3});
            UploadResult r = clientBuilder().build().uploadReply(file(SIZE), server.uri("/up/f"), out);
            assertEquals(HAPPY, server.summaries());
            assertEquals(0, Files.size(out));
            assertEquals(0, r.replyBytes());
        }
    }

    @Test
    void a2xxWithoutPacketTypeIsAnInvalidServerResponseRetriedUntilTheNoProgressTimeout() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.of(200, "Server", "plain web server"))) {
            BitsClient client = clientBuilder()
                    .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(10),
                            Duration.ofMillis(300)))
                    .build();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> client.upload(file(SIZE), server.uri("/up/a")));
            assertTrue(e.isTransient());
            assertEquals(200, e.status());
            assertEquals(ProtocolError.Kind.NOT_AN_ACK, e.protocolError().orElseThrow());
            assertEquals(HResult.BG_E_INVALID_SERVER_RESPONSE, e.errorCode().orElseThrow());
            List<String> sent = server.summaries();
            assertTrue(sent.size() >= 2, "retried: " + sent);
            assertTrue(sent.stream().allMatch("Ping"::equals), sent.toString());
        }
    }

    @Test
    void readsHeaderNamesInAnyCase() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(r -> {
            Reply ok = sim.answer(r);
            List<String[]> recased = new ArrayList<>();
            for (String[] h : ok.headers()) {
                String name = switch (h[0]) {
                    case "BITS-Packet-Type" -> "Bits-Packet-Type";   // Go servers
                    case "BITS-Session-Id" -> "bits-session-id";
                    case "BITS-Received-Content-Range" -> "BITS-RECEIVED-CONTENT-RANGE";
                    case "BITS-Protocol" -> "Bits-protocol";         // the JDK server
                    default -> h[0];
                };
                recased.add(new String[] {name, h[1]});
            }
            return new Reply(ok.status(), recased, ok.body(), false, false);
        })) {
            clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(HAPPY, server.summaries());
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void readsErrorCodesWithoutThe0xPrefix() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            sim.sessions.remove(r.header("BITS-Session-Id"));
            return Reply.ack(500, "BITS-Error-Code", "8020001F", "BITS-Error-Context", "5");
        }))) {
            UploadResult res = clientBuilder().build().upload(file, server.uri("/up/a"));
            assertEquals(2, res.sessions(), "8020001F read as BG_E_SESSION_NOT_FOUND");
        }
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Create-Session")
                ? Reply.ack(400, "BITS-Error-Code", "x80070057", "BITS-Error-Context", "5") : sim.answer(r))) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> clientBuilder().build().upload(file, server.uri("/up/a")));
            assertEquals(HResult.E_INVALIDARG, e.errorCode().orElseThrow());
            assertEquals(ErrorContext.REMOTE_FILE, e.context().orElseThrow());
            assertFalse(e.isTransient());
            assertEquals(List.of("Ping", "Create-Session"), server.summaries());
        }
    }

    @Test
    void failsFatallyOn403WithoutRetrying() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Ping") ? Reply.ack(200)
                : Reply.ack(403, "BITS-Error-Code", "0x80070005", "BITS-Error-Context", "0x5"))) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> clientBuilder().build().upload(file(SIZE), server.uri("/up/a")));
            assertEquals(403, e.status());
            assertEquals(HResult.E_ACCESSDENIED, e.errorCode().orElseThrow());
            assertEquals(PacketType.CREATE_SESSION, e.packet().orElseThrow());
            assertEquals(List.of("Ping", "Create-Session"), server.summaries());
        }
    }

    @Test
    void givesUpOnRepeated503AfterTheNoProgressTimeout() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Fragment")
                ? Reply.ack(503, "BITS-Error-Code", "0x8007045B", "BITS-Error-Context", "0x5") : sim.answer(r))) {
            BitsClient client = clientBuilder()
                    // 2 s without progress: room for the two attempts asserted below on a loaded machine
                    .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(40),
                            Duration.ofSeconds(2)))
                    .build();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> client.upload(file(SIZE), server.uri("/up/a")));
            assertTrue(e.isTransient());
            assertEquals(503, e.status());
            List<String> all = server.summaries();
            // giving up ends with Cancel-Session (issue 10, problem 6); before it, the retries
            assertEquals("Cancel-Session", all.get(all.size() - 1));
            List<String> sent = all.subList(0, all.size() - 1);
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), "Ping", f(0, 16383, SIZE)),
                    sent.subList(0, 5));
            for (int i = 2; i < sent.size(); i += 2) {   // every retry is Ping + the same fragment
                assertEquals(f(0, 16383, SIZE), sent.get(i));
                if (i + 1 < sent.size()) {
                    assertEquals("Ping", sent.get(i + 1));
                }
            }
        }
    }

    @Test
    void failsWhenTheLocalFileChangesDuringTheUpload() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            UploadJob job = clientBuilder().build().newJob(file, server.uri("/up/a")).listener(p -> {
                try {
                    Files.write(file, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).build();
            BitsClientException e = assertThrows(BitsClientException.class, job::run);
            assertEquals(HResult.BG_E_LOCAL_FILE_CHANGED, e.errorCode().orElseThrow());
            assertEquals(ErrorContext.LOCAL_FILE, e.context().orElseThrow());
            assertFalse(e.isTransient());
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), "Cancel-Session"),
                    server.summaries());   // the fatal error is followed by Cancel-Session (issue 10, problem 6)
        }
    }

    @Test
    void cancelFromAnotherThreadAbortsTheFragmentAndSendsCancelSession() throws Exception {
        BitsSim sim = new BitsSim();
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start(overrideFragment(sim, 1, r -> {
            arrived.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return sim.answer(r);
        }));
                ExecutorService runner = Executors.newSingleThreadExecutor()) {
            UploadJob job = clientBuilder().build().newJob(file(SIZE), server.uri("/up/a")).build();
            Future<UploadResult> done = runner.submit(job::run);
            assertTrue(arrived.await(20, TimeUnit.SECONDS));
            String session = job.sessionId().orElseThrow();
            job.cancel();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> done.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof CancellationException, e.getCause().toString());
            release.countDown();
            List<Recorded> q = server.requests();
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    "Cancel-Session"), q.stream().map(Recorded::summary).toList());
            assertEquals(session, q.get(4).header("BITS-Session-Id"));
            assertTrue(job.isCancelled());
        }
    }

    @Test
    void resumesAPersistedSessionInANewRun() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(SIZE);
        Path state = dir.resolve("job.state");
        AtomicInteger fragments = new AtomicInteger();
        ScriptedServer.Script script = new ScriptedServer.Script() {
            @Override
            public Reply beforeBody(Recorded r) {
                // the first run's second fragment dies with the connection, as in a client crash
                return r.packetType().equals("Fragment") && fragments.getAndIncrement() == 1 ? Reply.reset() : null;
            }

            @Override
            public Reply answer(Recorded r) {
                return sim.answer(r);
            }
        };
        try (ScriptedServer server = ScriptedServer.start(script)) {
            BitsClient once = clientBuilder().retryPolicy(RetryPolicy.never()).build();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> once.newJob(file, server.uri("/up/a")).stateFile(state).build().run());
            assertTrue(e.isTransient());
            assertTrue(Files.exists(state), "state kept for a later run");

            UploadResult r = clientBuilder().build().newJob(file, server.uri("/up/a")).stateFile(state).build().run();
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE),
                    "Ping", f(16384, 32767, SIZE), f(32768, 39999, SIZE), "Close-Session"), server.summaries());
            assertEquals(0, r.sessions(), "no new session");
            assertFalse(Files.exists(state));
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void adaptivePolicyGrowsFragmentsOnFastAcks() throws Exception {
        BitsSim sim = new BitsSim();
        int size = 1_000_000;
        Path file = file(size);
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            BitsClient client = clientBuilder().fragmentPolicy(
                    TestPolicies.adaptive(8 * 1024, 128 * 1024, Duration.ofSeconds(30))).build();
            client.upload(file, server.uri("/up/a"));
            List<Long> lengths = server.requests().stream().filter(q -> q.packetType().equals("Fragment"))
                    .map(Recorded::bodyLength).toList();
            assertEquals(List.of(8192L, 16384L, 32768L, 65536L, 131072L), lengths.subList(0, 5));
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
        }
    }

    @Test
    void aServerThatNeverAdvancesEndsInNoProgress() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Fragment")
                ? Reply.ack(200, "BITS-Received-Content-Range", "0") : sim.answer(r))) {
            BitsClient client = clientBuilder().retryPolicy(RetryPolicy.never()).build();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> client.upload(file(SIZE), server.uri("/up/a")));
            assertEquals(HResult.BG_E_NO_PROGRESS, e.errorCode().orElseThrow());
            assertTrue(e.isTransient());
            // and, having given up, Cancel-Session (issue 10, problem 6)
            assertEquals(2 + io.github.bitsj.protocol.ClientLimits.MAX_STALLED_ACKS + 1, server.requests().size());
            assertEquals("Cancel-Session", server.summaries().get(server.requests().size() - 1));
        }
    }

    @Test
    void sendsBasicCredentialsWhenChallenged() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.header("Authorization") == null
                ? Reply.of(401, "WWW-Authenticate", "Basic realm=\"bits\"") : sim.answer(r))) {
            clientBuilder().credentials("alice", "s3cret".toCharArray()).build()
                    .upload(file(SIZE), server.uri("/up/a"));
            Recorded last = server.requests().get(server.requests().size() - 1);
            assertEquals("Close-Session", last.packetType());
            assertNotNull(last.header("Authorization"));
            assertTrue(last.header("Authorization").toLowerCase(Locale.ROOT).startsWith("basic "));
        }
    }

    @Test
    void cancelSessionIsResentOn5xxUntilAcknowledged() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start(r -> n.getAndIncrement() < 2
                ? Reply.ack(503, "BITS-Error-Code", "0x8007045B", "BITS-Error-Context", "0x5") : Reply.ack(200))) {
            clientBuilder().build().cancelSession(server.uri("/up/a"), "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}");
            assertEquals(List.of("Cancel-Session", "Cancel-Session", "Cancel-Session"), server.summaries());
        }
    }

    @Test
    void cancelSessionEndsOnSessionNotFoundAndIsNeverResentOn4xx() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> BitsSim.notFound())) {
            clientBuilder().build().cancelSession(server.uri("/up/a"), "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}");
            assertEquals(List.of("Cancel-Session"), server.summaries());
        }
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.ack(400, "BITS-Error-Code", "0x80070057",
                "BITS-Error-Context", "0x5"))) {
            BitsClientException e = assertThrows(BitsClientException.class, () -> clientBuilder().build()
                    .cancelSession(server.uri("/up/a"), "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}"));
            assertEquals(400, e.status());
            assertFalse(e.isTransient());
            assertEquals(List.of("Cancel-Session"), server.summaries());
        }
    }

    @Test
    void aReplyDownloadCutOffMidBodyResumesWithIfUnmodifiedSince() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "http://127.0.0.1:%d/replies/r.bin";
        byte[] reply = new byte[1000];
        new Random(9).nextBytes(reply);
        String lastModified = "Tue, 24 Nov 2026 01:00:00 GMT";
        try (ScriptedServer server = ScriptedServer.start(r -> {
            if (!r.method().equals("GET")) {
                return sim.answer(r);
            }
            if ("bytes=0-".equals(r.header("Range"))) {   // 400 of 1000 bytes, then the connection dies
                return Reply.of(206, "Content-Range", "bytes 0-999/1000", "Last-Modified", lastModified)
                        .withBody(java.util.Arrays.copyOf(reply, 400)).cutAfterBody(1000);
            }
            if ("bytes=400-".equals(r.header("Range")) && lastModified.equals(r.header("If-Unmodified-Since"))) {
                return Reply.of(206, "Content-Range", "bytes 400-999/1000", "Last-Modified", lastModified)
                        .withBody(java.util.Arrays.copyOfRange(reply, 400, 1000));
            }
            return Reply.of(400);
        })) {
            sim.replyUrl = String.format(sim.replyUrl, server.port());
            Path out = dir.resolve("reply.bin");
            UploadResult r = clientBuilder().build().uploadReply(file(SIZE), server.uri("/up/f.bin"), out);
            assertEquals(List.of("GET /replies/r.bin bytes=0-", "GET /replies/r.bin bytes=400-", "Close-Session"),
                    server.summaries().subList(5, 8));
            assertArrayEquals(reply, Files.readAllBytes(out));
            assertEquals(1, r.retries());
        }
    }

    @Test
    void aReplyThatChangedBetweenRangesIsDownloadedAgainFromZero() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "r.bin";
        byte[] v2 = "second version of the reply".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AtomicInteger gets = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start(r -> {
            if (!r.method().equals("GET")) {
                return sim.answer(r);
            }
            return switch (gets.getAndIncrement()) {
                case 0 -> Reply.of(206, "Content-Range", "bytes 0-4/100", "Last-Modified", "v1")
                        .withBody("first".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                case 1 -> Reply.of(412);   // If-Unmodified-Since: v1 no longer holds
                default -> Reply.of(200, "Last-Modified", "v2").withBody(v2);
            };
        })) {
            Path out = dir.resolve("reply.bin");
            clientBuilder().build().uploadReply(file(SIZE), server.uri("/up/f.bin"), out);
            List<Recorded> q = server.requests();
            assertEquals("v1", q.get(6).header("If-Unmodified-Since"));
            assertEquals("bytes=0-", q.get(7).header("Range"));
            assertNull(q.get(7).header("If-Unmodified-Since"));
            assertArrayEquals(v2, Files.readAllBytes(out));
        }
    }

    @Test
    void rejectedCredentialsAreFatal() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.of(401, "WWW-Authenticate", "Basic realm=\"r\""))) {
            BitsClientException e = assertThrows(BitsClientException.class, () -> clientBuilder()
                    .credentials("alice", "wrong".toCharArray()).build().upload(file(SIZE), server.uri("/up/a")));
            assertEquals(401, e.status());
            assertFalse(e.isTransient());
            assertEquals(List.of("Ping", "Ping"), server.summaries(), "credentials supplied once, then reported");
            assertTrue(server.requests().get(1).header("Authorization").startsWith("Basic "));
        }
    }

    @Test
    void credentialsRejectedThroughAnAuthenticatorAreFatalToo() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.of(401, "WWW-Authenticate", "Basic realm=\"r\""))) {
            java.net.Authenticator auth = new java.net.Authenticator() {
                @Override
                protected java.net.PasswordAuthentication getPasswordAuthentication() {
                    return new java.net.PasswordAuthentication("alice", "wrong".toCharArray());
                }
            };
            BitsClientException e = assertThrows(BitsClientException.class, () -> clientBuilder()
                    .authenticator(auth).build().upload(file(SIZE), server.uri("/up/a")));
            assertEquals(401, e.status());
            assertFalse(e.isTransient());
        }
    }

    @Test
    void returnsASmallReplyInMemoryAndRefusesALargeOne() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "r.bin";
        byte[] small = "ok: 42".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] large = new byte[(1 << 20) + 1];
        java.util.concurrent.atomic.AtomicReference<byte[]> serve = new java.util.concurrent.atomic.AtomicReference<>(small);
        try (ScriptedServer server = ScriptedServer.start(r -> r.method().equals("GET")
                ? Reply.of(200).withBody(serve.get()) : sim.answer(r))) {
            UploadResult r = clientBuilder().build().uploadReply(file(SIZE), server.uri("/up/f.bin"));
            byte[] got = new byte[r.replyData().orElseThrow().remaining()];
            r.replyData().orElseThrow().get(got);
            assertArrayEquals(small, got);
            assertTrue(r.replyFile().isEmpty());

            serve.set(large);
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> clientBuilder().build().uploadReply(file(SIZE), server.uri("/up/g.bin")));
            assertEquals(HResult.BG_E_TOO_LARGE, e.errorCode().orElseThrow());
            assertEquals("Close-Session", server.requests().get(server.requests().size() - 1).packetType());
        }
    }

    @Test
    void cancelDuringTheReplyDownloadSendsOneCancelSession() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "r.bin";
        java.util.concurrent.atomic.AtomicReference<UploadJob> job = new java.util.concurrent.atomic.AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start(r -> {
            if (!r.method().equals("GET")) {
                return sim.answer(r);
            }
            job.get().cancel();   // the cancel lands between two ranged GETs
            return Reply.of(206, "Content-Range", "bytes 0-1/10").withBody(new byte[2]);
        })) {
            job.set(clientBuilder().build().newJob(file(SIZE), server.uri("/up/f.bin"))
                    .replyTo(dir.resolve("reply.bin")).build());
            assertThrows(CancellationException.class, () -> job.get().run());
            List<String> sent = server.summaries();
            assertEquals("Cancel-Session", sent.get(sent.size() - 1));
            assertEquals(1, sent.stream().filter("Cancel-Session"::equals).count(), sent.toString());
        }
    }

    @Test
    void leavesOutAContentNameTheProtocolWouldRefuse() throws Exception {
        BitsSim sim = new BitsSim();
        byte[] data = new byte[100];
        for (String name : new String[] {" lead.bin", "trail.bin ", "caf\u00e9.bin", "a:b.bin", "a|b.bin"}) {
            Path p = Files.write(dir.resolve(name), data);
            try (ScriptedServer server = ScriptedServer.start(sim)) {
                clientBuilder().build().upload(p, server.uri("/up/a"));
                assertTrue(server.requests().stream().allMatch(r -> r.header("Content-Name") == null), name);
            }
        }
        Path ok = Files.write(dir.resolve("my file.bin"), data);
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            clientBuilder().build().upload(ok, server.uri("/up/a"));
            assertEquals("my file.bin", server.requests().get(2).header("Content-Name"));
        }
    }
}
