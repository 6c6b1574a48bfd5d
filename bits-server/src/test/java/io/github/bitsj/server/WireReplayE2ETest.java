// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.internal.SessionAreaProbe;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the plain-upload exchange of MC-BUP §4.1 (MC-BUP §1.3, §4.1, §2.2.4, §2.2.8) byte for byte over a raw socket and
 * checks every Ack field by field (names case-insensitive, MC-BUP §2.2.1.2).
 */
class WireReplayE2ETest {
    @TempDir
    Path root;

    private static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void replaysTrace41ByteForByte() throws Exception {
        byte[] file = new byte[4892];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) ("The key words MUST, MUST NOT, REQUIRED ".charAt(i % 39));
        }
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            RawResponse create = c.exchange(crlf("""
                    BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1
                    Accept: */*
                    BITS-Packet-Type: Create-Session
                    BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}
                    Content-Name: rfc2119.txt
                    User-Agent: Microsoft BITS/6.7
                    Host: frankcao8
                    Content-Length: 0
                    Connection: Keep-Alive

                    """));
            String sid = create.header("BITS-Session-Id").orElse("");
            assertAll("Create-Session Ack (MC-BUP §2.2.3)",
                    () -> assertEquals(200, create.status()),
                    () -> assertEquals("Ack", create.require("BITS-Packet-Type")),
                    () -> assertEquals("{7df0354d-249b-430f-820d-3d2a9bef4931}", create.require("BITS-Protocol")),
                    () -> assertTrue(sid.matches("\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}}"),
                            sid),
                    () -> assertEquals("identity", create.require("Accept-Encoding")),
                    () -> assertEquals("no-cache", create.require("Pragma")),
                    () -> assertEquals("0", create.require("Content-Length")),
                    () -> assertEquals(0, create.count("BITS-Error-Code")),
                    () -> assertEquals(0, create.count("BITS-Host-Id")),
                    () -> assertEquals(0, create.body().length));

            byte[] head = crlf("""
                    BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1
                    Accept: */*
                    BITS-Packet-Type: Fragment
                    BITS-Session-Id: %s
                    Content-Name: rfc2119.txt
                    Content-Range: bytes 0-4891/4892
                    User-Agent: Microsoft BITS/6.7
                    Host: frankcao8
                    Content-Length: 4892
                    Connection: Keep-Alive

                    """.formatted(sid));
            byte[] fragment = new byte[head.length + file.length];
            System.arraycopy(head, 0, fragment, 0, head.length);
            System.arraycopy(file, 0, fragment, head.length, file.length);
            RawResponse frag = c.exchange(fragment);
            assertAll("Fragment Ack (MC-BUP §2.2.7)",
                    () -> assertEquals(200, frag.status()),
                    () -> assertEquals("Ack", frag.require("BITS-Packet-Type")),
                    () -> assertEquals("4892", frag.require("BITS-Received-Content-Range")),
                    () -> assertEquals("0", frag.require("Content-Length")),
                    () -> assertEquals(0, frag.count("BITS-Reply-URL")),
                    () -> assertEquals(0, frag.count("BITS-Error-Code")));
            // MC-BUP §3.3.5.2.4: committed when the last byte arrives, before the final Ack
            assertArrayEquals(file, Files.readAllBytes(root.resolve("2000mb-rfc2119.txt")));

            RawResponse ping = c.exchange(crlf("""
                    BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1
                    Accept: */*
                    BITS-Packet-Type: Ping
                    User-Agent: Microsoft BITS/6.7
                    Host: frankcao8
                    Content-Length: 0
                    Connection: Keep-Alive

                    """));
            assertAll("Ping Ack (MC-BUP §2.2.5)",
                    () -> assertEquals(200, ping.status()),
                    () -> assertEquals("Ack", ping.require("BITS-Packet-Type")),
                    () -> assertEquals("0", ping.require("Content-Length")),
                    () -> assertEquals(0, ping.count("BITS-Error-Code")));

            RawResponse close = c.exchange(crlf("""
                    BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1
                    Accept: */*
                    BITS-Packet-Type: Close-Session
                    BITS-Session-Id: %s
                    Content-Name: rfc2119.txt
                    User-Agent: Microsoft BITS/6.7
                    Host: frankcao8
                    Content-Length: 0
                    Connection: Keep-Alive

                    """.formatted(sid)));
            assertAll("Close-Session Ack (MC-BUP §2.2.9)",
                    () -> assertEquals(200, close.status()),
                    () -> assertEquals("Ack", close.require("BITS-Packet-Type")),
                    () -> assertEquals("0", close.require("Content-Length")),
                    () -> assertEquals(0, close.count("BITS-Error-Code")));
            assertArrayEquals(file, Files.readAllBytes(root.resolve("2000mb-rfc2119.txt")));
            assertEquals(0, SessionAreaProbe.of(UploadDirectory.newBuilder("/upload", root).build()).stagingFiles(),
                    "staging deleted");
        }
    }
}
