// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The storage's open directories (D47) on real file systems. */
@Timeout(30)
class DirTest {
    @TempDir
    Path tmp;

    @Test
    void aFileSystemWithoutSecureDirectoryStreamIsRefusedUnlessTheRiskIsAccepted() throws IOException {
        // the zip file system has no SecureDirectoryStream, as Windows' default file system has none
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.resolve("s.zip").toUri()),
                Map.of("create", "true"))) {
            Path root = zip.getPath("/");
            IOException refused = assertThrows(IOException.class, () -> Dir.open(root, false));
            assertTrue(refused.getMessage().contains("--allow-unsafe-paths"), refused.getMessage());
            try (Dir d = Dir.open(root, true)) {
                assertInstanceOf(Dir.Plain.class, d);
            }
        }
    }

    @Test
    void theDefaultFileSystemHoldsDirectoriesOpenAndFollowsNoLink() throws IOException {
        Files.createDirectory(tmp.resolve("real"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        try (Dir d = Dir.open(tmp, false)) {
            if (System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
                assertInstanceOf(Dir.Secure.class, d);
            }
            d.child("real").close();
            assertThrows(IOException.class, () -> d.child("link"));
            Files.writeString(tmp.resolve("real").resolve("f"), "x");
            Files.createSymbolicLink(tmp.resolve("flink"), tmp.resolve("real").resolve("f"));
            assertThrows(IOException.class,
                    () -> d.open("flink", java.util.Set.of(java.nio.file.StandardOpenOption.WRITE)));
            assertTrue(d.attrs("link").orElseThrow().isSymbolicLink());
        }
    }
}
