// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library without Jetty on the class path (as a library user has it unless they add the optional dependency): the
 * JDK engine works, and choosing Jetty fails at start with a message naming what is missing. In a child JVM whose class
 * path is this one's without the Jetty and SLF4J jars.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineWithoutJettyTest {
    @TempDir
    Path root;

    private static String classPathWithoutJetty() {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("jetty") && !e.contains("slf4j"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(!cp.contains("jetty"), cp);
        return cp;
    }

    private static List<String> command(String cp, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", cp,
                "io.github.bitsj.server.cli.Main", "--port", "0"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void choosingJettyWithoutItsJarFailsAtStartWithAClearMessage() throws Exception {
        Process p = new ProcessBuilder(command(classPathWithoutJetty(), "-d", root.toString(), "--engine", "jetty"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("the Jetty engine needs org.eclipse.jetty:jetty-http-spi"), out);
        assertTrue(!out.contains("\tat "), "no stack trace:\n" + out);
    }

    @Test
    void theJdkEngineRunsWithoutJetty() throws Exception {
        Process p = new ProcessBuilder(command(classPathWithoutJetty(), "-d", root.toString(), "--engine", "jdk"))
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            java.net.URI uri = null;
            StringBuilder seen = new StringBuilder();
            while (uri == null && (line = r.readLine()) != null) {
                seen.append(line).append('\n');
                int at = line.indexOf(" listening on ");
                if (at >= 0) {
                    uri = java.net.URI.create(line.substring(at + " listening on ".length()).strip());
                }
            }
            assertTrue(uri != null, seen.toString());
            assertTrue(seen.toString().contains("engine=jdk"), seen.toString());
            try (RawBitsClient c = new RawBitsClient(uri)) {
                assertEquals(200, c.ping("/upload/x").status());
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
