// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Runs {@code bits-client check} in-process and parses its {@code PASS|FAIL|SKIP name: reason} lines. */
record KitRun(int exitCode, String out, String err, Map<String, Line> lines) {

    /**
     * Cases that fail against today's bits-server, each with the issue that closes the gap. When an issue lands, its
     * entries go: {@link #assertOnlyKnownGaps} fails for a listed case that passes, so the list only ever shrinks.
     */
    static final Map<String, String> KNOWN_GAPS = Map.of();

    /** One output line. */
    record Line(Case.Result result, String reason) {
    }

    /**
     * Runs the kit.
     *
     * @param env the environment the command sees
     * @param args the arguments after {@code check}
     * @return the exit code, the output and the parsed lines
     */
    static KitRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CheckCommand.run(new PrintWriter(out), new PrintWriter(err), env, args);
        Map<String, Line> lines = new LinkedHashMap<>();
        for (String l : out.toString().split("\n")) {
            for (Case.Result r : Case.Result.values()) {
                String prefix = r.name() + " ";
                int colon = l.indexOf(": ");
                if (l.startsWith(prefix) && colon > prefix.length()) {
                    lines.put(l.substring(prefix.length(), colon), new Line(r, l.substring(colon + 2)));
                }
            }
        }
        return new KitRun(code, out.toString(), err.toString(), Collections.unmodifiableMap(lines));
    }

    static KitRun run(String... args) {
        return run(Map.of(), args);
    }

    /** {@return the names of the cases with this result} */
    Set<String> with(Case.Result r) {
        Set<String> s = new TreeSet<>();
        lines.forEach((name, line) -> {
            if (line.result() == r) {
                s.add(name);
            }
        });
        return s;
    }

    /**
     * Asserts that every case of the suite ran, and that exactly {@code expectedFailures} (plus the known gaps)
     * failed; a known gap that passes fails the assertion, so that the list gets shrunk.
     *
     * @param expectedFailures cases that must fail besides the known gaps
     */
    void assertOnlyKnownGaps(Set<String> expectedFailures) {
        System.out.println(out); // the kit's own report, in the test's output file
        assertEquals(List.copyOf(Suite.byName().keySet()), List.copyOf(lines.keySet()),
                "every case runs once, in order:\n" + out);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            String name = e.getKey();
            Line l = e.getValue();
            boolean mustFail = KNOWN_GAPS.containsKey(name) || expectedFailures.contains(name);
            if (mustFail && l.result() != Case.Result.FAIL) {
                problems.add(name + " was expected to fail (" + KNOWN_GAPS.getOrDefault(name, "broken on purpose")
                        + ") but is " + l.result() + ": if the gap is closed, remove it from KitRun.KNOWN_GAPS");
            }
            if (!mustFail && l.result() != Case.Result.PASS) {
                problems.add(name + " " + l.result() + ": " + l.reason());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\n---\n" + out + err);
        }
        assertEquals(expectedFailures.isEmpty() && KNOWN_GAPS.isEmpty() ? CheckCommand.OK : CheckCommand.FAILED,
                exitCode, out + err);
        assertTrue(out.contains(lines.size() + " cases: "), out);
    }

    /** Starts a bits-server on loopback port 0 with one directory {@code /upload} stored in {@code root}. */
    static BitsServer server(Path root, UnaryOperator<UploadDirectory.Builder> dir,
            UnaryOperator<BitsServerConfig.Builder> cfg) throws IOException {
        BitsServerConfig.Builder b = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .shutdownGrace(java.time.Duration.ofSeconds(2))
                .addDirectory(dir.apply(UploadDirectory.newBuilder("/upload", root)).build());
        return BitsServer.start(cfg.apply(b).build());
    }
}
