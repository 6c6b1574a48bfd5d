// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.server.FairUseLimits;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-client-address limits of {@link FairUseLimits} (D43), one per server: requests in progress, the
 * Create-Session rate (a token bucket per address), and the caps on a directory's sessions per address. An address
 * is keyed by {@link #keyOf}: IPv4 as is, IPv6 by its /64 prefix.
 */
final class AddressLimits {
    /** Buckets kept before full (idle) ones are dropped. */
    private static final int MAX_BUCKETS = 10_000;

    private final FairUseLimits limits;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> creates = new ConcurrentHashMap<>();

    AddressLimits(FairUseLimits limits) {
        this.limits = limits;
    }

    FairUseLimits limits() {
        return limits;
    }

    /** {@return the key of a client address: IPv4 dotted, IPv6 as its /64 prefix, {@code ""} when unknown} */
    static String keyOf(InetSocketAddress remote) {
        InetAddress a = remote == null ? null : remote.getAddress();
        if (a == null) {
            return "";
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            return HexFormat.of().formatHex(b, 0, 8) + "::/64";
        }
        return a.getHostAddress();
    }

    /** {@return whether a request from this address may proceed; if so, {@link #exit} must follow} */
    boolean enter(String key) {
        int max = limits.maxRequestsPerAddress();
        AtomicInteger n = inProgress.compute(key, (k, v) -> v == null ? new AtomicInteger() : v);
        if (n.incrementAndGet() > max && max > 0) {
            exit(key);
            return false;
        }
        return true;
    }

    /** A request from this address ended. */
    void exit(String key) {
        inProgress.computeIfPresent(key, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    /**
     * {@return why a Create-Session from this address is refused in a directory, or null if it may proceed (then a
     * token of the address's Create-Session rate is taken)}
     *
     * @param key the address key
     * @param anonymous whether the session would be anonymous
     * @param sessions the directory's sessions
     */
    String refuseCreate(String key, boolean anonymous, Collection<Session> sessions) {
        int maxAnonymous = anonymous ? limits.maxAnonymousSessionsPerAddress() : 0;
        int maxFragmentless = limits.maxFragmentlessSessionsPerAddress();
        if (!key.isEmpty() && (maxAnonymous > 0 || maxFragmentless > 0)) {
            int open = 0;
            int fragmentless = 0;
            for (Session s : sessions) {
                if (key.equals(s.client()) && !s.state().isEnded()) {
                    open += s.owner().isEmpty() ? 1 : 0;
                    fragmentless += s.anyFragment() ? 0 : 1;
                }
            }
            if (maxAnonymous > 0 && open >= maxAnonymous) {
                return "anonymous_sessions_per_address";
            }
            if (maxFragmentless > 0 && fragmentless >= maxFragmentless) {
                return "fragmentless_sessions_per_address";
            }
        }
        int rate = limits.sessionCreatesPerMinute();
        if (rate > 0) {
            if (creates.size() > MAX_BUCKETS) {
                long now = System.nanoTime();
                creates.values().removeIf(b -> b.isFull(now, rate));
            }
            if (!creates.computeIfAbsent(key, k -> new Bucket(rate)).take(System.nanoTime(), rate)) {
                return "session_creates_per_minute";
            }
        }
        return null;
    }

    /** {@return how long an open session may stay idle: the fragmentless timeout until its first Fragment} */
    long timeoutMillis(Session s, long sessionTimeoutMillis) {
        return s.anyFragment() ? sessionTimeoutMillis
                : Math.min(sessionTimeoutMillis, limits.fragmentlessSessionTimeout().toMillis());
    }

    /** {@return how long a session or tombstone may stay idle before the sweeper removes it} */
    long idleLimit(Session s, long sessionTimeoutMillis, long tombstoneTtlMillis) {
        return s.state().isEnded() ? tombstoneTtlMillis : timeoutMillis(s, sessionTimeoutMillis);
    }

    /** A token bucket of {@code rate} tokens a minute, holding at most {@code rate}. */
    private static final class Bucket {
        private double tokens;
        private long at = System.nanoTime();

        Bucket(int rate) {
            tokens = rate;
        }

        synchronized boolean take(long now, int rate) {
            refill(now, rate);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean isFull(long now, int rate) {
            refill(now, rate);
            return tokens >= rate;
        }

        private void refill(long now, int rate) {
            tokens = Math.min(rate, tokens + (now - at) * rate / 60e9);
            at = now;
        }
    }
}
