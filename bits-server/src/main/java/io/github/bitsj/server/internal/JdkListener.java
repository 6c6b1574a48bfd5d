// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.ConnectionLimits;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in engine. Its provider is the JDK's own {@code sun.net.httpserver.DefaultHttpServerProvider}, made
 * the JVM's default through the system property {@code com.sun.net.httpserver.HttpServerProvider} (when unset) before
 * the first look-up, so a provider jar on the class path (Jetty's declares one) never takes over silently; a JVM
 * whose default is already another provider fails here with a message.
 *
 * <p>Its limits are JVM-wide system properties, read once when the JDK creates its first server: the first
 * JDK-engine server sets each one that was not given with {@code -D} (a {@code -D} value wins); a later JDK-engine
 * server in the same JVM with other {@link ConnectionLimits} fails, since they could not apply.
 */
final class JdkListener extends Listener {
    static final String PROVIDER_PROPERTY = "com.sun.net.httpserver.HttpServerProvider";
    static final String JDK_PROVIDER = "sun.net.httpserver.DefaultHttpServerProvider";

    /** The limits the first JDK-engine server of this JVM applied; null before it. */
    private static ConnectionLimits applied;

    private final HttpServer http;
    private final ExecutorService executor;

    JdkListener(BitsServerConfig config, HttpHandler root) throws IOException {
        applyLimits(config);
        HttpServerProvider provider = jdkProvider();
        if (config.sslContext().isPresent()) {
            HttpsServer https = provider.createHttpsServer(config.bindAddress(), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(config.sslContext().get()));
            http = https;
        } else {
            http = provider.createHttpServer(config.bindAddress(), 0);
        }
        http.createContext("/", root);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor); // before start, as the JDK requires
        http.start();
    }

    private static HttpServerProvider jdkProvider() {
        synchronized (JdkListener.class) {
            if (System.getProperty(PROVIDER_PROPERTY) == null) {
                System.setProperty(PROVIDER_PROPERTY, JDK_PROVIDER);
            }
        }
        HttpServerProvider p = HttpServerProvider.provider();
        if (!p.getClass().getName().equals(JDK_PROVIDER)) {
            throw new IllegalStateException("the JDK engine needs the JDK's own HttpServerProvider, but this JVM's is "
                    + p.getClass().getName() + " (chosen before bitsj started, from -D" + PROVIDER_PROPERTY
                    + " or a provider on the class path); start the JVM with -D" + PROVIDER_PROPERTY + "="
                    + JDK_PROVIDER + ", or choose the Jetty engine");
        }
        return p;
    }

    /** Sets the JDK engine's properties from the limits, once per JVM; see the class comment. */
    private static void applyLimits(BitsServerConfig config) {
        ConnectionLimits l = config.connectionLimits();
        synchronized (JdkListener.class) {
            if (applied != null) {
                if (!applied.equals(l)) {
                    throw new IllegalStateException("the JDK engine's limits are JVM-wide and read once: this JVM"
                            + " already runs a JDK-engine server with " + applied + "; use the same limits, run this"
                            + " server in its own JVM, or choose the Jetty engine");
                }
                return;
            }
            for (Map.Entry<String, String> e : properties(config).entrySet()) {
                if (System.getProperty(e.getKey()) == null) { // a -D value wins
                    System.setProperty(e.getKey(), e.getValue());
                }
            }
            applied = l;
        }
    }

    /** {@return the JDK engine's system properties for a configuration} */
    static Map<String, String> properties(BitsServerConfig config) {
        ConnectionLimits l = config.connectionLimits();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jdk.httpserver.maxConnections", Integer.toString(l.maxConnections()));
        p.put("sun.net.httpserver.maxIdleConnections", Integer.toString(l.maxConnections()));
        p.put("sun.net.httpserver.idleInterval", Long.toString(seconds(l.idleTimeout())));
        p.put("sun.net.httpserver.maxReqHeaders", Integer.toString(l.maxHeaderCount()));
        p.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(l.maxHeaderSize()));
        p.put("sun.net.httpserver.maxReqTime", Long.toString(seconds(requestTime(config))));
        p.put("sun.net.httpserver.maxRspTime", Long.toString(seconds(atLeastTheApplication(config,
                l.maxResponseTime().orElse(ConnectionLimits.JDK_DEFAULT_MAX_RESPONSE_TIME)))));
        return p;
    }

    /**
     * The JDK engine's request time: as set, or the grace period plus the largest fragment at the minimum data rate,
     * at most {@link ConnectionLimits#JDK_MAX_REQUEST_TIME_CAP} (a body the client cuts short holds one of the JDK's
     * connection slots until this timer fires); at least the server application's timeout plus 30 s.
     */
    static Duration requestTime(BitsServerConfig config) {
        ConnectionLimits l = config.connectionLimits();
        Duration d = l.maxRequestTime().orElseGet(() -> {
            long fragment = config.directories().stream().mapToLong(UploadDirectory::maxFragmentSize).max()
                    .orElse(0);
            long secs = l.minRequestDataRate() == 0 ? Long.MAX_VALUE / 2
                    : l.minDataRateGrace().toSeconds() + fragment / l.minRequestDataRate() + 1;
            return Duration.ofSeconds(Math.min(secs, ConnectionLimits.JDK_MAX_REQUEST_TIME_CAP.toSeconds()));
        });
        return atLeastTheApplication(config, d);
    }

    /** The final Fragment's answer waits for the server application while the JDK's timers run. */
    private static Duration atLeastTheApplication(BitsServerConfig config, Duration d) {
        for (UploadDirectory dir : config.directories()) {
            if (dir.serverApplication().isPresent()) {
                Duration needed = dir.serverApplication().timeout().plusSeconds(30);
                d = d.compareTo(needed) < 0 ? needed : d;
            }
        }
        return d;
    }

    private static long seconds(Duration d) {
        return Math.max(1, d.toSeconds());
    }

    @Override
    public InetSocketAddress boundAddress() {
        return http.getAddress();
    }

    @Override
    public void stop() {
        http.stop(0);
        executor.shutdownNow();
    }
}
