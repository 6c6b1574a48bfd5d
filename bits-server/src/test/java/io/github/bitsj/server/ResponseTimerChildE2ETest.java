// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a child JVM (the JDK server's timers are JVM-wide): the final Fragment's answer waits for the
 * server application longer than {@code --max-request-time} and {@code --max-response-time}, which the command line
 * raises to the notification timeout, so the client still gets its final Ack (MC-BUP §2.2.7: the final Ack waits for the
 * server application).
 */
class ResponseTimerChildE2ETest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSlowApplicationOutlastsTheResponseTimer() throws Exception {
        slowApplication("--engine", "jdk", "--max-request-time", "1s", "--max-response-time", "1s");
    }

    /** Jetty: the idle timeout (no bytes move while the application runs) does not cut the final Fragment off. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSlowApplicationOutlastsJettysIdleTimeout() throws Exception {
        slowApplication("--engine", "jetty", "--idle-timeout", "1s");
    }

    private void slowApplication(String... limits) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the application is an sh script");
        Path app = dir.resolve("slow.sh");
        Files.writeString(app, "#!/bin/sh\nsleep 3\nprintf 'slow but sure'\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwx------"));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(limits));
        args.addAll(java.util.List.of("--notification-timeout", "20s", "--notification-command", app.toString()));
        ChildServer child = ChildServer.start(Files.createDirectories(dir.resolve("store")),
                args.toArray(String[]::new));
        try (RawBitsClient c = new RawBitsClient(child.uri())) {
            String sid = c.newSession("/upload/q.bin");
            c.disconnect(); // a fresh connection: RawBitsClient resends only on a reused one
            RawResponse ok = c.fragment("/upload/q.bin", sid, new byte[] {1, 2}, 0, 2);
            assertEquals(200, ok.status(), "the final Ack, 3 s after the body was read");
            RawResponse reply = c.send("GET", URI.create(ok.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]);
            assertArrayEquals("slow but sure".getBytes(StandardCharsets.UTF_8), reply.body());
        } finally {
            child.process().destroy();
            child.process().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
