// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientFailure;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import io.github.bitsj.protocol.ProtocolError;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A BITS job failed: the server refused it (a fatal status, MC-BUP §3.1.5.1.7), it kept failing with transient errors until
 * the no-progress timeout ran out, the server broke the protocol, or the local file changed (MC-BUP §3.1.5.1.4).
 *
 * <p>The exception carries the HTTP status, the {@code BITS-Error-Code} HRESULT, the {@code BITS-Error-Context} and,
 * for responses that were not valid BITS Acks, the {@link ProtocolError.Kind} as fields, so callers never parse the
 * message. It is made from the protocol's {@link ClientFailure} by {@link #of(ClientFailure)}.
 */
public final class BitsClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The status of a failure that never reached HTTP (transport, local file): {@value}. */
    public static final int NO_STATUS = ClientFailure.NO_STATUS;

    /** The HTTP status, or {@link #NO_STATUS}. */
    private final int status;
    private final transient HResult errorCode;
    /** The error context, or null. */
    private final ErrorContext context;
    /** The broken protocol rule, or null. */
    private final ProtocolError.Kind protocolError;
    /** The failed packet, or null. */
    private final PacketType packet;
    /** Whether the failure was transient. */
    private final boolean transientError;

    private BitsClientException(String message, ClientFailure f, Throwable cause) {
        super(message, cause);
        this.status = f.status();
        this.errorCode = f.errorCode().orElse(null);
        this.context = f.context().orElse(null);
        this.protocolError = f.protocolError().orElse(null);
        this.packet = f.packet().orElse(null);
        this.transientError = f.isTransient();
    }

    /**
     * {@return an exception reporting {@code failure}, with its detail as the message}
     *
     * @param failure what failed
     * @throws NullPointerException if failure is null
     */
    public static BitsClientException of(ClientFailure failure) {
        return of(failure, null);
    }

    static BitsClientException of(ClientFailure failure, Throwable cause) {
        Objects.requireNonNull(failure, "failure");
        return new BitsClientException(failure.detail(), failure, cause);
    }

    /** {@return this transient failure as the reason the job gave up retrying} */
    BitsClientException givenUp() {
        return new BitsClientException("gave up after transient errors: " + getMessage(), failure(), this);
    }

    private ClientFailure failure() {
        return new ClientFailure(status, errorCode(), context(), protocolError(), packet(), transientError,
                getMessage());
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

    /** {@return the protocol rule the server's response broke, when it was not a valid BITS Ack (MC-BUP §2.2.1.2)} */
    public Optional<ProtocolError.Kind> protocolError() {
        return Optional.ofNullable(protocolError);
    }

    /** {@return the packet whose exchange failed, if any} */
    public Optional<PacketType> packet() {
        return Optional.ofNullable(packet);
    }

    /**
     * {@return true if the failure was transient (MC-BUP §3.1.5.1.7) and the job gave up after its no-progress timeout;
     * false for a fatal failure}
     */
    public boolean isTransient() {
        return transientError;
    }
}
