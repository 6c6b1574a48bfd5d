// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wire-level robustness (MC-BUP §2.2.1, bits-protocol/README.md): requests the Windows client never sends but a server must survive
 * with a clear answer and a keep-alive connection that stays in sync.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RobustnessE2ETest {
    @TempDir
    Path root;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static Map<String, String> fragmentHeaders(String sid, String range) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", sid);
        h.put("Content-Range", range);
        return h;
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void chunkedFragmentIs400AndTheConnectionStaysInSync(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/f.bin");
            String head = "BITS_POST /upload/f.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Fragment\r\n"
                    + "BITS-Session-Id: " + sid + "\r\nContent-Range: bytes 0-9/10\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + "a\r\n0123456789\r\n0\r\n\r\n";
            RawResponse r = c.exchange(head.getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, r.status());
            assertEquals("0x80070057", r.errorCode());
            assertEquals(200, c.ping("/upload/f.bin").status(), "connection still in sync");
            assertEquals(10, c.fragment("/upload/f.bin", sid, data(10), 0, 10).received());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void expectContinueGetsTheBodyAccepted(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/e.bin");
            Map<String, String> h = fragmentHeaders(sid, "bytes 0-9/10");
            h.put("Expect", "100-continue");
            RawResponse r = c.exchange(RawBitsClient.request("BITS_POST", "/upload/e.bin", h, data(10), 10));
            assertEquals(200, r.status());
            assertEquals(10, r.received());
        }
        assertArrayEquals(data(10), Files.readAllBytes(root.resolve("e.bin")));
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void pipelinedRequestsAreAnsweredInOrder(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/p.bin");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(RawBitsClient.request("BITS_POST", "/upload/p.bin", fragmentHeaders(sid, "bytes 5-9/10"),
                    Arrays.copyOfRange(data(10), 5, 10), 5)); // gap: 416, body must be skipped
            all.write(RawBitsClient.request("BITS_POST", "/upload/p.bin", Map.of("BITS-Packet-Type", "Ping"),
                    "xyz".getBytes(StandardCharsets.US_ASCII), 3)); // body on Ping: 400
            all.write(RawBitsClient.request("BITS_POST", "/upload/p.bin", fragmentHeaders(sid, "bytes 0-9/10"),
                    data(10), 10));
            c.writeRaw(all.toByteArray());
            RawResponse gap = c.readResponse();
            RawResponse ping = c.readResponse();
            RawResponse ok = c.readResponse();
            assertEquals(416, gap.status());
            assertEquals(0, gap.received());
            assertEquals(400, ping.status());
            assertEquals(200, ok.status());
            assertEquals(10, ok.received());
        }
        assertArrayEquals(data(10), Files.readAllBytes(root.resolve("p.bin")));
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void contentLengthShorterThanTheRangeIs400AndTheBodyIsSkipped(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/m.bin");
            RawResponse r = c.exchange(RawBitsClient.request("BITS_POST", "/upload/m.bin",
                    fragmentHeaders(sid, "bytes 0-9/10"), data(4), 4));
            assertEquals(400, r.status());
            assertEquals("0x80070057", r.errorCode());
            assertEquals(sid, r.require("BITS-Session-Id"));
            assertEquals(10, c.fragment("/upload/m.bin", sid, data(10), 0, 10).received());
        }
    }
}
