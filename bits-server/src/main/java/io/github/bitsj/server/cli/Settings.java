// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.ConnectionLimits;
import io.github.bitsj.server.DirectoryAuth;
import io.github.bitsj.server.Monitoring;
import io.github.bitsj.server.FairUseLimits;
import io.github.bitsj.server.ServerApplication;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.SimpleFormatter;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Turns parsed {@link Options} into what the server runs with: the library's {@link BitsServerConfig} (with the TLS
 * context built from the keystore), and the JVM-wide settings only {@code main} may make (the JDK server's limits,
 * console logging).
 */
final class Settings {
    private static final String KRB5_CONF = "java.security.krb5.conf";
    /** Held: java.util.logging keeps loggers only weakly, with the level set on them. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    private Settings() {}

    /** {@return the library configuration the options describe} */
    static BitsServerConfig toConfig(Options o) throws Options.UsageException, IOException,
            GeneralSecurityException {
        InetAddress addr = InetAddress.getByName(o.get("bind"));
        BitsServerConfig.Builder b = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(addr, o.integer("port", 0, 65535)))
                .maxSessions(o.integer("max-sessions", 1, Integer.MAX_VALUE))
                .fairUseLimits(fairUseLimits(o))
                .sweepInterval(o.duration("sweep-interval"))
                .shutdownGrace(o.duration("shutdown-grace"))
                .durableWrites(o.bool("durable-writes"))
                .allowUnsafePaths(o.bool("allow-unsafe-paths"))
                .legacyErrorHeader(o.bool("legacy-error-header"))
                .realm(o.get("realm"))
                .engine(o.engine())
                .connectionLimits(limits(o))
                .monitoring(monitoring(o));
        for (Options view : o.directoryViews()) {
            b.addDirectory(directory(view));
        }
        if (!o.get("users-file").isEmpty()) {
            Path users = Path.of(o.get("users-file"));
            b.users(readable("users-file", users, () -> UserStore.load(users)));
        }
        if (!o.get("keytab").isEmpty()) {
            Path keytab = Path.of(o.get("keytab"));
            readable("keytab", keytab, () -> Files.size(keytab));
            b.keytab(keytab);
        }
        if (!o.get("service-principal").isEmpty()) {
            b.servicePrincipal(o.get("service-principal"));
        }
        if (!o.get("tls-keystore").isEmpty()) {
            Path ks = Path.of(o.get("tls-keystore"));
            b.sslContext(readable("tls-keystore", ks, () -> sslContext(ks, o.get("tls-keystore-password-file"))));
        }
        return b.build();
    }

    /** A file read that names the option and the file when it fails. */
    interface FileRead<T> {
        T read() throws IOException, GeneralSecurityException, Options.UsageException;
    }

    /**
     * {@return what {@code read} reads}; an {@link IOException} becomes one naming the option and the file
     * ({@code cannot read --users-file /etc/bits/users: no such file})
     */
    static <T> T readable(String option, Path file, FileRead<T> read) throws IOException, GeneralSecurityException,
            Options.UsageException {
        try {
            return read.read();
        } catch (IOException e) {
            throw new IOException("cannot read --" + option + " " + file + ": " + Main.describe(e), e);
        }
    }

    /** {@return the operator endpoints' settings} */
    private static Monitoring monitoring(Options o) throws Options.UsageException {
        Monitoring.Builder m = Monitoring.newBuilder().enabled(o.bool("metrics"))
                .metricsPath(o.get("metrics-path")).healthPath(o.get("health-path"))
                .minFreeSpace(o.size("min-free-space", 0, Long.MAX_VALUE));
        if (!o.get("metrics-bind").isEmpty()) {
            m.address(hostPort(o.get("metrics-bind")));
        }
        try {
            return m.build();
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("invalid monitoring option: " + e.getMessage());
        }
    }

    /** {@return {@code HOST:PORT} or {@code [IPv6]:PORT} as an address, unresolved names resolved now} */
    static InetSocketAddress hostPort(String v) throws Options.UsageException {
        int colon = v.lastIndexOf(':');
        long port = colon < 0 ? -1 : io.github.bitsj.protocol.internal.Ascii.parseDecimal(v.substring(colon + 1));
        String host = colon < 0 ? "" : v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new Options.UsageException("invalid value for --metrics-bind: " + v + " (ADDRESS:PORT, e.g."
                    + " 127.0.0.1:9090)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), (int) port);
        } catch (java.net.UnknownHostException e) {
            throw new Options.UsageException("invalid value for --metrics-bind: unknown host " + host);
        }
    }

    /** {@return the upload directory one set of options describes} */
    private static UploadDirectory directory(Options o) throws Options.UsageException, IOException {
        UploadDirectory.Builder d = UploadDirectory.newBuilder(o.get("prefix"), Path.of(o.get("directory")))
                .allowOverwrites(o.bool("allow-overwrites"))
                .farm(o.bool("farm"))
                .uploadsEnabled(o.bool("uploads-enabled"))
                .maxUploadSize(o.size("max-upload-size", 0, Long.MAX_VALUE))
                .maxFragmentSize(o.size("max-fragment-size", 1, Long.MAX_VALUE))
                .sessionTimeout(o.duration("session-timeout"))
                .strictRanges(o.bool("strict-ranges"))
                .sessionIdAsCredential(o.bool("session-id-as-credential"))
                .sessionDirectoryName(o.get("session-directory"))
                .maxSessionsPerPrincipal(o.integer("max-sessions-per-user", 1, Integer.MAX_VALUE));
        Optional<Set<AuthScheme>> schemes = o.authSchemes();
        if (schemes.isPresent()) {
            d.auth(DirectoryAuth.of(schemes.get(), o.allowedPrincipals()));
        }
        if (!o.get("host-id").isEmpty()) {
            d.hostId(o.get("host-id")).hostIdFallbackTimeout(o.duration("host-id-fallback-timeout"));
        }
        d.serverApplication(application(o)).downloadsEnabled(o.bool("downloads"));
        if (!o.get("on-complete").isEmpty()) {
            d.completionListener(Hooks.onComplete(Hooks.split(o.get("on-complete")),
                    o.duration("on-complete-timeout")));
        }
        try {
            return d.build();
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("upload directory " + o.get("prefix") + ": " + e.getMessage());
        }
    }

    /** The limits that keep one client from hurting the rest (D43, D44). */
    private static FairUseLimits fairUseLimits(Options o) throws Options.UsageException {
        int max = Integer.MAX_VALUE;
        return FairUseLimits.defaults()
                .withMaxRequestsPerAddress(o.integer("max-requests-per-address", 0, max))
                .withSessionCreatesPerMinute(o.integer("session-creates-per-minute", 0, max))
                .withMaxAnonymousSessionsPerAddress(o.integer("max-anonymous-sessions-per-address", 0, max))
                .withMaxFragmentlessSessionsPerAddress(o.integer("max-fragmentless-sessions-per-address", 0, max))
                .withFragmentlessSessionTimeout(o.duration("fragmentless-session-timeout"))
                .withLoginBackoff(o.integer("login-failures-per-address", 0, max),
                        o.integer("login-failures-per-user", 0, max), o.duration("login-backoff"))
                .withMaxConcurrentPasswordChecks(o.integer("max-password-checks", 1, 10_000));
    }

    /** The directory's server application (SDK: Notification Protocol for Server Applications): a notification URL, a command, or none. */
    private static ServerApplication application(Options o) throws Options.UsageException, IOException {
        ServerApplication app = switch (o.get("notification-type")) {
            case "by-reference" -> ServerApplication.notifyByReference(o.get("notification-url"));
            case "by-value" -> ServerApplication.notifyByValue(o.get("notification-url"));
            default -> o.get("notification-command").isEmpty() ? ServerApplication.NONE
                    : ServerApplication.handler(Hooks.notificationCommand(Hooks.split(o.get("notification-command"))));
        };
        if (!app.isPresent()) {
            return app;
        }
        app = app.withTimeout(o.duration("notification-timeout"));
        if (o.bool("forward-credentials")) {
            app = app.withForwardedCredentials();
        }
        String file = o.get("notification-credentials-file");
        if (!file.isEmpty()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot read --notification-credentials-file " + file + ": "
                        + Main.describe(e), e);
            }
            String line = lines.isEmpty() ? "" : lines.get(0).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Options.UsageException(file + " must hold USER:PASSWORD on its first line");
            }
            char[] pw = line.substring(colon + 1).toCharArray();
            try {
                app = app.withCredentials(line.substring(0, colon), pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        return app;
    }

    private static SSLContext sslContext(Path keystore, String passwordFile) throws IOException,
            GeneralSecurityException, Options.UsageException {
        char[] pw;
        if (!passwordFile.isEmpty()) {
            List<String> lines = readable("tls-keystore-password-file", Path.of(passwordFile),
                    () -> Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8));
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

    /**
     * Points the JDK's Kerberos at {@code --krb5-conf}: the system property {@code java.security.krb5.conf}, which the
     * JDK reads once, at the first use of Kerberos in the JVM, so this runs before the server starts. A
     * {@code -Djava.security.krb5.conf} naming another file is a conflict, not silently overridden.
     */
    static void useKrb5Conf(Options o) throws Options.UsageException {
        String v = o.get("krb5-conf");
        if (v.isEmpty()) {
            return;
        }
        Path file = Path.of(v).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new Options.UsageException("--krb5-conf " + v + " is not a readable file");
        }
        String current = System.getProperty(KRB5_CONF);
        if (current == null) {
            System.setProperty(KRB5_CONF, file.toString());
        } else if (!Path.of(current).toAbsolutePath().normalize().equals(file)) {
            throw new Options.UsageException("--krb5-conf " + v + " conflicts with -D" + KRB5_CONF + "=" + current);
        }
    }

    /** {@return the connection limits the options describe} */
    static ConnectionLimits limits(Options o) throws Options.UsageException {
        return ConnectionLimits.DEFAULTS.withMaxConnections(o.integer("max-connections", 1, Integer.MAX_VALUE))
                .withIdleTimeout(o.duration("idle-timeout"))
                .withHeaderLimits(o.integer("max-header-count", 1, 10_000),
                        (int) o.size("max-header-size", 1024, Integer.MAX_VALUE))
                .withMinRequestDataRate(o.size("min-request-data-rate", 0, Long.MAX_VALUE),
                        o.duration("min-data-rate-grace"))
                .withJdkTimes(o.get("max-request-time").isEmpty() ? null : o.duration("max-request-time"),
                        o.get("max-response-time").isEmpty() ? null : o.duration("max-response-time"));
    }

    /**
     * Sets the one-line console log format ({@link LogFormat}: UTC times, text or JSON lines) on the console handlers,
     * and DEBUG for the server's logger when verbose. A {@code -Djava.util.logging.config.file} wins, and so does a
     * {@code -Djava.util.logging.SimpleFormatter.format} for the text format.
     */
    static void configureLogging(boolean verbose, String format) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        boolean keepSimple = format.equals("text")
                && System.getProperty("java.util.logging.SimpleFormatter.format") != null;
        Formatter f = keepSimple ? new SimpleFormatter() : LogFormat.named(format);
        for (Handler h : Logger.getLogger("").getHandlers()) {
            if (h instanceof ConsoleHandler) {
                h.setFormatter(f);
            }
        }
        // Jetty's own lines (through SLF4J): warnings and errors; its start-up chatter only with --verbose
        JETTY_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
        Logger log = Logger.getLogger("io.github.bitsj.server");
        if (verbose) {
            log.setLevel(Level.FINE);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINE);
            h.setFormatter(f);
            log.addHandler(h);
            log.setUseParentHandlers(false);
        }
    }
}
