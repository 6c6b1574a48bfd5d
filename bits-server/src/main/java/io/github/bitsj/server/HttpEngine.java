// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/**
 * The HTTP engine a {@link BitsServer} runs on, chosen explicitly ({@link BitsServerConfig.Builder#engine}), never by
 * what happens to be on the class path. The server is written against {@code com.sun.net.httpserver} either way.
 */
public enum HttpEngine {
    /**
     * The JDK's built-in {@code com.sun.net.httpserver} implementation: no dependency, the library's default. Its
     * limits are JVM-wide {@code sun.net.httpserver.*} system properties, read once (see {@link ConnectionLimits}).
     */
    JDK,
    /**
     * Jetty 12 behind the same API ({@code org.eclipse.jetty:jetty-http-spi}, an optional dependency the library user
     * adds; the command-line distribution bundles it and runs on it by default): strict parsing, per-server limits, a
     * minimum request data rate, no connection-slot leak on cut-short bodies.
     */
    JETTY;

    /** {@return the command line's name of this engine: {@code jdk} or {@code jetty}} */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
