// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result ({@code -rf csv}) into a Markdown table in which every benchmark {@code x} sits beside its
 * baseline {@code xNaive}, with the speed-up {@code naive / codec} as a ratio and, when {@code -prof gc} ran, bytes
 * allocated per operation. Usage: {@code JmhReport <jmh.csv> <out.md>}.
 */
public final class JmhReport {
    private JmhReport() {}

    /** One benchmark's primary score and allocation. */
    private static final class Row {
        double score = Double.NaN;
        double error = Double.NaN;
        String unit = "";
        double bytesPerOp = Double.NaN;
    }

    /**
     * Writes the report.
     *
     * @param args the CSV file and the Markdown file to write
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JmhReport <jmh.csv> <out.md>");
            System.exit(1);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = csv(line);
            if (cells.size() < 7) {
                continue;
            }
            String name = cells.get(0);
            int colon = name.indexOf(':');
            String bench = shortName(colon < 0 ? name : name.substring(0, colon));
            Row row = rows.computeIfAbsent(bench, k -> new Row());
            if (colon < 0) {
                row.score = number(cells.get(4));
                row.error = number(cells.get(5));
                row.unit = cells.get(6);
            } else if (name.endsWith(":gc.alloc.rate.norm")) {
                row.bytesPerOp = number(cells.get(4));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# bits-bench: JMH micro-benchmarks of the codec\n\n");
        md.append(Stamp.current().markdown()).append('\n');
        md.append("Time per operation (average, lower is better) and bytes allocated per operation "
                + "(`-prof gc`, `gc.alloc.rate.norm`). *Naive* is the regex/`split`/`parseLong`/`UUID.fromString` "
                + "baseline (`NaiveCodec`) measured in the same run; **speed-up** = naive time / codec time. "
                + "Header sets: the Windows client's and IIS's ([MC-BUP] §4 traces, `WindowsTraces`).\n\n");
        md.append("| Benchmark | codec | B/op | naive | naive B/op | speed-up |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            String name = e.getKey();
            if (name.endsWith("Naive") && rows.containsKey(name.substring(0, name.length() - 5))) {
                continue;
            }
            Row r = e.getValue();
            Row naive = rows.get(name + "Naive");
            md.append("| ").append(name).append(" | ").append(score(r)).append(" | ").append(bytes(r.bytesPerOp));
            if (naive != null) {
                md.append(" | ").append(score(naive)).append(" | ").append(bytes(naive.bytesPerOp)).append(" | **")
                        .append(String.format(Locale.ROOT, "%.1f×", naive.score / r.score)).append("**");
            } else {
                md.append(" |  |  | ");
            }
            md.append(" |\n");
        }
        Row fragment = rows.get("DecodeBenchmark.decodeFragment");
        if (fragment != null) {
            md.append("\n## Targets (issue #5)\n\n");
            md.append(String.format(Locale.ROOT, "- Fragment decode: %.1f ns/op (target ≤ 150 ns) — %s.%n",
                    fragment.score, fragment.score <= 150 ? "met" : "**missed**"));
            if (!Double.isNaN(fragment.bytesPerOp)) {
                md.append(String.format(Locale.ROOT, "- Fragment decode allocates %.0f B/op. The packet itself "
                        + "(Fragment 32 B + ContentRange 40 B + SessionId 16 B + Optional 16 B, compressed oops) is "
                        + "104 B; with one more allocation (the Decoded.Ok, 16 B) the target is ≤ 120 B/op — %s.%n",
                        fragment.bytesPerOp, Math.round(fragment.bytesPerOp) <= 120 ? "met" : "**missed**"));
            }
        }
        md.append("\nRaw JMH output: `").append(Path.of(args[0]).getFileName()).append("` (CSV).\n");
        Path out = Path.of(args[1]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private static String shortName(String fqn) {
        int lastDot = fqn.lastIndexOf('.');
        int classDot = fqn.lastIndexOf('.', lastDot - 1);
        return fqn.substring(classDot + 1);
    }

    private static String score(Row r) {
        if (Double.isNaN(r.score)) {
            return "";
        }
        String err = Double.isNaN(r.error) ? "" : String.format(Locale.ROOT, " ± %.1f", r.error);
        return String.format(Locale.ROOT, "%.1f%s %s", r.score, err, r.unit);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.0f", b);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Splits one CSV line with double-quoted cells. */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
