// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The immutable configuration of a {@link BitsServer}, made by a {@link Builder}:
 *
 * <pre>{@code
 * BitsServerConfig config = BitsServerConfig.newBuilder()
 *         .bindAddress(new InetSocketAddress("0.0.0.0", 8080))
 *         .addDirectory(UploadDirectory.newBuilder("/upload", Path.of("/srv/uploads")).build())
 *         .build();
 * }</pre>
 *
 * <p>Every default is a {@code DEFAULT_*} constant here (the command line's {@code --help} is built from them).
 */
public final class BitsServerConfig {
    /** Default port: {@value} (on the loopback address; port 0 picks a free one). */
    public static final int DEFAULT_PORT = 8080;
    /** Default total session limit: {@value}. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** Default sweeper interval: 1 minute. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Default shutdown grace period: 30 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** Default Basic authentication realm: {@value}. */
    public static final String DEFAULT_REALM = "BITS";

    private final InetSocketAddress bindAddress;
    private final List<UploadDirectory> directories;
    private final int maxSessions;
    private final Duration sweepInterval;
    private final Duration shutdownGrace;
    private final boolean durableWrites;
    private final boolean allowUnsafePaths;
    private final boolean legacyErrorHeader;
    private final Optional<SSLContext> sslContext;
    private final Optional<UserStore> users;
    private final String realm;
    private final Optional<Path> keytab;
    private final Optional<String> servicePrincipal;
    private final Monitoring monitoring;
    private final HttpEngine engine;
    private final ConnectionLimits connectionLimits;
    private final FairUseLimits fairUseLimits;

    private BitsServerConfig(Builder b) {
        bindAddress = b.bindAddress;
        directories = List.copyOf(b.directories);
        maxSessions = b.maxSessions;
        sweepInterval = b.sweepInterval;
        shutdownGrace = b.shutdownGrace;
        durableWrites = b.durableWrites;
        allowUnsafePaths = b.allowUnsafePaths;
        legacyErrorHeader = b.legacyErrorHeader;
        sslContext = Optional.ofNullable(b.sslContext);
        users = Optional.ofNullable(b.users);
        realm = b.realm;
        keytab = Optional.ofNullable(b.keytab);
        servicePrincipal = Optional.ofNullable(b.servicePrincipal);
        monitoring = Objects.requireNonNull(b.monitoring, "monitoring");
        engine = b.engine;
        connectionLimits = b.connectionLimits;
        fairUseLimits = b.fairUseLimits;
        ServerConfigRules.check(this);
    }

    /** {@return the socket address to listen on (default {@code 127.0.0.1:}{@value #DEFAULT_PORT})} */
    public InetSocketAddress bindAddress() {
        return bindAddress;
    }

    /** {@return the upload directories, at least one, with distinct URL prefixes} */
    public List<UploadDirectory> directories() {
        return directories;
    }

    /**
     * {@return the most open sessions across all directories (default {@value #DEFAULT_MAX_SESSIONS}); more get
     * 503 + {@code ERROR_TOO_MANY_SESS} (SDK: Virtual Directory Cleanup)}
     */
    public int maxSessions() {
        return maxSessions;
    }

    /** {@return how often the sweeper looks for idle sessions (default {@link #DEFAULT_SWEEP_INTERVAL})} */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    /** {@return how long {@link BitsServer#close()} waits for in-flight requests ({@link #DEFAULT_SHUTDOWN_GRACE})} */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * {@return whether every fragment is {@code fsync}ed before its Ack and the file before commit, so acknowledged
     * bytes survive a power loss, not only a process crash (default {@code false})}
     */
    public boolean durableWrites() {
        return durableWrites;
    }

    /** {@return whether to start without {@code SecureDirectoryStream}, accepting the link-swap risk (D47; false)} */
    public boolean allowUnsafePaths() {
        return allowUnsafePaths;
    }

    /**
     * {@return whether MC-BUP's {@code BITS-Error} spelling is sent beside {@code BITS-Error-Code} (decision D1;
     * default {@code false})}
     */
    public boolean legacyErrorHeader() {
        return legacyErrorHeader;
    }

    /** {@return the context to serve HTTPS with instead of HTTP (SDK: Authentication), if any} */
    public Optional<SSLContext> sslContext() {
        return sslContext;
    }

    /** {@return the users HTTP Basic authentication is required against (SDK: Authentication), if any} */
    public Optional<UserStore> users() {
        return users;
    }

    /** {@return the Basic authentication realm (default {@value #DEFAULT_REALM})} */
    public String realm() {
        return realm;
    }

    /**
     * {@return the keytab holding the service principal's keys, for directories requiring Negotiate (SDK: Authentication),
     * if any} The Kerberos configuration (realms, clock skew) is the JVM's: the system property
     * {@code java.security.krb5.conf}, read once, at the first use of Kerberos in the JVM (else {@code /etc/krb5.conf}).
     */
    public Optional<Path> keytab() {
        return keytab;
    }

    /**
     * {@return the service principal Negotiate accepts tickets for, if set} Unset: {@code HTTP/<host>} in the
     * default realm, {@code <host>} being the canonical name of the bind address ({@code localhost} for a loopback
     * address, the machine's name for a wildcard); {@code *} accepts any principal whose key is in the keytab.
     */
    public Optional<String> servicePrincipal() {
        return servicePrincipal;
    }

    /** {@return the operator endpoints' settings} */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** {@return the HTTP engine (default {@link HttpEngine#JDK}; the command line's default is Jetty)} */
    public HttpEngine engine() {
        return engine;
    }
    /** {@return the connection limits (default {@link ConnectionLimits#DEFAULTS})} */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }
    /** {@return the limits that keep one client from hurting the rest (default {@link FairUseLimits#defaults()})} */
    public FairUseLimits fairUseLimits() {
        return fairUseLimits;
    }

    /**
     * Starts a builder with the defaults: {@code 127.0.0.1:8080}, plain HTTP, no authentication.
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder for {@link BitsServerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
        private final List<UploadDirectory> directories = new ArrayList<>();
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private boolean durableWrites;
        private boolean allowUnsafePaths;
        private boolean legacyErrorHeader;
        private SSLContext sslContext;
        private UserStore users;
        private String realm = DEFAULT_REALM;
        private Path keytab;
        private Monitoring monitoring = Monitoring.DISABLED;
        private String servicePrincipal;
        private HttpEngine engine = HttpEngine.JDK;
        private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULTS;
        private FairUseLimits fairUseLimits = FairUseLimits.defaults();

        private Builder() {}

        /**
         * Sets the HTTP engine; {@link HttpEngine#JETTY} needs {@code org.eclipse.jetty:jetty-http-spi} at run time.
         * @param v the engine
         * @return this builder
         */
        public Builder engine(HttpEngine v) {
            engine = Objects.requireNonNull(v, "engine");
            return this;
        }

        /**
         * Sets the connection limits.
         * @param v the limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits v) {
            connectionLimits = Objects.requireNonNull(v, "connectionLimits");
            return this;
        }

        /**
         * Sets the address to listen on.
         * @param v the address to listen on
         * @return this builder
         */
        public Builder bindAddress(InetSocketAddress v) {
            bindAddress = Objects.requireNonNull(v, "bindAddress");
            return this;
        }

        /**
         * Adds an upload directory to serve.
         * @param v an upload directory to serve
         * @return this builder
         */
        public Builder addDirectory(UploadDirectory v) {
            directories.add(Objects.requireNonNull(v, "directory"));
            return this;
        }

        /**
         * Sets the most open sessions in total.
         * @param v the most open sessions in total
         * @return this builder
         */
        public Builder maxSessions(int v) {
            maxSessions = v;
            return this;
        }

        /**
         * Sets how often the sweeper runs.
         * @param v how often the sweeper runs
         * @return this builder
         */
        public Builder sweepInterval(Duration v) {
            sweepInterval = Objects.requireNonNull(v, "sweepInterval");
            return this;
        }

        /**
         * Sets how long close() waits for in-flight requests.
         * @param v how long close() waits for in-flight requests
         * @return this builder
         */
        public Builder shutdownGrace(Duration v) {
            shutdownGrace = Objects.requireNonNull(v, "shutdownGrace");
            return this;
        }

        /**
         * Sets fsync fragments before acknowledging them.
         * @param v fsync fragments before acknowledging them
         * @return this builder
         */
        public Builder durableWrites(boolean v) {
            durableWrites = v;
            return this;
        }

        /**
         * Sets whether to run without {@code SecureDirectoryStream}, accepting the link-swap risk (D47).
         * @param v run where directories cannot be held open
         * @return this builder
         */
        public Builder allowUnsafePaths(boolean v) {
            allowUnsafePaths = v;
            return this;
        }

        /**
         * Sets also send the {@code BITS-Error} header.
         * @param v also send the {@code BITS-Error} header
         * @return this builder
         */
        public Builder legacyErrorHeader(boolean v) {
            legacyErrorHeader = v;
            return this;
        }

        /**
         * Sets serve HTTPS with this context, or null for plain HTTP.
         * @param v serve HTTPS with this context, or null for plain HTTP
         * @return this builder
         */
        public Builder sslContext(SSLContext v) {
            sslContext = v;
            return this;
        }

        /**
         * Sets require Basic authentication against these users, or null for none.
         * @param v require Basic authentication against these users, or null for none
         * @return this builder
         */
        public Builder users(UserStore v) {
            users = v;
            return this;
        }

        /**
         * Sets the Basic authentication realm.
         * @param v the Basic authentication realm
         * @return this builder
         */
        public Builder realm(String v) {
            realm = Objects.requireNonNull(v, "realm");
            return this;
        }

        /**
         * Sets the keytab for Negotiate (from {@code ktpass}, {@code msktutil} or {@code kadmin ktadd}), or null.
         * @param v the keytab file
         * @return this builder
         */
        public Builder keytab(Path v) {
            keytab = v;
            return this;
        }

        /**
         * Serves {@code /metrics} and {@code /health} as {@code v} says (default: off).
         * @param v the settings
         * @return this builder
         */
        public Builder monitoring(Monitoring v) {
            monitoring = v;
            return this;
        }

        /**
         * Sets the service principal, {@code HTTP/host.example.com@EXAMPLE.COM} (without a realm: the default realm),
         * {@code *} for any principal of the keytab, or null for the default derived from the host name.
         * @param v the principal
         * @return this builder
         */
        public Builder servicePrincipal(String v) {
            servicePrincipal = v;
            return this;
        }

        /**
         * Sets the limits that keep one client from hurting the rest.
         * @param v the limits ({@link FairUseLimits#none()} turns the per-address and login limits off)
         * @return this builder
         */
        public Builder fairUseLimits(FairUseLimits v) {
            fairUseLimits = Objects.requireNonNull(v, "fairUseLimits");
            return this;
        }

        /**
         * Builds and validates.
         * @return the validated configuration
         * @throws IllegalArgumentException if there is no directory, two share a prefix, two storage roots overlap,
         *     a value is out of range, or a directory requires Basic without users or Negotiate without a keytab
         */
        public BitsServerConfig build() {
            return new BitsServerConfig(this);
        }
    }
}
