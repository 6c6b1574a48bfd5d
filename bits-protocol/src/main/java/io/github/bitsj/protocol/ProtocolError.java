// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A broken protocol rule: which one ({@link Kind}), the header at fault, and a human-readable detail.
 *
 * <p>Code matches on {@link #kind()} and {@link #header()} only; {@link #detail()} is for people and never echoes
 * more than a bounded, escaped excerpt of the offending value (STYLE §2.5).
 *
 * @param kind the rule
 * @param header the header at fault, or {@code ""} when the rule is not about one header
 * @param detail explanation for people
 */
public record ProtocolError(Kind kind, String header, String detail) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     */
    public ProtocolError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@return the error Ack a server sends for this error (status, HRESULT and context from {@link Kind})} */
    public ErrorAck toErrorAck() {
        return kind.toErrorAck();
    }

    /**
     * Every protocol rule the codec, the server and the client name, each with its wire mapping (MC-BUP §2.2.1.2): the
     * HTTP status and the {@code BITS-Error-Code} / {@code BITS-Error-Context} pair a server answers with. This is the
     * one table that server, client and tests share.
     *
     * <p>Where MC-BUP says the status alone identifies the problem (416 out of sync, 413 fragment too large;
     * MC-BUP &lt;4&gt;, decision D23), {@link #hresult()} is empty and no error pair is sent.
     */
    public enum Kind {
        // ---- request line and common validation (MC-BUP §2.2.1, §2.2.1.2) ----
        /** A method other than {@code BITS_POST} on an upload URL: 405. (MC-BUP §2.1) */
        METHOD_NOT_BITS_POST(405, HResult.E_INVALIDARG),
        /** The request target is empty, too long (> 2,200) or has illegal characters: 400 E_INVALIDARG. (MC-BUP §2.2.1) */
        MALFORMED_TARGET(400, HResult.E_INVALIDARG),
        /** A required header is absent: 400 E_INVALIDARG. (MC-BUP §2.2.1 rule 1, MC-BUP §3.2.5.2.3) */
        MISSING_HEADER(400, HResult.E_INVALIDARG),
        /** A single-valued header appears more than once: 400 E_INVALIDARG. (MC-BUP §2.2.1 rule 1) */
        DUPLICATE_HEADER(400, HResult.E_INVALIDARG),
        /** A header value breaks its syntax: 400 E_INVALIDARG. (MC-BUP §2.2, §2.2.1.2) */
        MALFORMED_HEADER(400, HResult.E_INVALIDARG),
        /** A header value is longer than 4 KB: 400 E_INVALIDARG. (MC-BUP §2.1, MC-BUP &lt;2&gt;) */
        HEADER_TOO_LONG(400, HResult.E_INVALIDARG),
        /** {@code BITS-Packet-Type} names no request packet: 400 E_INVALIDARG. (MC-BUP §2.2.1, §2.2.1.2) */
        UNKNOWN_PACKET_TYPE(400, HResult.E_INVALIDARG),
        /** No {@code Content-Length} (e.g. chunked): 400 E_INVALIDARG, as Windows does. (MC-BUP §2.2.1 rule 3, decision D8) */
        MISSING_CONTENT_LENGTH(400, HResult.E_INVALIDARG),
        /** A body on Ping, Create-Session, Close- or Cancel-Session: 400 E_INVALIDARG. (MC-BUP §2.2.2, §2.2.1.2) */
        UNEXPECTED_BODY(400, HResult.E_INVALIDARG),
        /** No protocol GUID in common: 400 E_INVALIDARG. (MC-BUP §2.2.2 step 2, MC-BUP §3.2.5.2.4) */
        UNSUPPORTED_PROTOCOL(400, HResult.E_INVALIDARG),
        /** More than 100 protocol GUIDs: 400 E_INVALIDARG. (MC-BUP §2.2.2, MC-BUP &lt;6&gt;) */
        TOO_MANY_PROTOCOLS(400, HResult.E_INVALIDARG),
        /** {@code Content-Length} differs from the Content-Range length: 400 E_INVALIDARG. (MC-BUP §2.2.6.1, Fragment table row 2) */
        RANGE_LENGTH_MISMATCH(400, HResult.E_INVALIDARG),
        /** {@code Content-Encoding} other than identity: 400 E_INVALIDARG. (Fragment table row 4, MC-BUP &lt;12&gt;) */
        UNSUPPORTED_ENCODING(400, HResult.E_INVALIDARG),
        /**
         * A packet the session's state does not expect: 400 E_INVALIDARG (MC-BUP §2.1, §2.2.1.2; SDK *BITS Upload
         * Protocol*). bits-server never sends it — no state of its session machine makes a packet unexpected: Ping is
         * answered anytime (decision D26), Create-Session always opens a new session, and a Fragment, Close or Cancel for an
         * ended session is answered as unknown or repeated (SDK: Virtual Directory Cleanup, decision D25) — but other servers may, e.g. to a
         * Close-Session before the last byte; the conformance kit accepts it there.
         */
        UNEXPECTED_PACKET(400, HResult.E_INVALIDARG),

        // ---- sessions and fragments (MC-BUP §3.2.5.2.6) ----
        /** Unknown, expired or foreign session: 500 BG_E_SESSION_NOT_FOUND. (Fragment table row 1, SDK: Authentication) */
        SESSION_NOT_FOUND(500, HResult.BG_E_SESSION_NOT_FOUND),
        /** The total differs from the session's: 400 E_INVALIDARG. (Fragment table row 3) */
        TOTAL_CHANGED(400, HResult.E_INVALIDARG),
        /**
         * The fragment starts after the received offset (a gap): 416 with the offset, status alone, sent as
         * {@link FragmentAck#outOfSync}. (Fragment table row 10, decision D23)
         */
        RANGE_NOT_CONTIGUOUS(416, null),
        /**
         * Strict range mode: the fragment overlaps held data: 416 with the offset, status alone, sent as
         * {@link FragmentAck#outOfSync}. (Fragment table rows 8-9, decision D2)
         */
        RANGE_OVERLAP(416, null),
        /** The fragment body is larger than the server takes per request: 413, status alone. (Fragment table row 6) */
        FRAGMENT_TOO_LARGE(413, null),
        /** The upload's total exceeds the maximum upload size: 500 BG_E_TOO_LARGE. (Fragment table row 5, decision D5) */
        UPLOAD_TOO_LARGE(500, HResult.BG_E_TOO_LARGE),
        /**
         * The server is out of disk space: 500 ERROR_DISK_FULL {@code 0x80070070}, on every packet (decision D30;
         * MC-BUP §3.2.5.2.3 row 13).
         */
        DISK_FULL(500, HResult.ERROR_DISK_FULL),

        // ---- destination and access (MC-BUP §3.3.5.2.4, SDK: Authentication) ----
        /** The URL does not map to a legal path under the upload root: 400 E_INVALIDARG. (MC-BUP §3.3.5.2.4) */
        INVALID_DESTINATION(400, HResult.E_INVALIDARG),
        /** The URL maps to a directory: 400 E_INVALIDARG. (MC-BUP §2.2.1.2, §3.3.5.2.4) */
        DESTINATION_IS_DIRECTORY(400, HResult.E_INVALIDARG),
        /**
         * The destination's parent does not exist: 404 with ERROR_PATH_NOT_FOUND. The MC-BUP §2.2.1.2 row names no error
         * code; MC-BUP's packet sections say the error pair MUST be present whenever the server encountered an error,
         * and the client classifies by the status, so the pair is sent. (MC-BUP §2.2.1.2, §3.3.5.2.4)
         */
        DESTINATION_NOT_FOUND(404, HResult.ERROR_PATH_NOT_FOUND),
        /** The destination exists and overwrites are off: 403 E_ACCESSDENIED. (MC-BUP §3.3.5.2.4, decision D4) */
        DESTINATION_EXISTS(403, HResult.E_ACCESSDENIED),
        /** The caller may not upload here: 403 E_ACCESSDENIED. (MC-BUP §2.2.1 rule 2, SDK: Authentication) */
        ACCESS_DENIED(403, HResult.E_ACCESSDENIED),
        /** Authentication is required: 401 E_ACCESSDENIED (plus a challenge). (MC-BUP §3.2.5.2.1, SDK: Authentication) */
        UNAUTHORIZED(401, HResult.E_ACCESSDENIED),
        /** Uploads are disabled on this directory: 501 E_ACCESSDENIED. (MC-BUP §2.2.1 rule 5, MC-BUP &lt;22&gt;) */
        UPLOADS_DISABLED(501, HResult.E_ACCESSDENIED),
        /** The session limit is reached: 503 ERROR_TOO_MANY_SESS, transient. (SDK: Virtual Directory Cleanup, MC-BUP §3.2.7) */
        TOO_MANY_SESSIONS(503, HResult.ERROR_TOO_MANY_SESS),
        /** The server is shutting down: 503 ERROR_SHUTDOWN_IN_PROGRESS, transient. (STYLE §3.7) */
        SERVER_UNAVAILABLE(503, HResult.ERROR_SHUTDOWN_IN_PROGRESS),
        /**
         * Logins from this address or for this user failed too often; they are refused for a while without checking
         * the password: 503 E_ACCESSDENIED, transient, so a job with good credentials behind the same address retries
         * later instead of failing as a 401 or 429 would make it (bitsj's decision D44).
         */
        LOGIN_THROTTLED(503, HResult.E_ACCESSDENIED),
        /** An unexpected server fault: 500 E_FAIL. (STYLE §2.6) */
        INTERNAL_ERROR(500, HResult.E_FAIL),

        // ---- upload-reply back end (SDK: Notification Protocol for Server Applications) ----
        /** The application's reply URL is longer than 2,200 characters: 400 E_INVALIDARG. (MC-BUP §2.2.1.2) */
        REPLY_URL_TOO_LONG(400, HResult.E_INVALIDARG),
        /**
         * The application did not answer in time: 408, {@code 0x80070112} as MC-BUP §3.3.6 writes it
         * ({@link HResult#ERROR_DISK_TOO_FRAGMENTED}), context 0x7. (decision D12)
         */
        APPLICATION_TIMEOUT(408, HResult.ERROR_DISK_TOO_FRAGMENTED, ErrorContext.REMOTE_APPLICATION),
        /** The application's response is malformed: 411 E_INVALIDARG. (SDK: Handling Server Application Errors, MC-BUP §3.3.5.3.2) */
        INVALID_APPLICATION_RESPONSE(411, HResult.E_INVALIDARG),
        /**
         * The application cannot be reached (refused, reset, not HTTP): 502, BG_E_HTTP_ERROR_502, context 0x7, which
         * a client treats as transient, so a resent final fragment notifies again. (SDK: Handling Server Application Errors, bitsj's choice)
         */
        APPLICATION_UNREACHABLE(502, HResult.ofHttpStatus(502), ErrorContext.REMOTE_APPLICATION),

        // ---- response side (client), MC-BUP §2.2.1.2: reported as BG_E_INVALID_SERVER_RESPONSE ----
        /** A 2xx response without {@code BITS-Packet-Type: Ack}. (MC-BUP §2.2.1.2) */
        NOT_AN_ACK(0, HResult.BG_E_INVALID_SERVER_RESPONSE),
        /** {@code BITS-Received-Content-Range} beyond the total, or a chosen protocol that was not offered. (MC-BUP §2.2.7.2) */
        INVALID_SERVER_RESPONSE(0, HResult.BG_E_INVALID_SERVER_RESPONSE);

        private final int status;
        private final HResult hresult;
        private final ErrorContext context;

        Kind(int status, HResult hresult) {
            this(status, hresult, ErrorContext.REMOTE_FILE);
        }

        Kind(int status, HResult hresult, ErrorContext context) {
            this.status = status;
            this.hresult = hresult;
            this.context = context;
        }

        /** {@return the HTTP status a server answers with; 0 for errors only a client detects} */
        public int status() {
            return status;
        }

        /** {@return the {@code BITS-Error-Code}; empty where the status alone says it (413, 416)} */
        public Optional<HResult> hresult() {
            return Optional.ofNullable(hresult);
        }

        /** {@return the {@code BITS-Error-Context} sent with {@link #hresult()}} */
        public ErrorContext context() {
            return context;
        }

        /** {@return true for errors detected in a server's response rather than in a request} */
        public boolean isResponseSide() {
            return status == 0;
        }

        /**
         * {@return the error Ack a server sends for this kind}
         *
         * @throws IllegalStateException for a response-side kind, which no server sends
         */
        public ErrorAck toErrorAck() {
            if (isResponseSide()) {
                throw new IllegalStateException(name() + " is detected by clients; servers do not send it");
            }
            return hresult == null
                    ? ErrorAck.of(status)
                    : ErrorAck.of(status, hresult, context);
        }
    }
}
