// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.server.FairUseLimits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Back-off for failed logins (D44), one per server: per client address and per user name, after N failures each
 * within the back-off of the one before, logins that are not already known good are refused until the back-off has
 * passed since the last failure; and a cap on password verifications running at once, so that guessers cannot take
 * every core from the requests of users already logged in (those are answered from the verified-credentials cache
 * and never wait here).
 */
final class LoginThrottle {
    /** Failure records kept before expired ones are dropped. */
    private static final int MAX_RECORDS = 100_000;
    /** How long a login waits for a verification slot before it is refused. */
    private static final long CHECK_WAIT_MILLIS = 5_000;

    private final FairUseLimits limits;
    private final long backoffNanos;
    private final Semaphore checks;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(FairUseLimits limits) {
        this.limits = limits;
        this.backoffNanos = limits.loginBackoff().toNanos();
        this.checks = new Semaphore(limits.maxConcurrentPasswordChecks(), true);
    }

    /**
     * {@return the milliseconds until a login from this address, for this user, may be tried again; 0 if now}
     *
     * @param address the client address key ({@link AddressLimits#keyOf})
     * @param user the user name, or null where there is none (Negotiate)
     */
    long refusedFor(String address, String user) {
        long now = System.nanoTime();
        long wait = wait("a\u0000" + address, limits.loginFailuresPerAddress(), now);
        if (user != null) {
            wait = Math.max(wait, wait("u\u0000" + user, limits.loginFailuresPerUser(), now));
        }
        return wait;
    }

    private long wait(String key, int max, long now) {
        Failures f = failures.get(key);
        return max <= 0 || f == null ? 0 : f.wait(now, max, backoffNanos);
    }

    /** A login from this address, for this user (or null), failed. */
    void failed(String address, String user) {
        long now = System.nanoTime();
        if (failures.size() > MAX_RECORDS) {
            failures.values().removeIf(f -> f.expired(now, backoffNanos));
        }
        if (limits.loginFailuresPerAddress() > 0) {
            failures.computeIfAbsent("a\u0000" + address, k -> new Failures()).add(now, backoffNanos);
        }
        if (user != null && limits.loginFailuresPerUser() > 0) {
            failures.computeIfAbsent("u\u0000" + user, k -> new Failures()).add(now, backoffNanos);
        }
    }

    /** A user logged in: its own failures are forgotten (the address's are not). */
    void succeeded(String user) {
        failures.remove("u\u0000" + user);
    }

    /** {@return whether a verification slot was taken (then {@link #endCheck} must follow)} */
    boolean beginCheck() {
        try {
            return checks.tryAcquire(CHECK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void endCheck() {
        checks.release();
    }

    /** Failures in a row, each within the back-off of the one before. */
    private static final class Failures {
        private int count;
        private long last;

        synchronized void add(long now, long backoff) {
            count = count > 0 && now - last < backoff ? count + 1 : 1;
            last = now;
        }

        synchronized long wait(long now, int max, long backoff) {
            long left = backoff - (now - last);
            return count >= max && left > 0 ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)) : 0;
        }

        synchronized boolean expired(long now, long backoff) {
            return now - last >= backoff;
        }
    }
}
