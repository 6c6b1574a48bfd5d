// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a result was measured: CPU model, core count, JDK, commit, OS, time. Every results file
 * starts with it, because on shared machines only ratios from one run mean anything, and even those need context.
 *
 * @param cpu the CPU model from {@code /proc/cpuinfo}
 * @param cores the processors available to this JVM
 * @param jdk vendor and version of the running JDK
 * @param commit the git commit of the working tree, with {@code -dirty} when it has changes
 * @param os operating system name and kernel version
 * @param memoryMiB total memory from {@code /proc/meminfo}, in MiB, or -1
 * @param when the time of measurement, UTC
 */
record Stamp(String cpu, int cores, String jdk, String commit, String os, long memoryMiB, Instant when) {

    /** {@return the stamp of this machine and JVM now} */
    static Stamp current() {
        return new Stamp(readCpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor", "?") + " " + Runtime.version(),
                readCommit(), System.getProperty("os.name") + " " + System.getProperty("os.version"), readMemoryMiB(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@return the stamp as a Markdown bullet list} */
    String markdown() {
        return "- CPU: " + cpu + ", " + cores + " cores available, " + (memoryMiB < 0 ? "?" : memoryMiB)
                + " MiB RAM\n"
                + "- JDK: " + jdk + "\n"
                + "- OS: " + os + "\n"
                + "- Commit: " + commit + "\n"
                + "- Measured: " + when + "\n";
    }

    /** {@return a one-line form, for SVG captions} */
    String oneLine() {
        return cpu + " x" + cores + " | JDK " + Runtime.version() + " | " + commit + " | " + when;
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch", "?");
    }

    private static long readMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static String readCommit() {
        String head = run("git", "rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        // Result files rewritten by an earlier run do not make the code dirty.
        boolean dirty = run("git", "status", "--porcelain", "--untracked-files=no").lines()
                .anyMatch(l -> !l.contains("bits-bench/results/"));
        return dirty ? head + "-dirty" : head;
    }

    /** {@return the trimmed standard output of a command, or "" when it fails} */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
