// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's operator endpoints: {@code GET /metrics} in the Prometheus text exposition format (version 0.0.4) and
 * {@code GET /health} (every storage root writable and with at least {@link #minFreeSpace()} bytes free: 200, else
 * 503). Off unless enabled; on the upload listener unless {@link #address()} names a separate one.
 *
 * <pre>{@code
 * BitsServerConfig.newBuilder().monitoring(Monitoring.newBuilder().enabled(true).build())
 * }</pre>
 *
 * @param enabled whether the endpoints are served
 * @param metricsPath the metrics path, e.g. {@code /metrics}
 * @param healthPath the health path, e.g. {@code /health}
 * @param address a separate listener for both endpoints, or empty for the upload listener
 * @param minFreeSpace the least free space, in bytes, a storage root needs for {@code /health} to answer 200
 */
public record Monitoring(boolean enabled, String metricsPath, String healthPath, Optional<InetSocketAddress> address,
        long minFreeSpace) {
    /** {@value}: the default metrics path. */
    public static final String DEFAULT_METRICS_PATH = "/metrics";
    /** {@value}: the default health path. */
    public static final String DEFAULT_HEALTH_PATH = "/health";
    /** The default least free space: 100 MiB. */
    public static final long DEFAULT_MIN_FREE_SPACE = 100L * 1024 * 1024;
    /** No endpoints (the default). */
    public static final Monitoring DISABLED = newBuilder().build();

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a path is not an absolute path without query, the two paths are equal,
     *     or the free space is negative
     */
    public Monitoring {
        Objects.requireNonNull(address, "address");
        checkPath(metricsPath);
        checkPath(healthPath);
        if (metricsPath.equals(healthPath)) {
            throw new IllegalArgumentException("the metrics and health paths must differ");
        }
        if (minFreeSpace < 0) {
            throw new IllegalArgumentException("minFreeSpace must not be negative");
        }
    }

    private static void checkPath(String p) {
        Objects.requireNonNull(p, "path");
        if (p.length() < 2 || p.charAt(0) != '/' || p.endsWith("/")
                || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '%')) {
            throw new IllegalArgumentException("not a path like /metrics: " + p);
        }
    }

    /** {@return a builder with the defaults: disabled, {@code /metrics}, {@code /health}, upload listener, 100 MiB} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Builds a {@link Monitoring}. */
    public static final class Builder {
        private boolean enabled;
        private String metricsPath = DEFAULT_METRICS_PATH;
        private String healthPath = DEFAULT_HEALTH_PATH;
        private InetSocketAddress address;
        private long minFreeSpace = DEFAULT_MIN_FREE_SPACE;

        private Builder() {}

        /**
         * Serves the endpoints or not.
         *
         * @param v whether to serve them
         * @return this builder
         */
        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /**
         * Sets the metrics path.
         *
         * @param v the path, e.g. {@code /metrics}
         * @return this builder
         */
        public Builder metricsPath(String v) {
            metricsPath = v;
            return this;
        }

        /**
         * Sets the health path.
         *
         * @param v the path, e.g. {@code /health}
         * @return this builder
         */
        public Builder healthPath(String v) {
            healthPath = v;
            return this;
        }

        /**
         * Serves the endpoints on a separate listener (null: on the upload listener).
         *
         * @param v the address and port
         * @return this builder
         */
        public Builder address(InetSocketAddress v) {
            address = v;
            return this;
        }

        /**
         * Sets the least free space a storage root needs for a healthy answer.
         *
         * @param v bytes
         * @return this builder
         */
        public Builder minFreeSpace(long v) {
            minFreeSpace = v;
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the settings
         * @throws IllegalArgumentException if a value is invalid
         */
        public Monitoring build() {
            return new Monitoring(enabled, metricsPath, healthPath, Optional.ofNullable(address), minFreeSpace);
        }
    }
}
