// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An Ack reporting failure (MC-BUP §2.2.1.2): a non-2xx status, and usually {@code BITS-Error-Code} (HRESULT) with
 * {@code BITS-Error-Context}. For example, a lost session:
 * <pre>
 * HTTP/1.1 500 Internal Server Error
 * BITS-Packet-Type: Ack
 * BITS-Error-Code: 0x8020001F
 * BITS-Error-Context: 0x5
 * </pre>
 *
 * <p>When decoding, an unparsable error code or context is ignored (MC-BUP §2.2.1.2: "ignore the header if unparsable").
 * A Fragment's 416 is a {@link FragmentAck}, not an ErrorAck.
 *
 * @param status the HTTP status, 100–599 and not 2xx
 * @param errorCode {@code BITS-Error-Code}
 * @param context {@code BITS-Error-Context}; only together with an error code (MC-BUP §2.2.1.2)
 * @param sessionId {@code BITS-Session-Id} echo
 * @param receivedOffset {@code BITS-Received-Content-Range} on a failed Fragment (MC-BUP §2.2.7.2, recommended)
 */
public record ErrorAck(int status, Optional<HResult> errorCode, Optional<ErrorContext> context,
        Optional<SessionId> sessionId, OptionalLong receivedOffset) implements Response {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the status is 2xx or outside 100–599, a context comes without an error
     *     code, or the offset is negative
     */
    public ErrorAck {
        if (status < 100 || status > 599 || (status >= 200 && status <= 299)) {
            throw new IllegalArgumentException("error Ack status must be 1xx or 3xx-5xx: " + status);
        }
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(receivedOffset, "receivedOffset");
        if (context.isPresent() && errorCode.isEmpty()) {
            throw new IllegalArgumentException("BITS-Error-Context needs BITS-Error-Code");
        }
        if (receivedOffset.isPresent() && receivedOffset.getAsLong() < 0) {
            throw new IllegalArgumentException("negative received offset");
        }
    }

    /**
     * {@return an error Ack with status, code and context only}
     *
     * @param status the HTTP status
     * @param code the HRESULT
     * @param context the context
     */
    public static ErrorAck of(int status, HResult code, ErrorContext context) {
        return new ErrorAck(status, Optional.of(code), Optional.of(context), Optional.empty(), OptionalLong.empty());
    }

    /**
     * {@return an error Ack whose status says it all (413; decision D23)}
     *
     * @param status the HTTP status
     */
    public static ErrorAck of(int status) {
        return new ErrorAck(status, Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    /**
     * {@return this Ack echoing a session id}
     *
     * @param id the session id
     */
    public ErrorAck withSessionId(SessionId id) {
        return new ErrorAck(status, errorCode, context, Optional.of(id), receivedOffset);
    }

    /**
     * {@return this Ack carrying the received offset}
     *
     * @param offset the next offset the server wants
     */
    public ErrorAck withReceivedOffset(long offset) {
        return new ErrorAck(status, errorCode, context, sessionId, OptionalLong.of(offset));
    }

    /** {@return true if the error code is {@link HResult#BG_E_SESSION_NOT_FOUND}} */
    public boolean isSessionNotFound() {
        return errorCode.filter(HResult.BG_E_SESSION_NOT_FOUND::equals).isPresent();
    }
}
