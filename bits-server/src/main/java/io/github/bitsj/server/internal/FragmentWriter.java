// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Copies a Fragment's body into a staging file with positional writes from a pooled buffer filled to its end first
 * (the JDK server hands over at most 8 KiB a read). The session's received offset advances after every write, so the
 * staging file always holds exactly the contiguous prefix (MC-BUP §3.2.5.2.6, interrupted fragment bodies).
 */
final class FragmentWriter {

    private final BufferPool buffers;
    private final boolean durable;

    FragmentWriter(BufferPool buffers, boolean durable) {
        this.buffers = buffers;
        this.durable = durable;
    }

    /**
     * Reads and discards {@code skip} bytes of the body.
     *
     * @throws ClientGone if the body ends early or the connection fails
     */
    static void skip(InputStream in, long skip) throws ClientGone {
        // read, never InputStream.skip: an engine's skip may return without consuming (or block differently)
        try {
            byte[] scratch = new byte[(int) Math.min(16 * 1024, Math.max(1, skip))];
            long left = skip;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new ClientGone(null);
                }
                left -= n;
            }
        } catch (ClientGone e) {
            throw e;
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /**
     * Copies {@code length} bytes of the body to {@code ch} at the session's received offset.
     *
     * @param s the session (lock held); its received offset advances as bytes land
     * @param in the body, positioned at the first byte to write
     * @param ch the staging file
     * @param length the bytes to copy, at least 1
     * @return the new received offset, or {@link Kind#DISK_FULL} when a write failed (Fragment table row 13); the file
     *     is then cut back to the received offset
     * @throws ClientGone if the body ends early or the connection fails (what arrived is kept)
     * @throws IOException if the file cannot be cut back or forced
     */
    Result<Long> copy(Session s, InputStream in, FileChannel ch, long length) throws IOException {
        long pos = s.received();
        long remaining = length;
        byte[] buf = buffers.take(remaining);
        try {
            while (remaining > 0) {
                int want = (int) Math.min(buf.length, remaining);
                int fill = 0;
                ClientGone gone = null;
                while (fill < want) {
                    int n;
                    try {
                        n = in.read(buf, fill, want - fill);
                    } catch (IOException e) {
                        gone = new ClientGone(e);
                        break;
                    }
                    if (n < 0) {
                        gone = new ClientGone(null);
                        break;
                    }
                    fill += n;
                }
                if (fill > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, fill);
                    long at = pos;
                    try {
                        while (bb.hasRemaining()) {
                            at += ch.write(bb, at);
                        }
                    } catch (IOException e) {
                        ch.truncate(s.received());
                        LogEvent.WRITE_FAILED.log("session", s.id(), "error", e.getClass().getSimpleName());
                        return Result.err(Kind.DISK_FULL);
                    }
                    pos += fill;
                    remaining -= fill;
                    s.receivedUpTo(pos);
                }
                if (gone != null) {
                    LogEvent.FRAGMENT_INTERRUPTED.log("session", s.id(), "received", s.received());
                    throw gone;
                }
            }
            if (durable) {
                ch.force(false);
            }
        } finally {
            buffers.give(buf);
        }
        return Result.ok(pos);
    }
}
