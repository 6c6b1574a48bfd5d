// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request byte sequences of two third-party BITS clients replayed against the server over one raw socket each
 * (issue 10; decision D8, A2, A6): the Java client bits4j (Apache commons-httpclient 3: upper-case packet types,
 * {@code Host} last, its own {@code User-Agent}) and XenServer TransferVM's Python client (Python 2 httplib:
 * {@code Accept-Encoding: identity}, a mixed-case protocol GUID and {@code BITS-Supported-Protocols} on every packet,
 * no {@code Content-Length} on bodyless packets, {@code Authorization} on Create-Session only, 2 MiB fragments).
 * Both send an empty file as Create-Session + Close-Session with no Fragment. Every upload must end as a
 * byte-identical file. The bytes are written from the peers' published request code (read, not copied).
 */
@Timeout(60)
class PeerClientsE2ETest {
    private static final UserStore USERS = UserStore.parse(List.of(
            UserStore.hashLine("xen", "xen-pw".toCharArray()), UserStore.hashLine("eve", "eve-pw".toCharArray())));
    private static final String TRANSFERVM_GUID = "{7df0354d-249b-430f-820D-3D2A9BEF4931}";
    private static final String XEN_AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("xen:xen-pw".getBytes(StandardCharsets.UTF_8));
    private static final int TRANSFERVM_FRAGMENT = 2 << 20;

    @TempDir
    Path root;

    private static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] head, byte[] body, int off, int len) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(head.length + len);
        b.writeBytes(head);
        b.write(body, off, len);
        return b.toByteArray();
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void assertAck(RawResponse r, int status) {
        assertAll(() -> assertEquals(status, r.status(), () -> r.statusLine() + " " + r.headers()),
                () -> assertEquals("Ack", r.require("BITS-Packet-Type")),
                () -> assertEquals("0", r.require("Content-Length")));
    }

    // --------------------------------------------------------------------------------------------------- bits4j

    private static byte[] bits4jCreate(String path, String name) {
        return crlf("""
                BITS_POST %s HTTP/1.1
                BITS-Packet-Type: CREATE-SESSION
                BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}
                User-Agent: My BITS Client
                Content-Name: %s
                Content-Length: 0
                Host: 127.0.0.1

                """.formatted(path, name));
    }

    private static byte[] bits4jFragment(String path, String name, String sid, byte[] file, int first, int len) {
        return concat(crlf("""
                BITS_POST %s HTTP/1.1
                BITS-Session-Id: %s
                BITS-Packet-Type: FRAGMENT
                User-Agent: My BITS Client
                Content-Name: %s
                Content-Length: %d
                Content-Range: bytes %d-%d/%d
                Host: 127.0.0.1

                """.formatted(path, sid, name, len, first, first + len - 1, file.length)), file, first, len);
    }

    private static byte[] bits4jClose(String path, String name, String sid) {
        return crlf("""
                BITS_POST %s HTTP/1.1
                BITS-Session-Id: %s
                BITS-Packet-Type: CLOSE-SESSION
                User-Agent: My BITS Client
                Content-Name: %s
                Content-Length: 0
                Host: 127.0.0.1

                """.formatted(path, sid, name));
    }

    /** bits4j's sample upload (one Fragment) and the same client with several, then its empty file (Create+Close). */
    @Test
    void bits4jUploadsWithUpperCasePacketTypesAndAnEmptyFileAsCreatePlusClose() throws Exception {
        byte[] text = "my very small content of the file".getBytes(StandardCharsets.US_ASCII);
        byte[] big = data(300_000, 4);
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            RawResponse create = c.exchange(bits4jCreate("/upload/text.txt", "text.txt"));
            assertAck(create, 200);
            String sid = create.require("BITS-Session-Id");
            RawResponse frag = c.exchange(bits4jFragment("/upload/text.txt", "text.txt", sid, text, 0, text.length));
            assertAck(frag, 200);
            assertEquals(text.length, frag.received());
            assertAck(c.exchange(bits4jClose("/upload/text.txt", "text.txt", sid)), 200);

            String sid2 = c.exchange(bits4jCreate("/upload/big.bin", "big.bin")).require("BITS-Session-Id");
            for (int first = 0; first < big.length; first += 65_536) {
                int len = Math.min(65_536, big.length - first);
                assertEquals(first + len, c.exchange(bits4jFragment("/upload/big.bin", "big.bin", sid2, big, first,
                        len)).received());
            }
            assertAck(c.exchange(bits4jClose("/upload/big.bin", "big.bin", sid2)), 200);

            RawResponse emptyCreate = c.exchange(bits4jCreate("/upload/empty.txt", "empty.txt"));
            assertAck(emptyCreate, 200);
            assertFalse(Files.exists(root.resolve("empty.txt")), "nothing lands before Close-Session");
            assertAck(c.exchange(bits4jClose("/upload/empty.txt", "empty.txt",
                    emptyCreate.require("BITS-Session-Id"))), 200);
        }
        assertArrayEquals(text, Files.readAllBytes(root.resolve("text.txt")));
        assertArrayEquals(big, Files.readAllBytes(root.resolve("big.bin")));
        assertArrayEquals(new byte[0], Files.readAllBytes(root.resolve("empty.txt")));
    }

    // ------------------------------------------------------------------------------------------------ TransferVM

    private static String authLine(boolean withAuth) {
        return withAuth ? "Authorization: " + XEN_AUTH + "\n" : "";
    }

    private static byte[] transferVmCreate(String path, boolean withAuth) {
        return crlf("""
                BITS_POST %s HTTP/1.1
                Host: 127.0.0.1
                Accept-Encoding: identity
                %sBITS-Supported-Protocols: %s
                BITS-Packet-Type: Create-Session

                """.formatted(path, authLine(withAuth), TRANSFERVM_GUID));
    }

    private static byte[] transferVmFragment(String path, String sid, byte[] file, int first, int end) {
        return concat(crlf("""
                BITS_POST %s HTTP/1.1
                Host: 127.0.0.1
                Accept-Encoding: identity
                Content-Length: %d
                Content-Range: bytes %d-%d/%d
                BITS-Supported-Protocols: %s
                BITS-Packet-Type: Fragment
                BITS-Session-Id: %s

                """.formatted(path, end - first, first, end - 1, file.length, TRANSFERVM_GUID, sid)),
                file, first, end - first);
    }

    private static byte[] transferVmClose(String path, String sid) {
        return crlf("""
                BITS_POST %s HTTP/1.1
                Host: 127.0.0.1
                Accept-Encoding: identity
                BITS-Supported-Protocols: %s
                BITS-Packet-Type: Close-Session
                BITS-Session-Id: %s

                """.formatted(path, TRANSFERVM_GUID, sid));
    }

    /** TransferVM's upload loop: Create, 2 MiB fragments, Close, all on one keep-alive connection. */
    private static void transferVmUpload(RawBitsClient c, String path, byte[] file, boolean authOnCreate) throws Exception {
        RawResponse create = c.exchange(transferVmCreate(path, authOnCreate));
        assertAck(create, 200);
        assertEquals("{7df0354d-249b-430f-820d-3d2a9bef4931}", create.require("BITS-Protocol"));
        String sid = create.require("BITS-Session-Id");
        for (int start = 0; start < file.length; start += TRANSFERVM_FRAGMENT) {
            int end = Math.min(start + TRANSFERVM_FRAGMENT, file.length);
            RawResponse f = c.exchange(transferVmFragment(path, sid, file, start, end));
            assertAck(f, 200);
            assertEquals(end, f.received());
        }
        assertAck(c.exchange(transferVmClose(path, sid)), 200);
    }

    /** Digest decision D8: no Content-Length on Create-Session and Close-Session; the connection stays in step. */
    @Test
    void transferVmUploadsWithoutContentLengthOnBodylessPacketsAndAnEmptyFileAsCreatePlusClose() throws Exception {
        byte[] vhd = data(5_000_000, 7);
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            transferVmUpload(c, "/upload/disk.vhd", vhd, false);
            transferVmUpload(c, "/upload/empty.vhd", new byte[0], false);
            // the JDK engine gave each bodyless request an empty body: the same connection still answers in step
            assertAck(c.exchange(crlf("""
                    BITS_POST /upload/x HTTP/1.1
                    Host: 127.0.0.1
                    Accept-Encoding: identity
                    BITS-Packet-Type: Ping

                    """)), 200);
            // a Fragment still needs Content-Length: 400 E_INVALIDARG
            String sid = c.exchange(transferVmCreate("/upload/nolength.bin", false)).require("BITS-Session-Id");
            RawResponse noLength = c.exchange(crlf("""
                    BITS_POST /upload/nolength.bin HTTP/1.1
                    Host: 127.0.0.1
                    Content-Range: bytes 0-9/10
                    BITS-Packet-Type: Fragment
                    BITS-Session-Id: %s

                    """.formatted(sid)));
            assertAck(noLength, 400);
            assertEquals("0x80070057", noLength.errorCode());
        }
        assertArrayEquals(vhd, Files.readAllBytes(root.resolve("disk.vhd")));
        assertArrayEquals(new byte[0], Files.readAllBytes(root.resolve("empty.vhd")));
        assertFalse(Files.exists(root.resolve("nolength.bin")));
    }

    /**
     * Digest decision D33: TransferVM authenticates Create-Session only. By default (as IIS) its first Fragment gets
     * 401; with {@code sessionIdAsCredential} the session it created continues, and the file lands.
     */
    @Test
    void transferVmAuthenticatesCreateSessionOnlyWhichNeedsTheSessionIdAsCredential() throws Exception {
        byte[] vhd = data(3_000_000, 9);
        try (BitsServer server = TestServers.start(root, d -> d, cfg -> cfg.users(USERS));
                RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.exchange(transferVmCreate("/upload/denied.vhd", true)).require("BITS-Session-Id");
            // (a short body: an unauthenticated body is never read, the connection closes after the 401)
            RawResponse denied = c.exchange(transferVmFragment("/upload/denied.vhd", sid, new byte[100], 0, 100));
            assertEquals(401, denied.status());
            assertTrue(denied.require("WWW-Authenticate").startsWith("Basic "));
        }
        assertFalse(Files.exists(root.resolve("denied.vhd")));
        try (BitsServer server = TestServers.start(root, d -> d.sessionIdAsCredential(true), cfg -> cfg.users(USERS));
                RawBitsClient c = new RawBitsClient(server)) {
            transferVmUpload(c, "/upload/disk.vhd", vhd, true);
            transferVmUpload(c, "/upload/empty.vhd", new byte[0], true);
            // what the option does not open: Create-Session and Ping still authenticate
            assertEquals(401, c.exchange(transferVmCreate("/upload/anon.vhd", false)).status());
            assertEquals(401, c.ping("/upload/x").status());
            // wrong credentials are checked as always, even with a live session id
            String sid = c.exchange(transferVmCreate("/upload/wrong.vhd", true)).require("BITS-Session-Id");
            RawResponse wrong = c.send("BITS_POST", "/upload/wrong.vhd", java.util.Map.of("BITS-Packet-Type", "Fragment",
                    "BITS-Session-Id", sid, "Content-Range", "bytes 0-2/3", "Authorization", "Basic "
                            + Base64.getEncoder().encodeToString("xen:nope".getBytes(StandardCharsets.UTF_8))),
                    new byte[] {1, 2, 3});
            assertEquals(401, wrong.status());
            // a session id nobody created is a challenge, not a "not found" that would reveal anything
            RawResponse unknown = c.exchange(transferVmClose("/upload/wrong.vhd",
                    "{00000000-0000-4000-8000-000000000000}"));
            assertEquals(401, unknown.status());
            // another user's credentials do not reach xen's session (SDK: Authentication): not found, as before
            RawResponse eve = c.send("BITS_POST", "/upload/wrong.vhd", java.util.Map.of("BITS-Packet-Type",
                    "Close-Session", "BITS-Session-Id", sid, "Authorization", "Basic "
                            + Base64.getEncoder().encodeToString("eve:eve-pw".getBytes(StandardCharsets.UTF_8))),
                    new byte[0]);
            assertEquals(500, eve.status());
            assertEquals("0x8020001F", eve.errorCode());
        }
        assertArrayEquals(vhd, Files.readAllBytes(root.resolve("disk.vhd")));
        assertArrayEquals(new byte[0], Files.readAllBytes(root.resolve("empty.vhd")));
        assertFalse(Files.exists(root.resolve("wrong.vhd")));
    }

    // ------------------------------------------------------------------------- the empty file's server rules

    /** D9: the empty file of Create+Close obeys the overwrite rule; refused fragments or Cancel commit nothing. */
    @Test
    void createPlusCloseCommitsAnEmptyFileOnlyWhenNoFragmentArrived() throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d.maxFragmentSize(10));
                RawBitsClient c = new RawBitsClient(server)) {
            // overwrites off: the existing file is kept and the Close says why (403 E_ACCESSDENIED)
            String sid = c.exchange(bits4jCreate("/upload/kept.txt", "kept.txt")).require("BITS-Session-Id");
            Files.writeString(root.resolve("kept.txt"), "keep me too");   // appears after Create-Session
            RawResponse refused = c.exchange(bits4jClose("/upload/kept.txt", "kept.txt", sid));
            assertAck(refused, 403);
            assertEquals("0x80070005", refused.errorCode());
            // every fragment was refused (413): the session is not an empty upload, Close discards it
            String tooBig = c.newSession("/upload/toobig.bin");
            assertEquals(413, c.fragment("/upload/toobig.bin", tooBig, new byte[20], 0, 20).status());
            assertAck(c.close("/upload/toobig.bin", tooBig), 200);
            // a gap (416) is refused too
            String gap = c.newSession("/upload/gap.bin");
            assertEquals(416, c.fragment("/upload/gap.bin", gap, new byte[5], 5, 10).status());
            assertAck(c.close("/upload/gap.bin", gap), 200);
            // Cancel-Session of a session without fragments commits nothing
            String cancelled = c.newSession("/upload/cancelled.bin");
            assertAck(c.cancel("/upload/cancelled.bin", cancelled), 200);
            // a repeated Close of the empty upload is 200 from the tombstone, and the file stays empty
            String empty = c.newSession("/upload/empty.bin");
            assertAck(c.close("/upload/empty.bin", empty), 200);
            assertAck(c.close("/upload/empty.bin", empty), 200);
        }
        assertEquals("keep me too", Files.readString(root.resolve("kept.txt")));
        assertFalse(Files.exists(root.resolve("toobig.bin")));
        assertFalse(Files.exists(root.resolve("gap.bin")));
        assertFalse(Files.exists(root.resolve("cancelled.bin")));
        assertEquals(0, Files.size(root.resolve("empty.bin")));
    }

    /** D9 across a restart: a session whose only fragment was refused is remembered as such. */
    @Test
    void aRefusedFirstFragmentIsRememberedAcrossARestart() throws Exception {
        String refused;
        String fresh;
        try (BitsServer server = TestServers.start(root, d -> d.maxFragmentSize(10));
                RawBitsClient c = new RawBitsClient(server)) {
            refused = c.newSession("/upload/refused.bin");
            assertEquals(413, c.fragment("/upload/refused.bin", refused, new byte[20], 0, 20).status());
            fresh = c.newSession("/upload/fresh.bin");
        }
        try (BitsServer server = TestServers.start(root, d -> d.maxFragmentSize(10));
                RawBitsClient c = new RawBitsClient(server)) {
            assertAck(c.close("/upload/refused.bin", refused), 200);
            assertAck(c.close("/upload/fresh.bin", fresh), 200);
        }
        assertFalse(Files.exists(root.resolve("refused.bin")));
        assertEquals(0, Files.size(root.resolve("fresh.bin")));
    }
}
