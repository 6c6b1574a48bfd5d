// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The two report formats: Markdown for people, JUnit XML for CI systems. */
final class Reports {
    private Reports() {}

    /** What a report is about. */
    record Run(Target target, Instant started, Duration elapsed, String version, List<Case.Outcome> outcomes) {
        Run {
            outcomes = List.copyOf(outcomes);
        }

        long count(Case.Result r) {
            return outcomes.stream().filter(o -> o.result() == r).count();
        }

        String summary() {
            return outcomes.size() + " cases: " + count(Case.Result.PASS) + " passed, " + count(Case.Result.FAIL)
                    + " failed, " + count(Case.Result.SKIP) + " skipped";
        }
    }

    /**
     * {@return the Markdown report: the run, a table with one row per case (result, name, sections, outcome), and
     * the behaviours the server chose where the spec allows several}
     *
     * @param run the run
     */
    static String markdown(Run run) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("# BITS upload server conformance report\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append("| Target | `").append(md(run.target().url().toString())).append("` |\n");
        sb.append("| File-system checks | ").append(run.target().root().map(r -> "`--root " + md(r.toString()) + "`")
                .orElse("off (no `--root`)")).append(" |\n");
        sb.append("| Started | ").append(run.started().truncatedTo(ChronoUnit.SECONDS)).append(" |\n");
        sb.append("| Kit | bits-client check ").append(md(run.version())).append(" |\n");
        sb.append("| Result | **").append(run.summary()).append("** in ")
                .append(seconds(run.elapsed())).append(" s |\n\n");
        sb.append("Sections: MC-BUP = [MC-BUP] BITS Upload Protocol v16.0; SDK = Win32 BITS SDK pages; D = a bitsj decision "
                + "(bits-protocol/README.md).\n\n");
        sb.append("| Result | Case | Checks | Sections | Outcome |\n|---|---|---|---|---|\n");
        for (Case.Outcome o : run.outcomes()) {
            sb.append("| ").append(o.result() == Case.Result.FAIL ? "**FAIL**" : o.result()).append(" | `")
                    .append(o.test().name()).append("` | ").append(md(o.test().checks())).append(" | ")
                    .append(md(o.test().sections())).append(" | ").append(md(o.reason())).append(" |\n");
        }
        StringBuilder chose = new StringBuilder();
        for (Case.Outcome o : run.outcomes()) {
            for (String n : o.notes()) {
                chose.append("- `").append(o.test().name()).append("`: ").append(md(n)).append('\n');
            }
        }
        if (!chose.isEmpty()) {
            sb.append("\n## What the server chose, and other observations\n\n");
            sb.append("Where the spec allows more than one behaviour (bits-protocol/README.md), every allowed one passes; this is "
                    + "the one this server chose.\n\n");
            sb.append(chose);
        }
        return sb.toString();
    }

    /**
     * {@return the JUnit XML report: one {@code testsuite}, one {@code testcase} per case with {@code failure} or
     * {@code skipped}, the sections and notes in {@code system-out}}
     *
     * @param run the run
     */
    static String junit(Run run) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"bits-conformance\" tests=\"").append(run.outcomes().size())
                .append("\" failures=\"").append(run.count(Case.Result.FAIL)).append("\" errors=\"0\" skipped=\"")
                .append(run.count(Case.Result.SKIP)).append("\" time=\"").append(seconds(run.elapsed()))
                .append("\" timestamp=\"").append(run.started().truncatedTo(ChronoUnit.SECONDS)).append("\">\n");
        sb.append("  <properties>\n");
        sb.append("    <property name=\"target\" value=\"").append(xml(run.target().url().toString())).append("\"/>\n");
        sb.append("    <property name=\"root\" value=\"").append(xml(run.target().root().map(Object::toString)
                .orElse(""))).append("\"/>\n");
        sb.append("    <property name=\"kit\" value=\"bits-client check ").append(xml(run.version())).append("\"/>\n");
        sb.append("  </properties>\n");
        for (Case.Outcome o : run.outcomes()) {
            sb.append("  <testcase classname=\"bits.conformance.").append(xml(o.test().group().replace('/', '.')
                    .replace(' ', '-'))).append("\" name=\"").append(xml(o.test().name())).append("\" time=\"")
                    .append(seconds(o.elapsed())).append("\">\n");
            switch (o.result()) {
                case FAIL -> sb.append("    <failure message=\"").append(xml(o.reason()))
                        .append("\" type=\"protocol\">").append(xml(o.test().sections())).append("</failure>\n");
                case SKIP -> sb.append("    <skipped message=\"").append(xml(o.reason())).append("\"/>\n");
                case PASS -> { }
            }
            sb.append("    <system-out>").append(xml(o.test().checks() + "\n" + o.test().sections() + "\n"
                    + o.reason() + (o.notes().isEmpty() ? "" : "\n" + String.join("\n", o.notes()))))
                    .append("</system-out>\n");
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
                .replace("`", "'").replace("*", "\\*");
    }

    private static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n', '\t' -> sb.append(c);
                default -> sb.append(c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF
                        ? '?' : c);
            }
        }
        return sb.toString();
    }
}
