// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process, started through the command line, killed with SIGKILL mid-upload; a new process on the
 * same storage continues the session (SDK: BITS IIS Extension Properties). SIGTERM shuts down gracefully and keeps sessions resumable.
 */
class ProcessKillE2ETest {
    @TempDir
    Path root;

    private static byte[] data(int n) {
        return Props.bytes(42, n);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigkillMidUploadThenANewProcessResumes() throws Exception {
        byte[] data = data(4_000_000);
        String path = "/upload/killed.bin";
        String sid;
        ChildServer first = ChildServer.start(root);
        try (RawBitsClient c = new RawBitsClient(first.uri())) {
            sid = c.newSession(path);
            assertEquals(1_500_000, c.fragment(path, sid, data, 0, 1_500_000, 0, data.length).received());
            // headers and part of a body, then the process dies
            byte[] partial = RawBitsClient.request("BITS_POST", path, Map.of("BITS-Packet-Type", "Fragment",
                    "BITS-Session-Id", sid, "Content-Range", "bytes 1500000-2999999/4000000"),
                    Arrays.copyOfRange(data, 1_500_000, 2_200_000), 1_500_000);
            c.writeRaw(partial);
            first.process().destroyForcibly();
            assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        }
        ChildServer second = ChildServer.start(root);
        try (RawBitsClient c = new RawBitsClient(second.uri())) {
            assertEquals(200, c.ping(path).status());
            RawResponse r = c.fragment(path, sid, data, 3_000_000, 1_000_000, 3_000_000, data.length);
            assertEquals(416, r.status(), "the client is ahead of the durable bytes");
            long durable = r.received();
            assertTrue(durable >= 1_500_000 && durable <= 2_200_000, "durable offset " + durable);
            long pos = durable;
            while (pos < data.length) {
                int len = (int) Math.min(1_000_000, data.length - pos);
                pos = c.fragment(path, sid, data, (int) pos, len, pos, data.length).received();
            }
            assertEquals(200, c.close(path, sid).status());
        } finally {
            second.process().destroy(); // SIGTERM: graceful
            assertTrue(second.process().waitFor(30, TimeUnit.SECONDS));
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("killed.bin")));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigtermKeepsIncompleteSessionsResumable() throws Exception {
        byte[] data = data(100_000);
        String path = "/upload/termed.bin";
        String sid;
        ChildServer first = ChildServer.start(root);
        try (RawBitsClient c = new RawBitsClient(first.uri())) {
            sid = c.newSession(path);
            assertEquals(40_000, c.fragment(path, sid, data, 0, 40_000, 0, data.length).received());
        }
        first.process().destroy();
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            RawResponse r = c.fragment(path, sid, data, 40_000, 60_000, 40_000, data.length);
            assertEquals(200, r.status());
            assertEquals(data.length, r.received());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("termed.bin")));
    }
}
