// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fragment whose body stalls holds its session's lock; the same session resumed on a new connection wins (D42):
 * the stalled request is cut off, the resume is answered at once, and the upload completes byte-identical.
 */
class NewerRequestWinsE2ETest {
    @TempDir
    Path root;

    /** Sends a Fragment for {@code data[0, len)} but only {@code sent} bytes of its body, and leaves it open. */
    private static void stalledFragment(RawBitsClient c, String path, String sid, byte[] data, int len, int sent,
            long total) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", sid);
        h.put("Content-Range", "bytes 0-" + (len - 1) + "/" + total);
        c.writeRaw(RawBitsClient.request("BITS_POST", path, h, Arrays.copyOf(data, sent), len));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aResumeOnANewConnectionCutsOffAStalledFragment() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(42).nextBytes(data);
        String path = "/upload/stalled.bin";
        try (BitsServer server = TestServers.start(root);
                RawBitsClient stalled = new RawBitsClient(server);
                RawBitsClient resume = new RawBitsClient(server)) {
            String sid = resume.newSession(path);
            stalledFragment(stalled, path, sid, data, 2_000_000, 700_000, data.length);
            Thread.sleep(300); // the server is now inside the body, waiting for bytes that do not come

            long t0 = System.nanoTime();
            RawResponse r = resume.fragment(path, sid, data, 0, 1_000_000, 0, data.length);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.status(), r.statusLine() + " " + r.headers());
            assertTrue(millis < 1000, "the resume was answered in " + millis + " ms");
            assertEquals(1_000_000, r.received(), "the overlap is accepted and the offset follows the held prefix");
            assertTrue(stalled.closedByPeer(Duration.ofSeconds(5)), "the stalled request's connection is closed");

            long pos = r.received();
            while (pos < data.length) {
                int len = (int) Math.min(500_000, data.length - pos);
                RawResponse f = resume.fragment(path, sid, data, (int) pos, len, pos, data.length);
                assertEquals(200, f.status(), f.statusLine());
                pos = f.received();
            }
            assertEquals(200, resume.close(path, sid).status());
            assertArrayEquals(data, Files.readAllBytes(root.resolve("stalled.bin")));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCancelOnANewConnectionCutsOffAStalledFragment() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(7).nextBytes(data);
        String path = "/upload/cancelled.bin";
        try (BitsServer server = TestServers.start(root);
                RawBitsClient stalled = new RawBitsClient(server);
                RawBitsClient other = new RawBitsClient(server)) {
            String sid = other.newSession(path);
            stalledFragment(stalled, path, sid, data, data.length, 10_000, data.length);
            Thread.sleep(300);
            long t0 = System.nanoTime();
            assertEquals(200, other.cancel(path, sid).status());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "the Cancel was answered at once");
            assertEquals(0, server.openSessions());
            assertTrue(stalled.closedByPeer(Duration.ofSeconds(5)));
            assertTrue(Files.notExists(root.resolve("cancelled.bin")));
        }
    }
}
