// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP-layer answers on each engine (issue #9): paths outside every upload prefix, the prefix boundary, the
 * bound port, list headers, transfer codings and bad lengths; the same server code on the JDK's engine and Jetty's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineE2ETest {
    private static final String OTHER_PROTOCOL = "{11111111-2222-3333-4444-555555555555}";

    @TempDir
    Path root;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + 5);
        }
        return b;
    }

    private static void assertAck(RawResponse r, int status, String code) {
        assertEquals(status, r.status(), r.statusLine());
        assertEquals("Ack", r.require("BITS-Packet-Type"));
        assertEquals(code, r.errorCode());
        assertEquals("0x5", r.require("BITS-Error-Context"));
        assertEquals(0, r.body().length, "an Ack has no body");
    }

    private static byte[] raw(String head) {
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void portZeroGivesTheBoundPortAndAnUploadCompletes(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            assertNotEquals(0, server.port());
            assertEquals(server.port(), server.uri().getPort(), server.uri().toString());
            assertEquals(engine, server.config().engine());
            String sid = c.newSession("/upload/u.bin");
            assertEquals(200, c.upload("/upload/u.bin", sid, data(100_000), 30_000).status());
            assertEquals(200, c.close("/upload/u.bin", sid).status());
        }
        assertArrayEquals(data(100_000), Files.readAllBytes(root.resolve("u.bin")));
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void bitsPostOutsideEveryPrefixIsA404Ack(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            assertAck(c.ping("/elsewhere/a.bin"), 404, "0x80070003");
            assertAck(c.ping("/"), 404, "0x80070003");
            assertAck(c.createSession("/uploadX/a.bin"), 404, "0x80070003");
            assertEquals(200, c.ping("/upload/a.bin").status(), "keep-alive connection still in sync");
            RawResponse get = c.send("GET", "/elsewhere", Map.of(), new byte[0]);
            assertEquals(404, get.status());
            assertTrue(get.header("BITS-Packet-Type").isEmpty(), "a GET is no BITS packet");
        }
        assertFalse(Files.exists(root.resolve("a.bin")));
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void thePrefixMatchesWholeSegmentsWithOrWithoutATrailingSlash(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            assertEquals(200, c.ping("/upload").status());
            assertEquals(200, c.ping("/upload/").status());
            assertEquals(200, c.ping("/upload/x/y").status());
            assertAck(c.ping("/uploadX"), 404, "0x80070003");
            assertAck(c.ping("/uploads/a"), 404, "0x80070003");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void twoProtocolGuidsInOneHeaderAreOneList(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("BITS-Packet-Type", "Create-Session");
            h.put("BITS-Supported-Protocols", OTHER_PROTOCOL + "," + RawBitsClient.PROTOCOL);
            RawResponse r = c.send("BITS_POST", "/upload/p.bin", h, new byte[0]);
            assertEquals(200, r.status(), r.statusLine() + " " + r.headers());
            assertEquals(RawBitsClient.PROTOCOL, r.require("BITS-Protocol").toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * {@code Transfer-Encoding: gzip, chunked}, {@code Content-Length: -1}: Jetty lets the server answer with an Ack
     * (400 {@code E_INVALIDARG}); the JDK engine rejects them itself before any handler runs, with a plain error page
     * and a closed connection (a documented limit of that engine).
     */
    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void unsupportedTransferCodingAndNegativeLengthAreRefused(HttpEngine engine) throws Exception {
        String ping = "BITS_POST /upload/t HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Ping\r\n";
        try (BitsServer server = TestServers.start(engine, root)) {
            try (RawBitsClient c = new RawBitsClient(server)) {
                RawResponse r = c.exchange(raw(ping + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"));
                if (engine == HttpEngine.JETTY) {
                    assertAck(r, 400, "0x80070057");
                } else {
                    assertEquals(501, r.status(), "the JDK engine's own answer");
                }
            }
            try (RawBitsClient c = new RawBitsClient(server)) {
                RawResponse r = c.exchange(raw(ping + "Content-Length: -1\r\n\r\n"));
                if (engine == HttpEngine.JETTY) {
                    assertAck(r, 400, "0x80070057");
                } else {
                    assertEquals(400, r.status(), "the JDK engine's own answer");
                }
            }
            try (RawBitsClient c = new RawBitsClient(server)) {
                RawResponse r = c.exchange(raw("BITS_POST /upload/t HTTP/1.1\r\nHost: x\r\nBITS Packet-Type: Ping"
                        + "\r\n\r\n"));
                assertEquals(400, r.status());
                if (engine == HttpEngine.JETTY) {
                    assertAck(r, 400, "0x80070057");
                }
            }
            try (RawBitsClient c = new RawBitsClient(server)) {
                assertEquals(200, c.ping("/upload/t").status(), "the server still answers");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void aClientThatLeavesMidFragmentLeavesAResumableSession(HttpEngine engine) throws Exception {
        byte[] d = data(200_000);
        try (BitsServer server = TestServers.start(engine, root); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/r.bin");
            c.interruptedFragment("/upload/r.bin", sid, d, 0, d.length, 50_000, d.length);
            RawResponse r = null;
            for (int i = 0; i < 50; i++) { // the server notices the cut-off body on its own time
                r = c.fragment("/upload/r.bin", sid, d, 0, 1, 0, d.length);
                if (r.status() == 200 && r.received() > 1) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(200, c.upload("/upload/r.bin", sid, d, 64 * 1024).status());
            assertEquals(200, c.close("/upload/r.bin", sid).status());
        } catch (IOException e) {
            throw new AssertionError(engine + ": " + e, e);
        }
        assertArrayEquals(d, Files.readAllBytes(root.resolve("r.bin")));
    }
}
