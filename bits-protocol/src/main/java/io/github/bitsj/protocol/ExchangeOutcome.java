// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;

/**
 * What came back for one request a client sent: the input of {@link ClientReactions#react}. The I/O layer builds it
 * from the HTTP exchange; nothing here touches the network.
 */
public sealed interface ExchangeOutcome {

    /**
     * The server answered with a valid Ack or error Ack (MC-BUP §2.2.1.2), as {@link Packets#decodeResponse} decodes it.
     *
     * @param response the decoded answer
     */
    record Answered(Response response) implements ExchangeOutcome {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if response is null
         */
        public Answered {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * A 401 or 407 carrying a challenge that the client's credentials can answer (MC-BUP §3.1.1.2 ERROR, §3.6, §9).
     * Which schemes a client answers (Basic, Negotiate, …) is the I/O layer's business.
     *
     * @param ack the decoded error Ack (its status is 401 or 407)
     */
    record Challenged(ErrorAck ack) implements ExchangeOutcome {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if ack is null
         * @throws IllegalArgumentException if the status is not 401 or 407
         */
        public Challenged {
            Objects.requireNonNull(ack, "ack");
            if (ack.status() != 401 && ack.status() != 407) {
                throw new IllegalArgumentException("a challenge comes with 401 or 407: " + ack.status());
            }
        }
    }

    /**
     * A response that is not a valid BITS answer: a 2xx without {@code BITS-Packet-Type: Ack} (a proxy or a plain web
     * server), a missing or out-of-range {@code BITS-Received-Content-Range}, an unusable {@code BITS-Host-Id}, …
     * (MC-BUP §2.2.1.2, §2.2.7.2). The {@link Decoded.Err} of {@link Packets#decodeResponse} is one.
     *
     * @param status the HTTP status, or {@link ClientFailure#NO_STATUS}
     * @param error the broken rule
     */
    record Invalid(int status, ProtocolError error) implements ExchangeOutcome {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if error is null
         */
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * No response: the connection failed, timed out, or could not be secured (MC-BUP §3.1.5.1.7 last row; MC-BUP §3.1.6,
     * §3.1.7).
     *
     * @param cause what kind of failure
     * @param detail what happened, for people (already escaped by the I/O layer)
     */
    record TransportFailed(TransportFailure cause, String detail) implements ExchangeOutcome {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public TransportFailed {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Kinds of transport failure, each with its own reaction. */
    enum TransportFailure {
        /** Connect, reset, closed connection or another I/O error: transient (ERROR_TRANSPORT). */
        CONNECTION,
        /** No response within the request timeout: transient (ERROR_TIMEOUT). */
        TIMEOUT,
        /**
         * The server's identity could not be verified: its certificate is not trusted, or its answer lacks or fails
         * Negotiate's mutual authentication. Fatal: retrying will not make it trusted (as on Windows).
         */
        UNTRUSTED_CERTIFICATE,
        /** The HTTP layer gave up answering authentication challenges: the credentials were rejected, a fatal 401. */
        CREDENTIALS_REJECTED
    }
}
