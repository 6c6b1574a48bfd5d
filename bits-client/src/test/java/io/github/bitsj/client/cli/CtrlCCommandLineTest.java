// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.BitsSim;
import io.github.bitsj.client.ScriptedServer;
import io.github.bitsj.client.ScriptedServer.Recorded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on the command line (issue 10, problem 6): the real {@code bits-client} in a child JVM, interrupted with
 * SIGINT while a Fragment is in flight, cancels its session on the server before it ends, or keeps it when
 * {@code --state} asks for a resumable job.
 */
@Timeout(90)
@EnabledOnOs({OS.LINUX, OS.MAC})
class CtrlCCommandLineTest {
    @TempDir
    Path dir;

    /** A server that takes the first Fragment and holds the second until released. */
    record Stalling(ScriptedServer server, BitsSim sim, CountDownLatch arrived, CountDownLatch release) {
        static Stalling start() throws IOException {
            BitsSim sim = new BitsSim();
            CountDownLatch arrived = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger fragments = new AtomicInteger();
            ScriptedServer server = ScriptedServer.start(r -> {
                if (r.packetType().equals("Fragment") && fragments.getAndIncrement() == 1) {
                    arrived.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return sim.answer(r);
            });
            return new Stalling(server, sim, arrived, release);
        }
    }

    private Process client(String url, String... extra) throws IOException {
        Path file = dir.resolve("big.bin");
        byte[] b = new byte[200_000];
        new Random(5).nextBytes(b);
        Files.write(file, b);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.github.bitsj.client.cli.Main", "upload", file.toString(), url, "-f", "16K", "-q",
                "--timeout", "10", "--give-up-after", "30"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
    }

    private static void sigint(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void ctrlCCancelsTheSessionBeforeTheProcessEnds() throws Exception {
        Stalling s = Stalling.start();
        try (ScriptedServer server = s.server()) {
            Process p = client(server.uri("/up/big.bin").toString());
            try {
                assertTrue(s.arrived().await(30, TimeUnit.SECONDS), "the second fragment is in flight");
                sigint(p);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process ends, the cancel bounded in time");
                assertEquals(Main.CANCELLED, p.exitValue(), "Ctrl-C exits 4 (cancelled), not the JVM's 130");
            } finally {
                s.release().countDown();
                p.destroyForcibly();
            }
            List<Recorded> q = server.requests();
            Recorded last = q.get(q.size() - 1);
            assertEquals("Cancel-Session", last.packetType(), server.summaries().toString());
            assertEquals(q.get(1 + 1).header("BITS-Session-Id"), last.header("BITS-Session-Id"));
            assertTrue(s.sim().sessions.isEmpty(), "the server no longer holds the session");
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertTrue(out.contains("bits-client: cancelled; session " + last.header("BITS-Session-Id")
                    + " was cancelled on the server"), out);
            assertTrue(out.contains("nothing to resume"), out);
        }
    }

    @Test
    void ctrlCWithStateKeepsTheSessionForALaterRun() throws Exception {
        Stalling s = Stalling.start();
        Path state = dir.resolve("big.state");
        try (ScriptedServer server = s.server()) {
            Process p = client(server.uri("/up/big.bin").toString(), "--state", state.toString());
            try {
                assertTrue(s.arrived().await(30, TimeUnit.SECONDS), "the second fragment is in flight");
                sigint(p);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process ends");
                assertEquals(Main.CANCELLED, p.exitValue(), "Ctrl-C exits 4 (cancelled)");
            } finally {
                s.release().countDown();
                p.destroyForcibly();
            }
            assertFalse(server.summaries().contains("Cancel-Session"), server.summaries().toString());
            assertEquals(1, s.sim().sessions.size(), "the session stays on the server");
            String saved = Files.readString(state, StandardCharsets.UTF_8);
            String id = s.sim().sessions.keySet().iterator().next();
            assertTrue(saved.contains(id), saved);
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertTrue(out.contains("bits-client: stopped; session " + id + " is kept"), out);
            assertTrue(out.contains("resume: run the same command again (it has --state " + state + ")"), out);
            assertTrue(out.contains("or cancel it: bits-client cancel --state " + state), out);
        }
    }
}
