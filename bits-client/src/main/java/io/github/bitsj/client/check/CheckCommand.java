// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code bits-client check URL}: the conformance kit for any BITS upload server. Runs the named cases of
 * {@link Suite#all()} over raw sockets against the upload directory at URL, prints {@code PASS|FAIL|SKIP name: reason}
 * per case and a summary, and writes Markdown or JUnit XML reports. Shaped like the rest of the command line:
 * {@link #run} returns the exit code and never calls {@code System.exit}.
 */
public final class CheckCommand {
    /** Exit code: no case failed. */
    static final int OK = 0;
    /** Exit code: at least one case failed. */
    static final int FAILED = 1;
    /** Exit code: bad command line. */
    static final int USAGE = 2;
    /** Exit code: the server could not be reached. */
    static final int UNREACHABLE = 3;

    static final String USAGE_TEXT = """
            Usage: bits-client check URL [options]

            Checks the BITS upload server behind the upload directory URL (http or https) against the BITS Upload
            Protocol (MC-BUP, the Win32 SDK pages and the bitsj decisions): one line per case, PASS|FAIL|SKIP name: reason.
            The cases send malformed and hostile requests, so only loopback hosts are accepted unless --allow-remote.
            Destination names are unique per run (bitsj-check-RUN-...); sessions the kit opens are cancelled.

            Options:
                  --root DIR                 the local directory URL maps to: also compare committed bytes and look
                                             for files written outside it (the kit's own files are deleted after)
                  --only NAME[,NAME...]      run only these cases (repeatable)
                  --report FILE              write a report, Markdown for FILE.md, JUnit XML for FILE.xml (repeatable)
                  --timeout SECONDS          connect and read timeout of every exchange (default 10)
                  --allow-remote             allow a host that is not a loopback address
                  --trust-store FILE         trust store (PKCS12 or JKS) for https
                  --trust-store-password-env VAR  its password, from the environment
                  --list                     list the cases and the sections they check
              -h, --help                     this text

            Exit codes: 0 no case failed, 1 a case failed, 2 bad usage, 3 the server could not be reached.
            """;

    private CheckCommand() {}

    /**
     * Runs {@code check} with the process environment.
     *
     * @param out where case lines, the summary and the usage go
     * @param err where usage errors go
     * @param args the arguments after {@code check}
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        try {
            return execute(out, err, env, args);
        } catch (UsageError e) {
            err.println("bits-client check: " + e.getMessage());
            err.println("Try 'bits-client check --help'.");
            return USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(PrintWriter out, PrintWriter err, Map<String, String> env, String... args)
            throws UsageError {
        String url = null;
        Path root = null;
        List<String> only = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(10);
        boolean allowRemote = false;
        String trustStore = null;
        String trustStorePasswordEnv = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            if (a.startsWith("--") && a.indexOf('=') > 0) {
                inline = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            switch (a) {
                case "-h", "-?", "--help" -> {
                    out.print(USAGE_TEXT);
                    return OK;
                }
                case "--list" -> {
                    for (Case c : Suite.all()) {
                        out.printf(Locale.ROOT, "%-32s %s%n%-32s   [%s]%n", c.name(), c.checks(), "", c.sections());
                    }
                    return OK;
                }
                case "--root" -> root = Path.of(value(args, inline == null ? ++i : i, a, inline));
                case "--only" -> {
                    for (String n : value(args, inline == null ? ++i : i, a, inline).split(",")) {
                        if (!n.isBlank()) {
                            only.add(n.strip());
                        }
                    }
                }
                case "--report" -> reports.add(Path.of(value(args, inline == null ? ++i : i, a, inline)));
                case "--timeout" -> timeout = Duration.ofSeconds(seconds(value(args, inline == null ? ++i : i, a,
                        inline)));
                case "--allow-remote" -> allowRemote = true;
                case "--trust-store" -> trustStore = value(args, inline == null ? ++i : i, a, inline);
                case "--trust-store-password-env" ->
                        trustStorePasswordEnv = value(args, inline == null ? ++i : i, a, inline);
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw new UsageError("unknown option: " + a);
                    }
                    if (url != null) {
                        throw new UsageError("one URL only (got a second: " + Text.escape(a, 100) + ")");
                    }
                    url = a;
                }
            }
        }
        if (url == null) {
            throw new UsageError("missing URL: bits-client check http://127.0.0.1:8080/upload/");
        }
        List<Case> cases = select(only);
        for (Path r : reports) {
            String n = r.getFileName() == null ? "" : r.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".md") && !n.endsWith(".xml")) {
                throw new UsageError("--report needs a .md or .xml file name: " + r);
            }
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new UsageError("--root is not a directory: " + root);
        }
        Target.Parsed p;
        try {
            p = Target.parse(url, allowRemote);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        Optional<SSLSocketFactory> tls = p.https() ? Optional.of(tls(trustStore, trustStorePasswordEnv, env))
                : Optional.empty();
        if (!p.https() && trustStore != null) {
            throw new UsageError("--trust-store needs an https URL");
        }
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        Target target = new Target(p.url(), tls, p.host(), p.port(), p.directory(),
                Optional.ofNullable(root).map(r -> r.toAbsolutePath().normalize()), timeout,
                HexFormat.of().formatHex(id));
        try {
            Wire.open(target).close(); // reachable
        } catch (IOException e) {
            err.println("bits-client check: cannot connect to " + target.hostHeader() + ": "
                    + Text.escape(String.valueOf(e.getMessage()), 200));
            return UNREACHABLE;
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        out.println("bits-client check " + url + " (" + cases.size() + " cases, run " + target.runId()
                + (root == null ? ", no --root: file-system checks off" : ", root " + target.root().get()) + ")");
        out.flush();
        List<Case.Outcome> outcomes = Suite.run(target, cases, o -> {
            out.println(o.result() + " " + o.test().name() + ": " + o.reason());
            out.flush();
        });
        Reports.Run run = new Reports.Run(target, started, Duration.ofNanos(System.nanoTime() - t0), version(),
                outcomes);
        out.printf(Locale.ROOT, "%s in %.1f s%n", run.summary(), run.elapsed().toMillis() / 1000.0);
        for (Path r : reports) {
            String text = r.toString().toLowerCase(Locale.ROOT).endsWith(".xml") ? Reports.junit(run)
                    : Reports.markdown(run);
            try {
                Files.writeString(r, text, StandardCharsets.UTF_8);
                out.println("report: " + r);
            } catch (IOException e) {
                err.println("bits-client check: cannot write " + r + ": " + e.getMessage());
                return FAILED;
            }
        }
        return run.count(Case.Result.FAIL) == 0 ? OK : FAILED;
    }

    private static List<Case> select(List<String> only) throws UsageError {
        Map<String, Case> byName = Suite.byName();
        if (only.isEmpty()) {
            return List.copyOf(byName.values());
        }
        List<Case> out = new ArrayList<>();
        for (String n : only) {
            Case c = byName.get(n);
            if (c == null) {
                throw new UsageError("no case named " + Text.escape(n, 60) + " (--list shows them)");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String value(String[] args, int i, String option, String inline) throws UsageError {
        if (inline != null) {
            return inline;
        }
        if (i >= args.length) {
            throw new UsageError("missing argument for " + option);
        }
        return args[i];
    }

    private static long seconds(String v) throws UsageError {
        if (v.isEmpty() || v.length() > 6) {
            throw new UsageError("invalid value for --timeout: " + Text.escape(v, 20));
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new UsageError("invalid value for --timeout: " + Text.escape(v, 20));
            }
            n = n * 10 + (c - '0');
        }
        if (n == 0) {
            throw new UsageError("invalid value for --timeout: 0");
        }
        return n;
    }

    private static SSLSocketFactory tls(String trustStore, String passwordEnv, Map<String, String> env)
            throws UsageError {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (trustStore == null) {
                ctx.init(null, null, null); // the JDK's default trust
                return ctx.getSocketFactory();
            }
            char[] pw = null;
            if (passwordEnv != null) {
                String v = env.get(passwordEnv);
                if (v == null) {
                    throw new UsageError("environment variable " + passwordEnv + " is not set");
                }
                pw = v.toCharArray();
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                ks.load(in, pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageError("cannot use the trust store " + trustStore + ": " + e.getMessage());
        }
    }

    private static String version() {
        String v = CheckCommand.class.getPackage() == null ? null
                : CheckCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** A command-line mistake. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
