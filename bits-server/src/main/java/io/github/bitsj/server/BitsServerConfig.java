// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The immutable configuration of a {@link BitsServer}. Defaults live in {@link Builder}.
 *
 * @param bindAddress       the socket address to listen on (default {@code 127.0.0.1:8080}; port 0 picks a free one)
 * @param directories       the upload directories, at least one, with distinct URL prefixes
 * @param maxSessions       the most open sessions across all directories (default {@value #DEFAULT_MAX_SESSIONS});
 *                          more get 503 + {@code ERROR_TOO_MANY_SESS} (digest §6.6)
 * @param sweepInterval     how often the sweeper looks for idle sessions (default 1 minute)
 * @param shutdownGrace     how long {@link BitsServer#close()} waits for in-flight requests (default 30 s)
 * @param durableWrites     {@code fsync} every fragment before its Ack and the file before commit, so acknowledged
 *                          bytes survive a power loss, not only a process crash (default {@code false})
 * @param legacyErrorHeader also send MC-BUP's {@code BITS-Error} spelling beside {@code BITS-Error-Code}
 *                          (digest §10 Q1; default {@code false})
 * @param sslContext        serve HTTPS with this context instead of HTTP (digest §9)
 * @param users             require HTTP Basic authentication against these users (digest §9)
 * @param realm             the Basic authentication realm (default {@code "BITS"})
 */
public record BitsServerConfig(
        InetSocketAddress bindAddress,
        List<UploadDirectory> directories,
        int maxSessions,
        Duration sweepInterval,
        Duration shutdownGrace,
        boolean durableWrites,
        boolean legacyErrorHeader,
        Optional<SSLContext> sslContext,
        Optional<UserStore> users,
        String realm) {

    /** Default total session limit: {@value}. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if there is no directory, two share a prefix, two storage roots overlap or a
     *                                  value is out of range
     * @throws NullPointerException     if a component is null
     */
    public BitsServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        directories = List.copyOf(directories);
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(realm, "realm");
        if (directories.isEmpty()) {
            throw new IllegalArgumentException("at least one upload directory is needed");
        }
        Set<String> prefixes = new HashSet<>();
        for (UploadDirectory d : directories) {
            if (!prefixes.add(d.urlPrefix())) {
                throw new IllegalArgumentException("duplicate URL prefix: " + d.urlPrefix());
            }
        }
        checkDisjointRoots(directories.stream().map(UploadDirectory::storageRoot).toList());
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1");
        }
        if (sweepInterval.toMillis() < 100) {
            throw new IllegalArgumentException("sweepInterval must be at least 100 ms");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative");
        }
        if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("realm must be printable ASCII without quotes");
        }
    }

    /**
     * Refuses storage roots that are equal or nested: one directory's destination namespace would then contain
     * another directory's session area (its staging files and metadata, digest §6.3), and two stores would manage
     * one session area.
     *
     * @param roots the storage roots (absolute, normalised; real paths at start)
     * @throws IllegalArgumentException if two roots overlap
     */
    static void checkDisjointRoots(List<Path> roots) {
        for (int i = 0; i < roots.size(); i++) {
            for (int j = i + 1; j < roots.size(); j++) {
                if (roots.get(i).startsWith(roots.get(j)) || roots.get(j).startsWith(roots.get(i))) {
                    throw new IllegalArgumentException("storage roots must not be equal or nested: " + roots.get(i)
                            + " and " + roots.get(j));
                }
            }
        }
    }

    /**
     * Starts a builder with the defaults: {@code 127.0.0.1:8080}, plain HTTP, no authentication.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder for {@link BitsServerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
        private final List<UploadDirectory> directories = new ArrayList<>();
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private Duration sweepInterval = Duration.ofMinutes(1);
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private boolean durableWrites;
        private boolean legacyErrorHeader;
        private SSLContext sslContext;
        private UserStore users;
        private String realm = "BITS";

        private Builder() {}

        /**
         * Sets the address to listen on.
         *
         * @param v the address to listen on
         * @return this builder
         */
        public Builder bindAddress(InetSocketAddress v) {
            bindAddress = Objects.requireNonNull(v, "bindAddress");
            return this;
        }

        /**
         * Adds an upload directory to serve.
         *
         * @param v an upload directory to serve
         * @return this builder
         */
        public Builder addDirectory(UploadDirectory v) {
            directories.add(Objects.requireNonNull(v, "directory"));
            return this;
        }

        /**
         * Sets the most open sessions in total.
         *
         * @param v the most open sessions in total
         * @return this builder
         */
        public Builder maxSessions(int v) {
            maxSessions = v;
            return this;
        }

        /**
         * Sets how often the sweeper runs.
         *
         * @param v how often the sweeper runs
         * @return this builder
         */
        public Builder sweepInterval(Duration v) {
            sweepInterval = Objects.requireNonNull(v, "sweepInterval");
            return this;
        }

        /**
         * Sets how long close() waits for in-flight requests.
         *
         * @param v how long close() waits for in-flight requests
         * @return this builder
         */
        public Builder shutdownGrace(Duration v) {
            shutdownGrace = Objects.requireNonNull(v, "shutdownGrace");
            return this;
        }

        /**
         * Sets fsync fragments before acknowledging them.
         *
         * @param v fsync fragments before acknowledging them
         * @return this builder
         */
        public Builder durableWrites(boolean v) {
            durableWrites = v;
            return this;
        }

        /**
         * Sets also send the {@code BITS-Error} header.
         *
         * @param v also send the {@code BITS-Error} header
         * @return this builder
         */
        public Builder legacyErrorHeader(boolean v) {
            legacyErrorHeader = v;
            return this;
        }

        /**
         * Sets serve HTTPS with this context, or null for plain HTTP.
         *
         * @param v serve HTTPS with this context, or null for plain HTTP
         * @return this builder
         */
        public Builder sslContext(SSLContext v) {
            sslContext = v;
            return this;
        }

        /**
         * Sets require Basic authentication against these users, or null for none.
         *
         * @param v require Basic authentication against these users, or null for none
         * @return this builder
         */
        public Builder users(UserStore v) {
            users = v;
            return this;
        }

        /**
         * Sets the Basic authentication realm.
         *
         * @param v the Basic authentication realm
         * @return this builder
         */
        public Builder realm(String v) {
            realm = Objects.requireNonNull(v, "realm");
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException if a setting is invalid
         */
        public BitsServerConfig build() {
            return new BitsServerConfig(bindAddress, directories, maxSessions, sweepInterval, shutdownGrace,
                    durableWrites, legacyErrorHeader, Optional.ofNullable(sslContext), Optional.ofNullable(users),
                    realm);
        }
    }
}
