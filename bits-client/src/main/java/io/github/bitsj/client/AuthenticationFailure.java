// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ExchangeOutcome.TransportFailure;
import java.io.IOException;

/**
 * An exchange that failed on the client's side of authentication (SDK: Authentication), before or after the server answered:
 * no credentials could be had, the KDC could not be reached, or the server did not prove its identity. The message
 * is for people: it names what failed, never a secret or a token.
 */
final class AuthenticationFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** What failed, and so how the job reacts. */
    enum Kind {
        /** No credentials (no or expired ticket cache, unreadable keytab, unknown service principal): fatal. */
        NO_CREDENTIALS(TransportFailure.CREDENTIALS_REJECTED),
        /** The KDC could not be reached to get a ticket: transient, as a connection failure. */
        KDC_UNREACHABLE(TransportFailure.CONNECTION),
        /** The answer lacks or fails Negotiate's mutual authentication: fatal, as an untrusted certificate. */
        SERVER_NOT_VERIFIED(TransportFailure.UNTRUSTED_CERTIFICATE);

        final TransportFailure reaction;

        Kind(TransportFailure reaction) {
            this.reaction = reaction;
        }
    }

    private final Kind kind;

    AuthenticationFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
