// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.testkit.NotificationApp;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's hooks through the real server, started by {@link Main} in-process: {@code --on-complete} after
 * each commit (environment variables, no shell, bounded, a failure never loses the upload) and
 * {@code --notification-command} as the server application (standard output the reply, exit status the outcome,
 * SDK: Handling Server Application Errors); and the notification options' rules.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HooksE2ETest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private BitsServer server;

    @BeforeEach
    void needsASh() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the hooks under test are sh scripts");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private RawBitsClient start(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--port", "0", "-d", dir.resolve("store").toString()}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        Main.Prepared p = Main.prepare(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                InputStream.nullInputStream(), false, all);
        assertEquals(0, p.exitCode(), err.toString());
        server = p.server();
        return new RawBitsClient(server);
    }

    /** The pid a script wrote, or -1 while it has not (completely) written it. */
    private static long pidIn(Path file) {
        try {
            String s = Files.readString(file);
            return s.endsWith("\n") ? Long.parseLong(s.strip()) : -1;
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void onCompleteRunsAfterEachCommitWithTheDetailsInItsEnvironment() throws Exception {
        Path out = dir.resolve("hook.out");
        Path hook = script("hook.sh", """
                printf '%s\\n' "$BITS_FILE" "$BITS_SIZE" "$BITS_DESTINATION" "[$BITS_PRINCIPAL]" "$BITS_SESSION_ID" \\
                    "$BITS_URL" "$BITS_QUERY" "$#" > "$1.tmp" && mv "$1.tmp" "$1"
                """);
        byte[] data = "weekly inventory".getBytes(StandardCharsets.UTF_8);
        try (RawBitsClient c = start("--on-complete", hook + " " + out)) {
            String path = "/upload/inv%20ws17.txt?site=7";
            String sid = c.newSession(path);
            assertEquals(200, c.fragment(path, sid, data, 0, data.length).status());
            assertTrue(NotificationApp.await(() -> Files.exists(out), Duration.ofSeconds(20)), "the hook ran");
            List<String> lines = Files.readAllLines(out);
            Path stored = dir.resolve("store").toRealPath().resolve("inv ws17.txt");
            assertEquals(List.of(stored.toString(), Integer.toString(data.length), "inv ws17.txt", "[]", sid,
                    "http://127.0.0.1" + path, "site=7", "1"), lines, "BITS_URL: the Host the client named");
            assertArrayEquals(data, Files.readAllBytes(stored));
        }
    }

    @Test
    void aFailingOrHangingOnCompleteHookIsLoggedAndKilledAndTheUploadIsKept() throws Exception {
        Path pid = dir.resolve("hook.pid");
        Path hook = script("slow.sh", "echo $$ > \"$1\"\nexec sleep 30\n");
        byte[] data = {1, 2, 3};
        try (RawBitsClient c = start("--on-complete", hook + " " + pid, "--on-complete-timeout", "300ms")) {
            String sid = c.newSession("/upload/a.bin");
            assertEquals(200, c.fragment("/upload/a.bin", sid, data, 0, data.length).status());
            assertTrue(NotificationApp.await(() -> pidIn(pid) > 0, Duration.ofSeconds(20)));
            long p = pidIn(pid);
            assertTrue(NotificationApp.await(() -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true),
                    Duration.ofSeconds(20)), "killed after its timeout");
            assertEquals(200, c.close("/upload/a.bin", sid).status());
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("store/a.bin")));
        }
        server.close();
        Path failing = script("fail.sh", "exit 3\n");
        try (RawBitsClient c = start("--on-complete", failing.toString())) {
            String sid = c.newSession("/upload/b.bin");
            assertEquals(200, c.fragment("/upload/b.bin", sid, data, 0, data.length).status());
            assertEquals(200, c.close("/upload/b.bin", sid).status());
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("store/b.bin")));
        }
    }

    @Test
    void aNotificationCommandsOutputIsTheReplyAndItsExitStatusTheOutcome() throws Exception {
        Path app = script("triage.sh", """
                case "$(cat "$BITS_FILE")" in
                  refuse) exit 4 ;;
                  broken) echo partial; exit 1 ;;
                esac
                printf 'triaged %s (%s bytes): ' "$BITS_DESTINATION" "$BITS_SIZE"
                cat "$BITS_FILE"
                """);
        try (RawBitsClient c = start("--notification-command", app.toString())) {
            byte[] dump = "stack overflow".getBytes(StandardCharsets.UTF_8);
            String sid = c.newSession("/upload/dump.bin");
            RawResponse ok = c.fragment("/upload/dump.bin", sid, dump, 0, dump.length);
            assertEquals(200, ok.status());
            RawResponse reply = c.send("GET", URI.create(ok.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]);
            assertEquals("triaged dump.bin (14 bytes): stack overflow", new String(reply.body(),
                    StandardCharsets.UTF_8));

            byte[] refuse = "refuse".getBytes(StandardCharsets.UTF_8);
            String s2 = c.newSession("/upload/r.bin");
            RawResponse refused = c.fragment("/upload/r.bin", s2, refuse, 0, refuse.length);
            assertEquals(403, refused.status());
            assertEquals("0x7", refused.require("BITS-Error-Context"));

            byte[] broken = "broken".getBytes(StandardCharsets.UTF_8);
            String s3 = c.newSession("/upload/b.bin");
            RawResponse failed = c.fragment("/upload/b.bin", s3, broken, 0, broken.length);
            assertEquals(500, failed.status());
            assertEquals("0x7", failed.require("BITS-Error-Context"));
        }
    }

    @Test
    void aNotificationCommandPastTheTimeoutIsKilledAndTheClientGets408() throws Exception {
        Path pid = dir.resolve("app.pid");
        Path app = script("hang.sh", "echo $$ > \"$1\"\nexec sleep 30\n");
        try (RawBitsClient c = start("--notification-command", app + " " + pid, "--notification-timeout", "300ms")) {
            String sid = c.newSession("/upload/x.bin");
            RawResponse late = c.fragment("/upload/x.bin", sid, new byte[] {7}, 0, 1);
            assertEquals(408, late.status());
            long p = pidIn(pid);
            assertTrue(NotificationApp.await(() -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true),
                    Duration.ofSeconds(20)), "killed");
        }
    }

    @Test
    void theNotificationOptionsMustFitTogether() throws Exception {
        String[][] bad = {
                {"--notification-type", "by-reference"},
                {"--notification-url", "http://127.0.0.1:9/app"},
                {"--notification-type", "sometimes", "--notification-url", "http://127.0.0.1:9/app"},
                {"--notification-type", "by-value", "--notification-url", "http://127.0.0.1:9/app",
                        "--notification-command", "/bin/true"},
                {"--forward-credentials"},
                {"--notification-type", "by-value", "--notification-url", "ftp://127.0.0.1/app"},
                {"--notification-timeout", "soon"}};
        for (String[] args : bad) {
            String[] all = new String[args.length + 4];
            System.arraycopy(new String[] {"--port", "0", "-d", dir.resolve("s").toString()}, 0, all, 0, 4);
            System.arraycopy(args, 0, all, 4, args.length);
            Main.Prepared p = Main.prepare(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    InputStream.nullInputStream(), false, all);
            assertEquals(2, p.exitCode(), String.join(" ", args));
        }
        Path creds = Files.writeString(dir.resolve("svc.txt"), "svc:pa:ss\n");
        try (NotificationApp app = NotificationApp.start("/app", n -> NotificationApp.Answer.ok());
                RawBitsClient c = start("--notification-type", "by-reference", "--notification-url",
                        app.url().toString(), "--notification-credentials-file", creds.toString())) {
            String sid = c.newSession("/upload/n.bin");
            assertEquals(200, c.fragment("/upload/n.bin", sid, new byte[] {5}, 0, 1).status());
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("svc:pa:ss".getBytes(
                    StandardCharsets.UTF_8)), app.notifications().get(0).header("Authorization").orElseThrow());
            assertTrue(!err.toString().contains("pa:ss"), "never echoed");
        }
    }
}
