// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.server.Monitoring;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator endpoints: {@code GET /metrics} ({@link Metrics#scrape()}) and {@code GET /health}, which probes every
 * storage root: a file can be created (and is deleted) in its session area, and the file store has at least
 * {@link Monitoring#minFreeSpace()} bytes usable. Healthy: 200; else 503. The body is short text, or JSON when the
 * request's {@code Accept} names {@code application/json}.
 */
final class OpsEndpoints {
    private final Monitoring settings;
    private final Metrics metrics;
    private final List<DirectoryService> directories;

    OpsEndpoints(Monitoring settings, Metrics metrics, List<DirectoryService> directories) {
        this.settings = settings;
        this.metrics = metrics;
        this.directories = List.copyOf(directories);
    }

    /** Adds the two endpoints to {@code router} as exact paths (the same on every engine). */
    void install(Router router) {
        router.addExact(settings.metricsPath(), exact(settings.metricsPath(), this::metrics));
        router.addExact(settings.healthPath(), exact(settings.healthPath(), this::health));
    }

    private interface Answer {
        void answer(HttpExchange ex, boolean head) throws IOException;
    }

    /** A handler for GET and HEAD of exactly {@code path} (the JDK matches contexts by prefix). */
    private static HttpHandler exact(String path, Answer answer) {
        return ex -> {
            try (ex) {
                String m = ex.getRequestMethod();
                if (!ex.getRequestURI().getRawPath().equals(path)) {
                    send(ex, 404, "text/plain; charset=utf-8", "not found\n", false);
                } else if (!m.equals("GET") && !m.equals("HEAD")) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(ex, 405, "text/plain; charset=utf-8", "use GET\n", false);
                } else {
                    answer.answer(ex, m.equals("HEAD"));
                }
            } catch (IOException | RuntimeException e) {
                LogEvent.CLIENT_GONE.log("client", Caller.remote(ex), "error", e.getClass().getSimpleName());
            }
        };
    }

    private void metrics(HttpExchange ex, boolean head) throws IOException {
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), head);
    }

    private void health(HttpExchange ex, boolean head) throws IOException {
        StringBuilder text = new StringBuilder();
        StringBuilder json = new StringBuilder();
        boolean healthy = true;
        for (DirectoryService d : directories) {
            Path root = d.root();
            boolean writable = probe(root.resolve(d.config().sessionDirectoryName()));
            long free;
            try {
                free = Files.getFileStore(root).getUsableSpace();
            } catch (IOException e) {
                free = -1;
            }
            boolean ok = writable && free >= settings.minFreeSpace();
            healthy &= ok;
            String prefix = d.config().urlPrefix().isEmpty() ? "/" : d.config().urlPrefix();
            if (!ok) {
                LogEvent.HEALTH_FAILED.log("directory", prefix, "writable", writable, "free_bytes", free,
                        "min_free_bytes", settings.minFreeSpace());
            }
            text.append(prefix).append(": ").append(ok ? "ok" : "failing").append(" writable=").append(writable)
                    .append(" free_bytes=").append(free).append(" min_free_bytes=").append(settings.minFreeSpace())
                    .append('\n');
            json.append(json.isEmpty() ? "" : ",").append("{\"directory\":\"").append(jsonEscape(prefix))
                    .append("\",\"status\":\"").append(ok ? "ok" : "failing").append("\",\"writable\":")
                    .append(writable).append(",\"free_bytes\":").append(free).append(",\"min_free_bytes\":")
                    .append(settings.minFreeSpace()).append('}');
        }
        int status = healthy ? 200 : 503;
        String accept = String.join(",", ex.getRequestHeaders().getOrDefault("Accept", List.of()));
        if (accept.contains("application/json")) {
            send(ex, status, "application/json", "{\"status\":\"" + (healthy ? "ok" : "failing")
                    + "\",\"directories\":[" + json + "]}\n", head);
        } else {
            send(ex, status, "text/plain; charset=utf-8", (healthy ? "ok\n" : "failing\n") + text, head);
        }
    }

    /** {@return whether a file can be created (and deleted) in {@code dir}} */
    private static boolean probe(Path dir) {
        try {
            Path f = Files.createTempFile(dir, ".health-", ".tmp");
            Files.delete(f);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void send(HttpExchange ex, int status, String type, String body, boolean head) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
