// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's "Server farms" nginx configuration is exactly what the farm tests generate and run (testkit Nginx). */
class ReadmeFarmConfigTest {
    @Test
    void readmeShowsTheTestedNginxConfiguration() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Server farms");
        assertTrue(section >= 0, "README has a Server farms section");
        int start = readme.indexOf("```nginx\n", section);
        assertTrue(start >= 0, "with an nginx block");
        int end = readme.indexOf("```", start + 9);
        String shown = readme.substring(start + "```nginx\n".length(), end);
        assertEquals(Nginx.config(Path.of("/var/lib/bits-nginx"), "80",
                List.of("10.0.0.11:8080", "10.0.0.12:8080", "10.0.0.13:8080")), shown);
    }
}
