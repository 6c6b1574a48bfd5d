// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.UserStore;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator sees, from a real server on loopback driven by real requests: the log lines in both formats (UTC
 * times whatever the JVM's zone, plain numbers, quoted values, client, principal and duration), {@code /metrics}
 * counting an upload, and {@code /health}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorE2ETest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String SID = "\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Main.Prepared prepare(String... args) {
        return Main.prepare(new PrintWriter(out, true), new PrintWriter(err, true), InputStream.nullInputStream(),
                false, args);
    }

    /** Records every line of the server's logger as both formats would print it. */
    private static final class Capture extends Handler {
        final List<String> text = Collections.synchronizedList(new ArrayList<>());
        final List<String> json = Collections.synchronizedList(new ArrayList<>());
        private final LogFormat textFormat = LogFormat.named("text");
        private final LogFormat jsonFormat = LogFormat.named("json");

        @Override
        public void publish(LogRecord r) {
            text.add(textFormat.format(r).strip());
            json.add(jsonFormat.format(r).strip());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String one(List<String> lines, String event) {
            List<String> found = lines.stream().filter(l -> l.contains("event=" + event + " ")
                    || l.contains("\"event\":\"" + event + "\"")).toList();
            assertEquals(1, found.size(), event + " in " + lines);
            return found.get(0);
        }
    }

    @Test
    void logLinesArePinnedInTextAndJsonWithUtcTimesWhateverTheTimeZone() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), UserStore.hashLine("alice", "alice pw".toCharArray())
                + "\n");
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York")); // as -Duser.timezone=America/New_York
        Capture capture = new Capture();
        Logger jul = Logger.getLogger("io.github.bitsj.server");
        jul.addHandler(capture);
        byte[] data = new byte[1_234_567];
        new Random(7).nextBytes(data);
        Instant before = Instant.now();
        try {
            Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--users-file",
                    users.toString());
            assertEquals(0, p.exitCode(), err::toString);
            try (BitsServer server = p.server()) {
                try (RawBitsClient anon = new RawBitsClient(server)) {
                    assertEquals(401, anon.ping("/upload/x").status()); // the normal first request: no auth_failed
                }
                assertTrue(capture.text.stream().noneMatch(l -> l.contains("event=auth_failed")), capture.text::toString);
                try (RawBitsClient wrong = new RawBitsClient(server).withBasicAuth("alice", "nope")) {
                    assertEquals(401, wrong.ping("/upload/x").status());
                }
                try (RawBitsClient alice = new RawBitsClient(server).withBasicAuth("alice", "alice pw")) {
                    String sid = alice.newSession("/upload/q3%20final.bin");
                    assertEquals(200, alice.upload("/upload/q3%20final.bin", sid, data, 500_000).status());
                    assertEquals(200, alice.close("/upload/q3%20final.bin", sid).status());
                    String other = alice.newSession("/upload/dropped.bin");
                    assertEquals(200, alice.cancel("/upload/dropped.bin", other).status());
                    assertEquals(400, alice.send("BITS_POST", "/upload/odd=name", Map.of("BITS-Packet-Type",
                            "Nonsense"), new byte[0]).status());
                }
            }
        } finally {
            jul.removeHandler(capture);
            TimeZone.setDefault(zone);
        }
        String prefix = "^" + TIME + " INFO event=";
        String client = "client=127\\.0\\.0\\.1:\\d+";
        assertMatches(prefix + "auth_failed scheme=basic reason=bad_credentials client=127\\.0\\.0\\.1$", capture.one(capture.text,
                "auth_failed"));
        String created = capture.text.stream().filter(l -> l.contains("destination=\"q3 final.bin\"")
                && l.contains("event=session_created")).findFirst().orElseThrow();
        assertMatches(prefix + "session_created session=" + SID + " destination=\"q3 final\\.bin\" " + client
                + " principal=alice duration_ms=\\d+$", created);
        assertMatches(prefix + "session_committed session=" + SID + " destination=\"q3 final\\.bin\" bytes=1234567 "
                + client + " principal=alice duration_ms=\\d+$", capture.one(capture.text, "session_committed"));
        assertMatches(prefix + "session_closed session=" + SID + " destination=\"q3 final\\.bin\" complete=true"
                + " received=1234567 " + client + " principal=alice duration_ms=\\d+$",
                capture.one(capture.text, "session_closed"));
        assertMatches(prefix + "session_cancelled session=" + SID + " destination=dropped\\.bin complete=false"
                + " received=0 " + client + " principal=alice duration_ms=\\d+$",
                capture.one(capture.text, "session_cancelled"));
        assertMatches(prefix + "request_rejected destination=\"/upload/odd=name\" kind=\\w+ " + client
                + " principal=alice duration_ms=\\d+$", capture.one(capture.text, "request_rejected"));
        // UTC: the printed time is now, not now shifted by the JVM's zone (5 h in New York)
        Matcher t = Pattern.compile("^(" + TIME + ")").matcher(capture.one(capture.text, "session_committed"));
        assertTrue(t.find());
        Instant logged = Instant.parse(t.group(1));
        assertTrue(!logged.isBefore(before.minusSeconds(1)) && !logged.isAfter(Instant.now().plusSeconds(1)),
                logged + " not between " + before + " and now");
        assertMatches("^\\{\"time\":\"" + TIME + "\",\"level\":\"INFO\",\"logger\":\"io\\.github\\.bitsj\\.server\","
                + "\"event\":\"session_committed\",\"session\":\"" + SID + "\",\"destination\":\"q3 final\\.bin\","
                + "\"bytes\":1234567,\"client\":\"127\\.0\\.0\\.1:\\d+\",\"principal\":\"alice\",\"duration_ms\":\\d+}$",
                capture.one(capture.json, "session_committed"));
        assertMatches("^\\{\"time\":\"" + TIME + "\",\"level\":\"INFO\",.*\"event\":\"request_rejected\","
                + "\"destination\":\"/upload/odd=name\",.*\"principal\":\"alice\",\"duration_ms\":\\d+}$",
                capture.one(capture.json, "request_rejected"));
        for (String line : capture.text) {
            assertFalse(line.contains("alice pw") || line.contains("nope") || line.contains("1,234,567"), line);
        }
    }

    /** A log handler that throws (someone else's code) never fails the request that logs. */
    @Test
    void aFailingLogHandlerDoesNotFailRequests() throws Exception {
        Handler broken = new Handler() {
            @Override
            public void publish(LogRecord r) {
                throw new IllegalStateException("broken handler");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("io.github.bitsj.server");
        jul.addHandler(broken);
        try {
            Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString());
            assertEquals(0, p.exitCode(), err::toString);
            try (BitsServer server = p.server(); RawBitsClient c = new RawBitsClient(server)) {
                String sid = c.newSession("/upload/f.bin");
                assertEquals(200, c.upload("/upload/f.bin", sid, new byte[] {1, 2}, 2).status());
            }
        } finally {
            jul.removeHandler(broken);
        }
    }

    /** On both engines: the endpoints are exact routes of the root router, next to the upload prefix. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jetty"})
    void metricsCountAnUploadAndHealthAnswers(String engine) throws Exception {
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--metrics",
                "--min-free-space", "1K", "--engine", engine);
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server()) {
            assertTrue(out.toString().contains("Metrics: " + server.uri() + "metrics"), out::toString);
            String before = get(server.uri().resolve("metrics")).body();
            byte[] data = new byte[300_000];
            try (RawBitsClient c = new RawBitsClient(server)) {
                String sid = c.newSession("/upload/m.bin");
                assertEquals(200, c.upload("/upload/m.bin", sid, data, 100_000).status());
                assertEquals(200, c.close("/upload/m.bin", sid).status());
                c.newSession("/upload/open.bin");
                String unknown = "{00000000-0000-0000-0000-000000000001}";
                assertEquals(500, c.fragment("/upload/x.bin", unknown, new byte[] {1}, 0, 1).status());
            }
            HttpResponse<String> scraped = get(server.uri().resolve("metrics"));
            assertEquals(200, scraped.statusCode());
            assertTrue(scraped.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            String after = scraped.body();
            String dirLabel = "{directory=\"/upload\"}";
            assertEquals(2, value(after, "bits_sessions_created_total" + dirLabel)
                    - value(before, "bits_sessions_created_total" + dirLabel));
            assertEquals(1, value(after, "bits_sessions_committed_total" + dirLabel));
            assertEquals(1, value(after, "bits_sessions_active" + dirLabel));
            assertEquals(3, value(after, "bits_fragments_total" + dirLabel));
            assertEquals(300_000, value(after, "bits_received_bytes_total" + dirLabel));
            assertEquals(300_000, value(after, "bits_committed_bytes_total" + dirLabel));
            assertEquals(1, value(after,
                    "bits_errors_total{directory=\"/upload\",status=\"500\",code=\"BG_E_SESSION_NOT_FOUND\"}"));
            assertTrue(after.contains("# TYPE bits_sessions_created_total counter\n"), after);
            Files.writeString(dir.resolve("metrics-sample.txt"), after);

            HttpResponse<String> health = get(server.uri().resolve("health"));
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().startsWith("ok\n/upload: ok writable=true free_bytes="), health.body());
            HttpResponse<String> json = http.send(HttpRequest.newBuilder(server.uri().resolve("health"))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(json.body().startsWith("{\"status\":\"ok\",\"directories\":[{\"directory\":\"/upload\""),
                    json.body());
            assertEquals(404, get(server.uri().resolve("metricsX")).statusCode(), "exact paths only");
            assertEquals(405, http.send(HttpRequest.newBuilder(server.uri().resolve("metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            HttpResponse<String> plain = get(server.uri().resolve("upload/page.html"));
            assertEquals(405, plain.statusCode(), "a plain GET on an upload URL (D54), " + engine);
            assertEquals("BITS_POST", plain.headers().firstValue("Allow").orElse(""));
            assertTrue(plain.body().contains("BITS upload endpoint"), plain.body());
        }
    }

    @Test
    void healthAnswers503WhenTheFreeSpaceThresholdIsAboveWhatTheDiskHas() throws Exception {
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--metrics",
                "--min-free-space", "8000000T");
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server()) {
            HttpResponse<String> health = get(server.uri().resolve("health"));
            assertEquals(503, health.statusCode());
            assertTrue(health.body().startsWith("failing\n/upload: failing writable=true"), health.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jetty"})
    void metricsCanHaveTheirOwnListenerAndPath(String engine) throws Exception {
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--metrics",
                "--metrics-bind", "127.0.0.1:0", "--metrics-path", "/-/metrics", "--engine", engine);
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server()) {
            URI ops = server.opsUri();
            assertNotEquals(server.port(), ops.getPort());
            assertEquals(200, get(ops.resolve("/-/metrics")).statusCode());
            assertEquals(200, get(ops.resolve("/health")).statusCode());
            assertNotEquals(200, get(server.uri().resolve("/-/metrics")).statusCode());
        }
        assertEquals(2, prepare("--port", "0", "-d", dir.resolve("up").toString(), "--metrics-bind", "nowhere")
                .exitCode());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> Long.parseLong(
                l.substring(series.length() + 1))).findFirst().orElseThrow(() -> new AssertionError(series
                + " not in\n" + scrape));
    }

    private static void assertMatches(String regex, String line) {
        assertTrue(Pattern.compile(regex).matcher(line).find(), "\n" + line + "\n does not match\n" + regex);
    }
}
