// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code java -m io.github.bitsj.server [options]} (see {@code --help}). {@link #main} only
 * calls {@link #run} and exits with its code on failure, as the JDK's {@code jwebserver} does.
 */
public final class Main {
    /** Exit codes, the same in both command lines: 0 done, 1 failed, 2 usage (the client adds 3 and 4). */
    enum Startup {
        OK(0), FAILED(1), USAGE(2);

        final int code;

        Startup(int code) {
            this.code = code;
        }
    }

    /** The outcome of {@link #prepare}: a running server, or an exit code. */
    record Prepared(int exitCode, BitsServer server) {}

    private Main() {}

    /**
     * Runs the server until the JVM is asked to stop (SIGTERM, Ctrl-C).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int rc = run(out, err, System.in, args);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /**
     * Parses, starts and blocks until shutdown.
     *
     * @param out  standard output
     * @param err  standard error
     * @param in   standard input (for {@code --hash-password})
     * @param args the command line
     * @return the exit code
     */
    static int run(PrintWriter out, PrintWriter err, InputStream in, String... args) {
        Prepared p = prepare(out, err, in, true, args);
        if (p.server() == null) {
            return p.exitCode();
        }
        BitsServer server = p.server();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            // JUL may already be reset by its own shutdown hook, so report on stdout too
            out.println("bits-server stopped; " + server.openSessions() + " open session(s) kept on disk for resumption");
            stopped.countDown();
        }, "bits-server-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Startup.OK.code;
    }

    /**
     * Parses and, for a run, starts the server (without waiting).
     *
     * @param jvmWide make the JVM-wide settings only {@code main} may make (console logging, Jetty's SLF4J binding)
     * @return a running server, or the exit code
     */
    static Prepared prepare(PrintWriter out, PrintWriter err, InputStream in, boolean jvmWide,
            String... args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            err.println("bits-server: " + e.getMessage());
            err.println("Try --help.");
            return new Prepared(Startup.USAGE.code, null);
        } catch (IOException e) {
            err.println("bits-server: cannot read the --config file: " + describe(e));
            return new Prepared(Startup.FAILED.code, null);
        }
        switch (o.action) {
            case HELP -> {
                out.print(Usage.text(Usage.columns()));
                out.flush();
                return new Prepared(Startup.OK.code, null);
            }
            case VERSION -> {
                out.println("bits-server " + version());
                return new Prepared(Startup.OK.code, null);
            }
            case HASH_PASSWORD -> {
                return new Prepared(hashPassword(out, err, in, o.hashUser), null);
            }
            case RUN -> {
                // fall through to start
            }
        }
        try {
            if (jvmWide) {
                Settings.configureLogging(o.bool("verbose"), o.get("log-format"));
                // Jetty logs through SLF4J: to System.Logger, as the server does (unless the JVM names a provider)
                if (System.getProperty("slf4j.provider") == null) {
                    System.setProperty("slf4j.provider", "io.github.bitsj.server.internal.jetty.Slf4jToSystemLogger");
                    System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity",
                            "WARN"));
                }
            }
            Settings.useKrb5Conf(o);
            BitsServerConfig config = Settings.toConfig(o);
            BitsServer server;
            try {
                server = BitsServer.start(config);
            } catch (IOException io) {
                BindException e = bindException(io); // Jetty wraps it: IOException("Failed to bind ...")
                if (e == null) {
                    throw io;
                }
                InetSocketAddress a = bindFailure(config, e);
                err.println("bits-server: cannot listen on " + Banner.host(a.getAddress()) + ":" + a.getPort() + ": "
                        + (e.getMessage() == null ? "cannot bind" : e.getMessage().toLowerCase(java.util.Locale.ROOT))
                        + " (is another server running? choose another --port" + (a.getPort() == config.bindAddress()
                        .getPort() ? "" : " or --metrics-bind") + ")");
                return new Prepared(Startup.FAILED.code, null);
            }
            Banner.print(out, version(), server);
            return new Prepared(Startup.OK.code, server);
        } catch (Options.UsageException | IllegalArgumentException e) {
            err.println("bits-server: " + e.getMessage());
            return new Prepared(Startup.USAGE.code, null);
        } catch (IllegalStateException e) {
            err.println("bits-server: cannot start: " + e.getMessage());
            return new Prepared(Startup.FAILED.code, null);
        } catch (IOException | GeneralSecurityException e) {
            err.println("bits-server: cannot start: " + describe(e));
            return new Prepared(Startup.FAILED.code, null);
        }
    }

    /** {@return {@code e} or its first cause that is a {@link BindException}, or null} */
    private static BindException bindException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return b;
            }
        }
        return null;
    }

    /** {@return which address failed to bind: the metrics listener's if the upload listener is free} */
    private static InetSocketAddress bindFailure(BitsServerConfig config, BindException e) {
        InetSocketAddress main = config.bindAddress();
        InetSocketAddress ops = config.monitoring().address().orElse(null);
        if (ops == null || main.getPort() == 0) {
            return main;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(main);
            return ops; // the upload address is free, so the metrics address was taken
        } catch (IOException busy) {
            return main;
        }
    }

    /** {@return an I/O failure in plain words, naming the file: {@code no such file: /etc/bits/users}} */
    static String describe(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file: " + n.getFile();
            case java.nio.file.AccessDeniedException a -> "permission denied: " + a.getFile();
            case java.nio.file.NotDirectoryException n -> "not a directory: " + n.getFile();
            case java.nio.file.FileAlreadyExistsException f -> "exists and is not a directory: " + f.getFile();
            case java.nio.file.FileSystemException f -> f.getMessage();
            default -> e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        };
    }

    private static int hashPassword(PrintWriter out, PrintWriter err, InputStream in, String user) {
        char[] pw;
        Console console = System.console();
        try {
            if (console != null && in == System.in) {
                pw = console.readPassword("Password for %s: ", user);
            } else {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                pw = line == null ? null : line.toCharArray();
            }
        } catch (IOException e) {
            pw = null;
        }
        if (pw == null || pw.length == 0) {
            err.println("bits-server: no password given on standard input");
            return Startup.USAGE.code;
        }
        try {
            out.println(UserStore.hashLine(user, pw));
            return Startup.OK.code;
        } catch (IllegalArgumentException e) {
            err.println("bits-server: " + e.getMessage());
            return Startup.USAGE.code;
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static String version() {
        return io.github.bitsj.protocol.internal.BuildInfo.VERSION;
    }
}
