// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What a server's decisions ({@link ServerDecisions}) know about one upload session (MC-BUP §3.2.1.4): its state, the
 * total fixed by the first accepted fragment ({@code T}), the received offset ({@code R}, MC-BUP §2.2.7.2), whether any
 * Fragment arrived at all and, once the upload is finished, the reply URL its final Ack carried (MC-BUP §3.2.5.1.2
 * "notify cache"). A read-only snapshot: the server keeps the session and takes this view while it holds the
 * session's lock.
 *
 * <p>MC-BUP's server states map onto {@link State} as follows: INIT and RECEIVE_FRAGMENTS are {@link State#RECEIVING};
 * NOTIFY is not a state a decision can see, because the server runs the notification (SDK: Notification Protocol for Server Applications) while it holds the
 * session's lock, between a decision that says <i>finish</i> and {@link ServerDecisions#decideFinish}, which moves
 * the session to {@link State#FINISHED} (WAIT_FOR_CLOSE) or leaves it {@link State#RECEIVING}; COMPLETE and CANCEL
 * are the tombstones {@link State#CLOSED} and {@link State#CANCELLED}.
 *
 * @param state the session's state
 * @param total {@code T}, or {@link #UNKNOWN_TOTAL} before the first accepted fragment
 * @param received {@code R}: the count of contiguous bytes held from offset 0
 * @param anyFragment whether any Fragment arrived for the session, accepted or refused: a Close-Session of a session
 *     that never saw one commits an empty file (decision D9), one whose fragments were all refused does not
 * @param replyUrl the {@code BITS-Reply-URL} of the cached final Ack; only in {@link State#FINISHED}, and only when a
 *     server application answered (SDK: Handling Server Application Errors, MC-BUP §3.2.5.2.6)
 */
public record SessionView(State state, long total, long received, boolean anyFragment, Optional<String> replyUrl) {

    /** The value of {@link #total()} before the first accepted fragment fixes it: {@value}. */
    public static final long UNKNOWN_TOTAL = -1;

    /** The view of a session id that names no session here. */
    public static final SessionView UNKNOWN = new SessionView(State.UNKNOWN, UNKNOWN_TOTAL, 0, false, Optional.empty());

    /** A session's state, as the server's state machine of MC-BUP §3.2.1.4 has it. */
    public enum State {
        /**
         * No such session here: never created, expired, removed by the sweeper, or another principal's (SDK: Virtual Directory Cleanup,
         * SDK: Authentication, decision D31).
         */
        UNKNOWN,
        /**
         * Receiving fragments (MC-BUP §3.2.1.4 RECEIVE_FRAGMENTS). Every byte may already be held without the upload
         * being finished: a crash between the last write and the commit leaves it so.
         */
        RECEIVING,
        /**
         * Every byte is held, the upload is finished (committed to its destination, MC-BUP §3.3.5.2.4, or the server
         * application answered with success, SDK: Notification Protocol for Server Applications) and its final Ack was given; the session waits for
         * Close-Session (MC-BUP §3.2.1.4 WAIT_FOR_CLOSE) and replays that Ack to any further Fragment.
         */
        FINISHED,
        /** Closed by Close-Session; kept as a tombstone so a repeated Close or Cancel gets 200 (decision D25). */
        CLOSED,
        /** Cancelled by Cancel-Session; kept as a tombstone (decision D25). */
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
     *     the total, bytes are held before the total is known, a total is known without a Fragment, a
     *     {@link State#FINISHED} session does not hold every byte, or a reply URL is given in another state or is not
     *     a legal {@code BITS-Reply-URL}
     */
    public SessionView {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(replyUrl, "replyUrl");
        if (replyUrl.isPresent() && (state != State.FINISHED || !Rules.isReplyUrl(replyUrl.get()))) {
            throw new IllegalArgumentException("a reply URL belongs to a finished session's final Ack");
        }
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
        this(state, total, received, total != UNKNOWN_TOTAL, Optional.empty());
    }

    /**
     * A view as {@link #SessionView(State, long, long)}, with no cached reply URL.
     *
     * @param state the session's state
     * @param total {@code T}, or {@link #UNKNOWN_TOTAL}
     * @param received {@code R}
     * @param anyFragment whether any Fragment arrived
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SessionView(State state, long total, long received, boolean anyFragment) {
        this(state, total, received, anyFragment, Optional.empty());
    }

    /**
     * A view in which a Fragment arrived exactly when the total is known, with the cached reply URL of a finished
     * session.
     *
     * @param state the session's state
     * @param total {@code T}, or {@link #UNKNOWN_TOTAL}
     * @param received {@code R}
     * @param replyUrl the cached reply URL
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SessionView(State state, long total, long received, Optional<String> replyUrl) {
        this(state, total, received, total != UNKNOWN_TOTAL, replyUrl);
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
