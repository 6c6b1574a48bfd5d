// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.internal.FullDisk;
import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of MC-BUP §2.2.1.2 (what the server sends) and the Fragment table (the Fragment decision table), each through a
 * real server on loopback with a raw socket.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProtocolRulesE2ETest {
    private static final String E_INVALIDARG = "0x80070057";
    private static final String E_ACCESSDENIED = "0x80070005";
    private static final String BG_E_SESSION_NOT_FOUND = "0x8020001F";
    private static final String BG_E_TOO_LARGE = "0x80200020";
    private static final String ERROR_DISK_FULL = "0x80070070"; // D30
    private static final String PATH = "/upload/f.bin";

    @TempDir
    Path root;
    BitsServer server;
    RawBitsClient c;

    private void start() throws IOException {
        start(d -> d);
    }

    private void start(UnaryOperator<UploadDirectory.Builder> dir) throws IOException {
        server = TestServers.start(root, dir);
        c = new RawBitsClient(server);
    }

    @AfterEach
    void stop() throws IOException {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void assertError(RawResponse r, int status, String code) {
        assertAll(() -> assertEquals(status, r.status(), r.statusLine()),
                () -> assertEquals("Ack", r.require("BITS-Packet-Type")),
                () -> assertEquals(code, r.errorCode()),
                () -> assertEquals(code == null ? null : "0x5", r.header("BITS-Error-Context").orElse(null)),
                () -> assertEquals("0", r.require("Content-Length")));
    }

    private RawResponse fragmentWith(String sid, String range, byte[] body, Map<String, String> extra)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", sid);
        h.put("Content-Range", range);
        h.putAll(extra);
        return c.send("BITS_POST", PATH, h, body);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    // ------------------------------------------------------------------------------------ MC-BUP §2.2.1.2 rows

    @Test
    void successAcksEveryPacketWith200() throws Exception {
        start();
        assertEquals(200, c.ping(PATH).status());
        String sid = c.newSession(PATH);
        assertEquals(200, c.fragment(PATH, sid, bytes(10, 1), 0, 10).status());
        assertEquals(200, c.close(PATH, sid).status());
        String sid2 = c.newSession("/upload/g.bin");
        RawResponse cancel = c.cancel("/upload/g.bin", sid2);
        assertEquals(200, cancel.status());
        assertEquals(sid2, cancel.require("BITS-Session-Id"));
    }

    @Test
    void unknownPacketTypeIs400InvalidArg() throws Exception {
        start();
        assertError(c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Upload-Everything"), new byte[0]),
                400, E_INVALIDARG);
    }

    @Test
    void absentPacketTypeIs400InvalidArg() throws Exception {
        start();
        assertError(c.send("BITS_POST", PATH, Map.of("Accept", "*/*"), new byte[0]), 400, E_INVALIDARG);
    }

    @Test
    void malformedHeaderIs400InvalidArg() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertError(fragmentWith(sid, "bytes 0-x/10", new byte[0], Map.of()), 400, E_INVALIDARG);
    }

    @Test
    void headerValueOver4KiBIs400InvalidArg() throws Exception {
        start();
        assertError(c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", RawBitsClient.PROTOCOL, "Content-Name", "a".repeat(5000)),
                new byte[0]), 400, E_INVALIDARG);
    }

    @Test
    void bodyOnBodylessPacketIs400InvalidArgAndConnectionStaysUsable() throws Exception {
        start();
        assertError(c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Ping"), bytes(100, 2)), 400,
                E_INVALIDARG);
        // the body was consumed: the next request on the same connection is parsed correctly
        assertEquals(200, c.ping(PATH).status());
    }

    /**
     * A Fragment without Content-Length is 400 E_INVALIDARG (MC-BUP §2.2.1 rule 3, as Windows answers, decision D8). A bodyless
     * packet without it has an empty body (RFC 9112 §6.3; decision D8 overrides Q8 there, decision D8).
     */
    @Test
    void missingContentLengthIs400InvalidArg() throws Exception {
        start();
        String sid = c.newSession(PATH);
        byte[] req = ("BITS_POST /upload/f.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Fragment\r\n"
                + "BITS-Session-Id: " + sid + "\r\nContent-Range: bytes 0-0/1\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertError(c.exchange(req), 400, E_INVALIDARG);
        byte[] ping = "BITS_POST /upload/f.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Ping\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(200, c.exchange(ping).status());
    }

    @Test
    void noCommonProtocolIs400InvalidArg() throws Exception {
        start();
        assertError(c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", "{00000000-0000-0000-0000-000000000001}"), new byte[0]), 400,
                E_INVALIDARG);
    }

    @Test
    void negotiatesOurProtocolFromAListOfSeveral() throws Exception {
        start();
        RawResponse r = c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", "{00000000-0000-0000-0000-000000000001} "
                        + "{7DF0354D-249B-430F-820D-3D2A9BEF4931}"), new byte[0]);
        assertEquals(200, r.status());
        assertTrue(RawBitsClient.PROTOCOL.equalsIgnoreCase(r.require("BITS-Protocol")));
    }

    @Test
    void destinationThatIsADirectoryIs400InvalidArg() throws Exception {
        start();
        Files.createDirectory(root.resolve("sub"));
        assertError(c.createSession("/upload/sub"), 400, E_INVALIDARG);
        assertError(c.createSession("/upload/sub/"), 400, E_INVALIDARG);
    }

    @Test
    void destinationInTheSessionAreaIs403AccessDenied() throws Exception {
        start();
        assertError(c.createSession("/upload/BITS-Sessions/x.bin"), 403, E_ACCESSDENIED);
        assertError(c.createSession("/upload/bits-sessions/x.bin"), 403, E_ACCESSDENIED);
    }

    @Test
    void existingDestinationWithOverwritesOffIs403AccessDeniedAtCreateSession() throws Exception {
        start();
        Files.writeString(root.resolve("f.bin"), "keep me");
        assertError(c.createSession(PATH), 403, E_ACCESSDENIED);
        assertEquals("keep me", Files.readString(root.resolve("f.bin")));
    }

    @Test
    void existingDestinationWithOverwritesOffIs403AccessDeniedAgainAtCommit() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertEquals(200, c.fragment(PATH, sid, bytes(10, 3), 0, 20).status());
        Files.writeString(root.resolve("f.bin"), "appeared meanwhile");
        RawResponse last = c.fragment(PATH, sid, bytes(10, 4), 10, 20);
        assertError(last, 403, E_ACCESSDENIED);
        assertEquals("appeared meanwhile", Files.readString(root.resolve("f.bin")));
    }

    @Test
    void existingDestinationIsReplacedWhenOverwritesAreOn() throws Exception {
        start(d -> d.allowOverwrites(true));
        Files.writeString(root.resolve("f.bin"), "old");
        String sid = c.newSession(PATH);
        byte[] data = bytes(50, 5);
        c.upload(PATH, sid, data, 7);
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void missingParentIs404() throws Exception {
        start();
        RawResponse r = c.createSession("/upload/no/such/dir/f.bin");
        assertEquals(404, r.status());
        assertFalse(Files.exists(root.resolve("no")));
    }

    @Test
    void uploadsDisabledIs501AccessDenied() throws Exception {
        start(d -> d.uploadsEnabled(false));
        assertError(c.createSession(PATH), 501, E_ACCESSDENIED);
        assertError(c.ping(PATH), 501, E_ACCESSDENIED);
    }

    @Test
    void unknownSessionIs500SessionNotFoundForFragmentCloseAndCancel() throws Exception {
        start();
        String bogus = "{00000000-1111-2222-3333-444444444444}";
        assertError(c.fragment(PATH, bogus, bytes(5, 6), 0, 5), 500, BG_E_SESSION_NOT_FOUND);
        assertError(c.close(PATH, bogus), 500, BG_E_SESSION_NOT_FOUND);
        assertError(c.cancel(PATH, bogus), 500, BG_E_SESSION_NOT_FOUND);
    }

    @Test
    void fragmentNotAtExpectedOffsetIs416WithReceivedRange() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(10, 7), 0, 100);
        RawResponse r = c.fragment(PATH, sid, bytes(10, 7), 50, 100);
        assertEquals(416, r.status());
        assertEquals(10, r.received());
        assertNull(r.errorCode());
    }

    @Test
    void contentLengthDifferentFromRangeLengthIs400() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertError(fragmentWith(sid, "bytes 0-9/100", bytes(5, 8), Map.of()), 400, E_INVALIDARG);
    }

    @Test
    void totalChangedIs400() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(10, 9), 0, 100);
        RawResponse r = c.fragment(PATH, sid, bytes(10, 9), 10, 200);
        assertError(r, 400, E_INVALIDARG);
        assertEquals(10, r.received());
    }

    @Test
    void fragmentOverTheConfiguredMaximumIs413() throws Exception {
        start(d -> d.maxFragmentSize(1000));
        String sid = c.newSession(PATH);
        RawResponse r = c.fragment(PATH, sid, bytes(2000, 10), 0, 5000);
        assertEquals(413, r.status());
        assertEquals(200, c.fragment(PATH, sid, bytes(1000, 10), 0, 5000).status());
    }

    @Test
    void totalOverTheMaximumUploadSizeIs500TooLarge() throws Exception {
        start(d -> d.maxUploadSize(1000));
        String sid = c.newSession(PATH);
        assertError(c.fragment(PATH, sid, bytes(10, 11), 0, 1001), 500, BG_E_TOO_LARGE);
        assertEquals(200, c.fragment(PATH, sid, bytes(10, 11), 0, 1000).status());
    }

    @Test
    void row13DiskFullIs500DiskFullWithTheReceivedOffset() throws Exception {
        try (FullDisk disk = FullDisk.on(root)) { // the full-disk outcomes of every packet: DiskFullE2ETest
            start();
            String sid = c.newSession(PATH);
            assertEquals(200, c.fragment(PATH, sid, bytes(10, 12), 0, 100).status());
            disk.fillAfter(0);
            RawResponse r = c.fragment(PATH, sid, bytes(10, 12), 10, 100);
            assertError(r, 500, ERROR_DISK_FULL);
            assertEquals(10, r.received());
        }
    }

    @Test
    void repeatedCloseOrCancelOfAFinishedSessionIs200() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.upload(PATH, sid, bytes(30, 13), 30);
        assertEquals(200, c.close(PATH, sid).status());
        assertEquals(200, c.close(PATH, sid).status());
        assertEquals(200, c.cancel(PATH, sid).status());
        // but a finished session takes no more fragments
        assertError(c.fragment(PATH, sid, bytes(30, 13), 0, 30), 500, BG_E_SESSION_NOT_FOUND);
    }

    @Test
    void otherMethodsOnAnUploadUrlGet405WithAllow() throws Exception {
        start();
        RawResponse get = c.send("GET", PATH, Map.of(), new byte[0]);
        assertEquals(405, get.status());
        assertEquals("BITS_POST", get.require("Allow"));
        RawResponse post = c.send("POST", PATH, Map.of("BITS-Packet-Type", "Ping"), bytes(10, 1));
        assertEquals(405, post.status());
        RawResponse lower = c.send("bits_post", PATH, Map.of("BITS-Packet-Type", "Ping"), new byte[0]);
        assertEquals(405, lower.status());
        assertEquals(204, c.send("OPTIONS", PATH, Map.of(), new byte[0]).status());
        assertEquals(200, c.ping(PATH).status());
    }

    // ---------------------------------------------------------------------- MC-BUP §3.2.5.2.6 Fragment decision table

    @Test
    void row01UnknownSession() throws Exception {
        start();
        assertError(c.fragment(PATH, "not-a-session", bytes(5, 1), 0, 5), 500, BG_E_SESSION_NOT_FOUND);
    }

    @Test
    void row02MissingOrMalformedRange() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertError(c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Fragment", "BITS-Session-Id", sid),
                bytes(5, 1)), 400, E_INVALIDARG);
        assertError(fragmentWith(sid, "bytes 9-5/10", bytes(5, 1), Map.of()), 400, E_INVALIDARG);
        assertError(fragmentWith(sid, "bytes 5-10/10", bytes(6, 1), Map.of()), 400, E_INVALIDARG);
        assertError(fragmentWith(sid, "bytes +0-4/10", bytes(5, 1), Map.of()), 400, E_INVALIDARG);
        assertEquals(200, c.fragment(PATH, sid, bytes(5, 1), 0, 10).status());
    }

    @Test
    void row03TotalChanged() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(5, 1), 0, 10);
        assertError(c.fragment(PATH, sid, bytes(5, 1), 5, 11), 400, E_INVALIDARG);
    }

    @Test
    void row04NonIdentityContentEncoding() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertError(fragmentWith(sid, "bytes 0-4/5", bytes(5, 1), Map.of("Content-Encoding", "gzip")), 400,
                E_INVALIDARG);
        assertEquals(200, fragmentWith(sid, "bytes 0-4/5", bytes(5, 1), Map.of("Content-Encoding", "identity"))
                .status());
    }

    @Test
    void row05TotalOverMaximum() throws Exception {
        start(d -> d.maxUploadSize(10));
        String sid = c.newSession(PATH);
        assertError(c.fragment(PATH, sid, bytes(5, 1), 0, 11), 500, BG_E_TOO_LARGE);
    }

    @Test
    void row06FragmentOverMaximum() throws Exception {
        start(d -> d.maxFragmentSize(4));
        String sid = c.newSession(PATH);
        assertEquals(413, c.fragment(PATH, sid, bytes(5, 1), 0, 10).status());
    }

    @Test
    void row07ContiguousFragmentAdvances() throws Exception {
        start();
        String sid = c.newSession(PATH);
        assertEquals(128, c.fragment(PATH, sid, bytes(128, 1), 0, 300).received());
        RawResponse r = c.fragment(PATH, sid, bytes(85, 1), 128, 300);
        assertEquals(200, r.status());
        assertEquals(213, r.received()); // MC-BUP §2.2.7.2 example: 128-212 → 213
    }

    @Test
    void row08OverlapWritesOnlyNewBytes() throws Exception {
        start();
        byte[] data = bytes(100, 14);
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, data, 0, 60, 0, 100);
        byte[] resend = data.clone();
        for (int i = 40; i < 60; i++) {
            resend[i] = (byte) ~resend[i]; // different bytes in the overlap must not overwrite held data
        }
        RawResponse r = c.fragment(PATH, sid, resend, 40, 60, 40, 100);
        assertEquals(200, r.status());
        assertEquals(100, r.received());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void row08OverlapIs416InStrictMode() throws Exception {
        start(d -> d.strictRanges(true));
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(60, 1), 0, 100);
        RawResponse r = c.fragment(PATH, sid, bytes(60, 1), 40, 100);
        assertEquals(416, r.status());
        assertEquals(60, r.received());
    }

    @Test
    void row09EntirelyOldDataIs200WithUnchangedOffset() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(60, 1), 0, 100);
        RawResponse r = c.fragment(PATH, sid, bytes(20, 1), 10, 100);
        assertEquals(200, r.status());
        assertEquals(60, r.received());
        assertEquals(200, c.ping(PATH).status(), "connection still in sync");
    }

    @Test
    void row09EntirelyOldDataIs416InStrictMode() throws Exception {
        start(d -> d.strictRanges(true));
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(60, 1), 0, 100);
        RawResponse r = c.fragment(PATH, sid, bytes(20, 1), 10, 100);
        assertEquals(416, r.status());
        assertEquals(60, r.received());
    }

    @Test
    void row10GapIs416WithoutErrorCode() throws Exception {
        start();
        String sid = c.newSession(PATH);
        RawResponse r = c.fragment(PATH, sid, bytes(10, 1), 1, 100);
        assertEquals(416, r.status());
        assertEquals(0, r.received());
        assertNull(r.errorCode());
        assertEquals(200, c.ping(PATH).status(), "connection still in sync");
    }

    @Test
    void row10AGapAsTheFirstFragmentDoesNotFixTheTotal() throws Exception {
        start();
        byte[] data = bytes(20, 3);
        String sid = c.newSession(PATH);
        RawResponse gap = c.fragment(PATH, sid, data, 5, 5, 5, 10);
        assertEquals(416, gap.status());
        assertEquals(0, gap.received());
        RawResponse r = c.upload(PATH, sid, data, 8); // T is fixed by the first accepted fragment (the Fragment table)
        assertEquals(20, r.received());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void row11FragmentAfterCompletionReplaysTheFinalAck() throws Exception {
        start();
        byte[] data = bytes(50, 15);
        String sid = c.newSession(PATH);
        c.upload(PATH, sid, data, 50);
        RawResponse again = c.fragment(PATH, sid, data, 0, 50, 0, 50);
        assertEquals(200, again.status());
        assertEquals(50, again.received());
        RawResponse other = c.fragment(PATH, sid, data, 0, 10, 0, 50);
        assertEquals(200, other.status(), "never 416 after completion");
        assertEquals(50, other.received());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void row12LastByteCommitsBeforeTheFinalAck() throws Exception {
        start();
        byte[] data = bytes(70, 16);
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, data, 0, 69, 0, 70);
        assertFalse(Files.exists(root.resolve("f.bin")), "nothing in the destination namespace before the end");
        RawResponse r = c.fragment(PATH, sid, data, 69, 1, 69, 70);
        assertEquals(70, r.received());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void row14ZeroLengthFragmentForANonEmptyFileIs400AndEmptyFileCommits() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(5, 1), 0, 10);
        assertError(fragmentWith(sid, "bytes 0--1/0", new byte[0], Map.of()), 400, E_INVALIDARG);
        String empty = c.newSession("/upload/empty.bin");
        RawResponse r = c.fragment("/upload/empty.bin", empty, new byte[0], 0, 0);
        assertEquals(200, r.status());
        assertEquals(0, r.received());
        assertEquals(0, Files.size(root.resolve("empty.bin")));
    }

    // -------------------------------------------------------------------------------- session lifecycle

    @Test
    void closeBeforeCompletionDiscardsThePartialUpload() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(10, 1), 0, 100);
        assertEquals(200, c.close(PATH, sid).status());
        assertFalse(Files.exists(root.resolve("f.bin")));
        assertNoStagingFiles();
    }

    @Test
    void cancelDiscardsStaging() throws Exception {
        start();
        String sid = c.newSession(PATH);
        c.fragment(PATH, sid, bytes(10, 1), 0, 100);
        assertEquals(200, c.cancel(PATH, sid).status());
        assertNoStagingFiles();
        assertFalse(Files.exists(root.resolve("f.bin")));
        assertError(c.fragment(PATH, sid, bytes(10, 1), 10, 100), 500, BG_E_SESSION_NOT_FOUND);
    }

    @Test
    void cancelAfterCompletionKeepsTheCommittedFile() throws Exception {
        start();
        byte[] data = bytes(10, 1);
        String sid = c.newSession(PATH);
        c.upload(PATH, sid, data, 10);
        assertEquals(200, c.cancel(PATH, sid).status());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void sessionIdsMatchCaseInsensitively() throws Exception {
        start();
        String sid = c.newSession(PATH);
        String lower = sid.toLowerCase(java.util.Locale.ROOT);
        byte[] data = bytes(8, 1);
        RawResponse r = c.fragment(PATH, lower, data, 0, 4, 0, 8);
        assertEquals(200, r.status());
        assertEquals(lower, r.require("BITS-Session-Id"), "the Ack echoes the request's value (MC-BUP §2.2.1.2)");
        RawResponse gap = c.fragment(PATH, lower, data, 6, 2, 6, 8);
        assertEquals(416, gap.status());
        assertEquals(lower, gap.require("BITS-Session-Id"));
        RawResponse last = c.fragment(PATH, lower, data, 4, 4, 4, 8);
        assertEquals(8, last.received());
        assertEquals(lower, last.require("BITS-Session-Id"));
        assertEquals(lower, c.close(PATH, lower).require("BITS-Session-Id"));
    }

    @Test
    void hostIdAndFallbackAreReturnedWhenConfigured() throws Exception {
        start(d -> d.hostId("node7.example").hostIdFallbackTimeout(java.time.Duration.ofSeconds(110)));
        RawResponse r = c.createSession(PATH);
        assertEquals("node7.example", r.require("BITS-Host-Id"));
        assertEquals("110", r.require("BITS-Host-Id-Fallback-Timeout"));
    }

    @Test
    void legacyErrorHeaderIsSentBesideTheErrorCodeWhenEnabled() throws Exception {
        server = TestServers.start(root, d -> d, cfg -> cfg.legacyErrorHeader(true));
        c = new RawBitsClient(server);
        RawResponse r = c.fragment(PATH, "{00000000-0000-0000-0000-000000000000}", bytes(3, 1), 0, 3);
        assertEquals(BG_E_SESSION_NOT_FOUND, r.errorCode());
        assertEquals(BG_E_SESSION_NOT_FOUND, r.require("BITS-Error"));
    }

    @Test
    void noLegacyErrorHeaderByDefault() throws Exception {
        start();
        RawResponse r = c.fragment(PATH, "{00000000-0000-0000-0000-000000000000}", bytes(3, 1), 0, 3);
        assertEquals(BG_E_SESSION_NOT_FOUND, r.errorCode());
        assertEquals(0, r.count("BITS-Error"));
    }

    @Test
    void aNonAsciiContentNameIsAcceptedButAMalformedAsciiOneIsRejected() throws Exception {
        start();
        RawResponse create = c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", RawBitsClient.PROTOCOL, "Content-Name", "r\u00e9sum\u00e9.pdf"),
                new byte[0]);
        assertEquals(200, create.status());
        String sid = create.require("BITS-Session-Id");
        assertEquals(200, fragmentWith(sid, "bytes 0-2/3", bytes(3, 1), Map.of("Content-Name", "r\u00e9sum\u00e9.pdf"))
                .status());
        assertError(fragmentWith(sid, "bytes 0-2/3", bytes(3, 1), Map.of("Content-Name", "a/b")), 400,
                E_INVALIDARG);
    }

    @Test
    void pingIgnoresASessionIdAndWorksAnywhere() throws Exception {
        start();
        RawResponse r = c.send("BITS_POST", "/upload/any/where.bin", Map.of("BITS-Packet-Type", "Ping",
                "BITS-Session-Id", "{00000000-0000-0000-0000-000000000000}"), new byte[0]);
        assertEquals(200, r.status());
        assertEquals(0, r.count("BITS-Error-Code"));
    }

    @Test
    void absoluteFormRequestTargetsMapByTheirPath() throws Exception {
        start();
        String target = "http://proxy.example:8080" + PATH;
        String sid = c.newSession(target);
        assertEquals(3, c.upload(target, sid, bytes(3, 2), 3).received());
        assertArrayEquals(bytes(3, 2), Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void packetTypeIsMatchedCaseInsensitively() throws Exception {
        start();
        assertEquals(200, c.send("BITS_POST", PATH, Map.of("BITS-Packet-Type", "PING"), new byte[0]).status());
        RawResponse r = c.send("BITS_POST", PATH, Map.of("bits-packet-type", "create-session",
                "bits-supported-protocols", RawBitsClient.PROTOCOL), new byte[0]);
        assertEquals(200, r.status());
    }

    private void assertNoStagingFiles() throws IOException {
        assertEquals(0, SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build()).stagingFiles());
    }
}
