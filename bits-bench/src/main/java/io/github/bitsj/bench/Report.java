// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/** Writes the harness results: {@code harness.md}, {@code harness.csv}, {@code harness.svg} (hand-written SVG). */
final class Report {
    private Report() {}

    static final String BITS = "bits-server";
    static final String BARE = "bare-sink";
    static final String NGINX = "nginx";
    static final String DISK = "disk (dd)";

    static void write(LoadHarness.Options o, Stamp stamp, List<LoadHarness.Row> rows, List<String> notes)
            throws IOException {
        Files.writeString(o.out.resolve(o.report + ".md"), markdown(o, stamp, rows, notes), StandardCharsets.UTF_8);
        Files.writeString(o.out.resolve(o.report + ".csv"), csv(rows), StandardCharsets.UTF_8);
        if (rows.stream().anyMatch(r -> r.section().equals("ingest"))) {
            Files.writeString(o.out.resolve(o.report + ".svg"), svg(stamp, rows, "ingest", false,
                    "Server ingest: MB/s landed by fragment size and concurrent uploads",
                    "same raw-socket driver for every target; dashed line: dd at the same block size", "MB/s"),
                    StandardCharsets.UTF_8);
        }
        if (rows.stream().anyMatch(r -> r.section().equals("small"))) {
            Files.writeString(o.out.resolve(o.report + "-small.svg"), svg(stamp, rows, "small", true,
                    "Small uploads: complete uploads per second by file size and concurrent clients",
                    "bits-server: Create-Session + Fragment(s) + Close-Session per file; nginx, bare sink: one PUT "
                            + "per file", "uploads/s"), StandardCharsets.UTF_8);
        }
    }

    static String size(long bytes) {
        if (bytes <= 0) {
            return "-";
        }
        if (bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "G";
        }
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "M";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + "K";
        }
        return Long.toString(bytes);
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String ratio(OptionalDouble num, OptionalDouble den) {
        return num.isPresent() && den.isPresent() && den.getAsDouble() > 0
                ? String.format(Locale.ROOT, "%.2f", num.getAsDouble() / den.getAsDouble()) : "–";
    }

    /** Mean MB/s (or requests/s) of the matching error-free rows. */
    private static OptionalDouble mean(List<LoadHarness.Row> rows, String section, String target, int fragment,
            int concurrency, boolean requests, String notePrefix) {
        return mean(rows, r -> r.section().equals(section) && r.target().equals(target)
                && (fragment < 0 || r.fragment() == fragment)
                && (concurrency < 0 || r.concurrency() == concurrency)
                && (notePrefix == null || r.note().startsWith(notePrefix)), requests);
    }

    /** Mean MB/s (or requests/s) of the error-free rows {@code filter} accepts. */
    private static OptionalDouble mean(List<LoadHarness.Row> rows, Predicate<LoadHarness.Row> filter,
            boolean requests) {
        return rows.stream()
                .filter(r -> r.outcome().errors() == 0 && filter.test(r))
                .mapToDouble(r -> requests ? r.outcome().requestsPerSecond() : r.outcome().megabytesPerSecond())
                .average();
    }

    /** {@return the bits-server targets of a section (one per engine), in order of appearance} */
    static List<String> bitsTargets(List<LoadHarness.Row> rows, String section) {
        Set<String> out = new LinkedHashSet<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals(section) && r.target().startsWith(BITS)) {
                out.add(r.target());
            }
        }
        return List.copyOf(out);
    }

    /** {@return "engine" from "bits-server (engine)"} */
    private static String engineOf(String bitsTarget) {
        int open = bitsTarget.indexOf('(');
        return open < 0 ? "?" : bitsTarget.substring(open + 1, bitsTarget.length() - 1);
    }

    /**
     * A ratio of means followed by each round's own ratio, e.g. {@code 0.94 (0.88 / 1.01 / 0.93)}, with a dagger when
     * fewer than 3 rounds were measured (issue #14: such ratios are indicative only).
     */
    private static String roundRatios(List<LoadHarness.Row> rows, String section, String bits, String ref,
            int size, int n, boolean requests) {
        OptionalDouble num = mean(rows, section, bits, size, n, requests, null);
        OptionalDouble den = mean(rows, section, ref, size, n, requests, null);
        String overall = ratio(num, den);
        if (overall.equals("–")) {
            return overall;
        }
        List<String> perRound = new ArrayList<>();
        Set<Integer> rounds = new java.util.TreeSet<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals(section) && r.target().equals(bits) && r.fragment() == size
                    && r.concurrency() == n && r.round() > 0) {
                rounds.add(r.round());
            }
        }
        for (int k : rounds) {
            perRound.add(ratio(mean(rows, r -> r.section().equals(section) && r.target().equals(bits)
                            && r.fragment() == size && r.concurrency() == n && r.round() == k, requests),
                    mean(rows, r -> r.section().equals(section) && r.target().equals(ref)
                            && r.fragment() == size && r.concurrency() == n && r.round() == k, requests)));
        }
        return "**" + overall + "**" + (perRound.size() > 1 ? " (" + String.join(" / ", perRound) + ")" : "")
                + (rounds.size() < 3 ? " †" : "");
    }

    /** {@return "min–max" of the error-free rows' MB/s or requests/s} */
    private static String range(List<LoadHarness.Row> rows, String section, String target, int size, int n,
            boolean requests) {
        java.util.DoubleSummaryStatistics st = rows.stream()
                .filter(r -> r.section().equals(section) && r.target().equals(target) && r.fragment() == size
                        && r.concurrency() == n && r.outcome().errors() == 0)
                .mapToDouble(r -> requests ? r.outcome().requestsPerSecond() : r.outcome().megabytesPerSecond())
                .summaryStatistics();
        if (st.getCount() == 0) {
            return "–";
        }
        return st.getCount() == 1 ? f(st.getMin(), 0) : f(st.getMin(), 0) + "–" + f(st.getMax(), 0);
    }

    /** The (size, count) pairs of a section, in order of appearance. */
    private static List<int[]> combos(List<LoadHarness.Row> rows, String section) {
        List<int[]> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals(section) && !r.target().equals(DISK)
                    && seen.add(r.fragment() + "x" + r.concurrency())) {
                out.add(new int[] {r.fragment(), r.concurrency()});
            }
        }
        return out;
    }

    private static boolean meets(List<LoadHarness.Row> rows, String section, String bits, String ref, int size,
            int n, boolean requests, double want) {
        OptionalDouble num = mean(rows, section, bits, size, n, requests, null);
        OptionalDouble den = mean(rows, section, ref, size, n, requests, null);
        return num.isEmpty() || den.isEmpty() || den.getAsDouble() <= 0 || num.getAsDouble() / den.getAsDouble() >= want;
    }

    private static String markdown(LoadHarness.Options o, Stamp stamp, List<LoadHarness.Row> rows,
            List<String> notes) {
        StringBuilder md = new StringBuilder();
        md.append("# bits-bench: end-to-end harness").append(o.quick ? " (--quick)" : "").append("\n\n");
        if (o.indicativeOnly()) {
            md.append("> **").append(LoadHarness.INDICATIVE_WARNING).append("**\n\n");
        }
        md.append(stamp.markdown()).append('\n');
        md.append("Driver: `RawBitsDriver` (blocking `SocketChannel`, one kept-alive connection per upload, Windows "
                + "header set, bodies from one direct buffer) for every target. Servers run in their own JVM "
                + "(`-Xmx").append(o.serverHeap).append("`, G1, `sun.net.httpserver.nodelay=true`) or process; "
                + "all write into the page cache under `").append(o.work).append("`. ");
        md.append(o.warmEachRun
                ? "Before each timed run a " + size(o.warm) + " scratch file is written and deleted (warm)."
                : "One " + size(o.warm) + " scratch file is written and deleted before the first run (warm).");
        md.append(" bits-server runs on the engine(s) named in its target, e.g. `bits-server (jdk)`. ")
                .append(o.rounds).append(" interleaved round(s) per combination (the targets' order rotates from "
                        + "round to round). MB = 10^6 bytes. Ratios come from this run only: **ratio of the means**, "
                        + "then each round's own ratio in brackets; † marks fewer than 3 rounds (indicative only).\n");

        if (rows.stream().anyMatch(r -> r.section().equals("ingest"))) {
            md.append("\n## Server ingest (").append(size(o.total)).append(" per run, split over the uploads)\n\n");
            md.append("| Fragment | Uploads | Target | MB/s | fragments/s | Ack p50 ms | Ack p99 ms "
                    + "| server peak heap MiB | server CPU s | errors | note |\n");
            md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (LoadHarness.Row r : rows) {
                if (r.section().equals("ingest")) {
                    md.append(line(r));
                }
            }
            md.append("\n### Ratios (targets from issue #14)\n\n");
            md.append("| Fragment | Uploads | Engine | bits MB/s (rounds) | bits/bare | bits/nginx | bits/disk "
                    + "| target | met? |\n|---:|---:|---|---:|---:|---:|---:|---|---|\n");
            for (int[] c : combos(rows, "ingest")) {
                int fragment = c[0];
                int n = c[1];
                for (String bits : bitsTargets(rows, "ingest")) {
                    double wantNginx = fragment == 1024 * 1024 && (n == 1 || n == 64) ? 1.0
                            : fragment == 64 * 1024 && n == 64 ? 3.0 : Double.NaN;
                    String goal = "bits/bare ≥ 0.9" + (Double.isNaN(wantNginx) ? ""
                            : ", bits/nginx ≥ " + f(wantNginx, 1) + (wantNginx == 1.0 ? " (stretch 1.5)" : ""));
                    boolean ok = meets(rows, "ingest", bits, BARE, fragment, n, false, 0.9)
                            && (Double.isNaN(wantNginx) || meets(rows, "ingest", bits, NGINX, fragment, n, false,
                            wantNginx));
                    String met = mean(rows, "ingest", bits, fragment, n, false, null).isEmpty() ? "–"
                            : ok ? "yes" : "**no**";
                    md.append("| ").append(size(fragment)).append(" | ").append(n).append(" | ")
                            .append(engineOf(bits)).append(" | ")
                            .append(range(rows, "ingest", bits, fragment, n, false)).append(" | ")
                            .append(roundRatios(rows, "ingest", bits, BARE, fragment, n, false)).append(" | ")
                            .append(roundRatios(rows, "ingest", bits, NGINX, fragment, n, false)).append(" | ")
                            .append(ratio(mean(rows, "ingest", bits, fragment, n, false, null),
                                    mean(rows, "ingest", DISK, fragment, -1, false, null))).append(" | ")
                            .append(goal).append(" | ").append(met).append(" |\n");
                }
            }
            md.append("\n(Same bytes per run for every target, so the MB/s ratio is also the fragments/s ratio.)\n");
        }

        if (rows.stream().anyMatch(r -> r.section().equals("small"))) {
            md.append("\n## Small uploads (").append(o.smallUploads).append(" complete uploads per run)\n\n");
            md.append("Each client keeps ").append(o.smallReconnect ? "no connection (a new one per file)"
                    : "one connection alive").append(" and sends files back to back. bits-server: Create-Session, "
                    + "the file in Fragments of at most ").append(size(o.smallFragment)).append(", Close-Session; "
                    + "nginx: one WebDAV `PUT` per file; bare sink: one `PUT` per file written to a temporary file "
                    + "and renamed. Time per upload: first byte of the first request to the last answer.\n\n");
            md.append("| File | Clients | Target | uploads/s | MB/s | upload p50 ms | upload p99 ms "
                    + "| server CPU ms/upload | server peak heap MiB | errors | note |\n");
            md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (LoadHarness.Row r : rows) {
                if (r.section().equals("small")) {
                    RawBitsDriver.Outcome x = r.outcome();
                    String note = r.note();
                    if (!x.firstError().isEmpty()) {
                        note = (note.isEmpty() ? "" : note + "; ") + "error: " + x.firstError().replace('|', '/');
                    }
                    md.append("| ").append(size(r.fragment())).append(" | ").append(r.concurrency()).append(" | ")
                            .append(r.target()).append(" | ").append(f(x.requestsPerSecond(), 0)).append(" | ")
                            .append(f(x.megabytesPerSecond(), 0)).append(" | ")
                            .append(f(RawBitsDriver.Latencies.percentileMillis(x.latencies(), 0.5), 2)).append(" | ")
                            .append(f(RawBitsDriver.Latencies.percentileMillis(x.latencies(), 0.99), 2))
                            .append(" | ").append(x.requests() > 0 ? f(r.cpuSeconds() * 1e3 / x.requests(), 2) : "–")
                            .append(" | ").append(r.peakHeap() < 0 ? "–" : Long.toString(r.peakHeap() / (1024 * 1024)))
                            .append(" | ").append(x.errors()).append(" | ").append(note).append(" |\n");
                }
            }
            md.append("\n### Ratios of uploads/s (target from issue #14)\n\n");
            md.append("| File | Clients | Engine | bits uploads/s (rounds) | bits/nginx | bits/bare | target | met? |\n"
                    + "|---:|---:|---|---:|---:|---:|---|---|\n");
            for (int[] c : combos(rows, "small")) {
                for (String bits : bitsTargets(rows, "small")) {
                    boolean goal = c[0] == 64 * 1024;
                    String met = !goal || mean(rows, "small", bits, c[0], c[1], true, null).isEmpty() ? ""
                            : meets(rows, "small", bits, NGINX, c[0], c[1], true, 1.0) ? "yes" : "**no**";
                    md.append("| ").append(size(c[0])).append(" | ").append(c[1]).append(" | ")
                            .append(engineOf(bits)).append(" | ")
                            .append(range(rows, "small", bits, c[0], c[1], true)).append(" | ")
                            .append(roundRatios(rows, "small", bits, NGINX, c[0], c[1], true)).append(" | ")
                            .append(roundRatios(rows, "small", bits, BARE, c[0], c[1], true)).append(" | ")
                            .append(goal ? "bits/nginx ≥ 1.0 (three requests per file against one)" : "")
                            .append(" | ").append(met).append(" |\n");
                }
            }
        }

        section(md, rows, "driver", "Driver check: raw driver vs curl against the bare sink (1 upload)");
        OptionalDouble raw = mean(rows, "driver", BARE, -1, -1, false, "raw");
        OptionalDouble curl = mean(rows, "driver", BARE, -1, -1, false, "curl");
        if (raw.isPresent() || curl.isPresent()) {
            md.append("\nraw driver / curl = **").append(ratio(raw, curl)).append("** (mean of rounds).\n");
        }
        section(md, rows, "ping", "Ping rate (" + o.pingConnections + " connections)");
        OptionalDouble pingBare = mean(rows, "ping", BARE, -1, -1, true, null);
        for (String bits : bitsTargets(rows, "ping")) {
            md.append("\n").append(bits).append(" / bare JDK server requests/s = **")
                    .append(ratio(mean(rows, "ping", bits, -1, -1, true, null), pingBare))
                    .append("** (target ≥ 0.9).\n");
        }
        section(md, rows, "client", "bits-client vs raw driver (same file, same bits-server, interleaved)");
        Map<String, Integer> policies = new LinkedHashMap<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("client") && r.target().equals("bits-client")) {
                policies.putIfAbsent(r.note(), r.fragment());
            }
        }
        for (Map.Entry<String, Integer> p : policies.entrySet()) {
            int fragment = p.getValue() == 0 ? 8 * 1024 * 1024 : p.getValue();
            md.append("\nbits-client (").append(p.getKey()).append(") / raw driver (").append(size(fragment))
                    .append(") = **")
                    .append(ratio(mean(rows, "client", "bits-client", p.getValue(), -1, false, p.getKey()),
                            mean(rows, "client", "raw driver", fragment, -1, false, null)))
                    .append("** (target ≥ 0.8).\n");
        }
        section(md, rows, "sessions", "Many concurrent sessions against bits-server");
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("sessions")) {
                boolean ok = r.outcome().errors() == 0 && r.peakHeap() >= 0 && r.peakHeap() <= 256L * 1024 * 1024;
                md.append("\n").append(r.target()).append(": ").append(r.concurrency())
                        .append(" concurrent sessions, -Xmx256m: ")
                        .append(r.outcome().errors()).append(" errors, peak heap ")
                        .append(r.peakHeap() / (1024 * 1024)).append(" MiB — target (no error, heap ≤ 256 MiB) ")
                        .append(ok ? "met" : "**missed**").append(".\n");
            }
        }
        section(md, rows, "cold", "Cold upload vs dd (no warm-up; page cache dropped before each run when possible; "
                + "both orders)");
        for (String bits : bitsTargets(rows, "cold")) {
            md.append('\n').append(bits).append(" / dd:");
            for (String order : List.of("order dd first", "order bits first")) {
                OptionalDouble b = mean(rows, r -> r.section().equals("cold") && r.target().equals(bits)
                        && r.note().startsWith(order), false);
                OptionalDouble d = mean(rows, r -> r.section().equals("cold") && r.target().equals(DISK)
                        && r.note().startsWith(order) && r.note().endsWith("vs " + bits), false);
                md.append(' ').append(order.substring(6)).append(" **").append(ratio(b, d)).append("**;");
            }
            md.append(" mean **").append(ratio(mean(rows, "cold", bits, -1, -1, false, null),
                    mean(rows, r -> r.section().equals("cold") && r.target().equals(DISK)
                            && r.note().endsWith("vs " + bits), false)))
                    .append("** (target ≥ 0.9; each run meets the same page-cache state, see the notes).\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        md.append("\nCharts: `").append(o.report).append(".svg`, `").append(o.report)
                .append("-small.svg`; raw rows: `").append(o.report).append(".csv`.\n");
        return md.toString();
    }

    private static void section(StringBuilder md, List<LoadHarness.Row> rows, String section, String title) {
        List<LoadHarness.Row> sel = rows.stream().filter(r -> r.section().equals(section)).toList();
        if (sel.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n");
        md.append("| Fragment | Conns | Target | MB/s | requests/s | p50 ms | p99 ms | server peak heap MiB "
                + "| server CPU s | errors | note |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadHarness.Row r : sel) {
            md.append(line(r));
        }
    }

    private static String line(LoadHarness.Row r) {
        RawBitsDriver.Outcome o = r.outcome();
        String note = r.note();
        if (!o.firstError().isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "error: " + o.firstError().replace('|', '/');
        }
        return "| " + size(r.fragment()) + " | " + r.concurrency() + " | " + r.target() + " | "
                + (o.bytes() > 0 ? f(o.megabytesPerSecond(), 0) : "–") + " | " + f(o.requestsPerSecond(), 0) + " | "
                + f(RawBitsDriver.Latencies.percentileMillis(o.latencies(), 0.5), 2) + " | "
                + f(RawBitsDriver.Latencies.percentileMillis(o.latencies(), 0.99), 2) + " | "
                + (r.peakHeap() < 0 ? "–" : Long.toString(r.peakHeap() / (1024 * 1024))) + " | "
                + f(r.cpuSeconds(), 1) + " | " + o.errors() + " | " + note + " |\n";
    }

    private static String csv(List<LoadHarness.Row> rows) {
        StringBuilder sb = new StringBuilder("section,target,fragment_bytes,concurrency,round,bytes,seconds,mb_per_s,"
                + "requests_per_s,p50_ms,p99_ms,server_peak_heap_bytes,server_cpu_s,errors,note\n");
        for (LoadHarness.Row r : rows) {
            RawBitsDriver.Outcome o = r.outcome();
            sb.append(String.join(",", r.section(), r.target(), Integer.toString(r.fragment()),
                    Integer.toString(r.concurrency()), Integer.toString(r.round()), Long.toString(o.bytes()),
                    f(o.seconds(), 3),
                    f(o.megabytesPerSecond(), 1), f(o.requestsPerSecond(), 1),
                    f(RawBitsDriver.Latencies.percentileMillis(o.latencies(), 0.5), 3),
                    f(RawBitsDriver.Latencies.percentileMillis(o.latencies(), 0.99), 3),
                    Long.toString(r.peakHeap()), f(r.cpuSeconds(), 2), Long.toString(o.errors()),
                    '"' + (r.note() + (o.firstError().isEmpty() ? "" : " " + o.firstError())).replace('"', '\'')
                            + '"'))
                    .append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------------ SVG

    private static final String[] COLORS = {"#1f6fb4", "#76b7e5", "#f28e2b", "#59a14f", "#b07aa1"};

    /**
     * A grouped bar chart of one section: MB/s (or requests/s) per (size, count) group, one bar per target (each
     * bits-server engine, the bare sink, nginx), dd as a dashed line where measured.
     */
    static String svg(Stamp stamp, List<LoadHarness.Row> rows, String section, boolean requests, String title,
            String subtitle, String unit) {
        List<String> series = new ArrayList<>(bitsTargets(rows, section));
        series.add(BARE);
        series.add(NGINX);
        String[] names = series.toArray(String[]::new);
        List<int[]> groups = combos(rows, section);
        double max = 1;
        for (LoadHarness.Row r : rows) {
            if (r.section().equals(section) && r.outcome().errors() == 0) {
                max = Math.max(max, requests ? r.outcome().requestsPerSecond() : r.outcome().megabytesPerSecond());
            }
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step) * step;
        int bar = 16;
        int groupWidth = names.length * bar + 22;
        int left = 70;
        int plotTop = 50;
        int plotHeight = 300;
        int width = Math.max(640, left + groups.size() * groupWidth + 30);
        int height = plotTop + plotHeight + 110;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"").append(left).append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
                .append(xml(title)).append("</text>\n");
        s.append("<text x=\"").append(left).append("\" y=\"38\" fill=\"#555\">").append(xml(subtitle))
                .append("</text>\n");
        for (double v = 0; v <= top + 1e-9; v += step) {
            double y = plotTop + plotHeight - v / top * plotHeight;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left, y,
                    left + groups.size() * groupWidth, y, left - 6, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", plotTop + plotHeight / 2, plotTop + plotHeight / 2, unit));
        for (int g = 0; g < groups.size(); g++) {
            int fragment = groups.get(g)[0];
            int n = groups.get(g)[1];
            int x0 = left + g * groupWidth + 11;
            for (int k = 0; k < names.length; k++) {
                OptionalDouble v = mean(rows, section, names[k], fragment, n, requests, null);
                if (v.isEmpty()) {
                    continue;
                }
                double h = v.getAsDouble() / top * plotHeight;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                                + "fill=\"%s\"><title>%s %s x%d: %.0f %s</title></rect>%n",
                        x0 + k * bar, plotTop + plotHeight - h, bar - 2, h, COLORS[k % COLORS.length], names[k],
                        size(fragment), n, v.getAsDouble(), unit));
            }
            OptionalDouble disk = mean(rows, section, DISK, fragment, -1, requests, null);
            if (disk.isPresent()) {
                double y = plotTop + plotHeight - Math.min(disk.getAsDouble(), top) / top * plotHeight;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        + "stroke=\"#333\" stroke-dasharray=\"4 3\"><title>dd %s: %.0f MB/s</title></line>%n",
                        x0 - 4, y, x0 + names.length * bar + 2, y, size(fragment), disk.getAsDouble()));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">x%d</text>%n",
                    x0 + names.length * bar / 2, plotTop + plotHeight + 16, size(fragment),
                    x0 + names.length * bar / 2, plotTop + plotHeight + 30, n));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, plotTop + plotHeight, left + groups.size() * groupWidth, plotTop + plotHeight));
        int ly = plotTop + plotHeight + 56;
        int lx = left;
        for (int k = 0; k < names.length; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly - 10, COLORS[k % COLORS.length], lx + 16, ly,
                    names[k]));
            lx += names[k].length() * 7 + 30;
        }
        if (rows.stream().anyMatch(r -> r.section().equals(section) && r.target().equals(DISK))) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
                    + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\">disk (dd)</text>%n", lx, ly - 4, lx + 14,
                    ly - 4, lx + 18, ly));
        }
        s.append("<text x=\"").append(left).append("\" y=\"").append(ly + 26).append("\" fill=\"#555\">")
                .append(xml(stamp.oneLine())).append("</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
