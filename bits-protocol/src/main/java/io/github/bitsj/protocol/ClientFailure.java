// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A failed exchange as a client reports it (MC-BUP §3.1.5.1.7): what the server said, or what went wrong locally, and
 * whether BITS would retry it (transient) or stop (fatal).
 *
 * @param status the HTTP status, or {@link #NO_STATUS} when no response arrived
 * @param errorCode the HRESULT: the server's {@code BITS-Error-Code}, or a client-local code
 *     (BG_E_INVALID_SERVER_RESPONSE, BG_E_NO_PROGRESS, BG_E_LOCAL_FILE_CHANGED, …)
 * @param context the error context: {@code 0x5} server, {@code 0x7} server application, or a local one
 * @param protocolError the rule a response broke when it was not a valid BITS Ack (MC-BUP §2.2.1.2)
 * @param packet the packet whose exchange failed
 * @param isTransient true if BITS retries it after the retry delay (MC-BUP §3.1.5.1.7), false if it is fatal
 * @param detail a message for people; code never parses it
 */
public record ClientFailure(int status, Optional<HResult> errorCode, Optional<ErrorContext> context,
        Optional<ProtocolError.Kind> protocolError, Optional<PacketType> packet, boolean isTransient, String detail) {

    /** The status of a failure that never reached HTTP (transport, local file): {@value}. */
    public static final int NO_STATUS = 0;

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any reference component is null
     * @throws IllegalArgumentException if the status is neither {@link #NO_STATUS} nor 100–599
     */
    public ClientFailure {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(protocolError, "protocolError");
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(detail, "detail");
        if (status != NO_STATUS && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    /**
     * {@return a failure of the local side, which no retry cures: BG_E_LOCAL_FILE_CHANGED in context LOCAL_FILE
     * (MC-BUP §3.1.5.1.4; SDK file-transfer-consistency)}
     *
     * @param detail what changed, for people
     */
    public static ClientFailure localFileChanged(String detail) {
        return new ClientFailure(NO_STATUS, Optional.of(HResult.BG_E_LOCAL_FILE_CHANGED),
                Optional.of(ErrorContext.LOCAL_FILE), Optional.empty(), Optional.empty(), false,
                "local file changed: " + detail);
    }

    /**
     * {@return a failure to read the local file, retried like a transient error (context LOCAL_FILE)}
     *
     * @param detail what failed, for people
     */
    public static ClientFailure localReadFailed(String detail) {
        return new ClientFailure(NO_STATUS, Optional.empty(), Optional.of(ErrorContext.LOCAL_FILE), Optional.empty(),
                Optional.empty(), true, "cannot read the local file: " + detail);
    }

    /**
     * {@return the failure of an upload-reply reply download (MC-BUP §3.3.5.2.6): its status, reported as
     * {@code BG_E_HTTP_ERROR_xxx}, and transient or fatal by the MC-BUP §3.1.5.1.7 status classes}
     *
     * @param status the HTTP status of the GET, 100–599
     * @throws IllegalArgumentException if the status is outside 100–599
     */
    public static ClientFailure replyDownloadFailed(int status) {
        return new ClientFailure(status, Optional.of(HResult.ofHttpStatus(status)), Optional.empty(), Optional.empty(),
                Optional.empty(), ClientReactions.isTransient(status, Optional.empty()),
                "reply download failed: HTTP " + status);
    }

    /**
     * {@return a reply download the server broke (MC-BUP §3.3.5.2.6): a ranged GET whose answer does not fit the request,
     * reported as {@code code} and retried}
     *
     * @param status the HTTP status of the GET, or {@link #NO_STATUS}
     * @param code the HRESULT, e.g. BG_E_INSUFFICIENT_RANGE_SUPPORT or BG_E_INVALID_SERVER_RESPONSE
     * @param kind the broken rule, if it is one of {@link ProtocolError.Kind}
     * @param detail what was wrong, for people
     */
    public static ClientFailure replyDownloadBroken(int status, HResult code, Optional<ProtocolError.Kind> kind,
            String detail) {
        return new ClientFailure(status, Optional.of(code), Optional.empty(), kind, Optional.empty(), true, detail);
    }
}
