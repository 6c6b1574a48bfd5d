// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.internal.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's list of the server's log events (with their levels) and JFR events, and {@link BitsServer}'s javadoc
 * list, match what the code logs and emits: the vocabulary is public (STYLE §2.3), so it must not drift.
 */
class ObservabilityDocsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern EVENT = Pattern.compile("\"event=([a-z_]+)");
    private static final Pattern JFR_NAME = Pattern.compile("@Name\\(\"([A-Za-z.]+)\"\\)");

    /**
     * Every event the server can log ({@link LogEvent}'s constants) with its level; each constant is used by the main
     * sources, and no other {@code event=} line is logged.
     */
    private static Map<String, String> loggedEvents() throws IOException {
        Map<String, String> events = new TreeMap<>();
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                if (!f.endsWith("LogEvent.java")) {
                    assertFalse(EVENT.matcher(src).find(), "a log line outside LogEvent in " + f);
                    all.append(src);
                }
            }
        }
        for (LogEvent e : LogEvent.values()) {
            assertTrue(all.indexOf("LogEvent." + e.name()) >= 0, "never logged: " + e);
            events.put(e.wireName(), e.level().name());
        }
        return events;
    }

    private static Set<String> jfrEvents() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = JFR_NAME.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static String readmeSection() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Logging and JFR"));
        return section.substring(0, section.indexOf("\n## ", 1));
    }

    @Test
    void readmeListsEveryServerLogEventAtItsLevel() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String row : readmeSection().lines().filter(l -> l.matches("\\| [A-Z]+.*\\|.*`.*")).toList()) {
            String[] cells = row.split("\\|");
            String level = cells[1].strip().split(" ")[0];
            Matcher m = Pattern.compile("`([a-z_]+)`").matcher(cells[2]);
            while (m.find()) {
                documented.put(m.group(1), level);
            }
        }
        assertEquals(loggedEvents(), documented);
    }

    @Test
    void readmeListsEveryJfrEvent() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(io\\.github\\.bitsj\\.server\\.[A-Za-z]+)`").matcher(readmeSection());
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(jfrEvents(), documented);
    }

    @Test
    void bitsServerJavadocListsEveryLogAndJfrEvent() throws IOException {
        String src = Files.readString(MAIN.resolve("io/github/bitsj/server/BitsServer.java"));
        String doc = src.substring(0, src.indexOf("public final class BitsServer"));
        Set<String> events = new TreeSet<>();
        Matcher m = Pattern.compile("\\{@code ([a-z]+_[a-z_]+)}").matcher(doc);
        while (m.find()) {
            events.add(m.group(1));
        }
        assertEquals(loggedEvents().keySet(), events);
        for (String jfr : jfrEvents()) {
            assertFalse(!doc.contains(jfr.substring(jfr.lastIndexOf('.') + 1) + "}"), jfr);
        }
    }
}
