// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of the Fragment that holds a session's lock, which a newer request for the same session may cut off
 * (decision D42: the newer request wins, so a stalled body never blocks a resume). {@link #preempt()} makes every
 * later read fail, and interrupts a read that is blocked right now: on a blocking socket channel the interrupt closes
 * the connection, which is what the older request deserves. The interrupt is only ever delivered while the reader is
 * inside a read, and cleared before the read returns, so it never reaches the staging file's channel (an interrupted
 * {@code FileChannel} would close): what the older request read is written, and its session's received offset stays
 * the exact contiguous prefix on disk before the newer request looks at it.
 */
final class PreemptibleBody extends InputStream {
    private final InputStream in;
    /** The thread inside a read now, or null; guarded by {@code this}. */
    private Thread reader;
    private boolean preempted;

    PreemptibleBody(InputStream in) {
        this.in = in;
    }

    /** Cuts the body off: reads fail from now on, and a blocked read is interrupted. */
    synchronized void preempt() {
        preempted = true;
        if (reader != null) {
            reader.interrupt();
        }
    }

    private synchronized void enter() throws IOException {
        if (preempted) {
            throw new IOException("fragment body preempted by a newer request for its session");
        }
        reader = Thread.currentThread();
    }

    private synchronized void exit() throws IOException {
        reader = null;
        boolean interrupted = Thread.interrupted(); // ours, if preempted: never let it reach a file channel
        if (preempted) {
            throw new IOException("fragment body preempted by a newer request for its session");
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // someone else's (shutdown): keep it
        }
    }

    @Override
    public int read() throws IOException {
        enter();
        int n;
        try {
            n = in.read();
        } finally {
            exit();
        }
        return n;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        enter();
        int n;
        try {
            n = in.read(b, off, len);
        } finally {
            exit();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }
}
