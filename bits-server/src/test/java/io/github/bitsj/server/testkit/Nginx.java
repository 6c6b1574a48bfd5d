// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx in front of server nodes (README "Server farms"): writes the configuration README shows, with its own
 * prefix, pid file, logs and temporary directories in a temporary directory, runs it in the foreground on a free
 * loopback port, and stops it. Round-robin without stickiness, keep-alive connections to the nodes, request bodies
 * streamed to them unbuffered and without a size limit.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;
    private final URI uri;
    private final Path dir;

    private Nginx(Process process, URI uri, Path dir) {
        this.process = process;
        this.uri = uri;
        this.dir = dir;
    }

    /** {@return the nginx binary, if installed} */
    public static java.util.Optional<Path> binary() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx",
                "/usr/local/nginx/sbin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return java.util.Optional.of(Path.of(p));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Skips the calling test when nginx is missing, unless this is CI ({@code CI=true}), where {@code .ci/run}
     * installs it and its absence is a failure.
     */
    public static Path requireBinary() {
        java.util.Optional<Path> b = binary();
        if (b.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("nginx is not installed, but CI=true (.ci/run installs nginx-light)");
        }
        Assumptions.assumeTrue(b.isPresent(), "server farm tests skipped: nginx not installed (Debian package"
                + " nginx-light; .ci/run installs it when CI=true or as root)");
        return b.get();
    }

    /**
     * The configuration for nginx in front of {@code nodes} (README "Server farms"), with every path below
     * {@code dir}.
     *
     * @param dir nginx's prefix: pid file, logs and temporary files go here
     * @param listen what nginx listens on (address:port or port)
     * @param nodes the nodes' {@code host:port}
     * @return the text of nginx.conf
     */
    public static String config(Path dir, String listen, List<String> nodes) {
        String servers = nodes.stream().map(n -> "        server " + n + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        return """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 1024;
                }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;

                    upstream bits_nodes {
                %2$s
                        keepalive 32;
                    }
                    server {
                        listen %3$s;
                        client_max_body_size 0;
                        location / {
                            proxy_pass http://bits_nodes;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_request_buffering off;
                            proxy_buffering off;
                            proxy_read_timeout 300s;
                            proxy_send_timeout 300s;
                        }
                    }
                }
                """.formatted(dir, servers, listen);
    }

    /**
     * Starts nginx in front of {@code nodes}.
     *
     * @param dir an empty directory for nginx's own files
     * @param nodes the nodes' base URIs
     * @return the running nginx
     * @throws IOException if it does not start listening within 10 seconds
     * @throws InterruptedException if interrupted
     */
    public static Nginx start(Path dir, List<URI> nodes) throws IOException, InterruptedException {
        Path binary = requireBinary();
        List<String> upstreams = nodes.stream().map(u -> u.getHost() + ":" + u.getPort()).toList();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, "127.0.0.1:" + port, upstreams), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try {
                    new Socket(InetAddress.getLoopbackAddress(), port).close();
                    return new Nginx(p, URI.create("http://127.0.0.1:" + port), dir);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            last = new IOException("nginx did not start: " + log(dir));
        }
        throw last;
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("stdout.log")) + Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@return nginx's base URI, {@code http://127.0.0.1:port}} */
    public URI uri() {
        return uri;
    }

    /** {@return nginx's error log so far (for failure messages)} */
    public String errorLog() {
        return log(dir);
    }

    /** Stops nginx (SIGTERM: fast shutdown), forcibly after 10 seconds or at once if interrupted. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
