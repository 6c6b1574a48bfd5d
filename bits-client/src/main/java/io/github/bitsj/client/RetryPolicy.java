// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How a job retries transient errors (MC-BUP §3.1.5.1.7, §3.1.2). After a transient error the job waits
 * {@link #initialDelay()}, doubling up to {@link #maxDelay()} while errors repeat, and resumes with a Ping
 * (MC-BUP §3.1.5.1.4); it gives up when no byte has been acknowledged for {@link #noProgressTimeout()}. A zero no-progress
 * timeout means "never retry" (as {@code SetNoProgressTimeout(0)} does on Windows).
 *
 * <p>Windows waits 600 s between retries (at least 5 s) and gives up after 14 days; {@link #defaults()} retries sooner
 * ({@value #DEFAULT_INITIAL_DELAY_SECONDS} s growing to {@value #DEFAULT_MAX_DELAY_SECONDS} s) and gives up after
 * 14 days. Built with {@link #newBuilder()}; immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.newBuilder()
 *         .initialDelay(Duration.ofSeconds(5))
 *         .maxDelay(Duration.ofMinutes(5))
 *         .noProgressTimeout(Duration.ofHours(12))
 *         .build();
 * }</pre>
 */
public final class RetryPolicy {

    /** The default first wait after a transient error, in seconds: {@value}. */
    public static final long DEFAULT_INITIAL_DELAY_SECONDS = 5;

    /** The default longest wait between retries, in seconds (10 minutes): {@value}. */
    public static final long DEFAULT_MAX_DELAY_SECONDS = 600;

    private static final RetryPolicy DEFAULTS = newBuilder().build();
    private static final RetryPolicy NEVER = newBuilder().initialDelay(Duration.ZERO).maxDelay(Duration.ZERO)
            .noProgressTimeout(Duration.ZERO).build();

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration noProgressTimeout;

    private RetryPolicy(Builder b) {
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.noProgressTimeout = b.noProgressTimeout;
    }

    /** {@return a builder holding the defaults} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * {@return 5 s growing to 10 min between retries, giving up after 14 days without progress (the Windows default,
     * {@link ClientLimits#DEFAULT_NO_PROGRESS_TIMEOUT})}
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** {@return a policy that fails on the first transient error} */
    public static RetryPolicy never() {
        return NEVER;
    }

    /** {@return the wait after the first transient error} */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** {@return the longest wait} */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** {@return how long a job may go without progress before it fails; zero: never retry} */
    public Duration noProgressTimeout() {
        return noProgressTimeout;
    }

    /**
     * {@return the wait before retry number {@code attempt} (1-based)}
     *
     * @param attempt how many transient errors in a row, ≥ 1
     */
    public Duration delay(int attempt) {
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && initialDelay.equals(p.initialDelay) && maxDelay.equals(p.maxDelay)
                && noProgressTimeout.equals(p.noProgressTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDelay, maxDelay, noProgressTimeout);
    }

    @Override
    public String toString() {
        return "RetryPolicy[initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", noProgressTimeout="
                + noProgressTimeout + "]";
    }

    /** Builds a {@link RetryPolicy}; every setter validates eagerly. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(DEFAULT_INITIAL_DELAY_SECONDS);
        private Duration maxDelay = Duration.ofSeconds(DEFAULT_MAX_DELAY_SECONDS);
        private Duration noProgressTimeout = ClientLimits.DEFAULT_NO_PROGRESS_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the wait after the first transient error (default {@value #DEFAULT_INITIAL_DELAY_SECONDS} s).
         *
         * @param delay the wait
         * @return this builder
         * @throws NullPointerException if delay is null
         * @throws IllegalArgumentException if it is negative
         */
        public Builder initialDelay(Duration delay) {
            this.initialDelay = nonNegative(delay, "initialDelay");
            return this;
        }

        /**
         * Sets the longest wait between retries (default {@value #DEFAULT_MAX_DELAY_SECONDS} s).
         *
         * @param delay the wait
         * @return this builder
         * @throws NullPointerException if delay is null
         * @throws IllegalArgumentException if it is negative
         */
        public Builder maxDelay(Duration delay) {
            this.maxDelay = nonNegative(delay, "maxDelay");
            return this;
        }

        /**
         * Sets how long a job may go without an acknowledged byte before it fails (default 14 days); zero means never
         * retry.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws NullPointerException if timeout is null
         * @throws IllegalArgumentException if it is negative
         */
        public Builder noProgressTimeout(Duration timeout) {
            this.noProgressTimeout = nonNegative(timeout, "noProgressTimeout");
            return this;
        }

        /**
         * {@return the policy}
         *
         * @throws IllegalArgumentException if the longest wait is shorter than the first
         */
        public RetryPolicy build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be >= initialDelay");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0");
            }
            return d;
        }
    }
}
