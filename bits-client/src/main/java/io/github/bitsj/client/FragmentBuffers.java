// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of the fragment in flight: one direct buffer as large as the largest fragment the job can send (the
 * socket writes it without a copy), and a second one into which the fragment most likely to follow is read while the
 * current one travels, so the next request need not wait for the disk. Not thread-safe.
 */
final class FragmentBuffers {
    private final SourceFile src;
    private final int largest;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer spare;          // the prefetched next fragment, or null for a one-fragment file
    private long spareOffset = -1;
    private int spareLen;

    /** @param largest the largest fragment the job's policy allows */
    FragmentBuffers(SourceFile src, int largest) {
        this.src = src;
        this.largest = largest;
    }

    /**
     * Makes {@link #body()} hold the {@code len} bytes at {@code first}.
     *
     * @return false if the file ended first
     * @throws IOException if the file cannot be read
     */
    boolean fill(long first, int len) throws IOException {
        long total = src.size();
        if (buffer.capacity() < len) {
            // As large as the largest fragment the job can send: growing step by step would leave the old buffers
            // to the GC's cleaner and briefly double the direct memory.
            int cap = (int) Math.max(len, Math.min(largest, total));
            buffer = null;
            spare = null;
            buffer = allocate(cap, true);
            spare = cap < total ? allocate(cap, false) : null;   // no prefetch when direct memory is short
            spareOffset = -1;
        }
        boolean ok = true;
        if (spare != null && spareOffset == first && spareLen >= len) {
            ByteBuffer t = buffer;   // the previous exchange prefetched this fragment
            buffer = spare;
            spare = t;
            buffer.clear().limit(len);
        } else {
            buffer.clear().limit(len);
            ok = src.read(first, buffer);
            buffer.flip();
        }
        spareOffset = -1;
        return ok;
    }

    /** {@return the fragment's body, between position and limit} */
    ByteBuffer body() {
        return buffer;
    }

    /**
     * Reads the fragment most likely to follow one of {@code len} bytes ending at {@code next}: it starts there, and
     * an adaptive policy at most doubles the size. A resync or a failure simply discards it.
     */
    void prefetch(long next, int len) {
        long total = src.size();
        if (spare == null || next >= total) {
            return;
        }
        int n = (int) Math.min(Math.min(spare.capacity(), 2L * len), total - next);
        try {
            spare.clear().limit(n);
            if (src.read(next, spare)) {
                spare.flip();
                spareOffset = next;
                spareLen = n;
            }
        } catch (IOException e) {
            spareOffset = -1;   // the real read reports it
        }
    }

    /** A failed exchange may still hold the buffer: never refill it under the JDK's feet. */
    void discard() {
        buffer = allocate(buffer.capacity(), true);
    }

    /**
     * A direct buffer, or, when {@code -XX:MaxDirectMemorySize} (by default the heap size) leaves no room, a heap
     * buffer if {@code required}, else null.
     */
    private static ByteBuffer allocate(int capacity, boolean required) {
        try {
            return ByteBuffer.allocateDirect(capacity);
        } catch (OutOfMemoryError e) {   // "Cannot reserve … bytes of direct buffer memory": recoverable
            return required ? ByteBuffer.allocate(capacity) : null;
        }
    }
}
