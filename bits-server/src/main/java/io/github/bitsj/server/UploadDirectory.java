// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One upload directory: a URL prefix mapped to a storage root, with the settings IIS keeps per virtual directory
 * (digest §6.1).
 *
 * <p>A request for {@code <urlPrefix>/a/b.bin} writes {@code <storageRoot>/a/b.bin}; nothing outside the storage root
 * is ever written (digest §6.4). Incomplete uploads are staged in the <em>session area</em>,
 * {@code <storageRoot>/<sessionDirectoryName>}, which is never part of the destination namespace (digest §6.3).
 *
 * @param urlPrefix            the URL path prefix, normalised to start with {@code /} and not end with one
 *                             ({@code ""} for the server root)
 * @param storageRoot          the absolute, normalised directory uploads land in
 * @param allowOverwrites      whether an upload may replace an existing file ({@code BITSAllowOverwrites}, default
 *                             {@code false})
 * @param maxUploadSize        the largest accepted upload in bytes ({@code BITSMaximumUploadSize}, default
 *                             {@value #DEFAULT_MAX_UPLOAD_SIZE})
 * @param sessionTimeout       how long a session may stay idle before the sweeper removes it
 *                             ({@code BITSSessionTimeout}, default 14 days)
 * @param uploadsEnabled       whether uploads are accepted at all ({@code BITSUploadEnabled}, default {@code true};
 *                             when off, every BITS request gets 501 + {@code E_ACCESSDENIED})
 * @param hostId               the {@code BITS-Host-Id} returned on Create-Session (digest §8), if any
 * @param hostIdFallbackTimeout the {@code BITS-Host-Id-Fallback-Timeout}, only with a host id
 *                             (default 1 day when a host id is set)
 * @param maxFragmentSize      the largest fragment body accepted; larger ones get 413 (digest §7.2 row 6), default
 *                             {@value #DEFAULT_MAX_FRAGMENT_SIZE}
 * @param strictRanges         answer overlapping fragments with 416 (MC-BUP wording) instead of accepting the new
 *                             bytes (SDK behaviour, the default), digest §7.2 rows 8/9 and §10 Q2
 * @param maxSessionsPerPrincipal the most open sessions one authenticated principal may hold here
 *                             ({@code BITSNumberOfSessionsLimit}, default {@value #DEFAULT_MAX_SESSIONS_PER_PRINCIPAL});
 *                             anonymous sessions are bounded by {@link BitsServerConfig#maxSessions()} only
 * @param sessionDirectoryName the name of the session area under the storage root (default
 *                             {@value #DEFAULT_SESSION_DIRECTORY})
 */
public record UploadDirectory(
        String urlPrefix,
        Path storageRoot,
        boolean allowOverwrites,
        long maxUploadSize,
        Duration sessionTimeout,
        boolean uploadsEnabled,
        Optional<String> hostId,
        Optional<Duration> hostIdFallbackTimeout,
        long maxFragmentSize,
        boolean strictRanges,
        int maxSessionsPerPrincipal,
        String sessionDirectoryName) {

    /** IIS's ceiling for {@code BITSMaximumUploadSize} (digest §6.1): {@value}. */
    public static final long DEFAULT_MAX_UPLOAD_SIZE = 1_844_674_407_370_955L;
    /** Default largest fragment body: {@value} bytes (32 MiB; Windows sends at most 13 MB, digest §2.3). */
    public static final long DEFAULT_MAX_FRAGMENT_SIZE = 32L * 1024 * 1024;
    /** IIS's default {@code BITSNumberOfSessionsLimit} (digest §6.1): {@value}. */
    public static final int DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 50;
    /** IIS's session area name (digest §6.3): {@value}. */
    public static final String DEFAULT_SESSION_DIRECTORY = "BITS-Sessions";
    /** IIS's default {@code BITSSessionTimeout}: 14 days (digest §6.1). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofDays(14);
    /** IIS's default {@code BITSHostIdFallbackTimeout}: 1 day (digest §6.1). */
    public static final Duration DEFAULT_HOST_ID_FALLBACK_TIMEOUT = Duration.ofDays(1);

    /**
     * Validates and normalises the components.
     *
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException     if a component is null
     */
    public UploadDirectory {
        urlPrefix = normalisePrefix(Objects.requireNonNull(urlPrefix, "urlPrefix"));
        storageRoot = Objects.requireNonNull(storageRoot, "storageRoot").toAbsolutePath().normalize();
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostIdFallbackTimeout, "hostIdFallbackTimeout");
        Objects.requireNonNull(sessionDirectoryName, "sessionDirectoryName");
        if (maxUploadSize < 0) {
            throw new IllegalArgumentException("maxUploadSize must be >= 0");
        }
        if (maxFragmentSize < 1) {
            throw new IllegalArgumentException("maxFragmentSize must be >= 1");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("sessionTimeout must be at least 1 second");
        }
        if (maxSessionsPerPrincipal < 1) {
            throw new IllegalArgumentException("maxSessionsPerPrincipal must be >= 1");
        }
        if (hostIdFallbackTimeout.isPresent() && hostId.isEmpty()) {
            throw new IllegalArgumentException("hostIdFallbackTimeout needs a hostId");
        }
        if (hostId.isPresent()) {
            // the protocol model's own rules for the Create-Session Ack (digest §8, MC-BUP §2.2.3.2)
            new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, SessionId.random(), hostId,
                    hostIdFallbackTimeout.map(d -> OptionalLong.of(d.toSeconds())).orElse(OptionalLong.empty()),
                    List.of());
        }
        if (sessionDirectoryName.isEmpty() || sessionDirectoryName.startsWith(".")
                || !sessionDirectoryName.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'
                        || c == '.')) {
            throw new IllegalArgumentException("sessionDirectoryName must be a plain file name");
        }
    }

    private static String normalisePrefix(String p) {
        String s = p.trim();
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '%' || c == '?' || c == '#') {
                throw new IllegalArgumentException("urlPrefix must be plain visible ASCII without % ? # \\");
            }
        }
        if (s.contains("//") || s.contains("/./") || s.contains("/../") || s.endsWith("/..") || s.endsWith("/.")) {
            throw new IllegalArgumentException("urlPrefix must be a normalised path");
        }
        return s;
    }

    /**
     * Starts a builder with the IIS defaults (digest §6.1), uploads enabled.
     *
     * @param urlPrefix   the URL path prefix, e.g. {@code /upload}
     * @param storageRoot the directory uploads land in
     * @return a new builder
     */
    public static Builder newBuilder(String urlPrefix, Path storageRoot) {
        return new Builder(urlPrefix, storageRoot);
    }

    /** A builder for {@link UploadDirectory}; {@link #build()} validates. */
    public static final class Builder {
        private final String urlPrefix;
        private final Path storageRoot;
        private boolean allowOverwrites;
        private long maxUploadSize = DEFAULT_MAX_UPLOAD_SIZE;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private boolean uploadsEnabled = true;
        private String hostId;
        private Duration hostIdFallbackTimeout;
        private long maxFragmentSize = DEFAULT_MAX_FRAGMENT_SIZE;
        private boolean strictRanges;
        private int maxSessionsPerPrincipal = DEFAULT_MAX_SESSIONS_PER_PRINCIPAL;
        private String sessionDirectoryName = DEFAULT_SESSION_DIRECTORY;

        private Builder(String urlPrefix, Path storageRoot) {
            this.urlPrefix = Objects.requireNonNull(urlPrefix, "urlPrefix");
            this.storageRoot = Objects.requireNonNull(storageRoot, "storageRoot");
        }

        /**
         * Sets whether uploads may replace existing files (default false).
         *
         * @param v whether uploads may replace existing files (default false)
         * @return this builder
         */
        public Builder allowOverwrites(boolean v) {
            allowOverwrites = v;
            return this;
        }

        /**
         * Sets largest upload in bytes.
         *
         * @param v largest upload in bytes
         * @return this builder
         */
        public Builder maxUploadSize(long v) {
            maxUploadSize = v;
            return this;
        }

        /**
         * Sets idle time after which a session is removed.
         *
         * @param v idle time after which a session is removed
         * @return this builder
         */
        public Builder sessionTimeout(Duration v) {
            sessionTimeout = Objects.requireNonNull(v, "sessionTimeout");
            return this;
        }

        /**
         * Sets whether uploads are enabled (default true).
         *
         * @param v whether uploads are enabled (default true)
         * @return this builder
         */
        public Builder uploadsEnabled(boolean v) {
            uploadsEnabled = v;
            return this;
        }

        /**
         * Sets the {@code BITS-Host-Id} to return, or null for none.
         *
         * @param v the {@code BITS-Host-Id} to return, or null for none
         * @return this builder
         */
        public Builder hostId(String v) {
            hostId = v;
            return this;
        }

        /**
         * Sets the {@code BITS-Host-Id-Fallback-Timeout} (whole seconds), or null for the default.
         *
         * @param v the {@code BITS-Host-Id-Fallback-Timeout} (whole seconds), or null for the default
         * @return this builder
         */
        public Builder hostIdFallbackTimeout(Duration v) {
            hostIdFallbackTimeout = v;
            return this;
        }

        /**
         * Sets largest fragment body accepted (413 above it).
         *
         * @param v largest fragment body accepted (413 above it)
         * @return this builder
         */
        public Builder maxFragmentSize(long v) {
            maxFragmentSize = v;
            return this;
        }

        /**
         * Sets answer overlapping fragments with 416 (default false).
         *
         * @param v answer overlapping fragments with 416 (default false)
         * @return this builder
         */
        public Builder strictRanges(boolean v) {
            strictRanges = v;
            return this;
        }

        /**
         * Sets most open sessions per principal in this directory.
         *
         * @param v most open sessions per principal in this directory
         * @return this builder
         */
        public Builder maxSessionsPerPrincipal(int v) {
            maxSessionsPerPrincipal = v;
            return this;
        }

        /**
         * Sets name of the session area under the storage root.
         *
         * @param v name of the session area under the storage root
         * @return this builder
         */
        public Builder sessionDirectoryName(String v) {
            sessionDirectoryName = Objects.requireNonNull(v, "sessionDirectoryName");
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the validated directory
         * @throws IllegalArgumentException if a setting is invalid
         */
        public UploadDirectory build() {
            Optional<Duration> fallback = hostId == null
                    ? Optional.ofNullable(hostIdFallbackTimeout)
                    : Optional.of(hostIdFallbackTimeout == null ? DEFAULT_HOST_ID_FALLBACK_TIMEOUT
                            : hostIdFallbackTimeout);
            return new UploadDirectory(urlPrefix, storageRoot, allowOverwrites, maxUploadSize, sessionTimeout,
                    uploadsEnabled, Optional.ofNullable(hostId), fallback, maxFragmentSize, strictRanges,
                    maxSessionsPerPrincipal, sessionDirectoryName);
        }
    }
}
