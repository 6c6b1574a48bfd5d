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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code java -m io.github.bitsj.server [options]} (see {@code --help}). {@link #main} only
 * calls {@link #run} and exits with its code on failure, as the JDK's {@code jwebserver} does.
 */
public final class Main {
    /** Exit codes. */
    enum Startup {
        OK(0), CMDERR(1), SYSERR(2);

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
            return new Prepared(Startup.CMDERR.code, null);
        } catch (IOException e) {
            err.println("bits-server: cannot read the config file: " + e.getClass().getSimpleName());
            return new Prepared(Startup.SYSERR.code, null);
        }
        switch (o.action) {
            case HELP -> {
                out.print(Usage.text());
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
                Settings.configureLogging(o.bool("verbose"));
                // Jetty logs through SLF4J: to System.Logger, as the server does (unless the JVM names a provider)
                if (System.getProperty("slf4j.provider") == null) {
                    System.setProperty("slf4j.provider", "io.github.bitsj.server.internal.jetty.Slf4jToSystemLogger");
                    System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity",
                            "WARN"));
                }
            }
            Settings.useKrb5Conf(o);
            BitsServerConfig config = Settings.toConfig(o);
            BitsServer server = BitsServer.start(config);
            String prefix = config.directories().get(0).urlPrefix();
            out.println("bits-server " + version() + " listening on " + server.uri());
            out.println("Upload to: " + server.uri().resolve(prefix.isEmpty() ? "" : prefix.substring(1) + "/")
                    + "<file name>   (stored in " + config.directories().get(0).storageRoot() + ")");
            return new Prepared(Startup.OK.code, server);
        } catch (Options.UsageException | IllegalArgumentException e) {
            err.println("bits-server: " + e.getMessage());
            return new Prepared(Startup.CMDERR.code, null);
        } catch (IllegalStateException e) {
            err.println("bits-server: cannot start: " + e.getMessage());
            return new Prepared(Startup.SYSERR.code, null);
        } catch (IOException | GeneralSecurityException e) {
            err.println("bits-server: cannot start: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return new Prepared(Startup.SYSERR.code, null);
        }
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
            return Startup.CMDERR.code;
        }
        try {
            out.println(UserStore.hashLine(user, pw));
            return Startup.OK.code;
        } catch (IllegalArgumentException e) {
            err.println("bits-server: " + e.getMessage());
            return Startup.CMDERR.code;
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static String version() {
        return io.github.bitsj.protocol.internal.BuildInfo.VERSION;
    }
}
