// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * bits-server's command line ({@code io.github.bitsj.server.cli.Main}, the runnable distribution's entry point) as a
 * child process of a harness, with its product defaults unless a harness overrides them: started on a loopback port,
 * killed with {@code SIGKILL} ({@link Process#destroyForcibly()}) or stopped with {@code SIGTERM}, and restarted on the
 * same storage root and port. Its standard output and error are appended to one log file per harness run.
 *
 * <p>The server's port is read from its {@code listening on http://...} line, so port 0 works for the first start.
 */
final class ServerProcess implements AutoCloseable {
    private static final String MAIN = "io.github.bitsj.server.cli.Main";

    private final Path storage;
    private final Path log;
    private final String engine;
    private final List<String> jvmArgs;
    private final List<String> serverArgs;
    private Process process;
    private int port;
    private int starts;

    /**
     * Describes a server; nothing runs until {@link #start(int)}.
     *
     * @param storage the storage root ({@code --directory}); the upload prefix is {@code /upload}
     * @param log where the child's output is appended
     * @param engine the HTTP engine ({@link Engines})
     * @param jvmArgs the child's JVM options
     * @param serverArgs more command-line options for the server
     */
    ServerProcess(Path storage, Path log, String engine, List<String> jvmArgs, List<String> serverArgs) {
        this.storage = storage;
        this.log = log;
        this.engine = engine;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.serverArgs = List.copyOf(serverArgs);
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param wantedPort the port, or 0 for any free one
     * @return the time it took to start listening, in nanoseconds
     * @throws IOException if it did not start within 60 s (its log says why)
     */
    long start(int wantedPort) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        Files.createDirectories(storage);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(wantedPort), "--directory",
                storage.toString(), "--prefix", "/upload"));
        cmd.addAll(Engines.cliArgs(engine));
        cmd.addAll(serverArgs);
        long t0 = System.nanoTime();
        starts++;
        append("---- start " + starts + ": " + String.join(" ", cmd.subList(cmd.indexOf(MAIN), cmd.size())) + "\n");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        process = p;
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-output-" + starts).start(() -> copyOutput(p, listening));
        try {
            port = listening.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("bits-server did not start listening (see " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting bits-server", e);
        }
        return System.nanoTime() - t0;
    }

    private void copyOutput(Process p, CompletableFuture<Integer> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                int at = line.indexOf("listening on ");
                if (!listening.isDone() && at >= 0) {
                    try {
                        listening.complete(URI.create(line.substring(at + 13).trim()).getPort());
                    } catch (IllegalArgumentException e) {
                        listening.completeExceptionally(e);
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the process went away; the waiter below sees the incomplete future
        } finally {
            listening.completeExceptionally(new IOException("bits-server exited"));
        }
    }

    private synchronized void append(String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** {@return the port it listens on (the same after a restart)} */
    int port() {
        return port;
    }

    /** {@return the storage root} */
    Path storage() {
        return storage;
    }

    /** {@return the child's process id, or -1} */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** {@return true while the child runs} */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * {@code SIGKILL}s the server and waits until it is gone.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Asks the server to stop ({@code SIGTERM}), then kills it if it has not stopped within {@code seconds}. */
    void stop(int seconds) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** {@return the soft limit on open files of the running child (from /proc), or -1 when unknown} */
    long openFileLimit() {
        return process == null ? -1 : Limits.openFiles(Path.of("/proc", Long.toString(process.pid()), "limits"));
    }

    @Override
    public void close() {
        stop(10);
    }

    /** Reading {@code /proc/<pid>/limits}. */
    static final class Limits {
        private Limits() {}

        /** {@return this JVM's soft limit on open files, or -1 when unknown} */
        static long openFiles() {
            return openFiles(Path.of("/proc/self/limits"));
        }

        static long openFiles(Path limits) {
            try {
                for (String line : Files.readAllLines(limits)) {
                    if (line.startsWith("Max open files")) {
                        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                        return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the process is gone
            }
            return -1;
        }
    }
}
