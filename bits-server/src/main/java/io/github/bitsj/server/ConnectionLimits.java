// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection limits of a {@link BitsServer}, one engine-neutral set mapped onto each {@link HttpEngine}: on
 * Jetty through its own API (a connection limit, the connector's idle timeout, the request header size, a minimum
 * request data rate after a grace period), on the JDK engine through its JVM-wide system properties
 * ({@code jdk.httpserver.maxConnections}, {@code sun.net.httpserver.idleInterval}, {@code maxReqHeaders},
 * {@code maxReqHeaderSize}, {@code maxReqTime}, {@code maxRspTime}), set by the first JDK-engine server of the JVM
 * unless given with {@code -D}. A limit an engine cannot honour fails {@link BitsServer#start} with a message naming
 * it; a second JDK-engine server in one JVM must use the same limits.
 *
 * @param maxConnections most open connections; more are refused (Jetty: not accepted until one closes)
 * @param idleTimeout how long a connection may stay silent (between requests, or within one) before it is closed
 * @param maxHeaderCount most request header lines; more get 431 (the JDK engine: 400)
 * @param maxHeaderSize largest request header section in bytes; larger gets 431 (the JDK engine: 400)
 * @param minRequestDataRate the slowest a request body may arrive, in bytes per second averaged from the first byte,
 *     once {@code minDataRateGrace} has passed; a slower request is cut off (the bytes that arrived stay received);
 *     0 for none
 * @param minDataRateGrace how long a request may be slower than {@code minRequestDataRate}
 * @param maxRequestTime the JDK engine's longest time to receive one request ({@code sun.net.httpserver.maxReqTime});
 *     unset: the grace period plus the largest fragment at the minimum data rate, at most
 *     {@link #JDK_MAX_REQUEST_TIME_CAP}. Jetty has no such timer (the data rate and idle timeout bound a request), so
 *     setting it with Jetty fails at start
 * @param maxResponseTime the JDK engine's longest time to send one response ({@code sun.net.httpserver.maxRspTime});
 *     unset: {@link #JDK_DEFAULT_MAX_RESPONSE_TIME}; setting it with Jetty fails at start (the idle timeout bounds a
 *     stalled write there)
 */
public record ConnectionLimits(int maxConnections, Duration idleTimeout, int maxHeaderCount, int maxHeaderSize,
        long minRequestDataRate, Duration minDataRateGrace, Optional<Duration> maxRequestTime,
        Optional<Duration> maxResponseTime) {

    /** Default {@link #maxConnections}: {@value}, well above normal load (each Windows job keeps one or two). */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default {@link #idleTimeout}: 30 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #maxHeaderCount}: {@value}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Default {@link #maxHeaderSize}: {@value} bytes (a Kerberos token of a user in many groups is tens of KB). */
    public static final int DEFAULT_MAX_HEADER_SIZE = 65_536;
    /** Default {@link #minRequestDataRate}: {@value} bytes per second. */
    public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 4096;
    /** Default {@link #minDataRateGrace}: 20 seconds. */
    public static final Duration DEFAULT_MIN_DATA_RATE_GRACE = Duration.ofSeconds(20);
    /** The longest derived JDK request time: 5 minutes (a cut-short body holds a JDK connection slot this long). */
    public static final Duration JDK_MAX_REQUEST_TIME_CAP = Duration.ofMinutes(5);
    /** The JDK engine's response time when {@link #maxResponseTime} is unset: 2 minutes. */
    public static final Duration JDK_DEFAULT_MAX_RESPONSE_TIME = Duration.ofMinutes(2);

    /** The defaults. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS,
            DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_HEADER_SIZE, DEFAULT_MIN_REQUEST_DATA_RATE,
            DEFAULT_MIN_DATA_RATE_GRACE, Optional.empty(), Optional.empty());

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ConnectionLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(minDataRateGrace, "minDataRateGrace");
        Objects.requireNonNull(maxRequestTime, "maxRequestTime");
        Objects.requireNonNull(maxResponseTime, "maxResponseTime");
        check(maxConnections >= 1, "maxConnections must be >= 1");
        check(idleTimeout.toMillis() >= 1, "idleTimeout must be at least 1 ms");
        check(maxHeaderCount >= 1 && maxHeaderCount <= 10_000, "maxHeaderCount must be 1 to 10000");
        check(maxHeaderSize >= 1024, "maxHeaderSize must be at least 1024");
        check(minRequestDataRate >= 0, "minRequestDataRate must not be negative");
        check(!minDataRateGrace.isNegative(), "minDataRateGrace must not be negative");
        check(maxRequestTime.map(d -> d.toSeconds() >= 1).orElse(true), "maxRequestTime must be at least 1 s");
        check(maxResponseTime.map(d -> d.toSeconds() >= 1).orElse(true), "maxResponseTime must be at least 1 s");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * {@return these limits with another {@link #maxConnections}}
     *
     * @param v the value
     */
    public ConnectionLimits withMaxConnections(int v) {
        return new ConnectionLimits(v, idleTimeout, maxHeaderCount, maxHeaderSize, minRequestDataRate,
                minDataRateGrace, maxRequestTime, maxResponseTime);
    }

    /**
     * {@return these limits with another {@link #idleTimeout}}
     *
     * @param v the value
     */
    public ConnectionLimits withIdleTimeout(Duration v) {
        return new ConnectionLimits(maxConnections, v, maxHeaderCount, maxHeaderSize, minRequestDataRate,
                minDataRateGrace, maxRequestTime, maxResponseTime);
    }

    /**
     * {@return these limits with another {@link #maxHeaderCount} and {@link #maxHeaderSize}}
     *
     * @param count the most header lines
     * @param size the largest header section in bytes
     */
    public ConnectionLimits withHeaderLimits(int count, int size) {
        return new ConnectionLimits(maxConnections, idleTimeout, count, size, minRequestDataRate, minDataRateGrace,
                maxRequestTime, maxResponseTime);
    }

    /**
     * {@return these limits with another minimum request data rate}
     *
     * @param bytesPerSecond the rate (0: none)
     * @param grace how long a request may be slower
     */
    public ConnectionLimits withMinRequestDataRate(long bytesPerSecond, Duration grace) {
        return new ConnectionLimits(maxConnections, idleTimeout, maxHeaderCount, maxHeaderSize, bytesPerSecond, grace,
                maxRequestTime, maxResponseTime);
    }

    /**
     * {@return these limits with the JDK engine's request and response times (null: unset, derived)}
     *
     * @param request the longest time to receive one request
     * @param response the longest time to send one response
     */
    public ConnectionLimits withJdkTimes(Duration request, Duration response) {
        return new ConnectionLimits(maxConnections, idleTimeout, maxHeaderCount, maxHeaderSize, minRequestDataRate,
                minDataRateGrace, Optional.ofNullable(request), Optional.ofNullable(response));
    }
}
