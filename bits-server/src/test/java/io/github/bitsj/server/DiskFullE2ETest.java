// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bitsj.server.internal.FullDisk;
import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (D48, MC-BUP §3.2.5.2.3 row 13 with D30's code), through a real server on loopback: every packet whose
 * storage work fails for lack of space answers 500 + {@code 0x80070070} + {@code 0x5} (with the received offset where
 * there is a session), and the failure leaves no session directory, no held slot, and no cancelled session that could
 * come back. The disk fills through the storage seam ({@link FullDisk}) and, when the test runs as root on Linux, on a
 * real 1 MiB tmpfs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskFullE2ETest {
    private static final String ERROR_DISK_FULL = "0x80070070";
    private static final String BG_E_SESSION_NOT_FOUND = "0x8020001F";
    private static final String PATH = "/upload/f.bin";

    @TempDir
    Path root;
    BitsServer server;
    RawBitsClient c;
    FullDisk disk;

    private void start(int maxSessions) throws IOException {
        server = TestServers.start(root, d -> d, b -> b.maxSessions(maxSessions));
        c = new RawBitsClient(server);
    }

    private void restart(int maxSessions) throws IOException {
        c.close();
        server.close();
        start(maxSessions);
    }

    @AfterEach
    void stop() throws IOException {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    private static void assertDiskFull(RawResponse r) {
        assertAll(() -> assertEquals(500, r.status(), r.statusLine()),
                () -> assertEquals("Ack", r.require("BITS-Packet-Type")),
                () -> assertEquals(ERROR_DISK_FULL, r.errorCode()),
                () -> assertEquals("0x5", r.require("BITS-Error-Context")),
                () -> assertEquals("0", r.require("Content-Length")));
    }

    private SessionAreaProbe probe() throws IOException {
        return SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build());
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void createSessionOnAFullDiskIsDiskFullLeavesNothingAndHoldsNoSlot() throws Exception {
        disk = FullDisk.on(root);
        start(1);
        // the disk fills before the directory, the staging file, and the record (written straight to its name, D56)
        for (int writes = 0; writes < 3; writes++) {
            disk.fillAfter(writes);
            assertDiskFull(c.createSession(PATH));
            assertEquals(0, probe().sessionsOnDisk(), "after " + writes + " writes");
        }
        assertTrue(disk.refused() >= 3);
        disk.free();
        String sid = c.newSession(PATH); // the one slot (maxSessions 1) was never kept by a failed create
        assertEquals(200, c.upload(PATH, sid, bytes(100, 1), 40).status());
        assertArrayEquals(bytes(100, 1), Files.readAllBytes(root.resolve("f.bin")));
    }

    @Test
    void fragmentsOnAFullDiskAreDiskFullWithTheOffsetAndResumeWhenSpaceReturns() throws Exception {
        disk = FullDisk.on(root);
        start(10);
        String sid = c.newSession(PATH);
        byte[] data = bytes(300, 2);
        disk.fillAfter(0); // the first fragment only records the total: metadata alone
        RawResponse first = c.fragment(PATH, sid, data, 0, 100, 0, 300);
        assertDiskFull(first);
        assertEquals(0, first.received());
        disk.free();
        assertEquals(200, c.fragment(PATH, sid, data, 0, 100, 0, 300).status());
        disk.fillAfter(0);
        RawResponse second = c.fragment(PATH, sid, data, 100, 100, 100, 300);
        assertDiskFull(second);
        assertEquals(100, second.received());
        disk.free();
        assertEquals(200, c.fragment(PATH, sid, data, 100, 100, 100, 300).status());
        disk.fillAfter(1); // the last bytes land, the commit cannot
        RawResponse last = c.fragment(PATH, sid, data, 200, 100, 200, 300);
        assertDiskFull(last);
        assertEquals(300, last.received());
        assertFalse(Files.exists(root.resolve("f.bin")));
        disk.free();
        assertEquals(200, c.fragment(PATH, sid, data, 200, 100, 200, 300).status()); // the resent final fragment
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
        assertEquals(200, c.close(PATH, sid).status());
    }

    @Test
    void aCancelOnAFullDiskReleasesItsSlotAndNeverComesBackAfterARestart() throws Exception {
        disk = FullDisk.on(root);
        start(1);
        String sid = c.newSession(PATH);
        byte[] data = bytes(200, 3);
        assertEquals(200, c.fragment(PATH, sid, data, 0, 100, 0, 200).status());
        disk.fillAfter(0);
        RawResponse cancel = c.cancel(PATH, sid);
        assertEquals(200, cancel.status(), "the end is recorded by removing the session's record, which needs no space");
        assertEquals(200, c.cancel(PATH, sid).status(), "a repeated Cancel");
        disk.free();
        String other = c.newSession("/upload/g.bin"); // maxSessions 1: the cancelled session's slot is free
        assertEquals(200, c.cancel("/upload/g.bin", other).status());
        restart(1);
        RawResponse late = c.fragment(PATH, sid, data, 100, 100, 100, 200);
        assertEquals(500, late.status());
        assertEquals(BG_E_SESSION_NOT_FOUND, late.errorCode());
        RawResponse again = c.fragment(PATH, sid, data, 0, 200, 0, 200);
        assertEquals(BG_E_SESSION_NOT_FOUND, again.errorCode());
        assertFalse(Files.exists(root.resolve("f.bin")), "a cancelled upload is never committed");
        assertFalse(probe().isOnDisk(sid));
    }

    @Test
    void aCloseOnAFullDiskAfterTheCommitIsAcknowledgedAndReleasesItsSlot() throws Exception {
        disk = FullDisk.on(root);
        start(1);
        String sid = c.newSession(PATH);
        assertEquals(200, c.upload(PATH, sid, bytes(50, 4), 50).status());
        disk.fillAfter(0);
        assertEquals(200, c.close(PATH, sid).status());
        disk.free();
        String next = c.newSession("/upload/g.bin");
        assertEquals(200, c.cancel("/upload/g.bin", next).status());
        assertArrayEquals(bytes(50, 4), Files.readAllBytes(root.resolve("f.bin")));
    }

    /** The same outcomes on a real file system that runs out of space: a 1 MiB tmpfs (root on Linux only). */
    @Test
    void aRealTmpfsThatFillsUp() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs Linux tmpfs");
        Path mnt = root.resolve("mnt");
        Files.createDirectory(mnt);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "bitsj-test", mnt.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "skipped: cannot mount a tmpfs here (needs root and mount): " + out.strip());
        try {
            server = TestServers.start(mnt, d -> d.maxFragmentSize(256 * 1024), b -> b.maxSessions(2));
            c = new RawBitsClient(server);
            String big = c.newSession("/upload/big.bin");
            byte[] data = bytes(2 * 1024 * 1024, 5);
            RawResponse r = null;
            int at = 0;
            int size = 128 * 1024;
            while (at < data.length) { // until not even one page is left: the last failed fragment is 4 KiB
                int n = Math.min(size, data.length - at);
                r = c.fragment("/upload/big.bin", big, data, at, n, at, data.length);
                if (r.status() != 200) {
                    if (size == 4096) {
                        break;
                    }
                    assertDiskFull(r);
                    assertEquals(at, r.received());
                    size = 4096;
                    continue;
                }
                at += n;
            }
            assertDiskFull(r);
            assertTrue(r.received() > 0 && r.received() < data.length, "offset " + r.received());
            assertDiskFull(c.createSession("/upload/small.bin"));
            try (SessionAreaProbe onTmpfs = SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", mnt).build())) {
                assertEquals(1, onTmpfs.sessionsOnDisk(), "the failed Create-Session left nothing");
            }
            assertEquals(200, c.cancel("/upload/big.bin", big).status());
            String small = c.newSession("/upload/small.bin");
            assertEquals(200, c.upload("/upload/small.bin", small, bytes(1000, 6), 1000).status());
            assertArrayEquals(bytes(1000, 6), Files.readAllBytes(mnt.resolve("small.bin")));
            assertFalse(Files.exists(mnt.resolve("big.bin")));
        } finally {
            if (c != null) {
                c.close();
                c = null;
            }
            if (server != null) {
                server.close();
                server = null;
            }
            Process u = new ProcessBuilder("umount", mnt.toString()).inheritIO().start();
            if (!u.waitFor(10, TimeUnit.SECONDS) || u.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
