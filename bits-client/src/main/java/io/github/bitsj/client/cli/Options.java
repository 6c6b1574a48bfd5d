// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.RetryPolicy;
import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.internal.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's options: one table ({@link #SPECS}) from which both the parser and the usage text are made, so
 * the two cannot drift; every default in the usage text comes from the library's own default. Parsing is by hand,
 * {@code jwebserver} style.
 */
final class Options {

    /**
     * One option.
     *
     * @param shortName the one-letter alias, or null
     * @param longName the long name, without {@code --}
     * @param arg the argument's name in the usage text, or null for a flag
     * @param help what it does, with its default
     */
    record Spec(String shortName, String longName, String arg, String help) {}

    static final List<Spec> SPECS = List.of(
            new Spec("f", "fragment-size", "SIZE", "fixed fragment size, " + size(ClientLimits.MIN_FRAGMENT_SIZE)
                    + ".." + size(ClientLimits.MAX_FRAGMENT_SIZE) + " (default: adaptive, growing to "
                    + size(FragmentPolicy.defaults().maxSize()) + ")"),
            new Spec(null, "max-fragment-size", "SIZE", "largest adaptive fragment (default "
                    + size(FragmentPolicy.defaults().maxSize()) + ")"),
            new Spec("r", "reply", "OUT", "where upload-reply writes the reply"),
            new Spec("u", "user", "NAME", "user name; the password is prompted (never echoed) unless given by"),
            new Spec(null, "password-env", "VAR", "the environment variable VAR, or"),
            new Spec(null, "password-file", "FILE", "the first line of FILE"),
            new Spec(null, "negotiate", null, "answer a Negotiate challenge with Kerberos (kinit's ticket cache)"),
            new Spec(null, "keytab", "FILE", "Kerberos key of --principal from FILE (implies --negotiate)"),
            new Spec(null, "principal", "NAME", "Kerberos principal user@REALM (implies --negotiate)"),
            new Spec(null, "trust-store", "FILE", "trust store (PKCS12 or JKS) for https"),
            new Spec(null, "trust-store-password-env", "VAR", "its password, from the environment"),
            new Spec("H", "header", "'NAME: VALUE'", "extra header on every request (repeatable)"),
            new Spec(null, "state", "FILE", "keep the job state in FILE; a later run resumes the session"),
            new Spec(null, "retry-delay", "TIME", "first wait after a transient error (default "
                    + Units.formatDuration(RetryPolicy.defaults().initialDelay()) + ")"),
            new Spec(null, "give-up-after", "TIME", "fail after this long without progress (default "
                    + Units.formatDuration(RetryPolicy.defaults().noProgressTimeout()) + ", as BITS; "
                    + Units.formatDuration(ClientFactory.INTERACTIVE_GIVE_UP) + " in a terminal; 0 = never retry)"),
            new Spec(null, "timeout", "TIME", "per-request response timeout (default "
                    + Units.formatDuration(BitsClient.DEFAULT_REQUEST_TIMEOUT) + ")"),
            new Spec(null, "progress", "bar|lines|none", "progress display (default: bar on a terminal, else lines)"),
            new Spec("q", "quiet", null, "no progress, only errors"),
            new Spec("h", "help", null, "this text"),
            new Spec(null, "version", null, "the version"));

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
    boolean negotiate;
    String keytab;
    String principal;
    String trustStore;
    String trustStorePasswordEnv;
    final List<String[]> headers = new ArrayList<>();
    String state;
    Duration retryDelay;
    Duration giveUpAfter;
    Duration timeout;
    String progress;

    private Options() {
    }

    /** {@return the usage text for 80 columns} */
    static String usage() {
        return usage(HelpText.DEFAULT_WIDTH);
    }

    /** {@return the usage text, made from {@link #SPECS}, wrapped to lines shorter than {@code columns}} */
    static String usage(int columns) {
        int width = columns - 1;   // the last column left free: some terminals wrap a line that fills it
        StringBuilder sb = new StringBuilder();
        HelpText.paragraphs(sb, """
                Usage: bits-client upload FILE URL [options]
                       bits-client upload-reply FILE URL --reply OUT [options]
                       bits-client cancel URL SESSION-ID [options]
                       bits-client cancel --state STATE-FILE [options]
                       bits-client check URL [check options]   (conformance kit: check --help)

                Uploads FILE to URL with the BITS Upload Protocol (resumes, resynchronises, retries transient errors).

                Options:""", width);
        List<String[]> rows = new ArrayList<>();
        for (Spec s : SPECS) {
            rows.add(new String[] {"  " + (s.shortName() != null ? "-" + s.shortName() + ", " : "    ") + "--"
                    + s.longName() + (s.arg() != null ? " " + s.arg() : ""), s.help()});
        }
        HelpText.table(sb, rows, width, 32);
        HelpText.paragraphs(sb, """

                SIZE: bytes, or a number with K, M or G (1024-based): 16K, 13M.
                TIME: a number with ms, s, m, h or d: 500ms, 30s, 5m, 14d; a bare number is seconds.
                The password never goes on the command line.
                --timeout bounds every exchange as a whole: connect, send, and the Ack (whose body is never awaited).
                After a fatal error, on giving up and on Ctrl-C the session is cancelled on the server, unless --state \
                keeps it for a later run (Ctrl-C then prints the command that resumes it).
                Kerberos: the ticket cache is $KRB5CCNAME (FILE: caches) or /tmp/krb5cc_UID; the configuration is \
                -Djava.security.krb5.conf, else $KRB5_CONFIG, else /etc/krb5.conf.
                Exit codes: 0 done, 1 failed (the server refused the job, or a local file problem), 2 bad usage, \
                3 gave up after transient errors, 4 cancelled (Ctrl-C).""", width);
        return sb.toString();
    }

    /**
     * Parses the arguments.
     *
     * @throws UsageException on an unknown option, a missing argument, an invalid value or a wrong command form
     */
    static Options parse(String... args) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            if (a.startsWith("--") && a.indexOf('=') > 0) {
                inline = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            Spec spec = find(a);
            if (spec == null) {
                if (a.startsWith("-") && a.length() > 1) {
                    throw new UsageException("unknown option: " + a);
                }
                if (o.command == null) {
                    o.command = a;
                } else {
                    o.positional.add(a);
                }
                continue;
            }
            String v = null;
            if (spec.arg() != null) {
                if (inline == null && i + 1 >= args.length) {
                    throw new UsageException("missing argument for " + a);
                }
                v = inline != null ? inline : args[++i];
            }
            o.set(spec.longName(), a, v);
        }
        return o.help || o.version ? o : o.checked();
    }

    /** "-?" is a hidden alias of --help, as in jwebserver. */
    private static Spec find(String arg) {
        for (Spec s : SPECS) {
            if (arg.equals("--" + s.longName()) || (s.shortName() != null && arg.equals("-" + s.shortName()))
                    || (arg.equals("-?") && s.longName().equals("help"))) {
                return s;
            }
        }
        return null;
    }

    private void set(String name, String given, String v) throws UsageException {
        switch (name) {
            case "help" -> help = true;
            case "version" -> version = true;
            case "quiet" -> quiet = true;
            case "fragment-size" -> fragmentSize = size(given, v);
            case "max-fragment-size" -> maxFragmentSize = size(given, v);
            case "reply" -> reply = v;
            case "user" -> user = v;
            case "password-env" -> passwordEnv = v;
            case "password-file" -> passwordFile = v;
            case "negotiate" -> negotiate = true;
            case "keytab" -> {
                keytab = v;
                negotiate = true;
            }
            case "principal" -> {
                principal = v;
                negotiate = true;
            }
            case "trust-store" -> trustStore = v;
            case "trust-store-password-env" -> trustStorePasswordEnv = v;
            case "header" -> {
                int colon = v.indexOf(':');
                if (colon <= 0) {
                    throw new UsageException("invalid value for " + given + ": expected 'NAME: VALUE'");
                }
                headers.add(new String[] {v.substring(0, colon).trim(), v.substring(colon + 1).trim()});
            }
            case "state" -> state = v;
            case "retry-delay" -> retryDelay = duration(given, v);
            case "give-up-after" -> giveUpAfter = duration(given, v);
            case "timeout" -> timeout = duration(given, v);
            case "progress" -> {
                if (!List.of("bar", "lines", "none").contains(v)) {
                    throw new UsageException("invalid value for --progress: " + v);
                }
                progress = v;
            }
            default -> throw new IllegalStateException("option without a setter: " + name);
        }
    }

    private Options checked() throws UsageException {
        if (command == null) {
            throw new UsageException("missing command: upload, upload-reply or cancel");
        }
        switch (command) {
            case "upload" -> need(2, "upload FILE URL");
            case "upload-reply" -> {
                need(2, "upload-reply FILE URL --reply OUT");
                if (reply == null) {
                    throw new UsageException("upload-reply needs --reply OUT");
                }
            }
            case "cancel" -> {
                if (state == null) {
                    need(2, "cancel URL SESSION-ID");
                } else {
                    need(0, "cancel --state STATE-FILE");
                }
            }
            default -> throw new UsageException("unknown command: " + command);
        }
        if (fragmentSize != null && maxFragmentSize != null) {
            throw new UsageException("--fragment-size and --max-fragment-size exclude each other");
        }
        return this;
    }

    private void need(int n, String form) throws UsageException {
        if (positional.size() != n) {
            throw new UsageException("expected: " + form);
        }
    }

    /** A fragment size: bytes, or a number with K or M; within the protocol's 5 KiB..13 MiB. */
    static int size(String option, String v) throws UsageException {
        long bytes;
        try {
            bytes = Units.parseSize(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for " + option + ": " + e.getMessage());
        }
        if (bytes < ClientLimits.MIN_FRAGMENT_SIZE || bytes > ClientLimits.MAX_FRAGMENT_SIZE) {
            throw new UsageException("invalid value for " + option + ": must be "
                    + size(ClientLimits.MIN_FRAGMENT_SIZE) + ".." + size(ClientLimits.MAX_FRAGMENT_SIZE));
        }
        return (int) bytes;
    }

    /** {@return a size as the usage text writes it: 13M, 256K or bytes} */
    static String size(long bytes) {
        return Units.formatSize(bytes);
    }

    /** A duration: a number with ms, s, m, h or d, or bare seconds. */
    static Duration duration(String option, String v) throws UsageException {
        try {
            return Units.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for " + option + ": " + e.getMessage());
        }
    }
}
