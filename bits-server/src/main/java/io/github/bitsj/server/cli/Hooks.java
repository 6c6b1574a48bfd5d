// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.CompletedUpload;
import io.github.bitsj.server.CompletionListener;
import io.github.bitsj.server.UploadHandler;
import io.github.bitsj.server.UploadResponse;
import io.github.bitsj.server.internal.LogEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line's programs run for uploads, like git hooks or tusd's file hooks: {@code --on-complete} after each
 * commit, {@code --notification-command} as the server application of an upload-reply directory (SDK: Notification Protocol for Server Applications). The
 * program is started directly, never through a shell, and learns about the upload from environment variables only,
 * so nothing a client sends ever becomes part of a command line:
 *
 * <table>
 * <caption>Environment</caption>
 * <tr><th>variable</th><th>value</th></tr>
 * <tr><td>{@code BITS_FILE}</td><td>the uploaded data: the committed file ({@code --on-complete}), the request file
 *     ({@code --notification-command})</td></tr>
 * <tr><td>{@code BITS_SIZE}</td><td>its size in bytes</td></tr>
 * <tr><td>{@code BITS_DESTINATION}</td><td>the destination below the storage root</td></tr>
 * <tr><td>{@code BITS_PRINCIPAL}</td><td>the authenticated user, empty when anonymous</td></tr>
 * <tr><td>{@code BITS_SESSION_ID}</td><td>the session id</td></tr>
 * <tr><td>{@code BITS_URL}, {@code BITS_QUERY}</td><td>the upload URL and its query string (empty if none)</td></tr>
 * <tr><td>{@code BITS_REPLY_FILE}</td><td>{@code --notification-command} only: where its standard output goes</td></tr>
 * </table>
 *
 * <p>A notification command's standard output is the reply; exit status 0 is success, 4 a refusal relayed as 403
 * (a Windows client does not post again), anything else a failure relayed as 500 (the client retries, and the command
 * runs again). Standard error goes to the server's. The server's own secrets ({@code BITS_TLS_KEYSTORE_PASSWORD}) are
 * not passed on.
 */
final class Hooks {
    /** The exit status a notification command uses to refuse an upload for good (relayed as 403). */
    static final int EXIT_REFUSED = 4;

    private Hooks() {}

    /** {@return a command line split at spaces (no quoting, no shell)} */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        for (String w : command.strip().split(" +")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return List.copyOf(words);
    }

    /** {@return a listener running {@code command} after each commit, killed after {@code timeout}} */
    static CompletionListener onComplete(List<String> command, Duration timeout) {
        return upload -> {
            ProcessBuilder pb = builder(command, upload).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = start(pb, upload, "on-complete");
            if (p == null) {
                return;
            }
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(p);
                    LogEvent.HOOK_FAILED.log("hook", "on-complete", "session", upload.sessionId(),
                            "reason", "timeout");
                } else if (p.exitValue() != 0) {
                    LogEvent.HOOK_FAILED.log("hook", "on-complete", "session", upload.sessionId(),
                            "reason", "exit-" + p.exitValue());
                } else {
                    LogEvent.HOOK_RAN.log("hook", "on-complete", "session", upload.sessionId());
                }
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * {@return a server application running {@code command}: the server's notification timeout bounds it (the
     * handler's thread is interrupted, and the program killed)}
     */
    static UploadHandler notificationCommand(List<String> command) {
        return upload -> {
            Path reply = upload.replyFile().orElseThrow();
            ProcessBuilder pb = builder(command, upload).redirectOutput(reply.toFile());
            pb.environment().put("BITS_REPLY_FILE", reply.toString());
            Process p = start(pb, upload, "notification-command");
            if (p == null) {
                return UploadResponse.failure(500);
            }
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                kill(p); // past the notification timeout: the client gets 408
                throw e;
            }
            if (exit == 0) {
                LogEvent.HOOK_RAN.log("hook", "notification-command", "session", upload.sessionId());
                return UploadResponse.file(reply);
            }
            LogEvent.HOOK_FAILED.log("hook", "notification-command", "session", upload.sessionId(),
                    "reason", "exit-" + exit);
            return UploadResponse.failure(exit == EXIT_REFUSED ? 403 : 500);
        };
    }

    private static ProcessBuilder builder(List<String> command, CompletedUpload u) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = pb.environment();
        env.remove("BITS_TLS_KEYSTORE_PASSWORD");
        env.put("BITS_FILE", u.file().toString());
        env.put("BITS_SIZE", Long.toString(u.size()));
        env.put("BITS_DESTINATION", u.destination());
        env.put("BITS_PRINCIPAL", u.principal());
        env.put("BITS_SESSION_ID", u.sessionId());
        env.put("BITS_URL", u.url().toASCIIString());
        env.put("BITS_QUERY", u.query().orElse(""));
        return pb;
    }

    private static Process start(ProcessBuilder pb, CompletedUpload u, String hook) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LogEvent.HOOK_FAILED.log("hook", hook, "session", u.sessionId(), "reason", "start",
                    "error", e.getClass().getSimpleName());
            return null;
        }
        try {
            p.getOutputStream().close(); // nothing on standard input
        } catch (IOException e) {
            // the program already exited; its status tells
        }
        return p;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
