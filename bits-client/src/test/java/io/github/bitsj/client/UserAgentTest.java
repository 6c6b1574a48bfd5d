// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The default {@code User-Agent} carries the version the build wrote in (the pom's, passed here by Surefire). */
@Timeout(30)
class UserAgentTest {
    @TempDir
    Path dir;

    @Test
    void everyRequestCarriesTheBuildVersion() throws Exception {
        String version = System.getProperty("bitsj.version");
        assertNotNull(version, "Surefire passes -Dbitsj.version=${project.version}");
        assertEquals("bitsj/" + version, BitsClient.DEFAULT_USER_AGENT);

        Path file = dir.resolve("f.bin");
        Files.write(file, new byte[] {1, 2, 3});
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(sim);
                BitsClient client = BitsClient.newBuilder().build()) {
            client.upload(file, server.uri("/up/f.bin"));
            assertArrayEquals(new byte[] {1, 2, 3}, sim.onlyClosedUpload());
            assertFalse(server.requests().isEmpty());
            for (ScriptedServer.Recorded r : server.requests()) {
                assertEquals("bitsj/" + version, r.header("User-Agent"), r.summary());
            }
        }
    }
}
