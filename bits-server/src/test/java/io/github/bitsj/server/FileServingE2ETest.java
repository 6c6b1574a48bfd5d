// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range and conditional-GET conformance of the files the server serves, replies and downloads alike (MC-BUP §3.3.5.2.6
 * items 3-4; SDK <i>HTTP Requirements for BITS Downloads</i>; RFC 9110 §13, §14): first, middle, last and suffix
 * ranges (206, {@code Content-Range}), {@code Content-Length} always, {@code Last-Modified}, a strong {@code ETag},
 * {@code If-Unmodified-Since} (412), unsatisfiable ranges (416 with {@code bytes *}{@code /N}), {@code If-Range} with a
 * stale and a current tag, HEAD; and the download directory's path rules.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileServingE2ETest {
    private static final byte[] CONTENT = content();

    @TempDir
    Path root;

    private BitsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] content() {
        byte[] b = new byte[1000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 13 + 5);
        }
        return b;
    }

    /** The path of a served copy of {@link #CONTENT}: a reply, or a committed file served as a download. */
    private String serve(RawBitsClient c, String kind) throws Exception {
        if (kind.equals("reply")) {
            server = TestServers.start(root, d -> d.serverApplication(ServerApplication.handler(
                    u -> UploadResponse.bytes(CONTENT))));
            c = new RawBitsClient(server);
            String sid = c.newSession("/upload/req.bin");
            String url = c.fragment("/upload/req.bin", sid, new byte[] {1, 2, 3}, 0, 3).require("BITS-Reply-URL");
            c.close();
            return URI.create(url).getRawPath();
        }
        Files.createDirectories(root.resolve("pub"));
        Files.write(root.resolve("pub/file.bin"), CONTENT);
        server = TestServers.start(root, d -> d.downloadsEnabled(true));
        return "/upload/pub/file.bin";
    }

    private static RawResponse get(RawBitsClient c, String path, String... headers) throws Exception {
        return request(c, "GET", path, headers);
    }

    private static RawResponse request(RawBitsClient c, String method, String path, String... headers)
            throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        // a GET or HEAD carries no body; RawBitsClient's Content-Length: 0 is allowed on it (RFC 9110 §8.6)
        return c.send(method, path, h, new byte[0]);
    }

    private static void assertPart(RawResponse r, int first, int last) {
        assertEquals(206, r.status(), r.statusLine());
        assertEquals("bytes " + first + "-" + last + "/1000", r.require("Content-Range"));
        assertEquals(Integer.toString(last - first + 1), r.require("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(CONTENT, first, last + 1), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reply", "download"})
    void rangesAndValidators(String kind) throws Exception {
        String path = serve(null, kind);
        try (RawBitsClient c = new RawBitsClient(server)) {
            RawResponse whole = get(c, path);
            assertEquals(200, whole.status());
            assertEquals("1000", whole.require("Content-Length"));
            assertEquals("bytes", whole.require("Accept-Ranges"));
            assertEquals("application/octet-stream", whole.require("Content-Type"));
            assertEquals("nosniff", whole.require("X-Content-Type-Options"));
            assertArrayEquals(CONTENT, whole.body());
            String etag = whole.require("ETag");
            String modified = whole.require("Last-Modified");
            assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "strong: " + etag);
            assertTrue(modified.endsWith(" GMT"), modified);

            assertPart(get(c, path, "Range", "bytes=0-99"), 0, 99);            // first
            assertPart(get(c, path, "Range", "bytes=400-599"), 400, 599);      // middle
            assertPart(get(c, path, "Range", "bytes=900-"), 900, 999);         // last, open
            assertPart(get(c, path, "Range", "bytes=950-5000"), 950, 999);     // last, clipped
            assertPart(get(c, path, "Range", "bytes=-100"), 900, 999);         // suffix
            assertPart(get(c, path, "Range", "bytes=-5000"), 0, 999);          // suffix longer than the file

            RawResponse unsatisfiable = get(c, path, "Range", "bytes=1000-");
            assertEquals(416, unsatisfiable.status());
            assertEquals("bytes */1000", unsatisfiable.require("Content-Range"));
            assertEquals("0", unsatisfiable.require("Content-Length"));
            assertEquals(416, get(c, path, "Range", "bytes=-0").status());

            RawResponse changed = get(c, path, "Range", "bytes=100-", "If-Unmodified-Since",
                    "Sun, 06 Nov 1994 08:49:37 GMT");
            assertEquals(412, changed.status(), "modified since then (RFC 9110 §13.1.4)");
            assertEquals(0, changed.body().length);
            assertPart(get(c, path, "Range", "bytes=100-199", "If-Unmodified-Since", modified), 100, 199);

            RawResponse stale = get(c, path, "Range", "bytes=100-199", "If-Range", "\"stale-tag\"");
            assertEquals(200, stale.status(), "a stale If-Range sends the whole file (RFC 9110 §13.1.5)");
            assertArrayEquals(CONTENT, stale.body());
            assertPart(get(c, path, "Range", "bytes=100-199", "If-Range", etag), 100, 199);
            assertPart(get(c, path, "Range", "bytes=100-199", "If-Range", modified), 100, 199);

            assertEquals(304, get(c, path, "If-None-Match", etag).status());
            assertEquals(412, get(c, path, "If-Match", "\"other\"").status());
            RawResponse multi = get(c, path, "Range", "bytes=0-1,5-6");
            assertEquals(200, multi.status(), "multiple ranges are optional: the whole file");

            RawResponse head = request(c, "HEAD", path, "Range", "bytes=0-99");
            assertEquals(200, head.status());
            assertEquals("1000", head.require("Content-Length"), "Content-Length always");
            assertEquals(etag, head.require("ETag"));
            assertEquals(0, head.body().length);
        }
    }

    @Test
    void downloadsAreOffByDefaultAndFollowTheUploadPathRules() throws Exception {
        Files.createDirectories(root.resolve("pub"));
        Files.write(root.resolve("pub/file.bin"), CONTENT);
        server = TestServers.start(root);
        try (RawBitsClient c = new RawBitsClient(server)) {
            assertEquals(405, get(c, "/upload/pub/file.bin").status(), "no downloads unless enabled");
        }
        server.close();
        Files.writeString(root.resolve("BITS-Sessions").resolve("secret.txt"), "staging area");
        Files.createSymbolicLink(root.resolve("pub/link.bin"), root.resolve("pub/file.bin"));
        Path outside = Files.writeString(root.getParent().resolve(root.getFileName() + "-outside.txt"), "outside");
        server = TestServers.start(root, d -> d.downloadsEnabled(true));
        try (RawBitsClient c = new RawBitsClient(server)) {
            assertEquals(200, get(c, "/upload/pub/file.bin").status());
            assertEquals(404, get(c, "/upload/pub/missing.bin").status());
            assertEquals(404, get(c, "/upload/pub").status(), "a directory is not a file");
            assertEquals(404, get(c, "/upload/BITS-Sessions/secret.txt").status(), "never the session area");
            assertEquals(404, get(c, "/upload/pub/link.bin").status(), "no symbolic links");
            assertEquals(404, get(c, "/upload/%2e%2e/" + outside.getFileName()).status(), "no escape");
            assertEquals(404, get(c, "/upload/pub/..%2f..%2f" + outside.getFileName()).status());
            assertEquals(404, get(c, "/upload/BITS-Sessions/Replies/" + "0".repeat(64) + "/responsefile.bin")
                    .status(), "no such reply");
            RawResponse post = c.send("BITS_POST", "/upload/pub/file.bin", Map.of("BITS-Packet-Type", "Ping"),
                    new byte[0]);
            assertEquals(200, post.status(), "BITS_POST is still the upload protocol");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void anEmptyReplyIs200WithLength0And416ForAnyRange() throws Exception {
        server = TestServers.start(root, d -> d.serverApplication(ServerApplication.handler(
                u -> UploadResponse.none())));
        try (RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession("/upload/x.bin");
            String path = URI.create(c.fragment("/upload/x.bin", sid, new byte[] {9}, 0, 1)
                    .require("BITS-Reply-URL")).getRawPath();
            RawResponse whole = get(c, path);
            assertEquals(200, whole.status());
            assertEquals("0", whole.require("Content-Length"));
            RawResponse range = get(c, path, "Range", "bytes=0-");
            assertEquals(416, range.status(), "what a BITS client asks first; it then sees an empty reply");
            assertEquals("bytes */0", range.require("Content-Range"));
        }
    }
}
