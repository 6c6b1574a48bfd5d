// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;

/**
 * What finishing an upload produced, as the server reports it to {@link ServerDecisions#decideFinish}: the commit of
 * a plain upload (MC-BUP §3.3.5.2.4), or the answer of the server application that was notified (SDK: Notification Protocol for Server Applications, MC-BUP
 * §3.2.1.4 state NOTIFY). The server carries out the I/O; the decision turns the outcome into the final Ack and the
 * session's next state.
 */
public sealed interface FinishOutcome {

    /** The upload is at its destination; there is no server application (MC-BUP §3.2.1.4: type 0 succeeds at once). */
    record Committed() implements FinishOutcome {}

    /**
     * The server itself could not finish: the destination rules at commit or copy time (MC-BUP §3.3.5.2.4), or a full disk
     * (Fragment table row 13).
     *
     * @param kind the rule that failed
     */
    record Failed(ProtocolError.Kind kind) implements FinishOutcome {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code kind} is null
         */
        public Failed {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The server application answered 200 (SDK: Handling Server Application Errors) and the reply is in place: a reply the server serves
     * itself (an empty one if the application gave none, decision D10), or the application's
     * {@code BITS-Static-Response-URL}; the upload was also copied to its destination if the application asked.
     *
     * @param replyUrl the absolute URL of the reply (decision D11)
     */
    record Replied(String replyUrl) implements FinishOutcome {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code replyUrl} is null
         */
        public Replied {
            Objects.requireNonNull(replyUrl, "replyUrl");
        }
    }

    /**
     * The server application answered a status other than 200 (SDK: Handling Server Application Errors).
     *
     * @param status the application's HTTP status, 100–599
     */
    record ApplicationFailed(int status) implements FinishOutcome {
        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException if {@code status} is 200 or outside 100–599
         */
        public ApplicationFailed {
            if (status < 100 || status > 599 || status == 200) {
                throw new IllegalArgumentException("not a failure status: " + status);
            }
        }
    }

    /** The server application did not answer within the notification timeout (MC-BUP §3.3.6, decision D12). */
    record ApplicationTimedOut() implements FinishOutcome {}

    /** The server application could not be reached (connection refused, reset, not HTTP). */
    record ApplicationUnreachable() implements FinishOutcome {}

    /**
     * The server application's answer breaks the notification protocol, e.g. a {@code BITS-Static-Response-URL}
     * that is not an absolute URL (MC-BUP §3.3.5.3.2, §2.2.13.2).
     */
    record ApplicationResponseInvalid() implements FinishOutcome {}
}
