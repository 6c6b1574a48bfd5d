// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.HttpEngine;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;

/**
 * A started {@code com.sun.net.httpserver} server of the configured {@link HttpEngine}, serving one root handler at
 * {@code /}. The engine is created explicitly, never looked up through {@code HttpServerProvider.provider()}; the
 * Jetty engine's class ({@code internal.jetty.JettyListener}, the only one touching Jetty) is loaded only when chosen,
 * so the library runs with no Jetty at all.
 */
public abstract class Listener {
    private static final String JETTY_LISTENER = "io.github.bitsj.server.internal.jetty.JettyListener";

    /** For the engines' implementations. */
    protected Listener() {}

    /**
     * Creates, binds and starts the configured engine's server with {@code root} at {@code /}.
     *
     * @param config the configuration (engine, address, TLS, limits)
     * @param root the one handler
     * @return the started listener
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if the engine cannot run here (Jetty missing, a limit it cannot honour)
     */
    static Listener start(BitsServerConfig config, HttpHandler root) throws IOException {
        return switch (config.engine()) {
            case JDK -> new JdkListener(config, root);
            case JETTY -> jetty(config, root);
        };
    }

    private static Listener jetty(BitsServerConfig config, HttpHandler root) throws IOException {
        try {
            Class.forName("org.eclipse.jetty.http.spi.JettyHttpServer", false, Listener.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the Jetty engine needs org.eclipse.jetty:jetty-http-spi 12.1 (and its"
                    + " dependencies) on the class path, or on the module path with --add-modules"
                    + " org.eclipse.jetty.http.spi; it was not found (" + e + "). Add it, or choose the JDK engine");
        }
        try {
            return (Listener) Class.forName(JETTY_LISTENER).getConstructor(BitsServerConfig.class, HttpHandler.class)
                    .newInstance(config, root);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("the Jetty engine failed to start: " + c, c);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the Jetty engine cannot be loaded: " + e, e);
        }
    }

    /** {@return the address the server listens on, with the actual port (also after binding port 0)} */
    public abstract InetSocketAddress boundAddress();

    /** Closes the listener and every connection now. */
    public abstract void stop();
}
