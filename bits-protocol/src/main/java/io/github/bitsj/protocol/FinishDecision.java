// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What follows the finish of an upload (MC-BUP §3.2.1.4 NOTIFY, §6.5.4, §7.2 row 12), as
 * {@link ServerDecisions#decideFinish} decides it from the {@link FinishOutcome}.
 */
public sealed interface FinishDecision {

    /** {@return the answer to the request that finished the upload} */
    Response ack();

    /**
     * The upload is finished: the session moves to {@link SessionView.State#FINISHED} (MC-BUP WAIT_FOR_CLOSE) and
     * keeps {@code replyUrl}, so that any later Fragment gets the same final Ack without a new notification (Fragment
     * table row 11, MC-BUP §3.2.5.1.2). The request data may go, unless it was committed (decision D15).
     *
     * @param replyUrl the reply URL to cache and replay; empty for a plain upload
     * @param ack the final Ack: 200, {@code R = T}, and the reply URL if any
     */
    record Finished(Optional<String> replyUrl, FragmentAck ack) implements FinishDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if the Ack is not a 200 carrying exactly {@code replyUrl}
         */
        public Finished {
            Objects.requireNonNull(replyUrl, "replyUrl");
            Objects.requireNonNull(ack, "ack");
            if (ack.status() != 200 || !ack.replyUrl().equals(replyUrl)) {
                throw new IllegalArgumentException("a final Ack is a 200 carrying the cached reply URL");
            }
        }
    }

    /**
     * The finish failed: the session stays {@link SessionView.State#RECEIVING} holding every byte (MC-BUP NOTIFY back
     * to RECEIVE_FRAGMENTS), any reply made so far is discarded, and the failure is answered; the client's next
     * Fragment finishes again, which notifies the application again (MC-BUP §3.2.5.1.3).
     *
     * @param rule the rule that failed, or empty when the server application's own status is relayed
     * @param ack the error Ack, echoing the session id and carrying {@code R}
     */
    record Unfinished(Optional<ProtocolError.Kind> rule, ErrorAck ack) implements FinishDecision {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Unfinished {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(ack, "ack");
        }
    }
}
