// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of path-escape vectors (MC-BUP §3.3.5.2.4: "never outside it even with overwrites on"): every one is answered
 * 4xx, and afterwards the file system shows nothing written outside the storage root.
 */
class PathEscapeE2ETest {
    @TempDir
    Path base;

    static final List<String> VECTORS = List.of(
            "/upload/../outside/x",
            "/upload/%2e%2e/outside/x",
            "/upload/%2E%2E/outside/x",
            "/upload/..%2foutside%2fx",
            "/upload/..%2Foutside/x",
            "/upload/%2e%2e%2foutside%2fx",
            "/upload/..\\outside\\x",
            "/upload/..%5coutside%5cx",
            "/upload/a/../../outside/x",
            "/upload//etc/passwd",
            "/upload///x",
            "/upload/%2fetc%2fpasswd",
            "/upload/%2Ftmp%2Fx",
            "/upload/x%00.txt",
            "/upload/x%0d%0aInjected:%20yes",
            "/upload/x%09tab",
            "/upload/x%7f",
            "/upload/link/target.txt",
            "/upload/flink",
            "/upload/./x",
            "/upload/%2e/x",
            "/upload/x/.",
            "/upload/..",
            "/upload/%2e%2e",
            "/upload/%c0%ae%c0%ae/outside/x",
            "/upload/%e0%80%ae%e0%80%ae/outside/x",
            "/upload/%ff/x",
            "/upload/a%zz",
            "/upload/a%",
            "/upload/C:%5cwindows%5cx",
            "/upload/c:x",
            "/upload/" + "a".repeat(300),
            "/upload/" + "d/".repeat(40) + "x",
            "/upload/x.",
            "/upload/x%20",
            "/upload/BITS-Sessions/../../outside/x",
            "/upload/BITS-Sessions/x",
            "/upload/%u002e%u002e/outside/x",
            "/upload/..;/outside/x",
            "http://evil.example/upload/../outside/x",
            "/upload/x%2f..%2f..%2foutside%2fy",
            "/upload/%252e%252e/outside/x",
            "/uploadx/../upload/../outside/x",
            "/upload/x%e2%80%ae",
            "/upload/%c2%85x",
            "/upload/CON",
            "/upload/nul.txt",
            "/upload/a/com1.log",
            "/upload/Lpt9",
            "/upload/aux%20.txt",
            "/upload/COM%C2%B9",
            "/upload/conout$");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noVectorEscapesTheRoot() throws Exception {
        Path root = Files.createDirectory(base.resolve("root"));
        Path outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("target.txt"), "original");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("flink"), outside.resolve("target.txt"));
        Files.createDirectory(root.resolve("a"));
        Set<String> before = listing(base);

        assertTrue(VECTORS.size() >= 30);
        List<String> failures = new ArrayList<>();
        try (BitsServer server = TestServers.start(root, d -> d.allowOverwrites(true))) {
            for (String v : VECTORS) {
                try (RawBitsClient c = new RawBitsClient(server)) {
                    RawResponse r = c.exchange(RawBitsClient.request("BITS_POST", v,
                            Map.of("BITS-Packet-Type", "Create-Session",
                                    "BITS-Supported-Protocols", RawBitsClient.PROTOCOL),
                            new byte[0], 0));
                    if (r.status() < 400 || r.status() > 499) {
                        failures.add(v + " -> " + r.statusLine());
                    }
                    if (r.status() == 200) { // try to make it write, so an escape would show
                        c.upload(v, r.require("BITS-Session-Id"), "pwned".getBytes(StandardCharsets.US_ASCII), 5);
                    }
                }
            }
            // a crafted session id never names a path
            try (RawBitsClient c = new RawBitsClient(server)) {
                for (String sid : List.of("../../outside", "..%2f..%2foutside", "/tmp/x", "{..\\..}")) {
                    RawResponse r = c.fragment("/upload/y", sid, "pwned".getBytes(StandardCharsets.US_ASCII), 0,
                            5);
                    assertTrue(r.status() == 500 || r.status() == 400, sid + " -> " + r.statusLine());
                }
            }
        }
        assertEquals(List.of(), failures, "vectors not answered 4xx");
        assertEquals("original", Files.readString(outside.resolve("target.txt")));
        Set<String> after = listing(base);
        after.removeIf(p -> p.startsWith("root/BITS-Sessions"));
        before.removeIf(p -> p.startsWith("root/BITS-Sessions"));
        assertEquals(before, after, "the file system changed");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void plainNamesWithEncodedSpacesAndUnicodeAreAccepted() throws Exception {
        Path root = Files.createDirectory(base.resolve("root"));
        Files.createDirectory(root.resolve("sub dir"));
        try (BitsServer server = TestServers.start(root); RawBitsClient c = new RawBitsClient(server)) {
            for (String v : List.of("/upload/plain.txt", "/upload/%C3%A9t%C3%A9%20report.pdf",
                    "/upload/sub%20dir/a-b_c%2Bd.bin", "/upload/..a", "/upload/.hidden",
                    "/upload/console.txt", "/upload/com10", "/upload/nul-result.bin")) {
                String sid = c.newSession(v);
                assertEquals(200, c.upload(v, sid, new byte[] {1, 2, 3}, 3).status(), v);
            }
        }
        assertTrue(Files.exists(root.resolve("été report.pdf")));
        assertTrue(Files.exists(root.resolve("sub dir").resolve("a-b_c+d.bin")));
        assertTrue(Files.exists(root.resolve("..a")));
    }

    private static Set<String> listing(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                if (!p.equals(dir) && !Files.isSymbolicLink(p.getParent())) {
                    out.add(dir.relativize(p).toString().replace('\\', '/')
                            + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
                }
            });
        }
        return out;
    }
}
