// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.UploadJob;
import io.github.bitsj.client.UploadResult;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

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
    /** Exit code: a fatal error (digest §5.2) or a local I/O error. */
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
            out.print(Options.usage());
            out.flush();
            return OK;
        }
        if (o.version) {
            out.println("bits-client " + version());
            out.flush();
            return OK;
        }
        ShutdownCancel onSignal = ShutdownCancel.install();
        try {
            BitsClient client = ClientFactory.build(o, env, console);
            return o.command.equals("cancel") ? cancel(client, o, out)
                    : upload(client, o, out, err, console, onSignal);
        } catch (UsageException e) {
            return fail(err, e.getMessage(), USAGE);
        } catch (BitsClientException e) {
            return fail(err, "error: " + e.getMessage(), e.isTransient() ? GAVE_UP : FATAL);
        } catch (CancellationException e) {
            return fail(err, "cancelled", CANCELLED);
        } catch (IOException | GeneralSecurityException e) {
            return fail(err, "error: " + e, FATAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, "interrupted", CANCELLED);
        } finally {
            out.flush();
            onSignal.finished();
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("bits-client: " + message);
        err.flush();
        return code;
    }

    private static int upload(BitsClient client, Options o, PrintWriter out, PrintWriter err, Console console,
            ShutdownCancel onSignal) throws IOException, InterruptedException, UsageException {
        Path file = Path.of(o.positional.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("not a file: " + file);
        }
        UploadJob.Builder jb = client.newJob(file, uri(o.positional.get(1)));
        if (o.command.equals("upload-reply")) {
            jb.replyTo(Path.of(o.reply));
        }
        if (o.state != null) {
            jb.stateFile(Path.of(o.state));
        }
        ProgressDisplay display = new ProgressDisplay(out, err, ProgressDisplay.modeOf(o, console != null));
        UploadResult r;
        try {
            // after a failure the job cancels its session, except one that --state keeps for a later run
            UploadJob job = jb.listener(display).build();
            onSignal.watch(job, o.state != null);
            r = job.run();
        } finally {
            display.finish();
        }
        out.printf(Locale.ROOT, "uploaded %d bytes to %s in %.2f s (%s/s), session %s%n", r.bytes(), r.target(),
                r.elapsed().toNanos() / 1e9, ProgressDisplay.bytes(r.bytesPerSecond()), r.sessionId());
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
        } catch (URISyntaxException e) {
            throw new UsageException("invalid URL: " + s);
        }
    }

    private static String version() {
        return io.github.bitsj.protocol.internal.BuildInfo.VERSION;
    }
}
