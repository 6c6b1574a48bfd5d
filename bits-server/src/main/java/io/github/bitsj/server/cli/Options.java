// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.protocol.internal.Ascii;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command line's options: every setting has a long flag and the same key in a {@code --config} properties
 * file; flags win over the file, the file over the defaults. Parsing is by hand, {@code jwebserver} style.
 */
final class Options {
    /** One option: its key (long flag name and properties key), short alias, argument name, default, help. */
    record Spec(String key, String alias, String arg, String def, String help) {
        boolean isFlag() {
            return arg == null;
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("bind", "b", "ADDRESS", "127.0.0.1", "address to listen on (0.0.0.0 or :: for all)"),
            new Spec("port", "p", "PORT", "8080", "port to listen on (0 picks a free one)"),
            new Spec("directory", "d", "PATH", "./bits-uploads", "storage root uploads land in (created if missing)"),
            new Spec("prefix", null, "URL-PATH", "/upload", "URL path prefix of the upload directory"),
            new Spec("allow-overwrites", null, null, "false", "an upload may replace an existing file"),
            new Spec("uploads-enabled", null, "BOOL", "true", "accept uploads (false: every request gets 501)"),
            new Spec("max-upload-size", null, "BYTES", "1844674407370955",
                    "largest upload (BITSMaximumUploadSize); larger gets BG_E_TOO_LARGE"),
            new Spec("max-fragment-size", null, "BYTES", "33554432", "largest fragment body; larger gets 413"),
            new Spec("session-timeout", null, "DURATION", "14d",
                    "idle time after which a session and its data are removed"),
            new Spec("host-id", null, "HOST", "", "BITS-Host-Id returned on Create-Session (server farms)"),
            new Spec("host-id-fallback-timeout", null, "DURATION", "1d",
                    "BITS-Host-Id-Fallback-Timeout (only with --host-id)"),
            new Spec("strict-ranges", null, null, "false", "answer overlapping fragments with 416 (MC-BUP)"),
            new Spec("session-directory", null, "NAME", "BITS-Sessions", "session area under the storage root"),
            new Spec("max-sessions", null, "N", "10000", "most open sessions in total"),
            new Spec("max-sessions-per-user", null, "N", "50", "most open sessions per authenticated user"),
            new Spec("sweep-interval", null, "DURATION", "1m", "how often idle sessions are looked for"),
            new Spec("shutdown-grace", null, "DURATION", "30s",
                    "on SIGTERM, how long in-flight requests may finish"),
            new Spec("durable-writes", null, null, "false",
                    "fsync each fragment before its Ack (power-loss safe; slower)"),
            new Spec("legacy-error-header", null, null, "false", "also send MC-BUP's BITS-Error header"),
            new Spec("tls-keystore", null, "PATH", "",
                    "serve HTTPS with this PKCS12 keystore; password from $BITS_TLS_KEYSTORE_PASSWORD or"
                            + " --tls-keystore-password-file"),
            new Spec("tls-keystore-password-file", null, "PATH", "", "file holding the keystore password"),
            new Spec("users-file", null, "PATH", "",
                    "require HTTP Basic authentication against this users file (see --hash-password)"),
            new Spec("realm", null, "TEXT", "BITS", "Basic authentication realm"),
            new Spec("max-request-time", null, "DURATION", "30m",
                    "longest time to receive one request (sun.net.httpserver.maxReqTime)"),
            new Spec("max-response-time", null, "DURATION", "2m",
                    "longest time to send one response (sun.net.httpserver.maxRspTime)"),
            new Spec("max-connections", null, "N", "1000", "most open connections (jdk.httpserver.maxConnections)"),
            new Spec("max-header-count", null, "N", "100",
                    "most request headers (sun.net.httpserver.maxReqHeaders)"),
            new Spec("max-header-size", null, "BYTES", "65536",
                    "largest request header section (sun.net.httpserver.maxReqHeaderSize)"),
            new Spec("idle-timeout", null, "DURATION", "30s",
                    "keep-alive idle time before a connection closes (sun.net.httpserver.idleInterval)"),
            new Spec("verbose", "v", null, "false", "log every fragment (DEBUG)"),
            new Spec("config", "c", "PATH", "", "properties file with any of these keys (flags win)"));

    private static final Map<String, Spec> BY_KEY = new LinkedHashMap<>();
    private static final Map<String, Spec> BY_ALIAS = new LinkedHashMap<>();

    static {
        for (Spec s : SPECS) {
            BY_KEY.put(s.key(), s);
            if (s.alias() != null) {
                BY_ALIAS.put(s.alias(), s);
            }
        }
    }

    /** Thrown for a bad command line; the message is shown to the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** What the command line asks for. */
    enum Action { RUN, HELP, VERSION, HASH_PASSWORD }

    final Map<String, String> values = new LinkedHashMap<>();
    Action action = Action.RUN;
    String hashUser;

    private Options() {
        for (Spec s : SPECS) {
            values.put(s.key(), s.def());
        }
    }

    /**
     * Parses arguments, then the {@code --config} file if any.
     *
     * @param args the arguments
     * @return the options
     * @throws UsageException on an unknown option, a missing argument or an invalid value
     * @throws IOException    if the config file cannot be read
     */
    static Options parse(String... args) throws UsageException, IOException {
        Options o = new Options();
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("-?") || a.equals("--help")) {
                o.action = Action.HELP;
                return o;
            }
            if (a.equals("--version")) {
                o.action = Action.VERSION;
                return o;
            }
            if (a.equals("--hash-password")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("missing argument for --hash-password: USER");
                }
                o.action = Action.HASH_PASSWORD;
                o.hashUser = args[++i];
                continue;
            }
            Spec spec;
            String inline = null;
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                spec = BY_KEY.get(name);
            } else if (a.startsWith("-") && a.length() == 2) {
                spec = BY_ALIAS.get(a.substring(1));
            } else {
                throw new UsageException("unexpected argument: " + a);
            }
            if (spec == null) {
                throw new UsageException("unknown option: " + a);
            }
            String value;
            if (spec.isFlag()) {
                value = inline == null ? "true" : inline;
            } else if (inline != null) {
                value = inline;
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("missing argument for --" + spec.key() + ": " + spec.arg());
                }
                value = args[++i];
            }
            given.put(spec.key(), value);
        }
        String config = given.getOrDefault("config", "");
        if (!config.isEmpty()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                if (!BY_KEY.containsKey(k) || k.equals("config")) {
                    throw new UsageException("unknown key in " + config + ": " + k);
                }
                o.values.put(k, p.getProperty(k).strip());
            }
        }
        o.values.putAll(given);
        o.validate();
        return o;
    }

    private void validate() throws UsageException {
        for (Spec s : SPECS) {
            if (s.isFlag() || "BOOL".equals(s.arg())) {
                bool(s.key());
            }
        }
        integer("port", 0, 65535);
        longValue("max-upload-size", 0, Long.MAX_VALUE);
        longValue("max-fragment-size", 1, Long.MAX_VALUE);
        integer("max-sessions", 1, Integer.MAX_VALUE);
        integer("max-sessions-per-user", 1, Integer.MAX_VALUE);
        integer("max-connections", 1, Integer.MAX_VALUE);
        integer("max-header-count", 1, 10_000);
        integer("max-header-size", 1024, Integer.MAX_VALUE);
        for (String k : List.of("session-timeout", "host-id-fallback-timeout", "sweep-interval", "shutdown-grace",
                "max-request-time", "max-response-time", "idle-timeout")) {
            duration(k);
        }
        String pw = get("tls-keystore-password-file");
        if (!pw.isEmpty() && get("tls-keystore").isEmpty()) {
            throw new UsageException("--tls-keystore-password-file needs --tls-keystore");
        }
    }

    String get(String key) {
        return values.get(key);
    }

    boolean bool(String key) throws UsageException {
        String v = get(key);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new UsageException("invalid value for --" + key + ": " + v + " (true or false)");
    }

    int integer(String key, int min, int max) throws UsageException {
        return (int) longValue(key, min, max);
    }

    long longValue(String key, long min, long max) throws UsageException {
        String v = get(key);
        long n = Ascii.parseDecimal(v);
        if (n < min || n > max) {
            throw new UsageException("invalid value for --" + key + ": " + v + " (a number from " + min + " to "
                    + max + ")");
        }
        return n;
    }

    /** Durations: a number with an optional unit {@code ms s m h d} (no unit: seconds). */
    Duration duration(String key) throws UsageException {
        String v = get(key);
        String num = v;
        long unitMillis = 1000;
        if (v.endsWith("ms")) {
            num = v.substring(0, v.length() - 2);
            unitMillis = 1;
        } else if (!v.isEmpty() && "smhd".indexOf(v.charAt(v.length() - 1)) >= 0) {
            char u = v.charAt(v.length() - 1);
            num = v.substring(0, v.length() - 1);
            unitMillis = switch (u) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                default -> 86_400_000L;
            };
        }
        long n = Ascii.parseDecimal(num);
        if (n < 0 || n > Long.MAX_VALUE / unitMillis) {
            throw new UsageException("invalid value for --" + key + ": " + v + " (e.g. 30s, 10m, 2h, 14d)");
        }
        return Duration.ofMillis(n * unitMillis);
    }

    /** {@return the usage text listing every option with its default} */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Usage: java -m io.github.bitsj.server [options]
                       java -jar bits-server-all.jar [options]
                       java -m io.github.bitsj.server --hash-password USER   (reads the password from stdin)

                A BITS upload server: Windows clients upload with
                  bitsadmin /transfer job /upload http://HOST:PORT/upload/NAME C:\\path\\file
                  Start-BitsTransfer -TransferType Upload -Source C:\\path\\file -Destination http://HOST:PORT/upload/NAME

                Options (each also a key in a --config properties file; flags win over the file):
                """);
        for (Spec s : SPECS) {
            String left = "  " + (s.alias() != null ? "-" + s.alias() + ", " : "    ") + "--" + s.key()
                    + (s.arg() != null ? " " + s.arg() : "");
            sb.append(left);
            sb.append(" ".repeat(Math.max(1, 44 - left.length())));
            sb.append(s.help());
            sb.append(" [default: ").append(s.def().isEmpty() ? "none" : s.def()).append(']');
            sb.append('\n');
        }
        sb.append("""
                  -h, --help                                this text
                      --version                             print the version
                      --hash-password USER                  print a users-file line for USER (password on stdin)

                DURATION: a number with unit ms, s, m, h or d (no unit: seconds).
                Secrets never go on the command line: the keystore password comes from the environment variable
                BITS_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file. -Dsun.net.httpserver.* and
                -Djdk.httpserver.* given to the JVM win over the limit options above.
                On SIGTERM the server finishes in-flight requests and keeps incomplete sessions resumable.
                """);
        return sb.toString();
    }
}
