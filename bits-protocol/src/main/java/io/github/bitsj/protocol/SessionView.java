// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;

/**
 * What a server's decisions ({@link ServerDecisions}) know about one upload session (digest §1.8): its state, the
 * total fixed by the first accepted fragment ({@code T}), the received offset ({@code R}, digest §7.3) and whether any
 * Fragment arrived at all. A read-only snapshot: the server keeps the session and takes this view while it holds the
 * session's lock.
 *
 * @param state the session's state
 * @param total {@code T}, or {@link #UNKNOWN_TOTAL} before the first accepted fragment
 * @param received {@code R}: the count of contiguous bytes held from offset 0
 * @param anyFragment whether any Fragment arrived for the session, accepted or refused: a Close-Session of a session
 *     that never saw one commits an empty file (digest §10.1 A2, D9), one whose fragments were all refused does not
 */
public record SessionView(State state, long total, long received, boolean anyFragment) {

    /** The value of {@link #total()} before the first accepted fragment fixes it: {@value}. */
    public static final long UNKNOWN_TOTAL = -1;

    /** The view of a session id that names no session here. */
    public static final SessionView UNKNOWN = new SessionView(State.UNKNOWN, UNKNOWN_TOTAL, 0, false);

    /** A session's state, as the server's state machine of digest §1.8 has it. */
    public enum State {
        /**
         * No such session here: never created, expired, removed by the sweeper, or another principal's (digest §6.6,
         * §9, §10.1 A4).
         */
        UNKNOWN,
        /**
         * Receiving fragments (digest §1.8 RECEIVE_FRAGMENTS). Every byte may already be held without the upload
         * being finished: a crash between the last write and the commit leaves it so.
         */
        RECEIVING,
        /**
         * Every byte is held, the upload is finished (committed to its destination, digest §6.4) and its final Ack
         * was given; the session waits for Close-Session (digest §1.8 WAIT_FOR_CLOSE).
         */
        FINISHED,
        /** Closed by Close-Session; kept as a tombstone so a repeated Close or Cancel gets 200 (digest §10 Q25). */
        CLOSED,
        /** Cancelled by Cancel-Session; kept as a tombstone (digest §10 Q25). */
        CANCELLED;

        /** {@return true for the tombstone states {@link #CLOSED} and {@link #CANCELLED}} */
        public boolean isEnded() {
            return this == CLOSED || this == CANCELLED;
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if the total is below {@link #UNKNOWN_TOTAL}, the offset is negative or beyond
     *     the total, bytes are held before the total is known, a total is known without a Fragment, or a
     *     {@link State#FINISHED} session does not hold every byte
     */
    public SessionView {
        Objects.requireNonNull(state, "state");
        if (total < UNKNOWN_TOTAL || received < 0) {
            throw new IllegalArgumentException("need total >= -1 and received >= 0");
        }
        if (total == UNKNOWN_TOTAL ? received != 0 : received > total) {
            throw new IllegalArgumentException("received offset " + received + " does not fit total " + total);
        }
        if (state == State.FINISHED && (total == UNKNOWN_TOTAL || received != total)) {
            throw new IllegalArgumentException("a finished session holds every byte");
        }
        if (total != UNKNOWN_TOTAL && !anyFragment) {
            throw new IllegalArgumentException("a total is fixed by a Fragment");
        }
    }

    /**
     * A view in which a Fragment arrived exactly when the total is known: the usual case, and all a session keeps
     * once its total is fixed.
     *
     * @param state the session's state
     * @param total {@code T}, or {@link #UNKNOWN_TOTAL}
     * @param received {@code R}
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SessionView(State state, long total, long received) {
        this(state, total, received, total != UNKNOWN_TOTAL);
    }

    /** {@return true once the first accepted fragment has fixed the total} */
    public boolean hasTotal() {
        return total != UNKNOWN_TOTAL;
    }

    /** {@return true if every byte of the upload is held ({@code R == T})} */
    public boolean holdsEveryByte() {
        return total != UNKNOWN_TOTAL && received == total;
    }
}
