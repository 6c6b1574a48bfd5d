// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

/**
 * Writes a session's record ({@link SessionRecord}) in its directory (D56): a new session's straight to its name, a
 * change of the tail alone as one positional write in place, any other change as a new file renamed over the old.
 * With {@code durable}, every write is forced before it returns.
 */
final class RecordWriter {
    private final boolean durable;
    /** Farm nodes always write whole records: another node may have rewritten the file since this one did. */
    private final boolean inPlace;

    RecordWriter(boolean durable, boolean farm) {
        this.durable = durable;
        this.inPlace = !farm;
    }

    /** Persists a session's record; the caller holds its lock or owns it alone. @throws IOException on failure */
    void persist(Session s, Dir d) throws IOException {
        SessionRecord r = SessionRecord.of(s, System.currentTimeMillis());
        byte[] head = r.head();
        byte[] tail = r.tail(s.received());
        if (inPlace && s.recordTailAt() >= 0 && Arrays.equals(head, s.recordHead())) {
            // Only the tail changed (total, state, times): rewrite it in place, one positional write that never
            // crosses a sector, instead of a new file and a rename
            try (FileChannel ch = d.open(SessionArea.META, Set.of(StandardOpenOption.WRITE))) {
                writeFully(ch, tail, s.recordTailAt());
                if (durable) {
                    ch.force(true);
                }
            }
            return;
        }
        byte[] all = SessionRecord.layout(head, tail);
        String tmp = SessionArea.META + ".tmp";
        try (FileChannel ch = d.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE))) {
            writeFully(ch, all, 0);
            if (durable) {
                ch.force(true);
            }
        }
        d.move(tmp, d, SessionArea.META);
        if (durable) {
            d.sync();
        }
        s.recordWritten(head, all.length - tail.length);
    }

    /**
     * Writes a new session's first record. A lone server writes it straight to its name: the directory was created a
     * moment ago by this thread and no client knows the id before the Ack, so a crash halfway leaves an unreadable
     * record that recovery discards with its directory, a session never acknowledged. Farm nodes write it as
     * {@link #persist} does, since other nodes' sweepers read the area at any time.
     */
    void persistNew(Session s, Dir d) throws IOException {
        if (!inPlace) {
            persist(s, d); // other nodes may read the area at any time: a whole record or none
            return;
        }
        SessionRecord r = SessionRecord.of(s, System.currentTimeMillis());
        byte[] head = r.head();
        byte[] tail = r.tail(s.received());
        byte[] all = SessionRecord.layout(head, tail);
        try (FileChannel ch = d.open(SessionArea.META, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            writeFully(ch, all, 0);
            if (durable) {
                ch.force(true);
            }
        }
        if (durable) {
            d.sync();
        }
        s.recordWritten(head, all.length - tail.length);
    }

    private static void writeFully(FileChannel ch, byte[] bytes, long at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
