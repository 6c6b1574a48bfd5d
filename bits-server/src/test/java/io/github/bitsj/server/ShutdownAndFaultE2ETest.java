// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Graceful close finishes in-flight requests; an unexpected fault becomes 500 + E_FAIL, never an escape. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownAndFaultE2ETest {
    @TempDir
    Path root;

    @Test
    void closeFinishesAnInFlightFragmentAndKeepsTheSessionResumable() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(7).nextBytes(data);
        String path = "/upload/inflight.bin";
        BitsServer server = TestServers.start(root);
        String sid;
        CompletableFuture<Void> closing;
        try (RawBitsClient c = new RawBitsClient(server)) {
            sid = c.newSession(path);
            byte[] head = RawBitsClient.request("BITS_POST", path, Map.of("BITS-Packet-Type", "Fragment",
                    "BITS-Session-Id", sid, "Content-Range", "bytes 0-999999/2000000"),
                    Arrays.copyOfRange(data, 0, 600_000), 1_000_000);
            c.writeRaw(head);
            SessionAreaProbe area = SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (area.stagedBytes(sid) == 0) { // the handler is writing: the request is in flight
                assertTrue(System.nanoTime() < deadline, "fragment never started");
                LockSupport.parkNanos(1_000_000);
            }
            closing = CompletableFuture.runAsync(server::close);
            c.writeRaw(Arrays.copyOfRange(data, 600_000, 1_000_000));
            RawResponse r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals(1_000_000, r.received());
        }
        closing.get(30, TimeUnit.SECONDS);
        try (BitsServer next = TestServers.start(root); RawBitsClient c = new RawBitsClient(next)) {
            RawResponse r = c.fragment(path, sid, data, 1_000_000, 1_000_000, 1_000_000, data.length);
            assertEquals(200, r.status());
            assertEquals(data.length, r.received());
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("inflight.bin")));
    }

    @Test
    void anUnexpectedFaultIs500WithAGenericHresultAndTheServerKeepsWorking() throws Exception {
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            Path area = root.resolve("BITS-Sessions");
            Files.delete(area.resolve("area.lock")); // the running server's claim (D56)
            Files.delete(area);
            Files.writeString(area, "not a directory"); // the session area breaks under the server
            RawResponse r = c.createSession("/upload/x.bin");
            assertEquals(500, r.status());
            assertEquals("0x80004005", r.errorCode());
            assertEquals("Ack", r.require("BITS-Packet-Type"));
            assertEquals(200, c.ping("/upload/x.bin").status(), "same connection, next request fine");
            Files.delete(area);
            Files.createDirectory(area);
            assertTrue(c.newSession("/upload/x.bin").startsWith("{"));
        }
    }
}
