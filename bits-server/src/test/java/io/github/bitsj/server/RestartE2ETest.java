// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions survive a restart, including an abrupt one (SDK: BITS IIS Extension Properties); the sweeper removes idle sessions with their
 * files (SDK: Virtual Directory Cleanup).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartE2ETest {
    @TempDir
    Path root;

    private static byte[] data(int n, long seed) {
        return Props.bytes(seed, n);
    }

    /** The session area of the directory {@link TestServers} serves, seen through the server's own code. */
    private SessionAreaProbe area() throws IOException {
        return SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build());
    }

    @Test
    void abruptStopMidUploadThenResumeOnANewServer() throws Exception {
        byte[] data = data(3_000_000, 1);
        String path = "/upload/resume.bin";
        String sid;
        BitsServer first = TestServers.start(root);
        try (RawBitsClient c = new RawBitsClient(first)) {
            sid = c.newSession(path);
            assertEquals(1_000_000, c.fragment(path, sid, data, 0, 1_000_000, 0, data.length).received());
            // a fragment cut off mid-body: the server keeps what it stored
            c.interruptedFragment(path, sid, data, 1_000_000, 1_000_000, 400_000, data.length);
        }
        first.halt(); // no graceful path: as if killed
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            // the client resumes where it believes it is; the server resynchronises it (Fragment table rows 8-10)
            RawResponse r = c.fragment(path, sid, data, 1_000_000, 500_000, 1_000_000, data.length);
            assertEquals(200, r.status());
            assertEquals(1_500_000, r.received());
            long pos = r.received();
            while (pos < data.length) {
                int len = (int) Math.min(700_000, data.length - pos);
                pos = c.fragment(path, sid, data, (int) pos, len, pos, data.length).received();
            }
            assertArrayEquals(data, Files.readAllBytes(root.resolve("resume.bin")));
            assertEquals(200, c.close(path, sid).status());
        }
    }

    // An in-JVM halt keeps the OS page cache, so this drives the durable-write path end to end (fsync per fragment,
    // recovery, resume) but cannot tell it from non-durable mode; power-loss safety is not testable here.
    @Test
    void durableModeResumesAfterAnAbruptStop() throws Exception {
        byte[] data = data(1_000_000, 9);
        String path = "/upload/durable.bin";
        String sid;
        BitsServer first = TestServers.start(root, d -> d, c -> c.durableWrites(true));
        try (RawBitsClient c = new RawBitsClient(first)) {
            sid = c.newSession(path);
            assertEquals(300_000, c.fragment(path, sid, data, 0, 300_000, 0, data.length).received());
        }
        first.halt();
        try (BitsServer second = TestServers.start(root, d -> d, c -> c.durableWrites(true));
                RawBitsClient c = new RawBitsClient(second)) {
            assertEquals(data.length, c.upload(path, sid, data, 300_000).received());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("durable.bin")));
    }

    @Test
    void gapAfterRestartGets416WithTheDurableOffset() throws Exception {
        byte[] data = data(100_000, 2);
        String path = "/upload/gap.bin";
        String sid;
        BitsServer first = TestServers.start(root);
        try (RawBitsClient c = new RawBitsClient(first)) {
            sid = c.newSession(path);
            c.fragment(path, sid, data, 0, 30_000, 0, data.length);
        }
        first.halt();
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            RawResponse r = c.fragment(path, sid, data, 60_000, 10_000, 60_000, data.length);
            assertEquals(416, r.status());
            assertEquals(30_000, r.received());
            assertEquals(200, c.upload(path, sid, data, 40_000).status());
            assertArrayEquals(data, Files.readAllBytes(root.resolve("gap.bin")));
        }
    }

    @Test
    void committedAndClosedSessionsKeepTheirAnswersAcrossARestart() throws Exception {
        byte[] data = data(5000, 3);
        String sidCommitted;
        String sidClosed;
        try (BitsServer first = TestServers.start(root); RawBitsClient c = new RawBitsClient(first)) {
            sidCommitted = c.newSession("/upload/a.bin");
            c.upload("/upload/a.bin", sidCommitted, data, 5000);
            sidClosed = c.newSession("/upload/b.bin");
            c.upload("/upload/b.bin", sidClosed, data, 5000);
            c.close("/upload/b.bin", sidClosed);
        } // graceful close this time
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            RawResponse replay = c.fragment("/upload/a.bin", sidCommitted, data, 0, 5000, 0, 5000);
            assertEquals(200, replay.status());
            assertEquals(5000, replay.received());
            assertEquals(200, c.close("/upload/a.bin", sidCommitted).status());
            assertEquals(200, c.close("/upload/b.bin", sidClosed).status(), "tombstone survives");
            assertEquals(0, second.openSessions());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("a.bin")));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("b.bin")));
    }

    @Test
    void aCrashBetweenTheLastWriteAndTheCommitIsCompletedByTheNextPacket() throws Exception {
        byte[] data = data(10_000, 6);
        String sidReplay;
        String sidClose;
        BitsServer first = TestServers.start(root);
        try (RawBitsClient c = new RawBitsClient(first)) {
            sidReplay = c.newSession("/upload/r.bin");
            c.fragment("/upload/r.bin", sidReplay, data, 0, 9_999, 0, data.length);
            sidClose = c.newSession("/upload/q.bin");
            c.fragment("/upload/q.bin", sidClose, data, 0, 9_999, 0, data.length);
        }
        first.halt();
        // simulate the crash window: the last byte reached the staging file, the commit did not happen
        SessionAreaProbe area = area();
        area.writeWithoutCommit(sidReplay, new byte[] {data[9_999]});
        area.writeWithoutCommit(sidClose, new byte[] {data[9_999]});
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            RawResponse replay = c.fragment("/upload/r.bin", sidReplay, data, 9_999, 1, 9_999, data.length);
            assertEquals(200, replay.status());
            assertEquals(data.length, replay.received());
            assertArrayEquals(data, Files.readAllBytes(root.resolve("r.bin")));
            assertFalse(Files.exists(root.resolve("q.bin")));
            assertEquals(200, c.close("/upload/q.bin", sidClose).status(), "Close-Session ensures the commit");
            assertArrayEquals(data, Files.readAllBytes(root.resolve("q.bin")));
        }
    }

    /**
     * A crash after the commit's rename (or hard link + unlink) and before the COMMITTED record: the staging file
     * is already the destination. The session must come back as committed (Fragment table row 11), not restart at 0
     * (which, with overwrites off, would end in 403 for an upload that was delivered).
     */
    @Test
    void aCrashAfterTheCommitRenameBeforeItsRecordKeepsTheUploadCommitted() throws Exception {
        byte[] data = data(10_000, 8);
        String sidReplay;
        String sidClose;
        BitsServer first = TestServers.start(root);
        try (RawBitsClient c = new RawBitsClient(first)) {
            sidReplay = c.newSession("/upload/r.bin");
            c.fragment("/upload/r.bin", sidReplay, data, 0, 9_999, 0, data.length);
            sidClose = c.newSession("/upload/q.bin");
            c.fragment("/upload/q.bin", sidClose, data, 0, 9_999, 0, data.length);
        }
        first.halt();
        // simulate the crash window: the last byte was written and the staging file placed, nothing recorded
        SessionAreaProbe area = area();
        area.writeAndPlaceWithoutRecord(sidReplay, new byte[] {data[9_999]});
        area.writeAndPlaceWithoutRecord(sidClose, new byte[] {data[9_999]});
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            RawResponse replay = c.fragment("/upload/r.bin", sidReplay, data, 9_999, 1, 9_999, data.length);
            assertEquals(200, replay.status());
            assertEquals(data.length, replay.received());
            assertEquals(200, c.close("/upload/q.bin", sidClose).status());
            assertEquals(200, c.cancel("/upload/r.bin", sidReplay).status(), "cancel after commit keeps the file");
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("r.bin")));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("q.bin")));
    }

    /**
     * Recovery deletes only session directories it could have created: a session area pointed at an existing
     * folder (say {@code --session-directory docs}) must not be wiped at start.
     */
    @Test
    void recoveryLeavesForeignEntriesOfTheSessionAreaAlone() throws Exception {
        Path area = Files.createDirectories(root.resolve("BITS-Sessions"));
        Files.writeString(area.resolve("notes.txt"), "keep me");
        Path folder = Files.createDirectory(area.resolve("Project"));
        Files.writeString(folder.resolve("plan.txt"), "keep me too");
        Path upperHex = Files.createDirectory(area.resolve("0123456789ABCDEF0123456789ABCDEF"));
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/n.bin");
            assertEquals(3, c.upload("/upload/n.bin", sid, data(3, 7), 3).received());
        }
        assertEquals("keep me", Files.readString(area.resolve("notes.txt")));
        assertEquals("keep me too", Files.readString(folder.resolve("plan.txt")));
        assertTrue(Files.isDirectory(upperHex));
    }

    @Test
    void corruptSessionMetadataIsDiscardedNotTrusted() throws Exception {
        String sid;
        try (BitsServer first = TestServers.start(root); RawBitsClient c = new RawBitsClient(first)) {
            sid = c.newSession("/upload/c.bin");
            c.fragment("/upload/c.bin", sid, data(10, 4), 0, 10, 0, 20);
        }
        area().tamperDestination(sid, "../../escape.bin");
        try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
            RawResponse r = c.fragment("/upload/c.bin", sid, data(20, 4), 10, 10, 10, 20);
            assertEquals(500, r.status());
            assertEquals("0x8020001F", r.errorCode());
        }
        assertFalse(area().isOnDisk(sid));
        assertFalse(Files.exists(root.getParent().resolve("escape.bin")));
    }

    @Test
    void recoveryAppliesTheRequestPathRulesToPersistedDestinations() throws Exception {
        // one rule set for requests and recovery: a tampered record naming the session area, or a path a request
        // could not name (too many segments), is discarded like an escape
        for (String bad : List.of("BITS-Sessions/x.bin", "d/".repeat(40) + "x.bin")) {
            String sid;
            try (BitsServer first = TestServers.start(root); RawBitsClient c = new RawBitsClient(first)) {
                sid = c.newSession("/upload/t.bin");
                c.fragment("/upload/t.bin", sid, data(10, 6), 0, 10, 0, 20);
            }
            area().tamperDestination(sid, bad);
            try (BitsServer second = TestServers.start(root); RawBitsClient c = new RawBitsClient(second)) {
                RawResponse r = c.fragment("/upload/t.bin", sid, data(20, 6), 10, 10, 10, 20);
                assertEquals(500, r.status(), bad);
                assertEquals("0x8020001F", r.errorCode(), bad);
            }
            assertFalse(area().isOnDisk(sid), bad);
        }
    }

    @Test
    void sweeperRemovesIdleSessionsWithTheirFiles() throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d.sessionTimeout(Duration.ofSeconds(5)));
                RawBitsClient c = new RawBitsClient(server)) {
            String idle = c.newSession("/upload/idle.bin");
            c.fragment("/upload/idle.bin", idle, data(10, 5), 0, 10, 0, 20);
            assertEquals(0, server.sweepAt(System.currentTimeMillis() + 1000), "nothing is idle yet");
            assertEquals(1, area().sessionsOnDisk());
            assertEquals(1, server.sweepAt(System.currentTimeMillis() + 6000));
            assertEquals(0, area().sessionsOnDisk(), "session directory and staging file are gone");
            RawResponse r = c.fragment("/upload/idle.bin", idle, data(20, 5), 10, 10, 10, 20);
            assertEquals(500, r.status());
            assertEquals("0x8020001F", r.errorCode());
            assertEquals(0, server.openSessions());
            assertTrue(c.newSession("/upload/idle.bin").startsWith("{"), "the destination is free again");
        }
    }
    /**
     * The idle clock restarts when a fragment has been processed, not when it began (MC-BUP §3.2.2.1, SDK: Virtual Directory Cleanup):
     * a fragment slower than the session timeout must not leave its session expired right after its 200.
     */
    @Test
    void idleClockRestartsWhenAFragmentEndsNotWhenItBegins() throws Exception {
        long timeout = 5_000;
        try (BitsServer server = TestServers.start(root, d -> d.sessionTimeout(Duration.ofMillis(timeout)));
                RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/slow.bin");
            byte[] data = data(40, 6);
            byte[] head = RawBitsClient.request("BITS_POST", "/upload/slow.bin",
                    java.util.Map.of("BITS-Packet-Type", "Fragment", "BITS-Session-Id", sid,
                            "Content-Range", "bytes 0-19/40"), java.util.Arrays.copyOf(data, 10), 20);
            long t0 = System.currentTimeMillis();
            c.writeRaw(head);
            Thread.sleep(300); // not synchronisation: the body's second half must arrive measurably later
            c.writeRaw(java.util.Arrays.copyOfRange(data, 10, 20));
            RawResponse r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals(20, r.received());
            // idle for less than the timeout since the fragment ended, for more since it began
            assertEquals(0, server.sweepAt(t0 + 300 + timeout - 1), "a session that just made progress is not idle");
            assertEquals(40, c.fragment("/upload/slow.bin", sid, data, 20, 20, 20, 40).received());
        }
        assertArrayEquals(data(40, 6), Files.readAllBytes(root.resolve("slow.bin")));
    }
}
