// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's upload-reply examples (the 15-line notification application and the in-process handler) run as written
 * against a real server; a check keeps README's code in step with this file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeUploadReplyExamplesTest {
    @TempDir
    Path dir;

    private static final byte[] TEXT = "line 1\nline 2\nline 3\n".getBytes(UTF_8);

    /** An upload-reply job's packets (MC-BUP §1.3.3, §4.2): the reply's text. */
    private String uploadReply(UploadDirectory d, String name) throws Exception {
        try (BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0)).addDirectory(d).build());
                RawBitsClient c = new RawBitsClient(server)) {
            String path = "/triage/" + name;
            String sid = c.newSession(path);
            RawResponse last = c.fragment(path, sid, TEXT, 0, TEXT.length);
            assertEquals(200, last.status(), last.statusLine());
            RawResponse reply = c.send("GET", URI.create(last.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]);
            assertEquals(200, c.close(path, sid).status());
            return new String(reply.body(), UTF_8);
        }
    }

    @Test
    void theNotificationApplication() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/triage", ex -> {
            try (ex) {
                Path upload = Path.of(ex.getRequestHeaders().getFirst("BITS-Request-DataFile-Name"));
                Path reply = Path.of(ex.getRequestHeaders().getFirst("BITS-Response-DataFile-Name"));
                String url = ex.getRequestHeaders().getFirst("BITS-Original-Request-URL");
                long lines;
                try (Stream<String> s = Files.lines(upload, StandardCharsets.ISO_8859_1)) {
                    lines = s.count();                              // the application's work
                }
                Files.writeString(reply, url + ": " + lines + " lines\n");
                ex.sendResponseHeaders(200, -1);                    // 200 = success; any other status is relayed
            }
        });
        app.start();
        try {
            UploadDirectory d = UploadDirectory.newBuilder("/triage", Files.createDirectories(dir.resolve("srv")))
                    .serverApplication(ServerApplication.notifyByReference(
                            "http://127.0.0.1:" + app.getAddress().getPort() + "/triage"))
                    .build();
            assertEquals("http://127.0.0.1/triage/dump.txt: 3 lines\n", uploadReply(d, "dump.txt"));
        } finally {
            app.stop(0);
        }
    }

    @Test
    void theInProcessHandler() throws Exception {
        UploadDirectory triage = UploadDirectory.newBuilder("/triage", Files.createDirectories(dir.resolve("srv")))
                .serverApplication(ServerApplication.handler(upload -> {
                    long lines;
                    try (Stream<String> s = Files.lines(upload.file(), StandardCharsets.ISO_8859_1)) {
                        lines = s.count();
                    }
                    return UploadResponse.bytes((upload.url() + ": " + lines + " lines\n").getBytes(UTF_8));
                }).withTimeout(Duration.ofMinutes(1)))
                .build();
        assertEquals("http://127.0.0.1/triage/dump2.txt: 3 lines\n", uploadReply(triage, "dump2.txt"));
    }

    /** Every line of README's two upload-reply examples, but the address and the storage path, is in this file. */
    @Test
    void readmeShowsThisCode() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Upload-reply and server applications"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        String self = Files.readString(Path.of("src/test/java/io/github/bitsj/server/"
                + "ReadmeUploadReplyExamplesTest.java"));
        List<String> blocks = List.of(section.split("```java\n"));
        assertEquals(3, blocks.size(), "two Java examples");
        for (String block : blocks.subList(1, 3)) {
            for (String line : block.substring(0, block.indexOf("```")).lines().map(String::strip).toList()) {
                if (!line.isEmpty() && !line.contains("9000") && !line.contains("/srv/triage")) {
                    assertTrue(self.contains(line), "README line not in the tested code: " + line);
                }
            }
        }
    }
}
