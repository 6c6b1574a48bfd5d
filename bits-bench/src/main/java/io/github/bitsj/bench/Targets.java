// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The servers under test, each in its own process so its CPU time and heap are its own. */
final class Targets {
    private Targets() {}

    /** A running target. */
    interface Handle extends AutoCloseable {
        /** {@return the short name used in tables} */
        String name();

        /** {@return the driver's view of it} */
        RawBitsDriver.Target target();

        /** Starts a measurement window. */
        void reset() throws IOException;

        /** {@return peak heap bytes (or -1) and CPU nanoseconds since {@link #reset()}} */
        long[] stats() throws IOException;

        /** {@return where uploaded data lands, emptied between runs} */
        Path storage();

        @Override
        void close();
    }

    /** A {@link TargetServer} child JVM: {@code bare} or {@code bits}. */
    static final class JvmTarget implements Handle {
        private final String name;
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final RawBitsDriver.Target target;
        private final Path storage;

        JvmTarget(String kind, String name, Path storage, Path log, List<String> jvmArgs, String pathPrefix)
                throws IOException {
            this(kind, name, storage, log, jvmArgs, pathPrefix, List.of());
        }

        /**
         * Starts a {@link TargetServer}.
         *
         * @param kind {@code bare} or {@code bits}
         * @param name the table name
         * @param storage where uploads land
         * @param log the child's standard error
         * @param jvmArgs the child's JVM options
         * @param pathPrefix the URL prefix uploads go under
         * @param targetArgs more {@link TargetServer} arguments after the storage directory (e.g. the engine)
         * @throws IOException if it does not start
         */
        JvmTarget(String kind, String name, Path storage, Path log, List<String> jvmArgs, String pathPrefix,
                List<String> targetArgs) throws IOException {
            this.name = name;
            this.storage = Files.createDirectories(storage);
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(TargetServer.class.getName());
            cmd.add(kind);
            cmd.add(storage.toString());
            cmd.addAll(targetArgs);
            process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), true);
            String first = out.readLine();
            while (first != null && !first.startsWith("PORT ")) {
                first = out.readLine(); // e.g. -XX:StartFlightRecording prints to standard output
            }
            if (first == null) {
                process.destroyForcibly();
                throw new IOException(name + " did not start (see " + log + "): " + first);
            }
            target = new RawBitsDriver.Target(name, Integer.parseInt(first.substring(5).trim()), pathPrefix,
                    RawBitsDriver.Mode.BITS);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RawBitsDriver.Target target() {
            return target;
        }

        @Override
        public Path storage() {
            return storage;
        }

        @Override
        public void reset() throws IOException {
            in.println("reset");
            expect("OK");
        }

        @Override
        public long[] stats() throws IOException {
            in.println("stats");
            String line = expect("STATS ");
            String[] parts = line.split(" ");
            return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        }

        private String expect(String prefix) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(prefix)) {
                throw new IOException(name + " answered " + line);
            }
            return line;
        }

        /** {@return true while the process runs} */
        boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** nginx with WebDAV PUT, one file per fragment, started from a generated config when nginx is installed. */
    static final class NginxTarget implements Handle {
        private final Process process;
        private final RawBitsDriver.Target target;
        private final Path storage;
        private long cpuStart;

        private NginxTarget(Process process, int port, Path storage) {
            this.process = process;
            this.storage = storage;
            this.target = new RawBitsDriver.Target("nginx", port, "/upload/", RawBitsDriver.Mode.PUT);
        }

        /** {@return the nginx executable, or null when it is not installed} */
        static String find() {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "nginx");
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
            for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")) {
                if (Files.isExecutable(Path.of(p))) {
                    return p;
                }
            }
            return null;
        }

        static NginxTarget start(String nginx, Path dir) throws IOException {
            Files.createDirectories(dir);
            Path storage = Files.createDirectories(dir.resolve("dav"));
            Files.createDirectories(dir.resolve("tmp"));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            boolean root = "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
            int workers = Runtime.getRuntime().availableProcessors();
            String conf = (root ? "user root root;\n" : "")
                    + "worker_processes " + workers + ";\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + " warn;\n"
                    + "events { worker_connections 4096; }\n"
                    + "http {\n"
                    + "  access_log off;\n"
                    + "  client_body_temp_path " + dir.resolve("tmp") + ";\n"
                    + "  client_max_body_size 0;\n"
                    + "  client_body_buffer_size 1m;\n"
                    + "  keepalive_requests 10000000;\n"
                    + "  keepalive_timeout 300s;\n"
                    + "  server {\n"
                    + "    listen 127.0.0.1:" + port + " backlog=1024;\n"
                    + "    root " + storage + ";\n"
                    + "    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw; }\n"
                    + "  }\n"
                    + "}\n";
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            Process p = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", confFile.toString(), "-g",
                    "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new NginxTarget(p, port, storage);
                } catch (IOException e) {
                    if (!p.isAlive()) {
                        break;
                    }
                    try {
                        Thread.sleep(50); // polling a port another process opens; no latch to wait on
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            p.destroyForcibly();
            throw new IOException("nginx did not start; see " + dir.resolve("error.log"));
        }

        private long cpuNanos() {
            long sum = cpu(process.toHandle());
            try (Stream<ProcessHandle> d = process.toHandle().descendants()) {
                sum += d.mapToLong(NginxTarget::cpu).sum();
            }
            return sum;
        }

        private static long cpu(ProcessHandle h) {
            return h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        @Override
        public String name() {
            return "nginx";
        }

        @Override
        public RawBitsDriver.Target target() {
            return target;
        }

        @Override
        public Path storage() {
            return storage;
        }

        @Override
        public void reset() {
            cpuStart = cpuNanos();
        }

        @Override
        public long[] stats() {
            return new long[] {-1, cpuNanos() - cpuStart};
        }

        @Override
        public void close() {
            process.destroy(); // SIGTERM: nginx's fast shutdown of master and workers
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * Deletes the uploaded files under {@code dir}, keeping {@code dir} and bits-server's session area
     * ({@code BITS-Sessions}, which the server creates once at start, expects to stay, and may still be tidying).
     */
    static void empty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path sessions = dir.resolve(io.github.bitsj.server.UploadDirectory.DEFAULT_SESSION_DIRECTORY);
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                    java.nio.file.attribute.BasicFileAttributes attrs) {
                return d.equals(sessions) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                Files.deleteIfExists(f);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (!d.equals(dir)) {
                    try {
                        Files.deleteIfExists(d);
                    } catch (java.nio.file.DirectoryNotEmptyException ignored) {
                        // something new appeared; the next run's clean-up takes it
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
