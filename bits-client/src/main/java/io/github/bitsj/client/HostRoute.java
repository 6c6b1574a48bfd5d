// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.CreateSessionAck;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Where a job's packets go (SDK: BITS IIS Extension Properties (BITSHostId)): the original URL, or after a {@code BITS-Host-Id} the same URL on that node
 * (scheme, port, path and query kept), with the fallback timer that sends packets back to the original host once the
 * node has failed for {@code BITS-Host-Id-Fallback-Timeout} seconds. Not thread-safe.
 */
final class HostRoute {
    private final URI origin;
    private URI current;
    private String hostId;
    private long fallbackNanos = -1;   // -1: never fall back
    private long fallbackStart = -1;   // clock nanos when the timer started, -1 when stopped

    HostRoute(URI origin) {
        this.origin = origin;
        this.current = origin;
    }

    URI origin() {
        return origin;
    }

    URI current() {
        return current;
    }

    Optional<String> hostId() {
        return Optional.ofNullable(hostId);
    }

    /** {@return the fallback timeout in seconds, -1 for never} */
    long fallbackSeconds() {
        return fallbackNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toSeconds(fallbackNanos);
    }

    /**
     * Follows a Create-Session Ack's host id (SDK: BITS IIS Extension Properties (BITSHostId) steps 1–2); a timeout of 0xFFFFFFFF, or none, never falls back.
     *
     * @return false if the host id cannot be put into a URL (the route is unchanged)
     */
    boolean follow(String id, OptionalLong timeoutSeconds) {
        long t = timeoutSeconds.isPresent() && timeoutSeconds.getAsLong() < CreateSessionAck.MAX_FALLBACK_TIMEOUT
                ? timeoutSeconds.getAsLong() : -1;
        if (!restore(id, t)) {
            return false;
        }
        fallbackStart = -1;
        return true;
    }

    /** Restores a persisted host id; false (route unchanged) if it is unusable. */
    boolean restore(String id, long timeoutSeconds) {
        URI rewritten;
        try {
            rewritten = Urls.withHost(origin, id);
        } catch (IllegalArgumentException e) {
            return false;
        }
        hostId = id;
        current = rewritten;
        fallbackNanos = timeoutSeconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(timeoutSeconds);
        return true;
    }

    /** A failure while a host id is in use starts the fallback timer unless it runs (SDK: BITS IIS Extension Properties (BITSHostId) step 4). */
    void failed(long now) {
        if (hostId != null && fallbackStart < 0) {
            fallbackStart = now;
        }
    }

    /** A Fragment Ack resets the fallback timer (SDK: BITS IIS Extension Properties (BITSHostId) step 4). */
    void acknowledged() {
        fallbackStart = -1;
    }

    /** {@return true if the timer expired and later packets now go to the original host (SDK: BITS IIS Extension Properties (BITSHostId) step 5)} */
    boolean fallBackIfExpired(long now) {
        if (hostId == null || fallbackStart < 0 || fallbackNanos < 0 || now - fallbackStart < fallbackNanos) {
            return false;
        }
        hostId = null;
        current = origin;
        fallbackStart = -1;
        fallbackNanos = -1;
        return true;
    }
}
