// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep one client from hurting the rest (decisions D43-D45), server-wide, on
 * {@link BitsServerConfig.Builder#fairUseLimits}. A client is its IP address; IPv6 addresses count by their /64
 * prefix, the block one host is usually given. A count limit of 0 turns that limit off (behind a reverse proxy every
 * client has the proxy's address: turn the per-address limits off there, or raise them).
 *
 * <p>The defaults suit a farm of Windows clients behind one NAT address: a BITS job uses one connection at a time
 * and creates a session a few times a day, and what a limit refuses it answers with a status a Windows client
 * retries after its retry delay (503), never a fatal one.
 *
 * @param maxRequestsPerAddress the most requests one address may have in progress at once; more get 503 +
 *     {@code ERROR_TOO_MANY_SESS} and their connection closes (default {@value #DEFAULT_MAX_REQUESTS_PER_ADDRESS})
 * @param sessionCreatesPerMinute Create-Sessions one address may send per minute, with as many in a burst; more
 *     get 503 + {@code ERROR_TOO_MANY_SESS} (default {@value #DEFAULT_SESSION_CREATES_PER_MINUTE})
 * @param maxAnonymousSessionsPerAddress the most open sessions one address may hold in a directory without
 *     authentication (authenticated principals have {@link UploadDirectory#maxSessionsPerPrincipal()}) (default
 *     {@value #DEFAULT_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS})
 * @param maxFragmentlessSessionsPerAddress the most sessions without any Fragment yet that one address may hold in
 *     a directory (default {@value #DEFAULT_MAX_FRAGMENTLESS_SESSIONS_PER_ADDRESS})
 * @param fragmentlessSessionTimeout how long a session that never received a Fragment lives when idle, instead of
 *     the session timeout, so that a flood of Create-Sessions cannot hold session slots for days (default
 *     {@link #DEFAULT_FRAGMENTLESS_SESSION_TIMEOUT})
 * @param loginFailuresPerAddress failed logins from one address (within {@code loginBackoff} of each other) after
 *     which logins from there that are not already known good are refused until {@code loginBackoff} has passed
 *     since the last failure (default {@value #DEFAULT_LOGIN_FAILURES_PER_ADDRESS})
 * @param loginFailuresPerUser the same per user name (default {@value #DEFAULT_LOGIN_FAILURES_PER_USER})
 * @param loginBackoff how long refusal lasts after the last failure (default {@link #DEFAULT_LOGIN_BACKOFF})
 * @param maxConcurrentPasswordChecks the most password verifications (PBKDF2) running at once; others wait up to
 *     5 s, then get 503 (default {@value #DEFAULT_MAX_CONCURRENT_PASSWORD_CHECKS}; at least 1)
 */
public record FairUseLimits(int maxRequestsPerAddress, int sessionCreatesPerMinute,
        int maxAnonymousSessionsPerAddress, int maxFragmentlessSessionsPerAddress,
        Duration fragmentlessSessionTimeout, int loginFailuresPerAddress, int loginFailuresPerUser,
        Duration loginBackoff, int maxConcurrentPasswordChecks) {

    /** Default requests in progress per address: {@value}. */
    public static final int DEFAULT_MAX_REQUESTS_PER_ADDRESS = 256;
    /** Default Create-Sessions per address and minute: {@value}. */
    public static final int DEFAULT_SESSION_CREATES_PER_MINUTE = 120;
    /** Default open anonymous sessions per address and directory: {@value}. */
    public static final int DEFAULT_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS = 1000;
    /** Default sessions without a Fragment per address and directory: {@value}. */
    public static final int DEFAULT_MAX_FRAGMENTLESS_SESSIONS_PER_ADDRESS = 100;
    /** Default idle lifetime of a session without a Fragment: 15 minutes (more than Windows' 10-minute retry delay). */
    public static final Duration DEFAULT_FRAGMENTLESS_SESSION_TIMEOUT = Duration.ofMinutes(15);
    /** Default failed logins per address before refusal: {@value}. */
    public static final int DEFAULT_LOGIN_FAILURES_PER_ADDRESS = 20;
    /** Default failed logins per user name before refusal: {@value}. */
    public static final int DEFAULT_LOGIN_FAILURES_PER_USER = 10;
    /** Default refusal after the last failed login: 1 minute. */
    public static final Duration DEFAULT_LOGIN_BACKOFF = Duration.ofMinutes(1);
    /** Default password verifications at once: {@value}. */
    public static final int DEFAULT_MAX_CONCURRENT_PASSWORD_CHECKS = 2;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a count is negative, {@code maxConcurrentPasswordChecks} is below 1, or a
     *     duration is below one second
     */
    public FairUseLimits {
        Objects.requireNonNull(fragmentlessSessionTimeout, "fragmentlessSessionTimeout");
        Objects.requireNonNull(loginBackoff, "loginBackoff");
        if (maxRequestsPerAddress < 0 || sessionCreatesPerMinute < 0 || maxAnonymousSessionsPerAddress < 0
                || maxFragmentlessSessionsPerAddress < 0 || loginFailuresPerAddress < 0 || loginFailuresPerUser < 0) {
            throw new IllegalArgumentException("fair-use limits must not be negative (0 turns a limit off)");
        }
        if (maxConcurrentPasswordChecks < 1) {
            throw new IllegalArgumentException("maxConcurrentPasswordChecks must be >= 1");
        }
        if (fragmentlessSessionTimeout.toMillis() < 1000 || loginBackoff.toMillis() < 1000) {
            throw new IllegalArgumentException("fair-use durations must be at least 1 second");
        }
    }

    /** {@return the defaults} */
    public static FairUseLimits defaults() {
        return new FairUseLimits(DEFAULT_MAX_REQUESTS_PER_ADDRESS, DEFAULT_SESSION_CREATES_PER_MINUTE,
                DEFAULT_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS, DEFAULT_MAX_FRAGMENTLESS_SESSIONS_PER_ADDRESS,
                DEFAULT_FRAGMENTLESS_SESSION_TIMEOUT, DEFAULT_LOGIN_FAILURES_PER_ADDRESS,
                DEFAULT_LOGIN_FAILURES_PER_USER, DEFAULT_LOGIN_BACKOFF, DEFAULT_MAX_CONCURRENT_PASSWORD_CHECKS);
    }

    /** {@return no per-address or login limit (one password check at a time per core)} */
    public static FairUseLimits none() {
        return new FairUseLimits(0, 0, 0, 0, Duration.ofDays(3650), 0, 0, DEFAULT_LOGIN_BACKOFF,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * {@return a copy with this value}
     *
     * @param v requests in progress per address (0: off)
     */
    public FairUseLimits withMaxRequestsPerAddress(int v) {
        return new FairUseLimits(v, sessionCreatesPerMinute, maxAnonymousSessionsPerAddress,
                maxFragmentlessSessionsPerAddress, fragmentlessSessionTimeout, loginFailuresPerAddress,
                loginFailuresPerUser, loginBackoff, maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with this value}
     *
     * @param v Create-Sessions per address and minute (0: off)
     */
    public FairUseLimits withSessionCreatesPerMinute(int v) {
        return new FairUseLimits(maxRequestsPerAddress, v, maxAnonymousSessionsPerAddress,
                maxFragmentlessSessionsPerAddress, fragmentlessSessionTimeout, loginFailuresPerAddress,
                loginFailuresPerUser, loginBackoff, maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with this value}
     *
     * @param v open anonymous sessions per address and directory (0: off)
     */
    public FairUseLimits withMaxAnonymousSessionsPerAddress(int v) {
        return new FairUseLimits(maxRequestsPerAddress, sessionCreatesPerMinute, v,
                maxFragmentlessSessionsPerAddress, fragmentlessSessionTimeout, loginFailuresPerAddress,
                loginFailuresPerUser, loginBackoff, maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with this value}
     *
     * @param v sessions without a Fragment per address and directory (0: off)
     */
    public FairUseLimits withMaxFragmentlessSessionsPerAddress(int v) {
        return new FairUseLimits(maxRequestsPerAddress, sessionCreatesPerMinute, maxAnonymousSessionsPerAddress,
                v, fragmentlessSessionTimeout, loginFailuresPerAddress, loginFailuresPerUser, loginBackoff,
                maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with this value}
     *
     * @param v idle lifetime of a session without a Fragment
     */
    public FairUseLimits withFragmentlessSessionTimeout(Duration v) {
        return new FairUseLimits(maxRequestsPerAddress, sessionCreatesPerMinute, maxAnonymousSessionsPerAddress,
                maxFragmentlessSessionsPerAddress, v, loginFailuresPerAddress, loginFailuresPerUser, loginBackoff,
                maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with these values}
     *
     * @param perAddress failed logins per address before refusal (0: off)
     * @param perUser failed logins per user name before refusal (0: off)
     * @param backoff how long refusal lasts after the last failure
     */
    public FairUseLimits withLoginBackoff(int perAddress, int perUser, Duration backoff) {
        return new FairUseLimits(maxRequestsPerAddress, sessionCreatesPerMinute, maxAnonymousSessionsPerAddress,
                maxFragmentlessSessionsPerAddress, fragmentlessSessionTimeout, perAddress, perUser, backoff,
                maxConcurrentPasswordChecks);
    }

    /**
     * {@return a copy with this value}
     *
     * @param v password verifications at once (at least 1)
     */
    public FairUseLimits withMaxConcurrentPasswordChecks(int v) {
        return new FairUseLimits(maxRequestsPerAddress, sessionCreatesPerMinute, maxAnonymousSessionsPerAddress,
                maxFragmentlessSessionsPerAddress, fragmentlessSessionTimeout, loginFailuresPerAddress,
                loginFailuresPerUser, loginBackoff, v);
    }
}
