// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import io.github.bitsj.server.testkit.ServerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server farms on shared storage (README "Server farms", D51): nodes on one directory continue each other's sessions,
 * the per-session file lock keeps two nodes from writing one session at once, a killed node's lock goes with it, and
 * sweeping on every node never deletes a session another node is using.
 */
class FarmLockE2ETest {
    private static final String PATH = "/upload/shared.bin";

    @TempDir
    Path root;

    private static Map<String, String> fragmentHeaders(String sid, long first, long last, long total) {
        return Map.of("BITS-Packet-Type", "Fragment", "BITS-Session-Id", sid,
                "Content-Range", "bytes " + first + "-" + last + "/" + total);
    }

    /**
     * Two node processes get the same fragment of one session at once: the first holds the session's lock while its
     * body arrives, the second waits for it, then reads the session back and answers by the protocol (the range is
     * already held: 200 with the new offset). The file is byte-identical.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoNodesWritingOneSessionAtOnceOneWinsTheOtherAnswersByTheProtocol() throws Exception {
        byte[] data = Props.bytes(12, 2_000_000);
        int half = 1_000_000;
        try (ServerNode a = ServerNode.start(root, 0, "--farm");
                ServerNode b = ServerNode.start(root, 0, "--farm");
                RawBitsClient ca = new RawBitsClient(a.uri()); RawBitsClient cb = new RawBitsClient(b.uri())) {
            String sid = ca.newSession(PATH);
            // node a: headers and part of the body; it holds the session while the rest is outstanding
            ca.writeRaw(RawBitsClient.request("BITS_POST", PATH, fragmentHeaders(sid, 0, half - 1, data.length),
                    Arrays.copyOfRange(data, 0, 300_000), half));
            Thread.sleep(300); // not synchronisation: node a must have taken the lock before node b asks
            CompletableFuture<RawResponse> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return cb.fragment(PATH, sid, data, 0, half, 0, data.length);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertFalse(second.isDone(), "node b waits for the session node a is writing");
            ca.writeRaw(Arrays.copyOfRange(data, 300_000, half));
            RawResponse first = ca.readResponse();
            assertEquals(200, first.status());
            assertEquals(half, first.received());
            RawResponse loser = second.get(30, TimeUnit.SECONDS);
            assertTrue(loser.status() == 200 || loser.status() == 416, "by the protocol: " + loser.statusLine());
            assertEquals(half, loser.received(), "the loser reports the offset node a reached");
            // the rest through node b, Close-Session through node a
            RawResponse last = cb.fragment(PATH, sid, data, half, data.length - half, half, data.length);
            assertEquals(200, last.status());
            assertEquals(data.length, last.received());
            assertEquals(200, ca.close(PATH, sid).status());
            assertEquals(200, cb.close(PATH, sid).status(), "a repeated Close on the other node: the tombstone");
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("shared.bin")));
    }

    /** A node SIGKILLed while writing a session loses its lock with its process: another node continues at once. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aKilledNodesLockVanishesAndAnotherNodeContinues() throws Exception {
        byte[] data = Props.bytes(13, 1_500_000);
        try (ServerNode a = ServerNode.start(root, 0, "--farm");
                ServerNode b = ServerNode.start(root, 0, "--farm");
                RawBitsClient cb = new RawBitsClient(b.uri())) {
            String sid;
            try (RawBitsClient ca = new RawBitsClient(a.uri())) {
                sid = ca.newSession(PATH);
                ca.writeRaw(RawBitsClient.request("BITS_POST", PATH, fragmentHeaders(sid, 0, 999_999, data.length),
                        Arrays.copyOfRange(data, 0, 400_000), 1_000_000));
                Thread.sleep(300); // not synchronisation: let node a store some of the body
                a.kill();
            }
            long start = System.nanoTime();
            RawResponse r = cb.fragment(PATH, sid, data, 1_000_000, 500_000, 1_000_000, data.length);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "no wait for a dead node's lock");
            assertEquals(416, r.status(), "ahead of what node a stored");
            long held = r.received();
            assertTrue(held <= 400_000, "node a stored at most what it got: " + held);
            RawResponse done = cb.upload(PATH, sid, data, 256 * 1024);
            assertEquals(data.length, done.received());
            assertEquals(200, cb.close(PATH, sid).status());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("shared.bin")));
    }

    /**
     * Sweeping on every node: a node whose own view of a session is idle re-reads it under its lock and keeps it when
     * another node used it since; a session in use (its lock held) is never swept; a node sweeps sessions it never
     * saw (those of a dead node) once they are idle.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sweepingOnEveryNodeKeepsWhatAnotherNodeUses() throws Exception {
        long timeout = 5_000;
        byte[] data = Props.bytes(14, 300_000);
        try (BitsServer a = TestServers.start(root, d -> d.farm(true).sessionTimeout(Duration.ofMillis(timeout)));
                BitsServer b = TestServers.start(root, d -> d.farm(true).sessionTimeout(Duration.ofMillis(timeout)));
                RawBitsClient ca = new RawBitsClient(a); RawBitsClient cb = new RawBitsClient(b)) {
            String sid = ca.newSession(PATH);
            long t0 = System.currentTimeMillis(); // node a's own view of the session's last activity is before this
            Thread.sleep(1_500); // not synchronisation: node b's use must be measurably later than node a's
            assertEquals(100_000, cb.fragment(PATH, sid, data, 0, 100_000, 0, data.length).received());
            long tb = System.currentTimeMillis();
            assertEquals(0, a.sweepAt(t0 + timeout + 100), "node a's stale view is idle, the session area's is not");
            // mid-body on node b: the lock is held, no node sweeps it even long after the timeout
            cb.writeRaw(RawBitsClient.request("BITS_POST", PATH, fragmentHeaders(sid, 100_000, 199_999, data.length),
                    Arrays.copyOfRange(data, 100_000, 150_000), 100_000));
            Thread.sleep(300); // not synchronisation: node b must hold the lock
            assertEquals(0, a.sweepAt(tb + 10 * timeout), "a session being written is not swept");
            cb.writeRaw(Arrays.copyOfRange(data, 150_000, 200_000));
            assertEquals(200_000, cb.readResponse().received());
            assertEquals(300_000, ca.fragment(PATH, sid, data, 200_000, 100_000, 200_000, data.length).received());
            assertEquals(200, cb.close(PATH, sid).status());
            // a session only node b knows (as if its creator died) is swept by node a once idle
            String orphan = cb.newSession("/upload/orphan.bin");
            SessionAreaProbe probe = SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build());
            assertTrue(probe.isOnDisk(orphan));
            assertTrue(a.sweepAt(System.currentTimeMillis() + 2 * timeout) >= 1, "node a sweeps what it never saw");
            assertFalse(probe.isOnDisk(orphan));
            RawResponse gone = cb.fragment("/upload/orphan.bin", orphan, data, 0, 10, 0, 10);
            assertEquals(500, gone.status(), "node b reads the session back: gone");
            assertEquals("0x8020001F", gone.errorCode());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("shared.bin")));
    }

    /**
     * Without {@code --farm} a server is its directory's only user (D56): a second server on the same directory fails
     * to start and names the option, with or without it, and the first keeps serving; once the first is killed, its
     * claim goes with it and a new server starts on the directory and continues its session.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aSecondServerOnADirectoryNotSharedAsAFarmFailsToStartAndNamesTheOption() throws Exception {
        byte[] data = Props.bytes(13, 200_000);
        ServerNode a = ServerNode.start(root, 0);
        String sid;
        try (RawBitsClient ca = new RawBitsClient(a.uri())) {
            sid = ca.newSession(PATH);
            assertEquals(100_000, ca.fragment(PATH, sid, data, 0, 100_000, 0, data.length).received());
            for (String[] extra : new String[][] {{}, {"--farm"}}) {
                IOException e = assertThrows(IOException.class, () -> ServerNode.start(root, 0, extra));
                assertTrue(e.getMessage().contains("--farm"), e.getMessage());
                assertTrue(e.getMessage().contains("another bits-server uses the session area"), e.getMessage());
            }
            assertEquals(150_000, ca.fragment(PATH, sid, data, 100_000, 50_000, 100_000, data.length).received(),
                    "the first server keeps serving");
        } finally {
            a.kill();
        }
        try (ServerNode b = ServerNode.start(root, 0); RawBitsClient cb = new RawBitsClient(b.uri())) {
            assertEquals(200_000, cb.fragment(PATH, sid, data, 150_000, 50_000, 150_000, data.length).received(),
                    "the killed server's claim went with it; its session continues");
            assertEquals(200, cb.close(PATH, sid).status());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("shared.bin")));
    }
}
