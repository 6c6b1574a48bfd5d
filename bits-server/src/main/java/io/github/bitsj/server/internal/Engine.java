// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.HttpEngine;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running server, assembled from its configuration: one {@link DirectoryService} and one {@link BitsHandler} per
 * upload directory behind the {@link Router} at {@code /} of the configured engine's {@link Listener} (one virtual
 * thread per exchange), the sweeper, and the in-flight count for graceful shutdown. The one entry point of this package;
 * {@code BitsServer} is its public face.
 */
public final class Engine {
    private static final System.Logger LOG = System.getLogger("io.github.bitsj.server");

    private final Listener http;
    private final ScheduledExecutorService sweeper;
    private final InFlight inFlight;
    private final List<DirectoryService> directories;
    private final URI uri;

    private Engine(Listener http, ScheduledExecutorService sweeper, InFlight inFlight,
            List<DirectoryService> directories, URI uri) {
        this.http = http;
        this.sweeper = sweeper;
        this.inFlight = inFlight;
        this.directories = directories;
        this.uri = uri;
    }

    /**
     * Opens the upload directories (creating them if needed, recovering persisted sessions), binds and starts.
     *
     * @param config the configuration
     * @return the running engine
     * @throws IOException if a directory cannot be opened or the address cannot be bound
     */
    public static Engine start(BitsServerConfig config) throws IOException {
        AddressLimits clients = new AddressLimits(config.fairUseLimits());
        SessionLimits limits = new SessionLimits(config.maxSessions(), clients);
        BufferPool buffers = new BufferPool(BufferPool.DEFAULT_CAPACITY);
        List<DirectoryService> directories = new ArrayList<>();
        for (UploadDirectory d : config.directories()) {
            directories.add(DirectoryService.open(d, limits, config.durableWrites(), buffers,
                    config.allowUnsafePaths()));
        }
        Optional<BasicAuthenticator> basic = config.users()
                .map(u -> new BasicAuthenticator(u, config.realm(), new LoginThrottle(config.fairUseLimits())));
        Optional<SpnegoAcceptor> negotiate = negotiateAcceptor(config);
        InFlight inFlight = new InFlight();
        boolean jetty = config.engine() == HttpEngine.JETTY;
        Router router = new Router(config.legacyErrorHeader());
        for (DirectoryService d : directories) {
            router.add(d.config().urlPrefix(), new BitsHandler(d, Authenticator.of(d.config(), basic, negotiate),
                    inFlight, clients, config.legacyErrorHeader(), new HttpQuirks(jetty,
                            config.connectionLimits().maxHeaderCount())));
        }
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bits-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        Listener http;
        try {
            http = Listener.start(config, router);
        } catch (IOException | RuntimeException e) {
            sweeper.shutdownNow();
            for (DirectoryService d : directories) {
                d.close();
            }
            throw e;
        }
        Engine engine = new Engine(http, sweeper, inFlight, List.copyOf(directories),
                baseUri(http.boundAddress(), config.sslContext().isPresent()));
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> engine.sweep(System.currentTimeMillis()), every, every,
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "event=server_started uri={0} directories={1} engine={2}", engine.uri, directories.size(),
                config.engine().optionValue());
        return engine;
    }

    /**
     * The Negotiate acceptor, when a directory requires Negotiate: the keytab's key for the configured service
     * principal, or for {@code HTTP/<host>} (see {@link ServicePrincipals}).
     */
    private static Optional<SpnegoAcceptor> negotiateAcceptor(BitsServerConfig config) throws IOException {
        boolean needed = config.directories().stream().anyMatch(d -> d.auth()
                .effectiveSchemes(config.users().isPresent()).contains(AuthScheme.NEGOTIATE));
        if (!needed) {
            return Optional.empty();
        }
        String principal = config.servicePrincipal()
                .orElseGet(() -> ServicePrincipals.defaultFor(config.bindAddress()));
        SpnegoAcceptor acceptor;
        try {
            acceptor = SpnegoAcceptor.fromKeytab(config.keytab().orElseThrow(), principal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service principal " + principal + ": " + e.getMessage()
                    + (config.servicePrincipal().isEmpty() ? " (derived from the host name; set one)" : ""), e);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + (config.servicePrincipal().isEmpty()
                    ? " (the service principal was derived from the host name; set one)" : ""), e);
        }
        LOG.log(Level.INFO, "event=negotiate_ready service_principal={0}", acceptor.servicePrincipal());
        return Optional.of(acceptor);
    }

    private static URI baseUri(InetSocketAddress a, boolean https) {
        InetAddress ip = a.getAddress();
        String host = ip.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : ip.getHostAddress();
        if (host.indexOf(':') >= 0) {
            int pct = host.indexOf('%');
            host = "[" + (pct >= 0 ? host.substring(0, pct) : host) + "]";
        }
        return URI.create((https ? "https" : "http") + "://" + host + ":" + a.getPort() + "/");
    }

    /** {@return the base URI, e.g. {@code http://127.0.0.1:54321/}} */
    public URI uri() {
        return uri;
    }

    /** {@return the actual bound port} */
    public int port() {
        return http.boundAddress().getPort();
    }

    /** {@return the open (not closed, not cancelled) sessions across all directories} */
    public int openSessions() {
        int n = 0;
        for (DirectoryService d : directories) {
            n += d.openSessions();
        }
        return n;
    }

    /**
     * Runs the sweeper as if the clock read {@code now}.
     *
     * @param now epoch milliseconds
     * @return the number of sessions removed
     */
    public int sweep(long now) {
        int n = 0;
        for (DirectoryService d : directories) {
            try {
                n += d.sweep(now);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "event=sweep_failed error=" + e.getClass().getName(), e);
            }
        }
        return n;
    }

    /**
     * Stops gracefully: new requests get 503, in-flight ones finish (up to {@code graceMillis}), then the listener
     * closes.
     *
     * @param graceMillis how long in-flight requests may take
     */
    public void close(long graceMillis) {
        int left;
        try {
            left = inFlight.closeAndAwait(graceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            left = -1;
        }
        halt();
        LOG.log(Level.INFO, "event=server_stopped open_sessions={0} unfinished_requests={1}", openSessions(), left);
    }

    /** Stops abruptly, as a crash would: in-flight requests are cut off; sessions stay on disk. */
    public void halt() {
        sweeper.shutdownNow();
        http.stop();
        for (DirectoryService d : directories) {
            d.close();
        }
    }
}
