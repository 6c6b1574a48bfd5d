// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ErrorAck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, one set per upload directory, and their rendering in the Prometheus text exposition format
 * (version 0.0.4), written by hand so the library stays dependency-free. Counting costs one {@link LongAdder}
 * increment; a scrape walks them.
 */
final class Metrics {
    /** The counters of one upload directory (labelled {@code directory="<URL prefix>"}). */
    static final class Directory {
        private final String label;
        final LongAdder created = new LongAdder();
        final LongAdder committed = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder expired = new LongAdder();
        final LongAdder receivedBytes = new LongAdder();
        final LongAdder committedBytes = new LongAdder();
        final LongAdder fragments = new LongAdder();
        final LongAdder authFailures = new LongAdder();
        final LongAdder notifications = new LongAdder();
        final LongAdder notificationFailures = new LongAdder();
        /** Error answers by {@code status + " " + BITS-Error-Code name}. */
        private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
        private volatile IntSupplier active = () -> 0;

        private Directory(String urlPrefix) {
            this.label = urlPrefix.isEmpty() ? "/" : urlPrefix;
        }

        void created() {
            created.increment();
        }

        void committed(long bytes) {
            committed.increment();
            committedBytes.add(bytes);
        }

        void cancelled() {
            cancelled.increment();
        }

        void expired() {
            expired.increment();
        }

        void fragment(long bytes) {
            fragments.increment();
            receivedBytes.add(bytes);
        }

        void authFailure() {
            authFailures.increment();
        }

        void notification(boolean ok) {
            notifications.increment();
            if (!ok) {
                notificationFailures.increment();
            }
        }

        /** Counts an error answer by its status and {@code BITS-Error-Code} name. */
        void error(ErrorAck ack) {
            String code = ack.errorCode().map(h -> h.name().orElse(h.wire())).orElse("none");
            errors.computeIfAbsent(ack.status() + " " + code, k -> new LongAdder()).increment();
        }

        void activeSessions(IntSupplier s) {
            active = s;
        }
    }

    private final List<Directory> directories = new ArrayList<>();
    private final long startMillis = System.currentTimeMillis();

    /** {@return a new set of counters for a directory} */
    synchronized Directory directory(String urlPrefix) {
        Directory d = new Directory(urlPrefix);
        directories.add(d);
        return d;
    }

    /** {@return every metric in the Prometheus text format} */
    synchronized String scrape() {
        StringBuilder sb = new StringBuilder(4096);
        gauge(sb, "bits_server_start_time_seconds", "When the server started, in seconds since the epoch.");
        sb.append("bits_server_start_time_seconds ").append(startMillis / 1000).append('\n');
        counter(sb, "bits_sessions_created_total", "Upload sessions created (Create-Session answered 200).",
                d -> d.created.sum());
        counter(sb, "bits_sessions_committed_total", "Uploads committed to their destination.",
                d -> d.committed.sum());
        counter(sb, "bits_sessions_cancelled_total", "Upload sessions cancelled by their client.",
                d -> d.cancelled.sum());
        counter(sb, "bits_sessions_expired_total", "Upload sessions removed after their idle timeout.",
                d -> d.expired.sum());
        gauge(sb, "bits_sessions_active", "Open upload sessions (not closed, cancelled or expired).");
        for (Directory d : directories) {
            sample(sb, "bits_sessions_active", d, d.active.getAsInt());
        }
        counter(sb, "bits_received_bytes_total", "Fragment bytes written to staging files.",
                d -> d.receivedBytes.sum());
        counter(sb, "bits_committed_bytes_total", "Bytes of committed uploads.", d -> d.committedBytes.sum());
        counter(sb, "bits_fragments_total", "Fragments accepted and written.", d -> d.fragments.sum());
        counter(sb, "bits_auth_failures_total", "Requests with wrong credentials or a refused principal.",
                d -> d.authFailures.sum());
        counter(sb, "bits_notifications_total", "Calls of the server application (upload-reply).",
                d -> d.notifications.sum());
        counter(sb, "bits_notification_failures_total", "Failed calls of the server application.",
                d -> d.notificationFailures.sum());
        sb.append("# HELP bits_errors_total Error answers, by HTTP status and BITS-Error-Code name.\n");
        sb.append("# TYPE bits_errors_total counter\n");
        for (Directory d : directories) {
            Map<String, Long> sorted = new TreeMap<>();
            d.errors.forEach((k, v) -> sorted.put(k, v.sum()));
            for (Map.Entry<String, Long> e : sorted.entrySet()) {
                int sp = e.getKey().indexOf(' ');
                sb.append("bits_errors_total{directory=\"").append(escape(d.label)).append("\",status=\"")
                        .append(e.getKey(), 0, sp).append("\",code=\"").append(escape(e.getKey().substring(sp + 1)))
                        .append("\"} ").append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    private interface Value {
        long of(Directory d);
    }

    private void counter(StringBuilder sb, String name, String help, Value v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        for (Directory d : directories) {
            sample(sb, name, d, v.of(d));
        }
    }

    private static void gauge(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder sb, String name, Directory d, long value) {
        sb.append(name).append("{directory=\"").append(escape(d.label)).append("\"} ").append(value).append('\n');
    }

    /** A label value: backslash, double quote and line feed escaped (exposition format). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
