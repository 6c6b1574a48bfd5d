// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.protocol.IisDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One upload directory: a URL prefix mapped to a storage root, with the settings IIS keeps per virtual directory
 * (SDK: BITS IIS Extension Properties), made by a {@link Builder} that starts from IIS's defaults ({@link IisDefaults}).
 *
 * <p>A request for {@code <urlPrefix>/a/b.bin} writes {@code <storageRoot>/a/b.bin}; nothing outside the storage root
 * is ever written (MC-BUP §3.3.5.2.4). Incomplete uploads are staged in the <em>session area</em>,
 * {@code <storageRoot>/<sessionDirectoryName>}, which is never part of the destination namespace (SDK: BITS IIS Extension Properties).
 */
public final class UploadDirectory {

    /** IIS's ceiling and default for {@code BITSMaximumUploadSize} (SDK: BITS IIS Extension Properties): {@value}. */
    public static final long DEFAULT_MAX_UPLOAD_SIZE = IisDefaults.MAX_UPLOAD_SIZE;
    /** Default largest fragment body: {@value} bytes (32 MiB; Windows sends at most 13 MB, MC-BUP §2.2.6). */
    public static final long DEFAULT_MAX_FRAGMENT_SIZE = 32L * 1024 * 1024;
    /** IIS's default {@code BITSNumberOfSessionsLimit} (SDK: BITS IIS Extension Properties): {@value}. */
    public static final int DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = IisDefaults.SESSIONS_PER_USER;
    /** IIS's session area name (SDK: BITS IIS Extension Properties): {@value}. */
    public static final String DEFAULT_SESSION_DIRECTORY = IisDefaults.SESSION_DIRECTORY;
    /** IIS's default {@code BITSSessionTimeout}: 14 days (SDK: BITS IIS Extension Properties). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = IisDefaults.SESSION_TIMEOUT;
    /** IIS's default {@code BITSHostIdFallbackTimeout}: 1 day (SDK: BITS IIS Extension Properties). */
    public static final Duration DEFAULT_HOST_ID_FALLBACK_TIMEOUT = IisDefaults.HOST_ID_FALLBACK_TIMEOUT;

    private final String urlPrefix;
    private final Path storageRoot;
    private final boolean allowOverwrites;
    private final boolean farm;
    private final long maxUploadSize;
    private final Duration sessionTimeout;
    private final boolean uploadsEnabled;
    private final Optional<String> hostId;
    private final Optional<Duration> hostIdFallbackTimeout;
    private final long maxFragmentSize;
    private final boolean strictRanges;
    private final int maxSessionsPerPrincipal;
    private final String sessionDirectoryName;
    private final DirectoryAuth auth;
    private final ServerApplication serverApplication;
    private final Optional<CompletionListener> completionListener;
    private final boolean downloadsEnabled;
    private final boolean sessionIdAsCredential;

    private UploadDirectory(Builder b) {
        urlPrefix = UrlPrefixes.normalise(b.urlPrefix);
        storageRoot = b.storageRoot.toAbsolutePath().normalize();
        allowOverwrites = b.allowOverwrites;
        farm = b.farm;
        maxUploadSize = b.maxUploadSize;
        sessionTimeout = b.sessionTimeout;
        uploadsEnabled = b.uploadsEnabled;
        hostId = Optional.ofNullable(b.hostId);
        hostIdFallbackTimeout = b.hostId == null ? Optional.ofNullable(b.hostIdFallbackTimeout)
                : Optional.of(Objects.requireNonNullElse(b.hostIdFallbackTimeout, DEFAULT_HOST_ID_FALLBACK_TIMEOUT));
        maxFragmentSize = b.maxFragmentSize;
        strictRanges = b.strictRanges;
        maxSessionsPerPrincipal = b.maxSessionsPerPrincipal;
        sessionDirectoryName = b.sessionDirectoryName;
        auth = b.auth;
        serverApplication = b.serverApplication;
        completionListener = Optional.ofNullable(b.completionListener);
        downloadsEnabled = b.downloadsEnabled;
        sessionIdAsCredential = b.sessionIdAsCredential;
        UploadDirectoryRules.check(this);
    }

    /**
     * {@return the URL path prefix, normalised to start with {@code /} and not end with one ({@code ""} for the
     * server root)}
     */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** {@return the absolute, normalised directory uploads land in} */
    public Path storageRoot() {
        return storageRoot;
    }

    /** {@return whether an upload may replace an existing file ({@code BITSAllowOverwrites}, default false)} */
    public boolean allowOverwrites() {
        return allowOverwrites;
    }

    /**
     * {@return whether the session area is shared with other server nodes (a farm on shared storage, MC-BUP §1.3.3;
     * default false)} On, every packet takes the session's file lock and reads the session back from the area, so any
     * node continues any session (D51); off, this server is the area's only user: it keeps its sessions in memory and
     * claims the area for itself at start (D56), so a second server on it fails to start instead of corrupting it.
     */
    public boolean farm() {
        return farm;
    }

    /**
     * {@return the largest accepted upload in bytes ({@code BITSMaximumUploadSize}, default
     * {@value #DEFAULT_MAX_UPLOAD_SIZE})}
     */
    public long maxUploadSize() {
        return maxUploadSize;
    }

    /**
     * {@return how long a session may stay idle before the sweeper removes it ({@code BITSSessionTimeout}, default
     * {@link #DEFAULT_SESSION_TIMEOUT})}
     */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /**
     * {@return whether uploads are accepted at all ({@code BITSUploadEnabled}, default true; when off, every BITS
     * request gets 501 + {@code E_ACCESSDENIED})}
     */
    public boolean uploadsEnabled() {
        return uploadsEnabled;
    }

    /** {@return the {@code BITS-Host-Id} returned on Create-Session (SDK: BITS IIS Extension Properties (BITSHostId)), if any} */
    public Optional<String> hostId() {
        return hostId;
    }

    /**
     * {@return the {@code BITS-Host-Id-Fallback-Timeout}, only with a host id (default
     * {@link #DEFAULT_HOST_ID_FALLBACK_TIMEOUT} when a host id is set)}
     */
    public Optional<Duration> hostIdFallbackTimeout() {
        return hostIdFallbackTimeout;
    }

    /**
     * {@return the largest fragment body accepted; larger ones get 413 (Fragment table row 6), default
     * {@value #DEFAULT_MAX_FRAGMENT_SIZE}}
     */
    public long maxFragmentSize() {
        return maxFragmentSize;
    }

    /**
     * {@return whether overlapping fragments get 416 (MC-BUP wording) instead of having their new bytes accepted
     * (SDK behaviour, the default), Fragment table row 8/9 and decision D2}
     */
    public boolean strictRanges() {
        return strictRanges;
    }

    /**
     * {@return the most open sessions one authenticated principal may hold here ({@code BITSNumberOfSessionsLimit},
     * default {@value #DEFAULT_MAX_SESSIONS_PER_PRINCIPAL}); anonymous sessions are bounded by
     * {@link BitsServerConfig#maxSessions()} only}
     */
    public int maxSessionsPerPrincipal() {
        return maxSessionsPerPrincipal;
    }

    /** {@return the name of the session area under the storage root (default {@value #DEFAULT_SESSION_DIRECTORY})} */
    public String sessionDirectoryName() {
        return sessionDirectoryName;
    }

    /** {@return who may upload here (default {@link DirectoryAuth#serverDefault()}), SDK: Authentication} */
    public DirectoryAuth auth() {
        return auth;
    }

    /**
     * {@return the server application told of each completed upload (SDK: Notification Protocol for Server Applications), default
     * {@link ServerApplication#NONE}: with one, uploads here are upload-reply uploads whose reply the server serves at
     * an absolute, unguessable URL (decision D11) to the uploading principal only, until Close-Session,
     * Cancel-Session or the session timeout (decision D15)}
     */
    public ServerApplication serverApplication() {
        return serverApplication;
    }

    /** {@return the listener told after each commit at a destination, if any} */
    public Optional<CompletionListener> completionListener() {
        return completionListener;
    }

    /**
     * {@return whether committed files are served read-only to {@code GET} and {@code HEAD} (BITS download jobs,
     * browsers; ranges and conditional requests as for replies, MC-BUP §3.3.5.2.6 item 4), default false}
     */
    public boolean downloadsEnabled() {
        return downloadsEnabled;
    }

    /**
     * {@return whether a Fragment, Close-Session or Cancel-Session without credentials may continue a session that an
     * authenticated principal created (default false: every request authenticates, as IIS does). When on, the session
     * id alone is the credential of the packets after Create-Session, for clients that authenticate only their
     * Create-Session (XenServer TransferVM; decision D33). The id is 122 random bits, so it cannot be
     * guessed, but anyone who can read it (plain HTTP, logs, a proxy) can add to, close or cancel that upload until
     * the session ends: use it over HTTPS. Requests that carry credentials are checked as always; Ping and
     * Create-Session always need them.}
     */
    public boolean sessionIdAsCredential() {
        return sessionIdAsCredential;
    }

    @Override
    public String toString() {
        return "UploadDirectory[" + urlPrefix + " -> " + storageRoot + "]";
    }

    /**
     * Starts a builder with the IIS defaults (SDK: BITS IIS Extension Properties), uploads enabled.
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
        private boolean farm;
        private long maxUploadSize = DEFAULT_MAX_UPLOAD_SIZE;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private boolean uploadsEnabled = true;
        private String hostId;
        private Duration hostIdFallbackTimeout;
        private long maxFragmentSize = DEFAULT_MAX_FRAGMENT_SIZE;
        private boolean strictRanges;
        private int maxSessionsPerPrincipal = DEFAULT_MAX_SESSIONS_PER_PRINCIPAL;
        private String sessionDirectoryName = DEFAULT_SESSION_DIRECTORY;
        private DirectoryAuth auth = DirectoryAuth.serverDefault();
        private ServerApplication serverApplication = ServerApplication.NONE;
        private CompletionListener completionListener;
        private boolean downloadsEnabled;
        private boolean sessionIdAsCredential;

        private Builder(String urlPrefix, Path storageRoot) {
            this.urlPrefix = Objects.requireNonNull(urlPrefix, "urlPrefix");
            this.storageRoot = Objects.requireNonNull(storageRoot, "storageRoot");
        }

        /**
         * Sets whether uploads may replace existing files (default false).
         * @param v whether uploads may replace existing files (default false)
         * @return this builder
         */
        public Builder allowOverwrites(boolean v) {
            allowOverwrites = v;
            return this;
        }

        /**
         * Sets whether the session area is shared with other server nodes (a farm on shared storage; default false):
         * see {@link UploadDirectory#farm()}. Every node of such a farm sets it.
         * @param v whether the session area is shared with other nodes
         * @return this builder
         */
        public Builder farm(boolean v) {
            farm = v;
            return this;
        }

        /**
         * Sets largest upload in bytes.
         * @param v largest upload in bytes
         * @return this builder
         */
        public Builder maxUploadSize(long v) {
            maxUploadSize = v;
            return this;
        }

        /**
         * Sets idle time after which a session is removed.
         * @param v idle time after which a session is removed
         * @return this builder
         */
        public Builder sessionTimeout(Duration v) {
            sessionTimeout = Objects.requireNonNull(v, "sessionTimeout");
            return this;
        }

        /**
         * Sets whether uploads are enabled (default true).
         * @param v whether uploads are enabled (default true)
         * @return this builder
         */
        public Builder uploadsEnabled(boolean v) {
            uploadsEnabled = v;
            return this;
        }

        /**
         * Sets the {@code BITS-Host-Id} to return, or null for none.
         * @param v the {@code BITS-Host-Id} to return, or null for none
         * @return this builder
         */
        public Builder hostId(String v) {
            hostId = v;
            return this;
        }

        /**
         * Sets the {@code BITS-Host-Id-Fallback-Timeout} (whole seconds), or null for the default.
         * @param v the {@code BITS-Host-Id-Fallback-Timeout} (whole seconds), or null for the default
         * @return this builder
         */
        public Builder hostIdFallbackTimeout(Duration v) {
            hostIdFallbackTimeout = v;
            return this;
        }

        /**
         * Sets largest fragment body accepted (413 above it).
         * @param v largest fragment body accepted (413 above it)
         * @return this builder
         */
        public Builder maxFragmentSize(long v) {
            maxFragmentSize = v;
            return this;
        }

        /**
         * Sets answer overlapping fragments with 416 (default false).
         * @param v answer overlapping fragments with 416 (default false)
         * @return this builder
         */
        public Builder strictRanges(boolean v) {
            strictRanges = v;
            return this;
        }

        /**
         * Sets most open sessions per principal in this directory.
         * @param v most open sessions per principal in this directory
         * @return this builder
         */
        public Builder maxSessionsPerPrincipal(int v) {
            maxSessionsPerPrincipal = v;
            return this;
        }

        /**
         * Sets name of the session area under the storage root.
         * @param v name of the session area under the storage root
         * @return this builder
         */
        public Builder sessionDirectoryName(String v) {
            sessionDirectoryName = Objects.requireNonNull(v, "sessionDirectoryName");
            return this;
        }

        /**
         * Sets who may upload here: the authentication schemes and the Negotiate allow-list.
         * @param v the setting (default {@link DirectoryAuth#serverDefault()})
         * @return this builder
         */
        public Builder auth(DirectoryAuth v) {
            auth = Objects.requireNonNull(v, "auth");
            return this;
        }

        /**
         * Sets the server application (default {@link ServerApplication#NONE}).
         * @param v the server application
         * @return this builder
         */
        public Builder serverApplication(ServerApplication v) {
            serverApplication = Objects.requireNonNull(v, "serverApplication");
            return this;
        }

        /**
         * Sets the listener told after each commit, or null for none.
         * @param v the listener
         * @return this builder
         */
        public Builder completionListener(CompletionListener v) {
            completionListener = v;
            return this;
        }

        /**
         * Sets whether committed files are served to {@code GET} and {@code HEAD} (default false).
         * @param v whether downloads are served
         * @return this builder
         */
        public Builder downloadsEnabled(boolean v) {
            downloadsEnabled = v;
            return this;
        }

        /**
         * Sets whether a session created by an authenticated principal continues without credentials, its id then
         * being the credential (default false; see {@link UploadDirectory#sessionIdAsCredential()}, D33).
         * @param v whether the session id is a credential
         * @return this builder
         */
        public Builder sessionIdAsCredential(boolean v) {
            sessionIdAsCredential = v;
            return this;
        }

        /**
         * Builds and validates.
         * @return the validated directory
         * @throws IllegalArgumentException if a setting is invalid
         */
        public UploadDirectory build() {
            return new UploadDirectory(this);
        }
    }
}
