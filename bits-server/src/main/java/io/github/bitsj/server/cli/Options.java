// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.protocol.internal.Ascii;
import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.DirectoryAuth;
import io.github.bitsj.server.HttpEngine;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The command line's options: every setting has a long flag and the same key in a {@code --config} properties
 * file; flags win over the file, the file over the defaults. Parsing is by hand, {@code jwebserver} style.
 */
final class Options {
    private static final Map<String, Usage.Spec> BY_KEY = new LinkedHashMap<>();
    private static final Map<String, Usage.Spec> BY_ALIAS = new LinkedHashMap<>();

    static {
        for (Usage.Spec s : Usage.SPECS) {
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

    /** Keys a {@code directory.N.KEY} line of the config file may set (D-number in bits-protocol/README.md). */
    static final Set<String> DIRECTORY_KEYS = Set.of("path", "prefix", "allow-overwrites", "uploads-enabled",
            "max-upload-size", "max-fragment-size", "session-timeout", "host-id", "host-id-fallback-timeout",
            "strict-ranges", "session-directory", "notification-type", "notification-url", "notification-command",
            "notification-timeout", "notification-credentials-file", "forward-credentials", "on-complete",
            "on-complete-timeout", "downloads", "max-sessions-per-user", "auth", "allow-principals",
            "session-id-as-credential", "farm");

    final Map<String, String> values = new LinkedHashMap<>();
    /** The {@code directory.N.KEY} settings of the config file, by N ({@code path} stored as {@code directory}). */
    final java.util.TreeMap<Integer, Map<String, String>> directories = new java.util.TreeMap<>();
    Action action = Action.RUN;
    String hashUser;

    private Options() {
        for (Usage.Spec s : Usage.SPECS) {
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
            Usage.Spec spec;
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
                if (k.startsWith("directory.")) {
                    o.directoryKey(config, k, p.getProperty(k).strip());
                    continue;
                }
                if (!BY_KEY.containsKey(k) || k.equals("config")) {
                    throw new UsageException("unknown key in " + config + ": " + k);
                }
                o.values.put(k, p.getProperty(k).strip());
            }
        }
        o.values.putAll(given);
        o.validate();
        for (Options d : o.directoryViews()) {
            d.validate();
        }
        return o;
    }

    /** Takes a {@code directory.N.KEY=value} line of the config file. */
    private void directoryKey(String file, String k, String value) throws UsageException {
        int dot = k.indexOf('.', 10);
        long n = dot < 0 ? -1 : Ascii.parseDecimal(k, 10, dot);
        String key = dot < 0 ? "" : k.substring(dot + 1);
        if (n < 1 || n > 999 || !DIRECTORY_KEYS.contains(key)) {
            throw new UsageException("unknown key in " + file + ": " + k + " (directory.N.KEY with N from 1 to 999"
                    + " and KEY path, prefix or a per-directory option)");
        }
        directories.computeIfAbsent((int) n, x -> new LinkedHashMap<>()).put(key.equals("path") ? "directory" : key,
                value);
    }

    /**
     * {@return the options of each upload directory: the top-level values with a {@code directory.N.*} group's
     * overrides, in the order of N; the top-level directory alone if the config file declares none}
     */
    List<Options> directoryViews() throws UsageException {
        if (directories.isEmpty()) {
            return List.of(this);
        }
        List<Options> views = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String>> e : directories.entrySet()) {
            if (!e.getValue().containsKey("directory") || !e.getValue().containsKey("prefix")) {
                throw new UsageException("directory." + e.getKey() + " needs both directory." + e.getKey()
                        + ".path and directory." + e.getKey() + ".prefix");
            }
            Options v = new Options();
            v.values.putAll(values);
            v.values.putAll(e.getValue());
            views.add(v);
        }
        return views;
    }

    private void validate() throws UsageException {
        for (Usage.Spec s : Usage.SPECS) {
            if (s.isFlag() || "BOOL".equals(s.arg())) {
                bool(s.key());
            }
        }
        integer("port", 0, 65535);
        size("max-upload-size", 0, Long.MAX_VALUE);
        size("max-fragment-size", 1, Long.MAX_VALUE);
        size("min-free-space", 0, Long.MAX_VALUE);
        if (!List.of("text", "json").contains(get("log-format"))) {
            throw new UsageException("invalid value for --log-format: " + get("log-format") + " (text or json)");
        }
        if (!get("metrics-bind").isEmpty()) {
            Settings.hostPort(get("metrics-bind"));
        }
        integer("max-sessions", 1, Integer.MAX_VALUE);
        integer("max-sessions-per-user", 1, Integer.MAX_VALUE);
        for (String k : List.of("max-requests-per-address", "session-creates-per-minute",
                "max-anonymous-sessions-per-address", "max-fragmentless-sessions-per-address",
                "login-failures-per-address", "login-failures-per-user")) {
            integer(k, 0, Integer.MAX_VALUE);
        }
        integer("max-password-checks", 1, 10_000);
        for (String k : List.of("fragmentless-session-timeout", "login-backoff")) {
            if (duration(k).toMillis() < 1000) {
                throw new UsageException("invalid value for --" + k + ": " + get(k) + " (at least 1s)");
            }
        }
        integer("max-connections", 1, Integer.MAX_VALUE);
        integer("max-header-count", 1, 10_000);
        size("max-header-size", 1024, Integer.MAX_VALUE);
        size("min-request-data-rate", 0, Long.MAX_VALUE);
        for (String k : List.of("session-timeout", "host-id-fallback-timeout", "sweep-interval", "shutdown-grace",
                "idle-timeout", "min-data-rate-grace", "notification-timeout", "on-complete-timeout")) {
            duration(k);
        }
        engine();
        for (String k : List.of("max-request-time", "max-response-time")) {
            if (!get(k).isEmpty()) {
                duration(k);
                if (engine() != HttpEngine.JDK) {
                    throw new UsageException("--" + k + " is the jdk engine's timer; jetty bounds a request by"
                            + " --idle-timeout and --min-request-data-rate (or use --engine jdk)");
                }
            }
        }
        validateApplication();
        String pw = get("tls-keystore-password-file");
        if (!pw.isEmpty() && get("tls-keystore").isEmpty()) {
            throw new UsageException("--tls-keystore-password-file needs --tls-keystore");
        }
        validateAuth();
    }

    /** The authentication options fit together (the library checks again, without option names). */
    private void validateAuth() throws UsageException {
        Set<AuthScheme> schemes;
        try {
            schemes = authSchemes().orElse(Set.of());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for --auth: " + e.getMessage());
        }
        try {
            allowedPrincipals();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for --allow-principals: " + e.getMessage());
        }
        boolean negotiate = schemes.contains(AuthScheme.NEGOTIATE);
        if (schemes.contains(AuthScheme.BASIC) && get("users-file").isEmpty()) {
            throw new UsageException("--auth basic needs --users-file");
        }
        if (negotiate && get("keytab").isEmpty()) {
            throw new UsageException("--auth negotiate needs --keytab");
        }
        for (String k : List.of("keytab", "service-principal", "allow-principals")) {
            if (!negotiate && !get(k).equals(Usage.SPECS.stream().filter(s -> s.key().equals(k)).findFirst()
                    .orElseThrow().def())) {
                throw new UsageException("--" + k + " needs --auth negotiate or negotiate,basic");
            }
        }
    }

    /** {@return the schemes of {@code --auth}, unless unset} */
    Optional<Set<AuthScheme>> authSchemes() {
        return get("auth").isEmpty() ? Optional.empty() : Optional.of(AuthScheme.parse(get("auth")));
    }

    /** {@return the entries of {@code --allow-principals}} */
    List<String> allowedPrincipals() {
        List<String> items = new ArrayList<>();
        String v = get("allow-principals");
        int from = 0;
        while (true) {
            int comma = v.indexOf(',', from);
            items.add(v.substring(from, comma < 0 ? v.length() : comma).strip());
            if (comma < 0) {
                return DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE), items).allowedPrincipals();
            }
            from = comma + 1;
        }
    }

    /** The server application options: one application, and what each needs (SDK: BITS IIS Extension Properties, SDK: Notification Protocol for Server Applications). */
    private void validateApplication() throws UsageException {
        String type = get("notification-type");
        if (!List.of("none", "by-reference", "by-value").contains(type)) {
            throw new UsageException("invalid value for --notification-type: " + type
                    + " (none, by-reference or by-value)");
        }
        boolean url = !get("notification-url").isEmpty();
        if (type.equals("none") == url) {
            throw new UsageException(url ? "--notification-url needs --notification-type by-reference or by-value"
                    : "--notification-type " + type + " needs --notification-url");
        }
        if (url && !get("notification-command").isEmpty()) {
            throw new UsageException("--notification-command and --notification-url exclude each other");
        }
        if (!url && (!get("notification-credentials-file").isEmpty() || bool("forward-credentials"))) {
            throw new UsageException("notification credentials need --notification-url");
        }
        if (!get("notification-credentials-file").isEmpty() && bool("forward-credentials")) {
            throw new UsageException("--notification-credentials-file and --forward-credentials exclude each other");
        }
        for (String k : List.of("notification-command", "on-complete")) {
            if (!get(k).isEmpty() && get(k).isBlank()) {
                throw new UsageException("invalid value for --" + k + ": a program is needed");
            }
        }
    }

    /** {@return the engine of {@code --engine}} */
    HttpEngine engine() throws UsageException {
        for (HttpEngine e : HttpEngine.values()) {
            if (e.optionValue().equals(get("engine"))) {
                return e;
            }
        }
        throw new UsageException("invalid value for --engine: " + get("engine") + " (jetty or jdk)");
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

    /** Sizes: a number with an optional suffix {@code K M G T} ({@link Units#size}). */
    long size(String key, long min, long max) throws UsageException {
        String v = get(key);
        long n = Units.size(v);
        if (n < min || n > max) {
            throw new UsageException("invalid value for --" + key + ": " + v + " (a size from " + min + " to "
                    + max + " bytes, e.g. 512, 64K, 10M, 10G)");
        }
        return n;
    }

    /** Durations: a number with an optional unit {@code ms s m h d} (no unit: seconds). */
    Duration duration(String key) throws UsageException {
        Duration d = Units.duration(get(key));
        if (d == null) {
            throw new UsageException("invalid value for --" + key + ": " + get(key) + " (e.g. 30s, 10m, 2h, 14d)");
        }
        return d;
    }
}
