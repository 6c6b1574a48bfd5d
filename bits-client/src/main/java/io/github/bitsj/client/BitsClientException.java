// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import io.github.bitsj.protocol.ProtocolError;
import java.io.IOException;
import java.util.Optional;

/**
 * A BITS job failed: the server refused it (a fatal status, digest §5.2), it kept failing with transient errors until
 * the no-progress timeout ran out, the server broke the protocol, or the local file changed (digest §7.6).
 *
 * <p>The exception carries the HTTP status, the {@code BITS-Error-Code} HRESULT, the {@code BITS-Error-Context} and,
 * for responses that were not valid BITS Acks, the {@link ProtocolError.Kind} as fields, so callers never parse the
 * message.
 */
public final class BitsClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The status of a failure that never reached HTTP (transport, local file). */
    public static final int NO_STATUS = 0;

    /** The HTTP status, or {@link #NO_STATUS}. */
    private final int status;
    private final transient HResult errorCode;
    /** The error context, or null. */
    private final ErrorContext context;
    /** The broken protocol rule, or null. */
    private final ProtocolError.Kind protocolError;
    /** The failed packet, or null. */
    private final PacketType packet;
    /** Whether the job gave up after transient errors. */
    private final boolean transientError;

    /**
     * Creates an exception.
     *
     * @param message a human-readable message (never parsed by code)
     * @param status the HTTP status, or {@link #NO_STATUS}
     * @param errorCode the HRESULT, from {@code BITS-Error-Code} or a client-local code
     * @param context the error context
     * @param protocolError the rule the server's response broke, if it was not a valid Ack
     * @param packet the packet whose exchange failed
     * @param transientError true if the failure was transient (digest §5.2), i.e. the job gave up retrying
     * @param cause the underlying exception, or null
     * @throws NullPointerException if an optional is null
     */
    public BitsClientException(String message, int status, Optional<HResult> errorCode, Optional<ErrorContext> context,
            Optional<ProtocolError.Kind> protocolError, Optional<PacketType> packet, boolean transientError,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode.orElse(null);
        this.context = context.orElse(null);
        this.protocolError = protocolError.orElse(null);
        this.packet = packet.orElse(null);
        this.transientError = transientError;
    }

    /** {@return the HTTP status of the failed exchange, or {@link #NO_STATUS}} */
    public int status() {
        return status;
    }

    /** {@return the HRESULT: the server's {@code BITS-Error-Code}, or a client-local code such as BG_E_LOCAL_FILE_CHANGED} */
    public Optional<HResult> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** {@return the error context: {@code 0x5} server, {@code 0x7} server application, or a local one} */
    public Optional<ErrorContext> context() {
        return Optional.ofNullable(context);
    }

    /** {@return the protocol rule the server's response broke, when it was not a valid BITS Ack (digest §3.0)} */
    public Optional<ProtocolError.Kind> protocolError() {
        return Optional.ofNullable(protocolError);
    }

    /** {@return the packet whose exchange failed, if any} */
    public Optional<PacketType> packet() {
        return Optional.ofNullable(packet);
    }

    /**
     * {@return true if the failure was transient (digest §5.2) and the job gave up after its no-progress timeout;
     * false for a fatal failure}
     */
    public boolean isTransient() {
        return transientError;
    }

    BitsClientException asGivenUp() {
        BitsClientException e = new BitsClientException("gave up after transient errors: " + getMessage(), status,
                errorCode(), context(), protocolError(), packet(), true, this);
        return e;
    }
}
