// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.SessionView.State;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The session record's layout (D56): any field values read back as written; the fixed-width tail never crosses a
 * 512-byte boundary whatever the head's length; rewriting only the tail in place gives the record of the new values.
 */
class SessionRecordTest {
    private static final State[] STATES = {State.RECEIVING, State.FINISHED, State.CLOSED, State.CANCELLED};

    private static String text(Random r, int max) {
        String alphabet = "ab\\=:#! \t\n\r\fé€\u0001\u007f\u00a0xyz/\uD83D\uDE00";
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static SessionRecord random(Random r) {
        long total = r.nextInt(4) == 0 ? -1 : (r.nextBoolean() ? r.nextLong() & Long.MAX_VALUE : r.nextInt(1000));
        return new SessionRecord("{" + text(r, 3) + "}", text(r, 400), text(r, 40), total,
                STATES[r.nextInt(STATES.length)], r.nextLong() & Long.MAX_VALUE, r.nextLong() & Long.MAX_VALUE,
                r.nextBoolean() ? Optional.of("(dev=" + r.nextInt() + ",ino=" + r.nextInt() + ")") : Optional.empty(),
                text(r, 600), r.nextBoolean() ? Optional.of("http://h/r?" + r.nextInt(1000)) : Optional.empty(),
                Optional.empty(), total < 0 && r.nextBoolean());
    }

    private static SessionRecord read(byte[] b) throws IOException {
        return SessionRecord.read(new ByteArrayInputStream(b)).orElseThrow(() -> new AssertionError(
                "unreadable: " + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    void everyRecordReadsBackAndItsTailRewrittenInPlaceGivesTheNewValues() throws IOException {
        long seed = System.nanoTime();
        System.out.println("SessionRecordTest seed " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            SessionRecord rec = random(r);
            byte[] head = rec.head();
            byte[] tail = rec.tail(7);
            assertEquals(SessionRecord.TAIL_LENGTH, tail.length, "seed " + seed);
            byte[] all = SessionRecord.layout(head, tail);
            int tailAt = all.length - tail.length;
            assertEquals(tailAt / SessionRecord.SECTOR, (all.length - 1) / SessionRecord.SECTOR,
                    "the tail stays within one sector, seed " + seed);
            assertEquals(rec, read(all), "seed " + seed);
            // the session moves on: only the tail is written again, in place
            long total = rec.total() < 0 ? r.nextInt(100_000) : rec.total();
            SessionRecord next = new SessionRecord(rec.id(), rec.destination(), rec.owner(), total,
                    STATES[r.nextInt(STATES.length)], rec.created(), r.nextLong() & Long.MAX_VALUE, rec.stagingKey(),
                    rec.url(), rec.replyUrl(), rec.replyToken(), false);
            assertArrayEquals(head, next.head(), "the head does not change, seed " + seed);
            byte[] updated = Arrays.copyOf(all, all.length);
            System.arraycopy(next.tail(total), 0, updated, tailAt, SessionRecord.TAIL_LENGTH);
            assertEquals(next, read(updated), "seed " + seed);
        }
    }

    @Test
    void headsOfEveryLengthNearASectorBoundaryKeepTheTailInOneSector() {
        byte[] tail = new SessionRecord("{x}", "", "", -1, State.RECEIVING, 0, 0, Optional.empty(), "",
                Optional.empty(), Optional.empty(), false).tail(0);
        for (int len = 0; len < 3 * SessionRecord.SECTOR; len++) {
            byte[] head = new byte[len];
            Arrays.fill(head, (byte) '#');
            byte[] all = SessionRecord.layout(head, tail);
            int at = all.length - tail.length;
            assertTrue(at >= len);
            assertEquals(at / SessionRecord.SECTOR, (all.length - 1) / SessionRecord.SECTOR, "head length " + len);
        }
    }
}
