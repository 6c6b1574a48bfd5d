// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several upload directories on one server, each with its own root, settings and sessions (SDK: BITS IIS Extension Properties). */
class MultiDirectoryE2ETest {
    @TempDir
    Path base;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void directoriesAreIsolated() throws Exception {
        Path a = base.resolve("a");
        Path b = base.resolve("b");
        BitsServerConfig config = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addDirectory(UploadDirectory.newBuilder("/a", a).build())
                .addDirectory(UploadDirectory.newBuilder("/b/", b).uploadsEnabled(false).build())
                .addDirectory(UploadDirectory.newBuilder("/c/deep", base.resolve("c")).maxFragmentSize(2).build())
                .build();
        try (BitsServer server = BitsServer.start(config); RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/a/f.bin");
            RawResponse wrongDir = c.fragment("/c/deep/f.bin", sid, new byte[] {1}, 0, 1);
            assertEquals(500, wrongDir.status(), "a session belongs to its directory");
            assertEquals("0x8020001F", wrongDir.errorCode());
            assertEquals(1, c.fragment("/a/f.bin", sid, new byte[] {1}, 0, 1).received());
            assertEquals(501, c.createSession("/b/f.bin").status());
            String deep = c.newSession("/c/deep/g.bin");
            assertEquals(413, c.fragment("/c/deep/g.bin", deep, new byte[] {1, 2, 3}, 0, 3).status());
            assertEquals(404, c.createSession("/d/f.bin").status(), "no such directory");
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(a.resolve("f.bin")));
        assertFalse(Files.exists(b.resolve("f.bin")));
    }

    @Test
    void duplicatePrefixesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BitsServerConfig.newBuilder()
                .addDirectory(UploadDirectory.newBuilder("/x", base.resolve("1")).build())
                .addDirectory(UploadDirectory.newBuilder("/x/", base.resolve("2")).build())
                .build());
    }
    /**
     * One directory's destination namespace must never contain another directory's session area: with nested
     * roots, {@code /a/b/BITS-Sessions/<hex>/request.bin} would name a staging file of {@code /b} (SDK: BITS IIS Extension Properties).
     * Nested, equal and symlink-aliased roots are refused at start.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void overlappingStorageRootsAreRejected() throws Exception {
        Path a = Files.createDirectory(base.resolve("a"));
        Path alias = Files.createSymbolicLink(base.resolve("alias"), a);
        for (Path other : List.of(a.resolve("b"), a, base, alias.resolve("c"))) {
            assertThrows(IllegalArgumentException.class, () -> {
                BitsServerConfig config = BitsServerConfig.newBuilder()
                        .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .addDirectory(UploadDirectory.newBuilder("/a", a).allowOverwrites(true).build())
                        .addDirectory(UploadDirectory.newBuilder("/b", other).build())
                        .build();
                BitsServer.start(config).close();
            }, other.toString());
        }
        assertFalse(Files.exists(a.resolve("c")), "nothing created for a refused configuration");
    }
}
