// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of fragment copy buffers, safe for virtual threads (no thread-locals, no lock: every Fragment takes and
 * returns one, so a lock here serialised all uploads). When the pool is empty a fresh buffer is allocated, no larger
 * than the body needs; on release only full-size buffers are kept, up to the capacity, the rest is left to the
 * garbage collector.
 */
final class BufferPool {
    /** Size of each buffer: {@value} bytes (fill before writing: the JDK server hands over at most 8 KiB a read). */
    static final int BUFFER_SIZE = 256 * 1024;
    /**
     * The default number of buffers kept ({@value}, at most 32 MiB): enough for that many fragments in flight at
     * once without a fresh 256 KiB allocation (and its zeroing) per fragment.
     */
    static final int DEFAULT_CAPACITY = 128;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    /** Buffers in {@link #free}, kept approximately (a race only lets the pool hold one or two more or fewer). */
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /**
     * Creates an empty pool.
     *
     * @param capacity how many buffers are kept for reuse
     */
    BufferPool(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Takes a buffer for a body of {@code needed} bytes: a pooled one of {@link #BUFFER_SIZE} bytes if there is
     * one, else a fresh one of {@code min(needed, BUFFER_SIZE)} bytes (at least 1).
     *
     * @param needed the bytes the caller will copy at most
     * @return a buffer of at least {@code min(needed, BUFFER_SIZE)} bytes
     */
    byte[] take(long needed) {
        byte[] b = free.poll();
        if (b != null) {
            size.decrementAndGet();
            return b;
        }
        return new byte[(int) Math.max(1, Math.min(needed, BUFFER_SIZE))];
    }

    /**
     * Returns a buffer for reuse.
     *
     * @param b a buffer from {@link #take(long)}
     */
    void give(byte[] b) {
        if (b.length != BUFFER_SIZE) {
            return;
        }
        if (size.incrementAndGet() <= capacity) {
            free.offer(b);
        } else {
            size.decrementAndGet();
        }
    }
}
