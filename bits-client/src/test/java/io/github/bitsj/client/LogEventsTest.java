// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The log events the package documentation lists are exactly those the code logs (STYLE §2.7: a public vocabulary). */
class LogEventsTest {

    @Test
    void packageDocumentationListsEveryLoggedEvent() throws Exception {
        Set<String> logged = new TreeSet<>();
        Pattern event = Pattern.compile("\"event=([a-z_]+)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/github/bitsj/client"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")
                    && !f.getFileName().toString().equals("package-info.java")).toList()) {
                Matcher m = event.matcher(Files.readString(p));
                while (m.find()) {
                    logged.add(m.group(1));
                }
            }
        }
        String doc = Files.readString(Path.of("src/main/java/io/github/bitsj/client/package-info.java"));
        String list = doc.substring(doc.indexOf("Log events"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("\\{@code ([a-z_]+)\\}").matcher(list);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(documented, logged);
    }
}
