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

/** Writes the harness results: {@code harness.md}, {@code harness.csv}, {@code harness.svg} (hand-written SVG). */
final class Report {
    private Report() {}

    static final String BITS = "bits-server";
    static final String BARE = "bare-sink";
    static final String NGINX = "nginx";
    static final String DISK = "disk (dd)";

    static void write(LoadHarness.Options o, Stamp stamp, List<LoadHarness.Row> rows, List<String> notes)
            throws IOException {
        Files.writeString(o.out.resolve("harness.md"), markdown(o, stamp, rows, notes), StandardCharsets.UTF_8);
        Files.writeString(o.out.resolve("harness.csv"), csv(rows), StandardCharsets.UTF_8);
        Files.writeString(o.out.resolve("harness.svg"), svg(stamp, rows), StandardCharsets.UTF_8);
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
        return rows.stream()
                .filter(r -> r.section().equals(section) && r.target().equals(target)
                        && (fragment < 0 || r.fragment() == fragment)
                        && (concurrency < 0 || r.concurrency() == concurrency)
                        && (notePrefix == null || r.note().startsWith(notePrefix))
                        && r.outcome().errors() == 0)
                .mapToDouble(r -> requests ? r.outcome().requestsPerSecond() : r.outcome().megabytesPerSecond())
                .average();
    }

    private static String markdown(LoadHarness.Options o, Stamp stamp, List<LoadHarness.Row> rows,
            List<String> notes) {
        StringBuilder md = new StringBuilder();
        md.append("# bits-bench: end-to-end harness").append(o.quick ? " (--quick)" : "").append("\n\n");
        md.append(stamp.markdown()).append('\n');
        md.append("Driver: `RawBitsDriver` (blocking `SocketChannel`, one kept-alive connection per upload, Windows "
                + "header set, bodies from one direct buffer) for every target. Servers run in their own JVM "
                + "(`-Xmx").append(o.serverHeap).append("`, G1, `sun.net.httpserver.nodelay=true`) or process; "
                + "all write into the page cache under `").append(o.work).append("`. ");
        md.append(o.warmEachRun
                ? "Before each timed run a " + size(o.warm) + " scratch file is written and deleted (warm)."
                : "One " + size(o.warm) + " scratch file is written and deleted before the first run (warm).");
        md.append(" MB = 10^6 bytes. Ratios come from this run only.\n\n");

        md.append("## Server ingest (").append(size(o.total)).append(" per run, split over the uploads)\n\n");
        md.append("| Fragment | Uploads | Target | MB/s | fragments/s | Ack p50 ms | Ack p99 ms | server peak heap MiB "
                + "| server CPU s | errors | note |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("ingest")) {
                md.append(line(r));
            }
        }
        md.append("\n### Ratios (targets from issue #5)\n\n");
        md.append("| Fragment | Uploads | bits/bare | bits/nginx | bits/disk | target | met? |\n"
                + "|---:|---:|---:|---:|---:|---|---|\n");
        Set<String> combos = new LinkedHashSet<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("ingest") && !r.target().equals(DISK)) {
                combos.add(r.fragment() + "x" + r.concurrency());
            }
        }
        for (String c : combos) {
            int fragment = Integer.parseInt(c.substring(0, c.indexOf('x')));
            int n = Integer.parseInt(c.substring(c.indexOf('x') + 1));
            OptionalDouble bits = mean(rows, "ingest", BITS, fragment, n, false, null);
            OptionalDouble bare = mean(rows, "ingest", BARE, fragment, n, false, null);
            OptionalDouble nginx = mean(rows, "ingest", NGINX, fragment, n, false, null);
            String goal = "";
            double wantBare = Double.NaN;
            double wantNginx = Double.NaN;
            if (fragment == 1024 * 1024 && (n == 1 || n == 64)) {
                goal = "bits/bare ≥ 0.9, bits/nginx ≥ 1.5";
                wantBare = 0.9;
                wantNginx = 1.5;
            } else if (fragment == 64 * 1024) {
                goal = "fragments/s: bits/bare ≥ 0.9, bits/nginx ≥ 3";
                wantBare = 0.9;
                wantNginx = 3;
            }
            String met = "";
            if (!Double.isNaN(wantBare) && bits.isPresent()) {
                boolean okBare = bare.isEmpty() || bits.getAsDouble() / bare.getAsDouble() >= wantBare;
                boolean okNginx = nginx.isEmpty() || bits.getAsDouble() / nginx.getAsDouble() >= wantNginx;
                met = okBare && okNginx ? "yes" : "**no**";
            }
            md.append("| ").append(size(fragment)).append(" | ").append(n).append(" | ")
                    .append(ratio(bits, bare)).append(" | ")
                    .append(ratio(bits, nginx)).append(" | ")
                    .append(ratio(bits, mean(rows, "ingest", DISK, fragment, -1, false, null))).append(" | ")
                    .append(goal).append(" | ").append(met).append(" |\n");
        }
        md.append("\n(Same bytes per run for every target, so the MB/s ratio is also the fragments/s ratio.)\n");

        section(md, rows, "driver", "Driver check: raw driver vs curl against the bare sink (1 upload)");
        OptionalDouble raw = mean(rows, "driver", BARE, -1, -1, false, "raw");
        OptionalDouble curl = mean(rows, "driver", BARE, -1, -1, false, "curl");
        if (raw.isPresent() || curl.isPresent()) {
            md.append("\nraw driver / curl = **").append(ratio(raw, curl)).append("** (mean of rounds).\n");
        }
        section(md, rows, "ping", "Ping rate (" + o.pingConnections + " connections)");
        OptionalDouble pingBits = mean(rows, "ping", BITS, -1, -1, true, null);
        OptionalDouble pingBare = mean(rows, "ping", BARE, -1, -1, true, null);
        if (pingBits.isPresent() || pingBare.isPresent()) {
            md.append("\nbits-server / bare JDK server requests/s = **").append(ratio(pingBits, pingBare))
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
                md.append("\n").append(r.concurrency()).append(" concurrent sessions, -Xmx256m: ")
                        .append(r.outcome().errors()).append(" errors, peak heap ")
                        .append(r.peakHeap() / (1024 * 1024)).append(" MiB — target (no error, heap ≤ 256 MiB) ")
                        .append(ok ? "met" : "**missed**").append(".\n");
            }
        }
        section(md, rows, "cold", "Cold upload vs dd (no warm-up, in this order)");
        OptionalDouble coldBits = mean(rows, "cold", BITS, -1, -1, false, null);
        if (coldBits.isPresent()) {
            md.append("\nbits-server / dd (first, untouched memory) = **")
                    .append(ratio(coldBits, mean(rows, "cold", DISK, -1, -1, false, "first")))
                    .append("**; bits-server / dd (after bits-server) = **")
                    .append(ratio(coldBits, mean(rows, "cold", DISK, -1, -1, false, "after")))
                    .append("** (target ≥ 0.9 under the same cold conditions; the order decides who meets "
                            + "untouched memory, so both dd runs are shown).\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        md.append("\nChart: `harness.svg`; raw rows: `harness.csv`.\n");
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
        StringBuilder sb = new StringBuilder("section,target,fragment_bytes,concurrency,bytes,seconds,mb_per_s,"
                + "requests_per_s,p50_ms,p99_ms,server_peak_heap_bytes,server_cpu_s,errors,note\n");
        for (LoadHarness.Row r : rows) {
            RawBitsDriver.Outcome o = r.outcome();
            sb.append(String.join(",", r.section(), r.target(), Integer.toString(r.fragment()),
                    Integer.toString(r.concurrency()), Long.toString(o.bytes()), f(o.seconds(), 3),
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

    private static final String[] SERIES = {BITS, BARE, NGINX};
    private static final String[] COLORS = {"#1f6fb4", "#f28e2b", "#59a14f"};

    /** A grouped bar chart: MB/s per (fragment size, uploads) group, one bar per target, dd as a dashed line. */
    static String svg(Stamp stamp, List<LoadHarness.Row> rows) {
        List<int[]> groups = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("ingest") && !r.target().equals(DISK)
                    && seen.add(r.fragment() + "x" + r.concurrency())) {
                groups.add(new int[] {r.fragment(), r.concurrency()});
            }
        }
        double max = 1;
        for (LoadHarness.Row r : rows) {
            if (r.section().equals("ingest") && r.outcome().errors() == 0) {
                max = Math.max(max, r.outcome().megabytesPerSecond());
            }
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step) * step;
        int bar = 16;
        int groupWidth = SERIES.length * bar + 22;
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
        s.append("<text x=\"").append(left).append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
                + "Server ingest: MB/s landed by fragment size and concurrent uploads</text>\n");
        s.append("<text x=\"").append(left).append("\" y=\"38\" fill=\"#555\">same raw-socket driver for every "
                + "target; dashed line: dd at the same block size</text>\n");
        for (double v = 0; v <= top + 1e-9; v += step) {
            double y = plotTop + plotHeight - v / top * plotHeight;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left, y,
                    left + groups.size() * groupWidth, y, left - 6, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                + "text-anchor=\"middle\">MB/s</text>%n", plotTop + plotHeight / 2, plotTop + plotHeight / 2));
        for (int g = 0; g < groups.size(); g++) {
            int fragment = groups.get(g)[0];
            int n = groups.get(g)[1];
            int x0 = left + g * groupWidth + 11;
            for (int k = 0; k < SERIES.length; k++) {
                OptionalDouble v = mean(rows, "ingest", SERIES[k], fragment, n, false, null);
                if (v.isEmpty()) {
                    continue;
                }
                double h = v.getAsDouble() / top * plotHeight;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                                + "fill=\"%s\"><title>%s %s x%d: %.0f MB/s</title></rect>%n",
                        x0 + k * bar, plotTop + plotHeight - h, bar - 2, h, COLORS[k], SERIES[k], size(fragment), n,
                        v.getAsDouble()));
            }
            OptionalDouble disk = mean(rows, "ingest", DISK, fragment, -1, false, null);
            if (disk.isPresent()) {
                double y = plotTop + plotHeight - Math.min(disk.getAsDouble(), top) / top * plotHeight;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        + "stroke=\"#333\" stroke-dasharray=\"4 3\"><title>dd %s: %.0f MB/s</title></line>%n",
                        x0 - 4, y, x0 + SERIES.length * bar + 2, y, size(fragment), disk.getAsDouble()));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">x%d</text>%n",
                    x0 + SERIES.length * bar / 2, plotTop + plotHeight + 16, size(fragment),
                    x0 + SERIES.length * bar / 2, plotTop + plotHeight + 30, n));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, plotTop + plotHeight, left + groups.size() * groupWidth, plotTop + plotHeight));
        int ly = plotTop + plotHeight + 56;
        int lx = left;
        for (int k = 0; k < SERIES.length; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly - 10, COLORS[k], lx + 16, ly, SERIES[k]));
            lx += 110;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
                + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\">disk (dd)</text>%n", lx, ly - 4, lx + 14,
                ly - 4, lx + 18, ly));
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
