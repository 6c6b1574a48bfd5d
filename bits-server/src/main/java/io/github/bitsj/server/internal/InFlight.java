// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests in flight, for graceful shutdown (STYLE §3.7): {@link #closeAndAwait} refuses new requests and waits for
 * the running ones, counted by the server itself rather than by the JDK version's {@code stop(delay)} timing.
 */
final class InFlight {
    /** Guards only the shutdown wait; requests never take it while the server is open. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** Requests in flight, counted without a lock: every request enters and exits, so a global lock serialised them. */
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile boolean closing;

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
    int closeAndAwait(long millis) throws InterruptedException {
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
}
