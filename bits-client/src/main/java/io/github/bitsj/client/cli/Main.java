// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.Progress;
import io.github.bitsj.client.ProgressListener;
import io.github.bitsj.client.RetryPolicy;
import io.github.bitsj.client.UploadJob;
import io.github.bitsj.client.UploadResult;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code bits-client} command line: {@code upload FILE URL}, {@code upload-reply FILE URL --reply OUT} and
 * {@code cancel}. Shaped like the JDK's {@code jwebserver}: {@link #main} only calls {@link #run} and
 * {@code System.exit}; {@code run} returns the exit code and is unit-testable.
 *
 * <p>Exit codes: {@value #OK} done, {@value #FATAL} fatal error (the server refused the job, or a local file problem),
 * {@value #USAGE} bad command line, {@value #GAVE_UP} gave up after transient errors, {@value #CANCELLED} cancelled.
 */
public final class Main {
    /** Exit code: the job completed. */
    public static final int OK = 0;
    /** Exit code: a fatal error (digest §5.2) or a local I/O error. */
    public static final int FATAL = 1;
    /** Exit code: bad command line. */
    public static final int USAGE = 2;
    /** Exit code: transient errors lasted past the no-progress timeout. */
    public static final int GAVE_UP = 3;
    /** Exit code: the job was cancelled. */
    public static final int CANCELLED = 4;

    static final String USAGE_TEXT = """
            Usage: bits-client upload FILE URL [options]
                   bits-client upload-reply FILE URL --reply OUT [options]
                   bits-client cancel URL SESSION-ID [options]
                   bits-client cancel --state STATE-FILE [options]
                   bits-client check URL [check options]   (conformance kit; bits-client check --help)

            Uploads FILE to URL with the BITS Upload Protocol (resumes, resynchronises, retries transient errors).

            Options:
              -f, --fragment-size SIZE       fixed fragment size, 5K..13M (default: adaptive, growing to 13M)
                  --max-fragment-size SIZE   largest adaptive fragment (default 13M)
              -r, --reply OUT                where upload-reply writes the reply
              -u, --user NAME                user name; the password is prompted (never echoed) unless given by
                  --password-env VAR         the environment variable VAR, or
                  --password-file FILE       the first line of FILE
                  --trust-store FILE         trust store (PKCS12 or JKS) for https
                  --trust-store-password-env VAR  its password, from the environment
              -H, --header 'NAME: VALUE'     extra header on every request (repeatable)
                  --state FILE               keep the job state in FILE; a later run resumes the session
                  --retry-delay SECONDS      first wait after a transient error (default 5)
                  --give-up-after SECONDS    fail after this long without progress (default 1209600 = 14 days;
                                             0 = never retry)
                  --timeout SECONDS          per-request response timeout (default 300)
                  --progress bar|lines|none  progress display (default: bar on a terminal, else lines)
              -q, --quiet                    no progress, only errors
              -h, --help                     this text
                  --version                  the version

            Exit codes: 0 done, 1 fatal error, 2 bad usage, 3 gave up after transient errors, 4 cancelled.
            """;

    private static final java.util.logging.Logger QUIET_LIBRARY_LOG =
            java.util.logging.Logger.getLogger("io.github.bitsj.client");

    private Main() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String... args) {
        // The command line reports failures itself; the library's log events stay out of the terminal.
        QUIET_LIBRARY_LOG.setLevel(java.util.logging.Level.SEVERE);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command line.
     *
     * @param out where results and progress go
     * @param err where errors and retries go
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), System.console(), args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, Console console, String... args) {
        if (args.length > 0 && args[0].equals("check")) { // the conformance kit has its own options
            return io.github.bitsj.client.check.CheckCommand.run(out, err, Arrays.copyOfRange(args, 1, args.length));
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println("bits-client: " + e.getMessage());
            err.println("Try 'bits-client --help'.");
            err.flush();
            return USAGE;
        }
        if (o.help) {
            out.print(USAGE_TEXT);
            out.flush();
            return OK;
        }
        if (o.version) {
            out.println("bits-client " + version());
            out.flush();
            return OK;
        }
        try {
            BitsClient client = o.client(env, console);
            return switch (o.command) {
                case "upload", "upload-reply" -> upload(client, o, out, err, console);
                case "cancel" -> cancel(client, o, out);
                default -> throw new UsageException("unknown command: " + o.command);
            };
        } catch (UsageException e) {
            err.println("bits-client: " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (BitsClientException e) {
            err.println("bits-client: error: " + e.getMessage());
            err.flush();
            return e.isTransient() ? GAVE_UP : FATAL;
        } catch (CancellationException e) {
            err.println("bits-client: cancelled");
            err.flush();
            return CANCELLED;
        } catch (IOException | GeneralSecurityException e) {
            err.println("bits-client: error: " + e);
            err.flush();
            return FATAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bits-client: interrupted");
            err.flush();
            return CANCELLED;
        } finally {
            out.flush();
        }
    }

    private static int upload(BitsClient client, Options o, PrintWriter out, PrintWriter err, Console console)
            throws IOException, InterruptedException, UsageException {
        Path file = Path.of(o.positional.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("not a file: " + file);
        }
        URI target = uri(o.positional.get(1));
        UploadJob.Builder jb = client.newJob(file, target);
        if (o.command.equals("upload-reply")) {
            jb.replyTo(Path.of(o.reply));
        }
        if (o.state != null) {
            jb.stateFile(Path.of(o.state));
        }
        String mode = o.quiet ? "none" : o.progress != null ? o.progress : console != null ? "bar" : "lines";
        ProgressPrinter printer = new ProgressPrinter(out, err, mode);
        jb.listener(printer);
        UploadJob job = jb.build();
        UploadResult r;
        try {
            r = job.run();
        } finally {
            printer.finish();
        }
        out.printf(Locale.ROOT, "uploaded %d bytes to %s in %.2f s (%s/s), session %s%n", r.bytes(), r.target(),
                r.elapsed().toNanos() / 1e9, ProgressPrinter.bytes(r.bytesPerSecond()), r.sessionId());
        r.replyFile().ifPresent(p -> out.printf(Locale.ROOT, "reply: %d bytes written to %s%n", r.replyBytes(), p));
        return OK;
    }

    private static int cancel(BitsClient client, Options o, PrintWriter out)
            throws IOException, InterruptedException, UsageException {
        String session;
        try {
            if (o.state != null) {
                session = client.cancelSession(Path.of(o.state));
            } else {
                session = o.positional.get(1);
                client.cancelSession(uri(o.positional.get(0)), session);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(o.state != null ? "not a job state file: " + o.state : "invalid session id");
        }
        out.println("cancelled session " + session);
        return OK;
    }

    private static URI uri(String s) throws UsageException {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new UsageException("need an http or https URL: " + s);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("invalid URL: " + s);
        }
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** A command-line mistake. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** The parsed command line. */
    static final class Options {
        String command;
        final List<String> positional = new ArrayList<>();
        boolean help;
        boolean version;
        boolean quiet;
        Integer fragmentSize;
        Integer maxFragmentSize;
        String reply;
        String user;
        String passwordEnv;
        String passwordFile;
        String trustStore;
        String trustStorePasswordEnv;
        final List<String[]> headers = new ArrayList<>();
        String state;
        Long retryDelay;
        Long giveUpAfter;
        Long timeout;
        String progress;

        static Options parse(String... args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String inline = null;
                if (a.startsWith("--") && a.indexOf('=') > 0) {
                    inline = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                }
                switch (a) {
                    case "-h", "-?", "--help" -> o.help = true;
                    case "--version" -> o.version = true;
                    case "-q", "--quiet" -> o.quiet = true;
                    case "-f", "--fragment-size" -> o.fragmentSize = size(a, inline != null ? inline : arg(args, ++i, a));
                    case "--max-fragment-size" -> o.maxFragmentSize = size(a, inline != null ? inline : arg(args, ++i, a));
                    case "-r", "--reply" -> o.reply = inline != null ? inline : arg(args, ++i, a);
                    case "-u", "--user" -> o.user = inline != null ? inline : arg(args, ++i, a);
                    case "--password-env" -> o.passwordEnv = inline != null ? inline : arg(args, ++i, a);
                    case "--password-file" -> o.passwordFile = inline != null ? inline : arg(args, ++i, a);
                    case "--trust-store" -> o.trustStore = inline != null ? inline : arg(args, ++i, a);
                    case "--trust-store-password-env" ->
                            o.trustStorePasswordEnv = inline != null ? inline : arg(args, ++i, a);
                    case "-H", "--header" -> {
                        String h = inline != null ? inline : arg(args, ++i, a);
                        int colon = h.indexOf(':');
                        if (colon <= 0) {
                            throw new UsageException("invalid value for " + a + ": expected 'NAME: VALUE'");
                        }
                        o.headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
                    }
                    case "--state" -> o.state = inline != null ? inline : arg(args, ++i, a);
                    case "--retry-delay" -> o.retryDelay = seconds(a, inline != null ? inline : arg(args, ++i, a));
                    case "--give-up-after" -> o.giveUpAfter = seconds(a, inline != null ? inline : arg(args, ++i, a));
                    case "--timeout" -> o.timeout = seconds(a, inline != null ? inline : arg(args, ++i, a));
                    case "--progress" -> {
                        o.progress = inline != null ? inline : arg(args, ++i, a);
                        if (!List.of("bar", "lines", "none").contains(o.progress)) {
                            throw new UsageException("invalid value for --progress: " + o.progress);
                        }
                    }
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) {
                            throw new UsageException("unknown option: " + a);
                        }
                        if (o.command == null) {
                            o.command = a;
                        } else {
                            o.positional.add(a);
                        }
                    }
                }
            }
            if (o.help || o.version) {
                return o;
            }
            if (o.command == null) {
                throw new UsageException("missing command: upload, upload-reply or cancel");
            }
            switch (o.command) {
                case "upload" -> need(o, 2, "upload FILE URL");
                case "upload-reply" -> {
                    need(o, 2, "upload-reply FILE URL --reply OUT");
                    if (o.reply == null) {
                        throw new UsageException("upload-reply needs --reply OUT");
                    }
                }
                case "cancel" -> {
                    if (o.state == null) {
                        need(o, 2, "cancel URL SESSION-ID");
                    } else {
                        need(o, 0, "cancel --state STATE-FILE");
                    }
                }
                default -> throw new UsageException("unknown command: " + o.command);
            }
            if (o.fragmentSize != null && o.maxFragmentSize != null) {
                throw new UsageException("--fragment-size and --max-fragment-size exclude each other");
            }
            return o;
        }

        private static void need(Options o, int n, String form) throws UsageException {
            if (o.positional.size() != n) {
                throw new UsageException("expected: " + form);
            }
        }

        private static String arg(String[] args, int i, String option) throws UsageException {
            if (i >= args.length) {
                throw new UsageException("missing argument for " + option);
            }
            return args[i];
        }

        static int size(String option, String v) throws UsageException {
            long mult = 1;
            String digits = v;
            if (!v.isEmpty()) {
                switch (Character.toUpperCase(v.charAt(v.length() - 1))) {
                    case 'K' -> mult = 1024;
                    case 'M' -> mult = 1024 * 1024;
                    default -> mult = 1;
                }
                if (mult != 1) {
                    digits = v.substring(0, v.length() - 1);
                }
            }
            long n = number(option, digits);
            long bytes = n * mult;
            if (bytes < FragmentPolicy.MIN_FRAGMENT_SIZE || bytes > FragmentPolicy.MAX_FRAGMENT_SIZE) {
                throw new UsageException("invalid value for " + option + ": must be 5K..13M");
            }
            return (int) bytes;
        }

        static long seconds(String option, String v) throws UsageException {
            return number(option, v);
        }

        private static long number(String option, String v) throws UsageException {
            if (v.isEmpty() || v.length() > 12) {
                throw new UsageException("invalid value for " + option + ": " + v);
            }
            long n = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    throw new UsageException("invalid value for " + option + ": " + v);
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }

        BitsClient client(Map<String, String> env, Console console)
                throws IOException, GeneralSecurityException, UsageException {
            BitsClient.Builder b = BitsClient.newBuilder();
            if (fragmentSize != null) {
                b.fragmentPolicy(FragmentPolicy.fixed(fragmentSize));
            } else if (maxFragmentSize != null) {
                b.fragmentPolicy(FragmentPolicy.adaptive(Math.min(256 * 1024, maxFragmentSize), maxFragmentSize));
            }
            RetryPolicy d = RetryPolicy.defaults();
            Duration first = retryDelay == null ? d.initialDelay() : Duration.ofSeconds(retryDelay);
            Duration max = first.compareTo(d.maxDelay()) > 0 ? first : d.maxDelay();
            Duration giveUp = giveUpAfter == null ? d.noProgressTimeout() : Duration.ofSeconds(giveUpAfter);
            b.retryPolicy(new RetryPolicy(first, max, giveUp));
            if (timeout != null) {
                if (timeout == 0) {
                    throw new UsageException("invalid value for --timeout: 0");
                }
                b.requestTimeout(Duration.ofSeconds(timeout));
            }
            for (String[] h : headers) {
                try {
                    b.header(h[0], h[1]);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("invalid header " + h[0] + ": " + e.getMessage());
                }
            }
            if (user != null) {
                char[] password = password(env, console);
                b.credentials(user, password);
                Arrays.fill(password, '\0');
            } else if (passwordEnv != null || passwordFile != null) {
                throw new UsageException("a password option needs --user");
            }
            if (trustStore != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                char[] pw = null;
                if (trustStorePasswordEnv != null) {
                    String v = env.get(trustStorePasswordEnv);
                    if (v == null) {
                        throw new UsageException("environment variable " + trustStorePasswordEnv + " is not set");
                    }
                    pw = v.toCharArray();
                }
                try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                    ks.load(in, pw);
                }
                if (ks.size() == 0) {
                    throw new UsageException("trust store " + trustStore + " holds no certificate we can read"
                            + (pw == null ? " (does it need --trust-store-password-env?)" : ""));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            }
            return b.build();
        }

        private char[] password(Map<String, String> env, Console console) throws IOException, UsageException {
            if (passwordEnv != null) {
                String v = env.get(passwordEnv);
                if (v == null) {
                    throw new UsageException("environment variable " + passwordEnv + " is not set");
                }
                return v.toCharArray();
            }
            if (passwordFile != null) {
                List<String> lines = Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8);
                return lines.isEmpty() ? new char[0] : lines.get(0).toCharArray();
            }
            if (console == null) {
                throw new UsageException("--user needs --password-env, --password-file or a terminal to prompt on");
            }
            char[] pw = console.readPassword("Password for %s: ", user);
            if (pw == null) {
                throw new UsageException("no password given");
            }
            return pw;
        }
    }

    /** Progress on a terminal (a bar redrawn with CR) or as plain lines. */
    static final class ProgressPrinter implements ProgressListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final String mode;
        private long lastNanos;
        private int lastTenth = -1;
        private boolean drew;

        ProgressPrinter(PrintWriter out, PrintWriter err, String mode) {
            this.out = out;
            this.err = err;
            this.mode = mode;
        }

        @Override
        public void onProgress(Progress p) {
            long now = System.nanoTime();
            boolean end = p.bytesAcknowledged() == p.totalBytes();
            String eta = p.bytesPerSecond() > 0
                    ? duration((long) ((p.totalBytes() - p.bytesAcknowledged()) / p.bytesPerSecond())) : "--:--";
            int pct = (int) Math.floor(p.fraction() * 100);
            switch (mode) {
                case "bar" -> {
                    if (!end && now - lastNanos < 100_000_000L && drew) {
                        return;
                    }
                    lastNanos = now;
                    int width = 30;
                    int filled = (int) (p.fraction() * width);
                    String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
                    out.printf(Locale.ROOT, "\r[%s] %3d%% %10s/s ETA %s ", bar, pct, bytes(p.bytesPerSecond()), eta);
                    out.flush();
                    drew = true;
                }
                case "lines" -> {
                    int tenth = pct / 10;
                    if (tenth == lastTenth && !end) {
                        return;
                    }
                    if (end && lastTenth == 10) {
                        return;
                    }
                    lastTenth = tenth;
                    out.printf(Locale.ROOT, "progress %d%% %d/%d bytes %s/s eta %s%n", pct, p.bytesAcknowledged(),
                            p.totalBytes(), bytes(p.bytesPerSecond()), eta);
                    out.flush();
                }
                default -> { }
            }
        }

        @Override
        public void onRetry(BitsClientException cause, Duration delay) {
            if (drew) {
                out.println();
                drew = false;
            }
            err.printf(Locale.ROOT, "bits-client: %s; retrying in %.1f s%n", cause.getMessage(),
                    delay.toMillis() / 1000.0);
            err.flush();
        }

        void finish() {
            if (drew) {
                out.println();
                out.flush();
                drew = false;
            }
        }

        static String bytes(double b) {
            String[] units = {"B", "KB", "MB", "GB", "TB"};
            int u = 0;
            while (b >= 1000 && u < units.length - 1) {
                b /= 1000;
                u++;
            }
            return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
        }

        static String duration(long seconds) {
            if (seconds >= 3600) {
                return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
            }
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
    }
}
