// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a server farm in tests: a child JVM running bits-server's command line on the test's class path,
 * listening on loopback; its base URI is read from its "listening on" line. {@link #kill()} is SIGKILL.
 *
 * @param process the child process
 * @param uri its base URI
 */
public record ServerNode(Process process, URI uri) implements AutoCloseable {

    /** {@return a port that was free a moment ago (for a node whose host id must name its port)} */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts a node.
     *
     * @param root the upload directory ({@code -d}); nodes of a shared-storage farm share it
     * @param port the port, 0 for any
     * @param extra more command-line options
     * @return the node, listening
     * @throws IOException if it ends before listening
     * @throws InterruptedException if interrupted
     */
    public static ServerNode start(Path root, int port, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port),
                "-d", root.toString(), "--shutdown-grace", "5s"));
        args.addAll(List.of(extra));
        return launch(List.of("-Xmx256m"), args);
    }

    /**
     * Starts bits-server's command line in a child JVM on the test's class path and waits for its "listening on"
     * line; its output is drained afterwards.
     *
     * @param jvmOptions options for the child JVM
     * @param args the command line
     * @return the child, listening
     * @throws IOException if it ends before listening
     * @throws InterruptedException if interrupted
     */
    public static ServerNode launch(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaCmd));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.github.bitsj.server.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            int at = line.indexOf(" listening on ");
            if (at >= 0) {
                URI uri = URI.create(line.substring(at + " listening on ".length()).strip());
                // the rest of its output goes to target/server-nodes/<pid>.log, for a failure's post-mortem
                Path logDir = Path.of("target", "server-nodes");
                String first = seen + line + "\n";
                Thread drain = new Thread(() -> {
                    try (Writer w = Files.newBufferedWriter(Files.createDirectories(logDir).resolve(p.pid() + ".log"),
                            StandardCharsets.UTF_8)) {
                        w.write(first);
                        r.transferTo(w);
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new ServerNode(p, uri);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("server ended before listening, exit " + p.waitFor(10, TimeUnit.SECONDS) + ": " + seen);
    }

    /** SIGKILL: the node dies at once, its file locks with it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after 10 seconds (at once if interrupted). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
