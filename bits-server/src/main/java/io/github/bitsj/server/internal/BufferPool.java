// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small pool of fragment copy buffers, safe for virtual threads (no thread-locals). When the pool is empty a
 * fresh buffer is allocated and, if the pool is full on release, left to the garbage collector.
 */
public final class BufferPool {
    /** Size of each buffer: {@value} bytes (fill before writing: the JDK server hands over at most 8 KiB a read). */
    public static final int BUFFER_SIZE = 256 * 1024;
    private final ArrayBlockingQueue<byte[]> free;

    /**
     * Creates an empty pool.
     *
     * @param capacity how many buffers are kept for reuse
     */
    public BufferPool(int capacity) {
        free = new ArrayBlockingQueue<>(capacity);
    }

    /** {@return a buffer of {@link #BUFFER_SIZE} bytes} */
    public byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[BUFFER_SIZE];
    }

    /**
     * Returns a buffer for reuse.
     *
     * @param b a buffer from {@link #take()}
     */
    public void give(byte[] b) {
        free.offer(b);
    }
}
