// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-protection limits the command line sets on the JDK server (JVM-global, so only testable in a child
 * process): header count, header size and request time.
 */
class CliLimitsE2ETest {
    @TempDir
    Path root;

    /** Either a 4xx answer or a closed connection: the request never reaches a handler. */
    private static void assertRefused(RawBitsClient c, byte[] request) {
        try {
            RawResponse r = c.exchange(request);
            assertTrue(r.status() >= 400 && r.status() < 500, r.statusLine());
        } catch (IOException closed) {
            // refused by closing the connection
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void headerCountHeaderSizeAndRequestTimeAreLimited() throws Exception {
        ChildServer child = ChildServer.start(root, "--engine", "jdk", "--max-header-count", "20", "--max-header-size", "4096",
                "--max-request-time", "1s");
        try {
            Map<String, String> many = new LinkedHashMap<>();
            many.put("BITS-Packet-Type", "Ping");
            for (int i = 0; i < 30; i++) {
                many.put("X-Filler-" + i, "x");
            }
            try (RawBitsClient c = new RawBitsClient(child.uri())) {
                assertRefused(c, RawBitsClient.request("BITS_POST", "/upload/a", many, new byte[0], 0));
            }
            try (RawBitsClient c = new RawBitsClient(child.uri())) {
                assertRefused(c, RawBitsClient.request("BITS_POST", "/upload/a",
                        Map.of("BITS-Packet-Type", "Ping", "X-Big", "y".repeat(8000)), new byte[0], 0));
            }
            try (RawBitsClient c = new RawBitsClient(child.uri())) {
                assertEquals(200, c.ping("/upload/a").status(), "ordinary requests still work");
            }
            // a request whose body never finishes is cut off after the request time
            try (RawBitsClient c = new RawBitsClient(child.uri())) {
                c.writeRaw(RawBitsClient.request("BITS_POST", "/upload/a", Map.of("BITS-Packet-Type", "Fragment",
                        "BITS-Session-Id", "{00000000-0000-0000-0000-000000000000}",
                        "Content-Range", "bytes 0-99/100"), "12345".getBytes(StandardCharsets.ISO_8859_1), 100));
                assertTrue(c.closedByPeer(Duration.ofSeconds(30)), "the stalled request was not cut off");
            }
        } finally {
            child.process().destroy();
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
        }
    }
}
