// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.server.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * State shared by every handler of one server: in-flight tracking for graceful shutdown, the buffer pool, and the
 * Basic authentication check with a cache of verified credentials (keyed by a salted digest, never the secret).
 */
public final class ServerState {
    /** Guards only the shutdown wait; requests never take it while the server is open. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** Requests in flight, counted without a lock: every request enters and exits, so a global lock serialised them. */
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile boolean closing;
    private final BufferPool buffers = new BufferPool(BufferPool.DEFAULT_CAPACITY);
    private final Optional<UserStore> users;
    private final String realm;
    private final boolean legacyErrorHeader;
    private final boolean durable;
    private final byte[] cacheSalt = new byte[16];
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    /**
     * Creates the shared state.
     *
     * @param users the users, if Basic authentication is on
     * @param realm             the realm
     * @param legacyErrorHeader send {@code BITS-Error} too
     * @param durable           fsync fragments
     */
    public ServerState(Optional<UserStore> users, String realm, boolean legacyErrorHeader, boolean durable) {
        this.users = users;
        this.realm = realm;
        this.legacyErrorHeader = legacyErrorHeader;
        this.durable = durable;
        new SecureRandom().nextBytes(cacheSalt);
    }

    BufferPool buffers() {
        return buffers;
    }

    boolean legacyErrorHeader() {
        return legacyErrorHeader;
    }

    boolean durable() {
        return durable;
    }

    boolean authRequired() {
        return users.isPresent();
    }

    String realm() {
        return realm;
    }

    /** {@return true if the request may proceed; false when the server is closing} */
    boolean enter() {
        inflight.incrementAndGet();
        if (closing) {
            exit(); // counted for a moment only; the closer may be waiting for this count to drop
            return false;
        }
        return true;
    }

    void exit() {
        // The decrement comes before the read of closing; closeAndAwait sets closing before it reads the count. So
        // either this exit sees closing and signals, or the closer sees the decremented count: no wake-up is lost.
        if (inflight.decrementAndGet() == 0 && closing) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Refuses new requests and waits for in-flight ones.
     *
     * @param millis the most to wait
     * @return the requests still in flight when the wait ended
     * @throws InterruptedException if interrupted
     */
    public int closeAndAwait(long millis) throws InterruptedException {
        closing = true;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (inflight.get() > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return inflight.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks an {@code Authorization} header value.
     *
     * @param header the single header value, or null
     * @return the principal, or null when not authenticated
     */
    String authenticate(String header) {
        if (users.isEmpty()) {
            return "";
        }
        if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String key = cacheKey(header);
        String cached = verified.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String user = text.substring(0, colon);
        char[] pw = text.substring(colon + 1).toCharArray();
        Optional<String> ok = users.get().authenticate(user, pw);
        java.util.Arrays.fill(pw, '\0');
        if (ok.isPresent()) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, ok.get());
            return ok.get();
        }
        return null;
    }

    private String cacheKey(String header) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(cacheSalt);
            md.update(header.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
