// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a job retries transient errors (digest §5.2, §5.5). After a transient error the job waits
 * {@code initialDelay}, doubling up to {@code maxDelay} while errors repeat, and resumes with a Ping (digest §1.5);
 * it gives up when no byte has been acknowledged for {@code noProgressTimeout}. A zero no-progress timeout means
 * "never retry" (as {@code SetNoProgressTimeout(0)} does on Windows).
 *
 * <p>Windows waits 600 s between retries (at least 5 s) and gives up after 14 days; {@link #defaults()} retries sooner
 * (5 s growing to 10 min) and gives up after 14 days. Tests pass milliseconds.
 *
 * @param initialDelay the wait after the first transient error
 * @param maxDelay the longest wait
 * @param noProgressTimeout how long the job may go without progress before it fails
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration noProgressTimeout) {

    /**
     * Validates the durations.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if a duration is negative or {@code maxDelay < initialDelay}
     */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(noProgressTimeout, "noProgressTimeout");
        if (initialDelay.isNegative() || noProgressTimeout.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("durations must be >= 0 and maxDelay >= initialDelay");
        }
    }

    /** {@return 5 s growing to 10 min between retries, giving up after 14 days without progress} */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofDays(14));
    }

    /** {@return a policy that fails on the first transient error} */
    public static RetryPolicy never() {
        return new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);
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
}
