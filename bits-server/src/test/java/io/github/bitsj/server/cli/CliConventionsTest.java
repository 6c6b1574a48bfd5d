// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server command line's conventions, through {@link Main} and the real server: sizes with suffixes, usage errors
 * exit 2, start-up failures exit 1 naming the port or the file, several upload directories in the config file, and
 * the text a plain HTTP request to an upload URL gets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliConventionsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Main.Prepared prepare(String... args) {
        return Main.prepare(new PrintWriter(out, true), new PrintWriter(err, true), InputStream.nullInputStream(),
                false, args);
    }

    @Test
    void sizesTakeBinarySuffixes() throws Exception {
        BitsServerConfig c = Settings.toConfig(Options.parse("--max-upload-size", "10G", "--max-fragment-size",
                "512K", "-d", dir.toString()));
        assertEquals(10L << 30, c.directories().get(0).maxUploadSize());
        assertEquals(512L << 10, c.directories().get(0).maxFragmentSize());
        assertEquals(1_000, Units.size("1000"));
        assertEquals(3L << 20, Units.size("3m"));
        assertEquals(-1, Units.size("10X"));
        assertEquals(-1, Units.size("+5K"));
        assertEquals(-1, Units.size("99999999999T"));
        assertEquals("32M", Units.formatSize(32L << 20));
        assertEquals("1000", Units.formatSize(1000));
        assertEquals(2, prepare("--max-upload-size", "10GB").exitCode());
        assertTrue(err.toString().contains("invalid value for --max-upload-size: 10GB"), err::toString);
    }

    @Test
    void aPortInUseFailsWithExit1NamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Main.Prepared p = prepare("--port", Integer.toString(taken.getLocalPort()), "-d", dir.toString());
            assertEquals(1, p.exitCode());
            assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), err::toString);
            assertTrue(err.toString().contains("--port"), err::toString);
        }
    }

    @Test
    void unreadableFilesFailWithExit1NamingTheFile() {
        Path missing = dir.resolve("no-users");
        assertEquals(1, prepare("--port", "0", "-d", dir.resolve("up").toString(), "--users-file",
                missing.toString()).exitCode());
        assertTrue(err.toString().contains("cannot read --users-file " + missing + ": no such file"), err::toString);
        Path config = dir.resolve("missing.properties");
        assertEquals(1, prepare("--config", config.toString()).exitCode());
        assertTrue(err.toString().contains("no such file: " + config), err::toString);
    }

    @Test
    void theConfigFileDeclaresSeveralUploadDirectories() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path props = Files.writeString(dir.resolve("bits.properties"), String.join("\n",
                "port=0",
                "max-fragment-size=1M",
                "directory.1.path=" + a,
                "directory.1.prefix=/team-a",
                "directory.2.path=" + b,
                "directory.2.prefix=/team-b",
                "directory.2.allow-overwrites=true",
                "directory.2.max-fragment-size=64K", ""));
        Main.Prepared p = prepare("--config", props.toString());
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server(); RawBitsClient c = new RawBitsClient(server)) {
            List<UploadDirectory> dirs = server.config().directories();
            assertEquals(List.of("/team-a", "/team-b"), dirs.stream().map(UploadDirectory::urlPrefix).toList());
            assertEquals(1L << 20, dirs.get(0).maxFragmentSize());
            assertEquals(64L << 10, dirs.get(1).maxFragmentSize());
            assertFalse(dirs.get(0).allowOverwrites());
            assertTrue(dirs.get(1).allowOverwrites());
            for (String prefix : List.of("/team-a", "/team-b")) {
                String sid = c.newSession(prefix + "/f.bin");
                assertEquals(200, c.upload(prefix + "/f.bin", sid, prefix.getBytes(StandardCharsets.UTF_8), 100)
                        .status());
                assertEquals(200, c.close(prefix + "/f.bin", sid).status());
            }
            assertArrayEquals("/team-a".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(a.resolve("f.bin")));
            assertArrayEquals("/team-b".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(b.resolve("f.bin")));
            assertTrue(out.toString().contains(server.uri() + "team-a/"), out::toString);
            assertTrue(out.toString().contains(server.uri() + "team-b/"), out::toString);
        }
        Files.writeString(props, "directory.1.path=" + a + "\ndirectory.1.prefix=/a\ndirectory.1.bind=::\n");
        assertEquals(2, prepare("--config", props.toString()).exitCode());
        assertTrue(err.toString().contains("directory.1.bind"), err::toString);
        Files.writeString(props, "directory.1.path=" + a + "\n");
        assertEquals(2, prepare("--config", props.toString()).exitCode());
        assertTrue(err.toString().contains("directory.1.prefix"), err::toString);
    }

    @Test
    void plainHttpToAnUploadUrlIsToldThisIsABitsEndpoint() throws Exception {
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString());
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server(); RawBitsClient c = new RawBitsClient(server)) {
            for (String method : List.of("GET", "PUT", "POST")) {
                RawResponse r = c.send(method, "/upload/file.txt", Map.of(), "data".getBytes(StandardCharsets.UTF_8));
                assertEquals(405, r.status(), method);
                assertEquals("BITS_POST", r.require("Allow"));
                assertTrue(r.require("Content-Type").startsWith("text/plain"));
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertTrue(body.contains("This is a BITS upload endpoint") && body.contains("bitsadmin /transfer")
                        && body.contains("Start-BitsTransfer") && body.contains("bits-client"), body);
            }
            RawResponse head = c.send("HEAD", "/upload/file.txt", Map.of(), new byte[0]);
            assertEquals(405, head.status());
            assertEquals(0, head.body().length);
            assertEquals(200, c.ping("/upload/file.txt").status()); // the connection stayed in step
        }
        assertFalse(Banner.interfaceHosts(true).stream().anyMatch(h -> h.startsWith("127.") || h.equals("[::1]")));
        String v6 = Banner.host(new InetSocketAddress("::1", 1).getAddress());
        assertTrue(v6.startsWith("[") && v6.endsWith(":1]"), v6);
    }
}
