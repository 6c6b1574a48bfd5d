// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.ProgressListener;
import io.github.bitsj.client.UploadJob;
import io.github.bitsj.client.UploadResult;
import io.github.bitsj.protocol.internal.Units;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * The {@code bits-client} command line: {@code upload FILE URL}, {@code upload-reply FILE URL --reply OUT} and
 * {@code cancel}; {@code --help} prints every option ({@link Options}). Shaped like the JDK's {@code jwebserver}:
 * {@link #main} only runs the command and exits with its code, which the package-private {@code run} returns so tests
 * can call it.
 *
 * <p>Exit codes: 0 done, 1 fatal error (the server refused the job, or a local file problem), 2 bad command line,
 * 3 gave up after transient errors, 4 cancelled. Ctrl-C during an upload cancels the session on the server (or, with
 * {@code --state}, keeps it for a later run) before the process ends ({@link ShutdownCancel}).
 */
public final class Main {
    /** Exit code: the job completed. */
    static final int OK = 0;
    /** Exit code: a fatal error (the server refused the job) or a local I/O error. */
    static final int FATAL = 1;
    /** Exit code: bad command line. */
    static final int USAGE = 2;
    /** Exit code: transient errors lasted past the no-progress timeout. */
    static final int GAVE_UP = 3;
    /** Exit code: the job was cancelled. */
    static final int CANCELLED = 4;

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
        ClientFactory.useKrb5Config(System.getenv());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, System.getenv(), System.console(), args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, Console console, String... args) {
        return run(out, err, env, console, System::nanoTime, args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, Console console, LongSupplier clock,
            String... args) {
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
            out.print(Options.usage(HelpText.width(env)));
            out.flush();
            return OK;
        }
        if (o.version) {
            out.println("bits-client " + version());
            out.flush();
            return OK;
        }
        Console terminal = interactive(console) ? console : null;
        ShutdownCancel onSignal = ShutdownCancel.install();
        Upload upload = new Upload();
        int code = FATAL;
        try {
            BitsClient client = ClientFactory.build(o, env, terminal);
            code = o.command.equals("cancel") ? cancel(client, o, out)
                    : upload(client, o, new Output(out, err, env, terminal, clock), onSignal, upload);
        } catch (UsageException e) {
            code = fail(err, e.getMessage(), USAGE);
        } catch (BitsClientException e) {
            code = fail(err, (upload.mismatch != null ? upload.mismatch : Explain.of(e)),
                    upload.mismatch != null || !e.isTransient() ? FATAL : GAVE_UP);
        } catch (CancellationException e) {
            code = upload.mismatch != null ? fail(err, upload.mismatch, FATAL) : fail(err, "cancelled"
                    + upload.session().map(id -> "; session " + id + " was cancelled on the server").orElse("")
                    + "\n  nothing to resume: the same command starts over; with --state FILE a later run resumes",
                    CANCELLED);
        } catch (IOException | GeneralSecurityException e) {
            code = fail(err, "error: " + e, FATAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = fail(err, "stopped" + upload.session().map(id -> "; session " + id + " is kept").orElse("")
                    + (o.state == null ? "" : "\n  resume: run the same command again (it has --state " + o.state
                    + ")\n  or cancel it: bits-client cancel --state " + o.state), CANCELLED);
        } finally {
            out.flush();
            onSignal.finished(code);
        }
        return code;
    }

    /** Where the command line writes: the streams, the terminal width and whether it is a terminal, the clock. */
    record Output(PrintWriter out, PrintWriter err, Map<String, String> env, Console terminal, LongSupplier clock) {}

    /** What the command learns while an upload runs. */
    static final class Upload {
        volatile UploadJob job;
        volatile String mismatch;

        java.util.Optional<String> session() {
            return job == null ? java.util.Optional.empty() : job.sessionId();
        }
    }

    /**
     * Whether a console is a terminal: JDK 22 and later give a console also to redirected streams and tell with
     * {@code isTerminal()} (not in the Java 21 API we compile against).
     */
    static boolean interactive(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;   // Java 21: a console means a terminal
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("bits-client: " + message);
        err.flush();
        return code;
    }

    private static int upload(BitsClient client, Options o, Output w, ShutdownCancel onSignal, Upload upload)
            throws IOException, InterruptedException, UsageException, GeneralSecurityException {
        Path file = Path.of(o.positional.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("not a file: " + file);
        }
        URI target = uri(o.positional.get(1));
        Duration probeLimit = o.timeout != null && o.timeout.compareTo(Probe.HANDSHAKE) < 0 ? o.timeout
                : Probe.HANDSHAKE;
        if (target.getScheme().equalsIgnoreCase("https")) {
            java.util.Optional<String> plain = Probe.plainHttpBehindHttps(target,
                    ClientFactory.sslContext(o, w.env()), probeLimit);
            if (plain.isPresent()) {
                return fail(w.err(), plain.get(), FATAL);
            }
        }
        UploadJob.Builder jb = client.newJob(file, target);
        if (o.command.equals("upload-reply")) {
            jb.replyTo(Path.of(o.reply));
        }
        if (o.state != null) {
            jb.stateFile(Path.of(o.state));
        }
        ProgressDisplay display = new ProgressDisplay(w.out(), w.err(),
                ProgressDisplay.modeOf(o, w.terminal() != null), file.getFileName().toString(),
                HelpText.width(w.env()), w.clock());
        ProgressListener listener = new ProgressListener() {
            private boolean probed;

            @Override
            public void onProgress(io.github.bitsj.client.Progress p) {
                display.onProgress(p);
            }

            @Override
            public void onResume(String sessionId, long offset) {
                display.onResume(sessionId, offset);
            }

            @Override
            public void onRetry(BitsClientException cause, Duration delay) {
                if (!probed && cause.status() == BitsClientException.NO_STATUS
                        && target.getScheme().equalsIgnoreCase("http")) {
                    probed = true;   // a TLS port closes a plain request unanswered: say so, do not retry for days
                    java.util.Optional<String> tls = Probe.tlsBehindHttp(target, probeLimit);
                    if (tls.isPresent()) {
                        upload.mismatch = tls.get();
                        upload.job.cancel();
                        return;
                    }
                }
                display.onRetry(cause, delay);
            }
        };
        UploadResult r;
        try {
            // after a failure the job cancels its session, except one that --state keeps for a later run
            UploadJob job = jb.listener(listener).build();
            upload.job = job;
            onSignal.watch(job, o.state != null);
            r = job.run();
        } finally {
            display.finish();
        }
        w.out().printf(Locale.ROOT, "uploaded %d bytes (%s) to %s in %.2f s (%s/s on average), session %s%n",
                r.bytes(), Units.human(r.bytes()), r.target(), r.elapsed().toNanos() / 1e9,
                Units.human(r.bytesPerSecond()), r.sessionId());
        r.replyFile().ifPresent(p -> w.out().printf(Locale.ROOT, "reply: %d bytes written to %s%n", r.replyBytes(),
                p));
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
        } catch (URISyntaxException e) {
            throw new UsageException("invalid URL: " + s);
        }
    }

    private static String version() {
        return io.github.bitsj.protocol.internal.BuildInfo.VERSION;
    }
}
