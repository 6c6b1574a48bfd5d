// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's own logging set-up, in a child JVM started with {@code -Duser.timezone=America/New_York}: the
 * console lines carry the UTC time, in both {@code --log-format text} and {@code json}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LogFormatChildJvmTest {
    private static final Pattern TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)");

    @TempDir
    Path dir;

    @Test
    void textLinesAreUtcInANewYorkJvm() throws Exception {
        String line = createSessionAndReadLog("text");
        assertTrue(Pattern.matches(TIME.pattern() + " INFO event=session_created session=\\{[0-9A-F-]{36}\\}"
                + " destination=\"a b\\.bin\" client=127\\.0\\.0\\.1:\\d+ principal=\"\" duration_ms=\\d+", line), line);
        assertNearNow(line);
    }

    @Test
    void jsonLinesAreUtcInANewYorkJvm() throws Exception {
        String line = createSessionAndReadLog("json");
        assertTrue(Pattern.matches("\\{\"time\":\"" + TIME.pattern() + "\",\"level\":\"INFO\",\"logger\":"
                + "\"io\\.github\\.bitsj\\.server\",\"event\":\"session_created\",\"session\":\"\\{[0-9A-F-]{36}\\}\","
                + "\"destination\":\"a b\\.bin\",\"client\":\"127\\.0\\.0\\.1:\\d+\",\"principal\":\"\","
                + "\"duration_ms\":\\d+}", line), line);
        assertNearNow(line);
    }

    private static void assertNearNow(String line) {
        Matcher m = TIME.matcher(line);
        assertTrue(m.find(), line);
        Duration off = Duration.between(Instant.parse(m.group(1)), Instant.now()).abs();
        assertTrue(off.compareTo(Duration.ofMinutes(2)) < 0, "logged " + m.group(1) + ", now " + Instant.now());
    }

    private String createSessionAndReadLog(String format) throws Exception {
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaCmd, "-Duser.timezone=America/New_York", "-cp",
                System.getProperty("java.class.path"), "io.github.bitsj.server.cli.Main", "--port", "0", "-d",
                dir.resolve("up").toString(), "--log-format", format));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String listening = await(lines, l -> l.contains(" listening on "));
            URI uri = URI.create(listening.substring(listening.indexOf(" listening on ") + 14).strip());
            try (RawBitsClient c = new RawBitsClient(uri)) {
                assertEquals(200, c.createSession("/upload/a%20b.bin").status());
            }
            return await(lines, l -> l.contains("session_created"));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String await(BlockingQueue<String> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l != null) {
                seen.add(l);
                if (wanted.test(l)) {
                    return l;
                }
            }
        }
        throw new AssertionError("not seen in " + seen);
    }
}
