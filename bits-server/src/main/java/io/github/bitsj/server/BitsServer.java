// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.server.internal.Engine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A BITS upload server (SDK: BITS IIS Extension Properties) on the JDK's {@code com.sun.net.httpserver}, one virtual thread per exchange.
 *
 * <pre>{@code
 * try (BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
 *         .addDirectory(UploadDirectory.newBuilder("/upload", Path.of("bits-uploads")).build())
 *         .build())) {
 *     System.out.println("upload to " + server.uri().resolve("upload/"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Sessions are persisted in each directory's session area, so a new server started on the same storage
 * continues them, even after the previous process was killed (SDK: BITS IIS Extension Properties). A sweeper removes sessions idle
 * longer than the directory's session timeout (SDK: Virtual Directory Cleanup).
 *
 * <p>Log events ({@code System.Logger} {@code "io.github.bitsj.server"}, message {@code event=name key=value…};
 * header values and credentials are never logged): at INFO {@code server_started}, {@code server_stopped},
 * {@code negotiate_ready}, {@code session_created}, {@code session_committed}, {@code session_notified},
 * {@code session_closed}, {@code session_cancelled}, {@code session_expired}, {@code session_recovered},
 * {@code sessions_recovered}, {@code fragment_rejected}, {@code fragment_interrupted}, {@code request_rejected},
 * {@code destination_rejected}, {@code auth_failed}, {@code auth_denied}, {@code auth_throttled}; at DEBUG
 * {@code fragment_accepted}, {@code fragment_out_of_sync}, {@code client_gone}, {@code reply_served},
 * {@code download_served}, {@code hook_ran}, {@code request_refused}, {@code auth_challenged},
 * {@code session_gone_from_area}; at WARNING {@code session_limit_reached}, {@code commit_failed},
 * {@code notification_failed}, {@code notification_not_sent}, {@code handler_failed}, {@code listener_failed},
 * {@code hook_failed}, {@code session_discarded}, {@code session_area_foreign_entry_ignored}, {@code disk_full},
 * {@code session_record_removed}, {@code session_cleanup_failed}, {@code session_rescan_failed},
 * {@code health_failed}; at ERROR {@code write_failed}, {@code request_failed},
 * {@code sweep_failed}. JFR
 * events (category {@code BITS}):
 * {@code io.github.bitsj.server.SessionCreated}, {@code FragmentReceived}, {@code SessionCommitted},
 * {@code SessionEnded}.
 */
public final class BitsServer implements AutoCloseable {
    private final BitsServerConfig config;
    private final Engine engine;
    private boolean closed;

    private BitsServer(BitsServerConfig config, Engine engine) {
        this.config = config;
        this.engine = engine;
    }

    /**
     * Opens the upload directories (creating them if needed, recovering persisted sessions), binds and starts.
     *
     * @param config the configuration
     * @return the running server
     * @throws IOException if a directory cannot be opened or the address cannot be bound
     * @throws IllegalArgumentException if two storage roots are equal or nested once symbolic links are resolved
     */
    public static BitsServer start(BitsServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        List<Path> realRoots = new ArrayList<>();
        for (UploadDirectory d : config.directories()) {
            realRoots.add(realPathOfNearestExisting(d.storageRoot()));
        }
        UploadDirectoryRules.checkDisjointRoots(realRoots); // symbolic links may alias roots that look disjoint
        return new BitsServer(config, Engine.start(config));
    }

    /** The real path of {@code p}'s nearest existing ancestor, with the missing rest appended; creates nothing. */
    private static Path realPathOfNearestExisting(Path p) throws IOException {
        Path existing = p.toAbsolutePath().normalize();
        Path rest = existing.getFileSystem().getPath("");
        while (existing.getParent() != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(rest).normalize();
    }

    /** {@return the actual bound port} */
    public int port() {
        return engine.port();
    }

    /** {@return the base URI, e.g. {@code http://127.0.0.1:54321/} (upload URLs are relative to it)} */
    public URI uri() {
        return engine.uri();
    }

    /**
     * {@return the base URI of the operator endpoints ({@link Monitoring}): {@link #uri()}, or their own listener's}
     */
    public URI opsUri() {
        return engine.opsUri();
    }

    /** {@return the configuration this server runs with} */
    public BitsServerConfig config() {
        return config;
    }

    /** {@return the open (not closed, not cancelled) sessions across all directories} */
    public int openSessions() {
        return engine.openSessions();
    }

    /**
     * Runs the sweeper once now (it also runs every {@link BitsServerConfig#sweepInterval()}).
     *
     * @return the number of sessions removed
     */
    public int sweepNow() {
        return sweepAt(System.currentTimeMillis());
    }

    /** Runs the sweeper as if the clock read {@code now} (epoch milliseconds); for tests. */
    int sweepAt(long now) {
        return engine.sweep(now);
    }

    /**
     * Stops gracefully: new requests get 503, in-flight ones finish (up to the configured grace period), then the
     * listener closes. Incomplete sessions stay on disk and resume with the next server on the same storage.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        engine.close(config.shutdownGrace().toMillis());
    }

    /**
     * Stops abruptly, without the graceful path, as a crash would (for tests of recovery). In-flight requests are
     * cut off; sessions stay on disk.
     */
    void halt() {
        synchronized (this) {
            closed = true;
        }
        engine.halt();
    }
}
