// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.HResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against raw-socket servers that answer as the third-party BITS servers of issue 10 answer, byte for byte
 * as their HTTP stacks write it (Python's http.server for SafeBreach's SimpleBITSServer, Go's net/http for gobits and
 * bad2beef; written from their published code, which is read, never copied). Each test asserts what the client sends
 * and that it ends, or fails, within its limits: the command line's {@code --timeout 10 --give-up-after 30}, scaled
 * down to 2 s and 3 s.
 */
@Timeout(60)
class PeerServersScriptedTest {
    static final int FRAG = 16 * 1024;
    static final int SIZE = 40_000;
    static final String GO_DATE = "Date: Mon, 02 Jan 2006 15:04:05 GMT\n";
    static final String GUID = "{7df0354d-249b-430f-820d-3d2a9bef4931}";

    @TempDir
    Path dir;

    static BitsClient client(Duration requestTimeout, Duration giveUpAfter) {
        return BitsClient.newBuilder()
                .fragmentPolicy(FragmentPolicy.fixed(FRAG))
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(50), Duration.ofMillis(400), giveUpAfter))
                .requestTimeout(requestTimeout)
                .build();
    }

    /** {@code --timeout 10 --give-up-after 30}, scaled down. */
    static BitsClient scaledClient() {
        return client(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    Path file(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path p = dir.resolve("data-" + size + ".bin");
        Files.write(p, b);
        return p;
    }

    static String f(long first, long last, long total) {
        return "Fragment bytes " + first + "-" + last + "/" + total;
    }

    // ------------------------------------------------------------------------------- SafeBreach SimpleBITSServer

    /**
     * SimpleBITSServer's answer to an internal error (its {@code ServerInternalError} path, e.g. a Fragment for a
     * session its per-connection table does not hold): 500 with a custom error code, no {@code Content-Length}, no
     * {@code Connection: close}, and the connection kept open (Python http.server, HTTP/1.1).
     */
    static final String SIMPLEBITS_500 = """
            HTTP/1.1 500 Internal Server Error
            Server: SimpleHTTP/0.6 Python/3.11.2
            Date: Mon, 02 Jan 2006 15:04:05 GMT
            BITS-Error-Code: 0x1
            BITS-Error-Context: 0x5

            """;

    /** SimpleBITSServer's other answers, as {@code __send_response} writes its header dict. */
    static Reply simpleBits(Recorded r) {
        String head = "HTTP/1.1 200 OK\nServer: SimpleHTTP/0.6 Python/3.11.2\n" + GO_DATE;
        return switch (r.packetType()) {
            case "Ping" -> Reply.raw(head + "BITS-Packet-Type: Ack\nBITS-Error-Code: 1\nBITS-Error-Context: \n"
                    + "Content-Length: 0\n\n", false);
            case "Create-Session" -> Reply.raw(head + "BITS-Packet-Type: Ack\nContent-Length: 0\nBITS-Protocol: "
                    + GUID + "\nBITS-Session-Id: -3250948573059385071\nAccept-Encoding: identity\n\n", false);
            case "Fragment" -> Reply.raw(SIMPLEBITS_500, false);
            // Close/Cancel on a connection whose handler has no session table: AttributeError, answered 400
            default -> Reply.raw("HTTP/1.1 400 Bad Request\nServer: SimpleHTTP/0.6 Python/3.11.2\n" + GO_DATE
                    + "BITS-Packet-Type: Ack\nContent-Length: 0\nBITS-Session-Id: -3250948573059385071\n\n", false);
        };
    }

    /**
     * Issue 10 problem 1: the 500 has no length and the connection stays open, so its body never ends. The client
     * abandons it once the headers are in (an Ack has no body), retries on a new connection, gives up after the
     * no-progress timeout, and cancels the session. The request timeout here is a minute: the job ends long before,
     * so no exchange waited for that body.
     */
    @Test
    void simpleBits500WithoutLengthKeptOpenIsAbandonedAtItsHeadersAndTheJobGivesUpInTime() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(PeerServersScriptedTest::simpleBits)) {
            List<BitsClientException> retried = new java.util.concurrent.CopyOnWriteArrayList<>();
            ProgressListener listener = new ProgressListener() {
                @Override
                public void onProgress(Progress p) {
                }

                @Override
                public void onRetry(BitsClientException cause, Duration delay) {
                    retried.add(cause);
                }
            };
            long t0 = System.nanoTime();
            BitsClientException e = assertThrows(BitsClientException.class, () -> client(Duration.ofMinutes(1),
                    Duration.ofSeconds(3)).newJob(file(SIZE), server.uri("/to_upload.bin")).listener(listener)
                    .build().run());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(e.isTransient(), "gave up after transient errors");
            retried.add(e);
            for (BitsClientException each : retried) {   // every failure was the 500 itself, none a broken connection
                assertEquals(500, each.status(), each.getMessage());
                assertEquals(new HResult(1), each.errorCode().orElseThrow());
            }
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "ended in " + took);
            List<String> sent = server.summaries();
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE)), sent.subList(0, 3));
            long fragments = sent.stream().filter(s -> s.startsWith("Fragment")).count();
            assertTrue(fragments >= 2, sent.toString());
            for (int i = 3; i < sent.size() - 1; i += 2) {   // every retry: Ping, then the same fragment
                assertEquals(List.of("Ping", f(0, 16383, SIZE)), sent.subList(i, i + 2), sent.toString());
            }
            assertEquals("Cancel-Session", sent.get(sent.size() - 1), "the session is not left behind");
            assertEquals("-3250948573059385071", server.requests().get(sent.size() - 1).header("BITS-Session-Id"));
            // an abandoned body ends its connection: each retry came on a new one, never on the desynchronised one
            assertTrue(server.connections() >= fragments + 1, server.connections() + " connections for " + sent);
        }
    }

    /** The same peer with the command line's own limits, scaled: fails within give-up-after plus the cancel bound. */
    @Test
    void simpleBits500FailsWithinTheScaledCommandLineLimits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(PeerServersScriptedTest::simpleBits)) {
            long t0 = System.nanoTime();
            assertThrows(BitsClientException.class, () -> scaledClient().upload(file(SIZE), server.uri("/u.bin")));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(Duration.ofSeconds(3 + SessionCanceller.BEST_EFFORT_SECONDS + 5)) < 0,
                    "ended in " + took);
        }
    }

    // ---------------------------------------------------------------------------------------------------- gobits

    /** gobits' session table and answers (Go net/http: canonical header names, sorted, then Date, Content-Length). */
    static final class GoBits implements ScriptedServer.Script {
        final Map<String, ByteArrayOutputStream> files = new HashMap<>();
        final List<byte[]> closed = new ArrayList<>();
        int next = 1;
        /** Fragments (0-based) after which the connection is dropped although the data was stored: a lost Ack. */
        int loseAckOf = -1;
        int fragments;

        static Reply go(String statusLine, String headers) {
            return Reply.raw("HTTP/1.1 " + statusLine + "\n" + headers + GO_DATE + "Content-Length: 0\n\n", false);
        }

        static Reply error(int status, String statusText, String sid) {
            return go(status + " " + statusText, "Bits-Error-Code: 0\nBits-Error-Context: 5\nBits-Packet-Type: Ack\n"
                    + (sid == null ? "" : "Bits-Session-Id: " + sid + "\n"));
        }

        @Override
        public synchronized Reply answer(Recorded r) {
            String sid = r.header("BITS-Session-Id");
            switch (r.packetType().toLowerCase(java.util.Locale.ROOT)) {
                case "ping":
                    return go("200 OK", "Bits-Packet-Type: Ack\n");
                case "create-session": {
                    String id = String.format("5d1c4a27-7c3b-4b6e-9d0f-%012x", next++);
                    files.put(id, new ByteArrayOutputStream());
                    return go("200 OK", "Accept-Encoding: Identity\nBits-Packet-Type: Ack\nBits-Protocol: " + GUID
                            + "\nBits-Session-Id: " + id + "\n");
                }
                case "fragment": {
                    ByteArrayOutputStream file = files.get(sid);
                    String[] range = r.header("Content-Range").substring(6).split("/");
                    String[] ends = range[0].split("-");
                    if (file == null || ends.length != 2) {   // gobits' parseRange: "0--1" splits in three
                        return error(400, "Bad Request", sid);
                    }
                    long start = Long.parseLong(ends[0]);
                    long end = Long.parseLong(ends[1]);
                    long size = file.size();
                    if (end < size || start > size) {   // the range is already written, or leaves a gap
                        return go("416 Requested Range Not Satisfiable", "Bits-Error-Code: 0\nBits-Error-Context: 5\n"
                                + "Bits-Packet-Type: Ack\nBits-Recieved-Content-Range: " + size
                                + "\nBits-Session-Id: " + sid + "\n");
                    }
                    file.write(r.body(), (int) (size - start), (int) (r.body().length - (size - start)));
                    if (fragments++ == loseAckOf) {
                        return Reply.drop();
                    }
                    return go("200 OK", "Bits-Packet-Type: Ack\nBits-Received-Content-Range: " + file.size()
                            + "\nBits-Session-Id: " + sid + "\n");
                }
                case "close-session":
                case "cancel-session": {
                    ByteArrayOutputStream file = files.remove(sid);
                    if (file == null) {
                        return error(400, "Bad Request", sid);
                    }
                    if (r.packetType().equalsIgnoreCase("close-session")) {
                        closed.add(file.toByteArray());
                    }
                    return go("200 OK", "Bits-Packet-Type: Ack\nBits-Session-Id: " + sid + "\n");
                }
                default:
                    return error(400, "Bad Request", null);
            }
        }
    }

    /**
     * Issue 10 problem 4: after a lost Ack the resent fragment gets gobits' 416 with the offset in
     * {@code Bits-Recieved-Content-Range}. The client reads it (D32), moves on, and never shrinks its fragments.
     */
    @Test
    void gobits416WithTheMisspelledOffsetAfterALostAckIsFollowed() throws Exception {
        GoBits gobits = new GoBits();
        gobits.loseAckOf = 1;
        Path file = file(SIZE);
        try (ScriptedServer server = ScriptedServer.start(gobits)) {
            UploadResult res = scaledClient().upload(file, server.uri("/upload/data.bin"));
            assertEquals(List.of("Ping", "Create-Session", f(0, 16383, SIZE), f(16384, 32767, SIZE), "Ping",
                    f(16384, 32767, SIZE), f(32768, 39999, SIZE), "Close-Session"), server.summaries());
            List<Recorded> q = server.requests();
            assertEquals("5d1c4a27-7c3b-4b6e-9d0f-000000000001", q.get(7).header("BITS-Session-Id"));
            // Content-Name on Fragment and Close-Session, as Windows; not on Ping or Create-Session (D7)
            assertNull(q.get(0).header("Content-Name"));
            assertNull(q.get(1).header("Content-Name"));
            assertEquals("data-40000.bin", q.get(2).header("Content-Name"));
            assertEquals("data-40000.bin", q.get(7).header("Content-Name"));
            assertEquals(1, res.retries());
            assertEquals(1, gobits.closed.size());
            assertArrayEquals(Files.readAllBytes(file), gobits.closed.get(0));
        }
    }

    /**
     * Issue 10 problem 2 with gobits: it answers 400 to {@code bytes 0--1/0}. The client sends the empty file as
     * Create-Session + Close-Session and never that Fragment.
     */
    @Test
    void gobitsGetsTheEmptyFileAsCreatePlusCloseNeverTheZeroLengthFragment() throws Exception {
        GoBits gobits = new GoBits();
        try (ScriptedServer server = ScriptedServer.start(gobits)) {
            UploadResult r = scaledClient().upload(file(0), server.uri("/upload/empty.bin"));
            assertEquals(List.of("Ping", "Create-Session", "Close-Session"), server.summaries());
            assertEquals(0, r.bytes());
            assertEquals(0, r.fragments());
            assertEquals("0", server.requests().get(2).header("Content-Length"));
        }
    }

    // -------------------------------------------------------------------------------------------------- bad2beef

    /** bad2beef's answers; a Fragment its range regex cannot read panics the handler: the connection just closes. */
    static Reply bad2beef(Recorded r, boolean closeSaysNoFile) {
        String sid = "{0A1B2C3D-4E5F-4A6B-8C7D-0E1F2A3B4C5D}";
        return switch (r.packetType().toLowerCase(java.util.Locale.ROOT)) {
            case "ping" -> Reply.raw("HTTP/1.1 200 OK\nBits-Packet-Type: Ack\nContent-Length: 0\n" + GO_DATE + "\n",
                    false);
            case "create-session" -> Reply.raw("HTTP/1.1 200 OK\nAccept-Encoding: Identity\nBits-Packet-Type: Ack\n"
                    + "Bits-Protocol: " + GUID + "\nBits-Session-Id: " + sid + "\nContent-Length: 0\n" + GO_DATE
                    + "\n", false);
            case "fragment" -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^bytes\\s(\\d+)\\-(\\d+)\\/(\\d+)$")
                        .matcher(r.header("Content-Range"));
                yield m.matches() ? Reply.raw("HTTP/1.1 200 OK\nBits-Packet-Type: Ack\nBits-Received-Content-Range: "
                        + (Long.parseLong(m.group(2)) + 1) + "\nBits-Session-Id: " + sid + "\nContent-Length: 0\n"
                        + GO_DATE + "\n", false)
                        : Reply.drop();   // the handler panics on a nil match: Go closes the connection
            }
            case "close-session" -> closeSaysNoFile
                    ? Reply.raw("HTTP/1.1 404 Not Found\nBits-Packet-Type: Ack\nContent-Length: 0\n" + GO_DATE + "\n",
                            false)
                    : Reply.raw("HTTP/1.1 200 OK\nBits-Packet-Type: Ack\nBits-Session-Id: " + sid
                            + "\nContent-Length: 0\n" + GO_DATE + "\n", false);
            default -> Reply.raw("HTTP/1.1 200 OK\nBits-Packet-Type: Ack\nBits-Session-Id: " + sid
                    + "\nContent-Length: 0\n" + GO_DATE + "\n", false);
        };
    }

    /** Issue 10 problem 2 with bad2beef: Create+Close, so its crash on a zero-byte Fragment never happens. */
    @Test
    void bad2beefGetsTheEmptyFileAsCreatePlusClose() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> bad2beef(r, false))) {
            scaledClient().upload(file(0), server.uri("/bits/empty.bin"));
            assertEquals(List.of("Ping", "Create-Session", "Close-Session"), server.summaries());
        }
    }

    /**
     * The fallback meeting bad2beef's crash: had the Close said "no file", the client sends the zero-length Fragment
     * in a new session (D9); bad2beef drops that connection every time, so the job retries until the no-progress
     * timeout, then cancels its session, all within the scaled limits (no 14-day retry loop).
     */
    @Test
    void theFallbackFragmentThatBad2beefDropsFailsWithinTheLimits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> bad2beef(r, true))) {
            long t0 = System.nanoTime();
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> scaledClient().upload(file(0), server.uri("/bits/empty.bin")));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(e.isTransient());
            assertTrue(took.compareTo(Duration.ofSeconds(3 + SessionCanceller.BEST_EFFORT_SECONDS + 5)) < 0,
                    "ended in " + took);
            List<String> sent = server.summaries();
            assertEquals(List.of("Ping", "Create-Session", "Close-Session", "Create-Session", "Fragment bytes 0--1/0"),
                    sent.subList(0, 5));
            assertEquals("Cancel-Session", sent.get(sent.size() - 1));
            assertEquals(1, sent.stream().filter("Cancel-Session"::equals).count());
        }
    }

    // ---------------------------------------------------------------------------------- the fallback, completed

    /**
     * A server that answers the Close-Session of an empty session 404 (MC-BUP §3.2.5.2.7: no request entity) but takes
     * the one-Fragment form: the client falls back to it in a new session and completes (D9).
     */
    @Test
    void aCloseAnswered404FallsBackToTheZeroLengthFragmentInANewSession() throws Exception {
        BitsSim sim = new BitsSim();
        AtomicInteger closes = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Close-Session")
                && closes.getAndIncrement() == 0 ? Reply.ack(404) : sim.answer(r))) {
            UploadResult res = scaledClient().upload(file(0), server.uri("/up/empty.bin"));
            assertEquals(List.of("Ping", "Create-Session", "Close-Session", "Create-Session", "Fragment bytes 0--1/0",
                    "Close-Session"), server.summaries());
            List<Recorded> q = server.requests();
            assertFalse(q.get(2).header("BITS-Session-Id").equals(q.get(4).header("BITS-Session-Id")));
            assertEquals("0", q.get(4).header("Content-Length"));
            assertEquals(2, res.sessions());
            assertArrayEquals(new byte[0], sim.onlyClosedUpload());
            assertEquals(ContentRange.EMPTY_FILE.wire(), q.get(4).header("Content-Range"));
        }
    }
}
