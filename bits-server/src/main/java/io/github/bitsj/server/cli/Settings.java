// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.ConnectionLimits;
import io.github.bitsj.server.DirectoryAuth;
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
        UploadDirectory.Builder d = UploadDirectory.newBuilder(o.get("prefix"), Path.of(o.get("directory")))
                .allowOverwrites(o.bool("allow-overwrites"))
                .uploadsEnabled(o.bool("uploads-enabled"))
                .maxUploadSize(o.longValue("max-upload-size", 0, Long.MAX_VALUE))
                .maxFragmentSize(o.longValue("max-fragment-size", 1, Long.MAX_VALUE))
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
        InetAddress addr = InetAddress.getByName(o.get("bind"));
        BitsServerConfig.Builder b = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(addr, o.integer("port", 0, 65535)))
                .addDirectory(d.build())
                .maxSessions(o.integer("max-sessions", 1, Integer.MAX_VALUE))
                .fairUseLimits(fairUseLimits(o))
                .sweepInterval(o.duration("sweep-interval"))
                .shutdownGrace(o.duration("shutdown-grace"))
                .durableWrites(o.bool("durable-writes"))
                .allowUnsafePaths(o.bool("allow-unsafe-paths"))
                .legacyErrorHeader(o.bool("legacy-error-header"))
                .realm(o.get("realm"))
                .engine(o.engine())
                .connectionLimits(limits(o));
        if (!o.get("users-file").isEmpty()) {
            b.users(UserStore.load(Path.of(o.get("users-file"))));
        }
        if (!o.get("keytab").isEmpty()) {
            b.keytab(Path.of(o.get("keytab")));
        }
        if (!o.get("service-principal").isEmpty()) {
            b.servicePrincipal(o.get("service-principal"));
        }
        if (!o.get("tls-keystore").isEmpty()) {
            b.sslContext(sslContext(Path.of(o.get("tls-keystore")), o.get("tls-keystore-password-file")));
        }
        return b.build();
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

    /** The directory's server application (digest §6.5): a notification URL, a command, or none. */
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
            List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
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
                        o.integer("max-header-size", 1024, Integer.MAX_VALUE))
                .withMinRequestDataRate(o.longValue("min-request-data-rate", 0, Long.MAX_VALUE),
                        o.duration("min-data-rate-grace"))
                .withJdkTimes(o.get("max-request-time").isEmpty() ? null : o.duration("max-request-time"),
                        o.get("max-response-time").isEmpty() ? null : o.duration("max-response-time"));
    }

    /** Sets a one-line console log format, and DEBUG for the server's logger when verbose. */
    static void configureLogging(boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
        }
        // Jetty's own lines (through SLF4J): warnings and errors; its start-up chatter only with --verbose
        JETTY_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
        Logger log = Logger.getLogger("io.github.bitsj.server");
        if (verbose) {
            log.setLevel(Level.FINE);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINE);
            log.addHandler(h);
            log.setUseParentHandlers(false);
        }
    }
}
