// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one retry loop of the client (MC-BUP §3.1.5.1.7, §3.1.2), on the client's clock: after each transient failure it names
 * the wait before the next attempt (the {@link RetryPolicy}'s doubling delay), or gives up once nothing has progressed
 * for {@code limit} (the no-progress timeout; for Cancel-Session at most 24 hours, SDK: Cancel-Session). Used by upload jobs
 * and by {@link BitsClient#cancelSession}. Not thread-safe.
 */
final class RetryLoop {
    private final RetryPolicy policy;
    private final Clock clock;
    private final Duration limit;
    private int attempt;
    private long lastProgress;

    RetryLoop(RetryPolicy policy, Clock clock, Duration limit) {
        this.policy = policy;
        this.clock = clock;
        this.limit = limit;
        this.lastProgress = now();
    }

    /** {@return the clock's time in nanoseconds} */
    long now() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Something progressed: the delays start over and the no-progress timeout runs from now. */
    void progressed() {
        attempt = 0;
        lastProgress = now();
    }

    /**
     * {@return the wait before retrying after one more transient failure, never past the limit; empty when the limit
     * has run out (or is zero: never retry)}
     */
    Optional<Duration> nextDelay() {
        attempt++;
        long idle = now() - lastProgress;
        if (limit.isZero() || idle >= limit.toNanos()) {
            return Optional.empty();
        }
        Duration delay = policy.delay(attempt);
        Duration left = limit.minusNanos(idle);
        return Optional.of(delay.compareTo(left) > 0 ? left : delay);
    }
}
