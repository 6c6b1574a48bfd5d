// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What a server does with one Fragment (MC-BUP §3.2.5.2.6), as {@link ServerDecisions#decideFragment} decides it. The
 * server carries it out: it answers, or writes the given bytes to the session's staging file and then answers.
 *
 * <p><i>Finishing</i> an upload means committing the staging file to its destination (MC-BUP §3.3.5.2.4) or, in a directory
 * with a server application, notifying it (SDK: Notification Protocol for Server Applications, MC-BUP §3.2.1.4 state NOTIFY); either way the server then
 * asks {@link ServerDecisions#decideFinish} for the final Ack and the session's next state.
 */
public sealed interface FragmentDecision {

    /**
     * Answer at once without writing (Fragment table rows 1, 3, 5, 6, 10, and rows 8 and 9 in strict mode). The body is
     * not wanted: the server reads and discards it, or closes the connection after the answer.
     *
     * @param rule the rule that rejects the fragment
     * @param ack the answer: an {@link ErrorAck}, or a 416 {@link FragmentAck} carrying {@code R}
     */
    record Reject(ProtocolError.Kind rule, Response ack) implements FragmentDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Reject {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(ack, "ack");
        }
    }

    /**
     * Write bytes {@code from..to} of the file (Fragment table rows 7, 8, 9 and 12): skip the first {@code skip} bytes
     * of the body (the overlap with what is held, never overwritten), then write the next {@code to - from + 1}
     * bytes at offset {@code from}. For row 9 (only old data) nothing is written: {@code to = from - 1} and the whole
     * body is skipped. On success the answer is {@link #ack()}, after finishing the upload if
     * {@link #completesFile()}.
     *
     * @param echo the session id to echo, as the request spelled it (MC-BUP §2.2.1.2)
     * @param skip the body bytes to read and discard first
     * @param from the file offset of the first byte to write: {@code R}
     * @param to the file offset of the last byte to write, or {@code from - 1} to write nothing
     * @param total the fragment's total: {@code T}
     * @param fixesTotal this is the first accepted fragment: fix {@code T} before writing
     * @param completesFile the write ends at the file's last byte: finish the upload before answering (row 12)
     */
    record Write(SessionId echo, long skip, long from, long to, long total, boolean fixesTotal,
            boolean completesFile) implements FragmentDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code echo} is null
         * @throws IllegalArgumentException if the offsets do not describe a range of the file
         */
        public Write {
            Objects.requireNonNull(echo, "echo");
            if (skip < 0 || from < 0 || to < from - 1 || to >= total || (completesFile && to != total - 1)) {
                throw new IllegalArgumentException("not a write within the file: skip " + skip + ", " + from + "-"
                        + to + "/" + total);
            }
        }

        /** {@return the number of bytes to write, 0 for a fragment of old data only} */
        public long length() {
            return to - from + 1;
        }

        /** {@return the Ack once the bytes are written (and the upload finished): 200 with {@code R = to + 1}} */
        public FragmentAck ack() {
            return FragmentAck.accepted(to + 1, echo);
        }
    }

    /**
     * The zero-byte upload (Fragment table row 14, decision D9): fix the total at 0, finish the upload (an empty file), then
     * answer {@link #ack()}.
     *
     * @param echo the session id to echo
     */
    record FinishEmptyFile(SessionId echo) implements FragmentDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code echo} is null
         */
        public FinishEmptyFile {
            Objects.requireNonNull(echo, "echo");
        }

        /** {@return the Ack once the empty file is finished: 200 with {@code R = 0}} */
        public FragmentAck ack() {
            return FragmentAck.accepted(0, echo);
        }
    }

    /**
     * Every byte is already held (Fragment table row 11, decision D24): answer the final Ack again, never 416, whatever range
     * the fragment names, with the same {@code BITS-Reply-URL} (MC-BUP §3.2.5.1.2 "notify cache") and without
     * notifying the server application again. If the upload is not finished yet (a crash between the last write and
     * the commit, or a notification that failed), finish it first: that commits, or notifies the server application
     * again (MC-BUP §3.2.5.1.3). The body is not wanted.
     *
     * @param echo the session id to echo
     * @param total {@code T}, which is also {@code R}
     * @param finishFirst the upload is complete but not finished: finish it, then ask
     *     {@link ServerDecisions#decideFinish} for the answer
     * @param replyUrl the cached final Ack's reply URL (only when not {@code finishFirst})
     */
    record ReplayFinalAck(SessionId echo, long total, boolean finishFirst, Optional<String> replyUrl)
            implements FragmentDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if {@code total} is negative, or a reply URL comes with a finish
         */
        public ReplayFinalAck {
            Objects.requireNonNull(echo, "echo");
            Objects.requireNonNull(replyUrl, "replyUrl");
            if (total < 0) {
                throw new IllegalArgumentException("negative total");
            }
            if (finishFirst && replyUrl.isPresent()) {
                throw new IllegalArgumentException("an unfinished upload has no cached reply URL");
            }
        }

        /**
         * A replay without a reply URL (a plain upload).
         *
         * @param echo the session id to echo
         * @param total {@code T}
         * @param finishFirst finish the upload before answering
         * @throws NullPointerException if {@code echo} is null
         * @throws IllegalArgumentException if {@code total} is negative
         */
        public ReplayFinalAck(SessionId echo, long total, boolean finishFirst) {
            this(echo, total, finishFirst, Optional.empty());
        }

        /** {@return the final Ack: 200 with {@code R = T}, and the cached reply URL if there is one} */
        public FragmentAck ack() {
            return new FragmentAck(200, total, Optional.of(echo), replyUrl);
        }
    }
}
