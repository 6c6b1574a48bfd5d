// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

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
     * @param setJdkLimits set the JDK server's JVM-global {@code sun.net.httpserver.*} properties (only from main)
     * @return a running server, or the exit code
     */
    static Prepared prepare(PrintWriter out, PrintWriter err, InputStream in, boolean setJdkLimits,
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
                out.print(Options.usage());
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
            if (setJdkLimits) {
                setJdkLimits(o);
                configureLogging(o.bool("verbose"));
            }
            BitsServerConfig config = toConfig(o);
            BitsServer server = BitsServer.start(config);
            String prefix = config.directories().get(0).urlPrefix();
            out.println("bits-server " + version() + " listening on " + server.uri());
            out.println("Upload to: " + server.uri().resolve(prefix.isEmpty() ? "" : prefix.substring(1) + "/")
                    + "<file name>   (stored in " + config.directories().get(0).storageRoot() + ")");
            return new Prepared(Startup.OK.code, server);
        } catch (Options.UsageException | IllegalArgumentException e) {
            err.println("bits-server: " + e.getMessage());
            return new Prepared(Startup.CMDERR.code, null);
        } catch (IOException | GeneralSecurityException e) {
            err.println("bits-server: cannot start: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return new Prepared(Startup.SYSERR.code, null);
        }
    }

    static BitsServerConfig toConfig(Options o) throws Options.UsageException, IOException,
            GeneralSecurityException {
        UploadDirectory.Builder d = UploadDirectory.newBuilder(o.get("prefix"), Path.of(o.get("directory")))
                .allowOverwrites(o.bool("allow-overwrites"))
                .uploadsEnabled(o.bool("uploads-enabled"))
                .maxUploadSize(o.longValue("max-upload-size", 0, Long.MAX_VALUE))
                .maxFragmentSize(o.longValue("max-fragment-size", 1, Long.MAX_VALUE))
                .sessionTimeout(o.duration("session-timeout"))
                .strictRanges(o.bool("strict-ranges"))
                .sessionDirectoryName(o.get("session-directory"))
                .maxSessionsPerPrincipal(o.integer("max-sessions-per-user", 1, Integer.MAX_VALUE));
        if (!o.get("host-id").isEmpty()) {
            d.hostId(o.get("host-id")).hostIdFallbackTimeout(o.duration("host-id-fallback-timeout"));
        }
        InetAddress addr = InetAddress.getByName(o.get("bind"));
        BitsServerConfig.Builder b = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(addr, o.integer("port", 0, 65535)))
                .addDirectory(d.build())
                .maxSessions(o.integer("max-sessions", 1, Integer.MAX_VALUE))
                .sweepInterval(o.duration("sweep-interval"))
                .shutdownGrace(o.duration("shutdown-grace"))
                .durableWrites(o.bool("durable-writes"))
                .legacyErrorHeader(o.bool("legacy-error-header"))
                .realm(o.get("realm"));
        if (!o.get("users-file").isEmpty()) {
            b.users(UserStore.load(Path.of(o.get("users-file"))));
        }
        if (!o.get("tls-keystore").isEmpty()) {
            b.sslContext(sslContext(Path.of(o.get("tls-keystore")), o.get("tls-keystore-password-file")));
        }
        return b.build();
    }

    private static SSLContext sslContext(Path keystore, String passwordFile) throws IOException,
            GeneralSecurityException, Options.UsageException {
        char[] pw;
        if (!passwordFile.isEmpty()) {
            List<String> lines = Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8);
            pw = (lines.isEmpty() ? "" : lines.get(0).strip()).toCharArray();
        } else {
            String env = System.getenv("BITS_TLS_KEYSTORE_PASSWORD");
            if (env == null) {
                throw new Options.UsageException("--tls-keystore needs $BITS_TLS_KEYSTORE_PASSWORD or"
                        + " --tls-keystore-password-file");
            }
            pw = env.toCharArray();
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, pw);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } finally {
            Arrays.fill(pw, '\0');
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

    /** Sets the JDK server's JVM-global limits unless given with -D (they are read once, STYLE §1.4 item 3). */
    private static void setJdkLimits(Options o) throws Options.UsageException {
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(seconds(o.duration("max-request-time"))));
        setIfAbsent("sun.net.httpserver.maxRspTime", Long.toString(seconds(o.duration("max-response-time"))));
        setIfAbsent("jdk.httpserver.maxConnections", o.get("max-connections"));
        setIfAbsent("sun.net.httpserver.maxIdleConnections", o.get("max-connections"));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", o.get("max-header-count"));
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", o.get("max-header-size"));
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(seconds(o.duration("idle-timeout"))));
    }

    private static long seconds(Duration d) {
        return Math.max(1, d.toSeconds());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void configureLogging(boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
        }
        Logger log = Logger.getLogger("io.github.bitsj.server");
        if (verbose) {
            log.setLevel(Level.FINE);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINE);
            log.addHandler(h);
            log.setUseParentHandlers(false);
        }
    }

    private static String version() {
        return io.github.bitsj.protocol.internal.BuildInfo.VERSION;
    }
}
