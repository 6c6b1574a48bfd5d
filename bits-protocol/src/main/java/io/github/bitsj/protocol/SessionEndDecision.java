// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;

/**
 * What a server does with a Close-Session or Cancel-Session (MC-BUP §3.2.5, decision D3, Q19, Q25), as
 * {@link ServerDecisions#decideClose} and {@link ServerDecisions#decideCancel} decide it.
 */
public sealed interface SessionEndDecision {

    /**
     * Answer with an error; the session (if any) is untouched.
     *
     * @param rule the rule: {@link ProtocolError.Kind#SESSION_NOT_FOUND}
     * @param ack the error Ack echoing the session id
     */
    record Reject(ProtocolError.Kind rule, ErrorAck ack) implements SessionEndDecision {
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
     * The session already ended: a repeated Close or Cancel (its earlier Ack was lost) gets 200 again and changes
     * nothing (decision D25).
     *
     * @param ack the 200 Ack
     */
    record Repeat(Response ack) implements SessionEndDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code ack} is null
         */
        public Repeat {
            Objects.requireNonNull(ack, "ack");
        }
    }

    /**
     * Close-Session of a session that never received a Fragment, its total unknown: the upload is the empty file
     * (decision D9; bits4j and TransferVM send an empty file as Create-Session + Close-Session). Fix the total
     * at 0 and finish the upload (commit an empty file; the overwrite rule applies, and on failure answer the failure
     * instead of ending the session), then end the session as {@link SessionView.State#CLOSED} and answer {@code ack}.
     *
     * @param ack the 200 Ack
     */
    record FinishEmptyFile(Response ack) implements SessionEndDecision {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if {@code ack} is null
         */
        public FinishEmptyFile {
            Objects.requireNonNull(ack, "ack");
        }
    }

    /**
     * End the session: finish the upload first if asked, then discard the staging data, keep a tombstone in state
     * {@code to}, free the session's slot, and answer {@code ack}. A finished upload stays at its destination whether
     * the session is closed or cancelled (MC-BUP §3.3.5.2.4).
     *
     * @param to the tombstone state, {@link SessionView.State#CLOSED} or {@link SessionView.State#CANCELLED}
     * @param finishFirst every byte is held but the upload is not finished: finish it, and on failure answer the
     *     failure instead of ending the session (decision D3)
     * @param complete whether the upload reached its destination (after the finish, if any); false means the partial
     *     upload is discarded (decision D19)
     * @param ack the 200 Ack
     */
    record End(SessionView.State to, boolean finishFirst, boolean complete, Response ack)
            implements SessionEndDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if {@code to} is not a tombstone state, or a finish is asked for an upload
         *     that does not end complete
         */
        public End {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(ack, "ack");
            if (!to.isEnded() || (finishFirst && !complete)) {
                throw new IllegalArgumentException("not an end: " + to + ", finishFirst " + finishFirst);
            }
        }
    }
}
