// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.Monitoring;
import io.github.bitsj.server.ConnectionLimits;
import io.github.bitsj.server.FairUseLimits;
import io.github.bitsj.server.ServerApplication;
import io.github.bitsj.server.UploadDirectory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every option of the command line with its default, and the {@code --help} text built from them. The defaults of
 * library settings are read from a default-built {@link UploadDirectory} and {@link BitsServerConfig}, so the help,
 * the README table (checked by a test) and the library cannot disagree; only the command line's own settings (paths,
 * the JDK server's JVM-wide limits) are written here.
 */
final class Usage {
    private Usage() {}

    /**
     * One option: its key (long flag name and properties key), short alias, argument name ({@code null} for a flag),
     * default ({@code ""} for none) and help.
     */
    record Spec(String key, String alias, String arg, String def, String help) {
        boolean isFlag() {
            return arg == null;
        }
    }

    private static final UploadDirectory DIRECTORY = UploadDirectory.newBuilder("/", Path.of(".")).build();
    private static final BitsServerConfig SERVER = BitsServerConfig.newBuilder().addDirectory(DIRECTORY).build();
    private static final Monitoring MONITORING = SERVER.monitoring();
    /** The column the option descriptions start at. */
    private static final int HELP_COLUMN = 44;
    /** From this width on, options and descriptions share lines. */
    private static final int WIDE = 110;
    private static final ConnectionLimits LIMITS = SERVER.connectionLimits();
    private static final FairUseLimits FAIR = SERVER.fairUseLimits();

    static final List<Spec> SPECS = List.of(
            new Spec("bind", "b", "ADDRESS", SERVER.bindAddress().getAddress().getHostAddress(),
                    "address to listen on (0.0.0.0 or :: for all)"),
            new Spec("port", "p", "PORT", Integer.toString(SERVER.bindAddress().getPort()),
                    "port to listen on (0 picks a free one)"),
            new Spec("directory", "d", "PATH", "./bits-uploads", "storage root uploads land in (created if missing)"),
            new Spec("prefix", null, "URL-PATH", "/upload", "URL path prefix of the upload directory"),
            new Spec("allow-overwrites", null, null, Boolean.toString(DIRECTORY.allowOverwrites()),
                    "an upload may replace an existing file"),
            new Spec("uploads-enabled", null, "BOOL", Boolean.toString(DIRECTORY.uploadsEnabled()),
                    "accept uploads (false: every request gets 501)"),
            new Spec("max-upload-size", null, "SIZE", Units.formatSize(DIRECTORY.maxUploadSize()),
                    "largest upload (BITSMaximumUploadSize); larger gets BG_E_TOO_LARGE"),
            new Spec("max-fragment-size", null, "SIZE", Units.formatSize(DIRECTORY.maxFragmentSize()),
                    "largest fragment body; larger gets 413"),
            new Spec("session-timeout", null, "DURATION", format(DIRECTORY.sessionTimeout()),
                    "idle time after which a session and its data are removed"),
            new Spec("farm", null, null, Boolean.toString(DIRECTORY.farm()),
                    "share the directory with other nodes (server farm on shared storage)"),
            new Spec("host-id", null, "HOST", "", "BITS-Host-Id returned on Create-Session (server farms)"),
            new Spec("host-id-fallback-timeout", null, "DURATION",
                    format(UploadDirectory.DEFAULT_HOST_ID_FALLBACK_TIMEOUT),
                    "BITS-Host-Id-Fallback-Timeout (only with --host-id)"),
            new Spec("strict-ranges", null, null, Boolean.toString(DIRECTORY.strictRanges()),
                    "answer overlapping fragments with 416 (MC-BUP)"),
            new Spec("session-directory", null, "NAME", DIRECTORY.sessionDirectoryName(),
                    "session area under the storage root"),
            new Spec("notification-type", null, "TYPE", DIRECTORY.serverApplication().type().optionValue(),
                    "tell a server application of each upload: none, by-reference or by-value"),
            new Spec("notification-url", null, "URL", "",
                    "the server application's URL, absolute or relative to the upload URL's directory"),
            new Spec("notification-command", null, "COMMAND", "",
                    "run COMMAND as the server application; its standard output is the reply"),
            new Spec("notification-timeout", null, "DURATION", format(ServerApplication.DEFAULT_TIMEOUT),
                    "how long the server application may take (then 408)"),
            new Spec("notification-credentials-file", null, "PATH", "",
                    "file holding USER:PASSWORD, sent as Basic credentials to the notification URL"),
            new Spec("forward-credentials", null, null, Boolean.toString(
                    DIRECTORY.serverApplication().forwardsCredentials()),
                    "forward the client's Basic credentials to the notification URL"),
            new Spec("on-complete", null, "COMMAND", "",
                    "run COMMAND after each committed upload (details in BITS_* variables)"),
            new Spec("on-complete-timeout", null, "DURATION", "1m", "longest run of --on-complete (then killed)"),
            new Spec("downloads", null, null, Boolean.toString(DIRECTORY.downloadsEnabled()),
                    "serve committed files to GET and HEAD (BITS downloads, browsers)"),
            new Spec("max-sessions", null, "N", Integer.toString(SERVER.maxSessions()), "most open sessions in total"),
            new Spec("max-sessions-per-user", null, "N", Integer.toString(DIRECTORY.maxSessionsPerPrincipal()),
                    "most open sessions per authenticated user"),
            new Spec("max-requests-per-address", null, "N", Integer.toString(FAIR.maxRequestsPerAddress()),
                    "most requests in progress from one client address (0: off)"),
            new Spec("session-creates-per-minute", null, "N", Integer.toString(FAIR.sessionCreatesPerMinute()),
                    "most Create-Sessions per client address and minute (0: off)"),
            new Spec("max-anonymous-sessions-per-address", null, "N",
                    Integer.toString(FAIR.maxAnonymousSessionsPerAddress()),
                    "most open anonymous sessions per client address (0: off)"),
            new Spec("max-fragmentless-sessions-per-address", null, "N",
                    Integer.toString(FAIR.maxFragmentlessSessionsPerAddress()),
                    "most sessions without a Fragment per client address (0: off)"),
            new Spec("fragmentless-session-timeout", null, "DURATION", format(FAIR.fragmentlessSessionTimeout()),
                    "idle time after which a session that never got a Fragment is removed"),
            new Spec("login-failures-per-address", null, "N", Integer.toString(FAIR.loginFailuresPerAddress()),
                    "failed logins from one address before its logins back off (0: off)"),
            new Spec("login-failures-per-user", null, "N", Integer.toString(FAIR.loginFailuresPerUser()),
                    "failed logins for one user before its logins back off (0: off)"),
            new Spec("login-backoff", null, "DURATION", format(FAIR.loginBackoff()),
                    "how long logins back off after the last failure (then 503)"),
            new Spec("max-password-checks", null, "N", Integer.toString(FAIR.maxConcurrentPasswordChecks()),
                    "most password verifications at once"),
            new Spec("sweep-interval", null, "DURATION", format(SERVER.sweepInterval()),
                    "how often idle sessions are looked for"),
            new Spec("shutdown-grace", null, "DURATION", format(SERVER.shutdownGrace()),
                    "on SIGTERM, how long in-flight requests may finish"),
            new Spec("durable-writes", null, null, Boolean.toString(SERVER.durableWrites()),
                    "fsync each fragment before its Ack (power-loss safe; slower)"),
            new Spec("allow-unsafe-paths", null, null, Boolean.toString(SERVER.allowUnsafePaths()),
                    "start where directories cannot be held open (no SecureDirectoryStream, e.g. Windows)"),
            new Spec("legacy-error-header", null, null, Boolean.toString(SERVER.legacyErrorHeader()),
                    "also send MC-BUP's BITS-Error header"),
            new Spec("tls-keystore", null, "PATH", "",
                    "serve HTTPS with this PKCS12 keystore; password from $BITS_TLS_KEYSTORE_PASSWORD or"
                            + " --tls-keystore-password-file"),
            new Spec("tls-keystore-password-file", null, "PATH", "", "file holding the keystore password"),
            new Spec("users-file", null, "PATH", "",
                    "require HTTP Basic authentication against this users file (see --hash-password)"),
            new Spec("realm", null, "TEXT", SERVER.realm(), "Basic authentication realm"),
            new Spec("auth", null, "SCHEMES", "",
                    "require negotiate, basic or negotiate,basic (unset: basic with --users-file, else none)"),
            new Spec("allow-principals", null, "LIST", String.join(",", DIRECTORY.auth().allowedPrincipals()),
                    "Kerberos principals negotiate admits: * (any), @REALM, user@REALM, comma-separated"),
            new Spec("keytab", null, "PATH", "", "keytab holding the service principal's keys (for negotiate)"),
            new Spec("service-principal", null, "NAME", "",
                    "HTTP/host.example.com@REALM, or * for any in the keytab (unset: HTTP/ + the --bind host name)"),
            new Spec("krb5-conf", null, "PATH", "",
                    "Kerberos configuration for the JVM (java.security.krb5.conf; unset: /etc/krb5.conf)"),
            new Spec("session-id-as-credential", null, null, Boolean.toString(DIRECTORY.sessionIdAsCredential()),
                    "packets after an authenticated Create-Session may come without credentials"),
            new Spec("engine", null, "ENGINE", "jetty",
                    "HTTP engine: jetty (bundled; strict, per-server limits) or jdk (the JDK's built-in server)"),
            new Spec("max-connections", null, "N", Integer.toString(LIMITS.maxConnections()),
                    "most open connections"),
            new Spec("idle-timeout", null, "DURATION", format(LIMITS.idleTimeout()),
                    "a connection silent this long (between or within requests) is closed"),
            new Spec("max-header-count", null, "N", Integer.toString(LIMITS.maxHeaderCount()),
                    "most request header lines"),
            new Spec("max-header-size", null, "SIZE", Units.formatSize(LIMITS.maxHeaderSize()),
                    "largest request header section"),
            new Spec("min-request-data-rate", null, "SIZE", Units.formatSize(LIMITS.minRequestDataRate()),
                    "slowest request body, bytes a second averaged, after the grace period (0: none)"),
            new Spec("min-data-rate-grace", null, "DURATION", format(LIMITS.minDataRateGrace()),
                    "how long a request may be slower than --min-request-data-rate"),
            new Spec("max-request-time", null, "DURATION", "",
                    "jdk engine: longest time to receive one request (unset: the grace period + the largest fragment"
                            + " at the minimum rate, at most " + format(ConnectionLimits.JDK_MAX_REQUEST_TIME_CAP)
                            + ")"),
            new Spec("max-response-time", null, "DURATION", "",
                    "jdk engine: longest time to send one response (unset: "
                            + format(ConnectionLimits.JDK_DEFAULT_MAX_RESPONSE_TIME) + ")"),
            new Spec("metrics", null, null, Boolean.toString(MONITORING.enabled()),
                    "serve GET /metrics (Prometheus text format) and GET /health"),
            new Spec("metrics-path", null, "URL-PATH", MONITORING.metricsPath(), "path of the metrics endpoint"),
            new Spec("health-path", null, "URL-PATH", MONITORING.healthPath(), "path of the health endpoint"),
            new Spec("metrics-bind", null, "ADDRESS:PORT", "",
                    "serve /metrics and /health on this separate listener (unset: the upload listener)"),
            new Spec("min-free-space", null, "SIZE", Units.formatSize(MONITORING.minFreeSpace()),
                    "/health answers 503 when a storage root has less free space"),
            new Spec("log-format", null, "FORMAT", "text", "console log lines: text or json (one object a line)"),
            new Spec("verbose", "v", null, "false", "log every fragment (DEBUG)"),
            new Spec("config", "c", "PATH", "", "properties file with any of these keys (flags win)"));

    /** {@return a duration in the command line's syntax, in its largest whole unit: {@code 14d}, {@code 30s}} */
    static String format(Duration d) {
        long ms = d.toMillis();
        for (Object[] unit : new Object[][] {{86_400_000L, "d"}, {3_600_000L, "h"}, {60_000L, "m"}, {1000L, "s"}}) {
            long size = (Long) unit[0];
            if (ms != 0 && ms % size == 0) {
                return ms / size + (String) unit[1];
            }
        }
        return ms + "ms";
    }

    /** {@return the usage text for 80 columns (the module javadoc carries it)} */
    static String text() {
        return text(80);
    }

    /** {@return the terminal's width: {@code $COLUMNS} if it is a number from 40 to 500, else 80} */
    static int columns() {
        String c = System.getenv("COLUMNS");
        long n = c == null ? -1 : io.github.bitsj.protocol.internal.Ascii.parseDecimal(c.strip());
        return n >= 40 && n <= 500 ? (int) n : 80;
    }

    /**
     * {@return the usage text listing every option with its default, wrapped to {@code width} columns}
     *
     * @param width the terminal's width
     */
    static String text(int width) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Usage: java -m io.github.bitsj.server [options]
                       java -jar bits-server-all.jar [options]
                       java -m io.github.bitsj.server --hash-password USER   (password on stdin)

                A BITS upload server. Windows clients upload with
                  bitsadmin /transfer job /upload http://HOST:PORT/upload/NAME C:\\file
                  Start-BitsTransfer -TransferType Upload -Source C:\\file `
                    -Destination http://HOST:PORT/upload/NAME

                Options (each also a key in a --config properties file; flags win over it):
                """);
        for (Spec s : SPECS) {
            option(sb, (s.alias() != null ? "-" + s.alias() + ", " : "    ") + "--" + s.key()
                    + (s.arg() != null ? " " + s.arg() : ""), s.help() + " [default: "
                    + (s.def().isEmpty() ? "none" : s.def()) + "]", width);
        }
        option(sb, "-h, --help", "this text", width);
        option(sb, "    --version", "print the version", width);
        option(sb, "    --hash-password USER", "print a users-file line for USER (password on stdin)", width);
        sb.append('\n');
        for (String p : List.of(
                "SIZE: a number of bytes with an optional suffix K, M, G or T (K = 1024): 512, 64K, 10M, 10G.",
                "DURATION: a number with unit ms, s, m, h or d (no unit: seconds): 30s, 5m, 14d.",
                "COMMAND: a program and its arguments separated by spaces, run without a shell; it learns of the"
                        + " upload from BITS_FILE, BITS_SIZE, BITS_DESTINATION, BITS_PRINCIPAL, BITS_SESSION_ID,"
                        + " BITS_URL and BITS_QUERY. A --notification-command exits 0 for success, 4 to refuse the"
                        + " upload (403), else it failed (500). With a server application, the jdk engine's request and"
                        + " response times are raised to at least --notification-timeout + 30s: the final"
                        + " Fragment's answer waits for the application. --max-request-time and --max-response-time"
                        + " are the jdk engine's; with jetty they are refused.",
                "More upload directories: in the --config file, directory.N.path=PATH and directory.N.prefix=/URL-PATH"
                        + " (N = 1, 2, ...) declare one each; directory.N.KEY sets a per-directory option KEY"
                        + " (e.g. directory.2.allow-overwrites=true), the other options apply to all.",
                "Secrets never go on the command line: the keystore password comes from the environment variable"
                        + " BITS_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file. With --engine jdk,"
                        + " -Dsun.net.httpserver.* and -Djdk.httpserver.* given to the JVM win over the limit options above.",
                "On SIGTERM the server finishes in-flight requests and keeps incomplete sessions resumable.",
                "Exit codes: 0 done, 1 failed (e.g. the port is in use), 2 bad command line or configuration.")) {
            wrap(sb, p, "", width);
        }
        return sb.toString();
    }

    /**
     * One option: on a wide terminal the option, then its description from {@link #HELP_COLUMN}; on a narrow one
     * the description on the lines below, indented; wrapped either way.
     */
    private static void option(StringBuilder sb, String left, String help, int width) {
        left = "  " + left;
        String indent = " ".repeat(width >= WIDE ? HELP_COLUMN : 10);
        if (width < WIDE || left.length() >= HELP_COLUMN - 1) {
            sb.append(left).append('\n');
            wrap(sb, help, indent, width);
            return;
        }
        StringBuilder first = new StringBuilder();
        wrap(first, help, indent, width);
        sb.append(left).append(" ".repeat(HELP_COLUMN - left.length())).append(first.substring(HELP_COLUMN));
    }

    /** Appends {@code text} word-wrapped to {@code width}, every line starting with {@code indent}. */
    private static void wrap(StringBuilder sb, String text, String indent, int width) {
        int room = Math.max(20, width - indent.length());
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > room) {
                sb.append(indent).append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        sb.append(indent).append(line).append('\n');
    }
}
