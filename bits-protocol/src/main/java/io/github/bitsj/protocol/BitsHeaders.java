// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * Every header name and fixed token of the protocol, spelled exactly as MC-BUP (§2.2) and the SDK pages write them.
 * Names are matched case-insensitively when decoding ({@link HeaderLookup}); these spellings are what we send.
 */
public final class BitsHeaders {
    private BitsHeaders() {}

    /** The extension method of every BITS request: {@value} (MC-BUP §2.1, §2.2). */
    public static final String METHOD = "BITS_POST";

    /** {@value}: the packet kind, on every request and every Ack (MC-BUP §2.2, §2.2.1.2). */
    public static final String PACKET_TYPE = "BITS-Packet-Type";
    /** {@value}: the client's protocol GUIDs on Create-Session (MC-BUP §2.2.2, §2.2.2.2). */
    public static final String SUPPORTED_PROTOCOLS = "BITS-Supported-Protocols";
    /** {@value}: the protocol the server chose, on the Create-Session Ack (MC-BUP §2.2.3, §2.2.3.2). */
    public static final String PROTOCOL = "BITS-Protocol";
    /** {@value}: the session handle (MC-BUP §2.2, §2.2.1.2). */
    public static final String SESSION_ID = "BITS-Session-Id";
    /** {@value}: the farm node for the rest of the session (SDK: BITS IIS Extension Properties (BITSHostId), MC-BUP §2.2.3.2). */
    public static final String HOST_ID = "BITS-Host-Id";
    /** {@value}: seconds before falling back to the original host (SDK: BITS IIS Extension Properties (BITSHostId), MC-BUP §2.2.3.2). */
    public static final String HOST_ID_FALLBACK_TIMEOUT = "BITS-Host-Id-Fallback-Timeout";
    /** {@value}: next offset the server wants, on Fragment Acks (MC-BUP §2.2.7.2, §2.2.7.2). */
    public static final String RECEIVED_CONTENT_RANGE = "BITS-Received-Content-Range";
    /**
     * {@value}: gobits' misspelling of {@link #RECEIVED_CONTENT_RANGE} on its 416, read by clients with
     * {@link DecodeOptions#misspelledReceivedContentRange()} and never sent (decision D32).
     */
    public static final String RECEIVED_CONTENT_RANGE_MISSPELLED = "BITS-Recieved-Content-Range";
    /** {@value}: where an upload-reply client downloads the reply (MC-BUP §2.2.7, §3.3.5.2.6, MC-BUP §2.2.7.2). */
    public static final String REPLY_URL = "BITS-Reply-URL";
    /** {@value}: the HRESULT of a failure (MC-BUP §2.2.1.2; the SDK's and every interoperable peer's spelling). */
    public static final String ERROR_CODE = "BITS-Error-Code";
    /** {@value}: MC-BUP's spelling of {@link #ERROR_CODE} (decision D1), read by the client, optionally sent. */
    public static final String ERROR_CODE_LEGACY = "BITS-Error";
    /** {@value}: who produced the error, {@code 0x5} or {@code 0x7} (SDK: BG_ERROR_CONTEXT, MC-BUP §2.2.1.2). */
    public static final String ERROR_CONTEXT = "BITS-Error-Context";

    /** {@value}: the client's local file name, informational (MC-BUP §2.2.2, §2.2.6, MC-BUP §2.2.1.1). */
    public static final String CONTENT_NAME = "Content-Name";
    /** {@value}: the byte range a Fragment carries (MC-BUP §2.2.6.1, §2.2.6.1). */
    public static final String CONTENT_RANGE = "Content-Range";
    /** {@value}: body length; required on every request (MC-BUP §2.1, §2.2.1.1). */
    public static final String CONTENT_LENGTH = "Content-Length";
    /** {@value}: a Fragment body's encoding; only identity is supported (MC-BUP §2.2.6, MC-BUP &lt;12&gt;). */
    public static final String CONTENT_ENCODING = "Content-Encoding";
    /** {@value}: a request with it and without {@code Content-Length} has a body of unknown length (RFC 9112 §6.3). */
    public static final String TRANSFER_ENCODING = "Transfer-Encoding";
    /** {@value}: encodings the server accepts, on the Create-Session Ack (MC-BUP §2.2.3, §2.2.3.1). */
    public static final String ACCEPT_ENCODING = "Accept-Encoding";
    /** {@value}: IIS adds {@code Pragma: no-cache} to every Ack (MC-BUP §2.2.1.2, [T4.1]). */
    public static final String PRAGMA = "Pragma";

    /** {@value}: the notification request's destination URL (SDK: Notification Protocol for Server Applications, MC-BUP §2.2.12.2). */
    public static final String ORIGINAL_REQUEST_URL = "BITS-Original-Request-URL";
    /** {@value}: path of the uploaded data, notification by reference (SDK: Notification Protocol for Server Applications). */
    public static final String REQUEST_DATAFILE_NAME = "BITS-Request-DataFile-Name";
    /** {@value}: path where the application writes its reply, notification by reference (SDK: Notification Protocol for Server Applications). */
    public static final String RESPONSE_DATAFILE_NAME = "BITS-Response-DataFile-Name";
    /** {@value}: the application's static reply URL (SDK: Notification Protocol for Server Applications, MC-BUP §2.2.13.2). */
    public static final String STATIC_RESPONSE_URL = "BITS-Static-Response-URL";
    /** {@value}: the application asks for the upload to be copied to its destination (MC-BUP §3.3.5.2.4). */
    public static final String COPY_FILE_TO_DESTINATION = "BITS-Copy-File-To-Destination";

    /** The only content coding offered or accepted: {@value} (MC-BUP §2.2.3, MC-BUP &lt;7&gt;). */
    public static final String IDENTITY = "identity";
    /** The value of {@link #PRAGMA} on Acks: {@value}. */
    public static final String NO_CACHE = "no-cache";
    /** The Content-Range unit: {@value} (MC-BUP §2.2.6.1). */
    public static final String BYTES_UNIT = "bytes";

    /** Windows servers cap a header value at {@value} bytes (MC-BUP §2.1, MC-BUP &lt;2&gt;). */
    public static final int MAX_HEADER_VALUE_LENGTH = 4096;
    /** Windows servers accept up to {@value} protocol GUIDs (MC-BUP §2.2.2, MC-BUP &lt;6&gt;). */
    public static final int MAX_SUPPORTED_PROTOCOLS = 100;
    /** A session id is at most {@value} characters (MC-BUP §2.2.3, SDK: Upload Limits). */
    public static final int MAX_SESSION_ID_LENGTH = 100;
    /** {@code Content-Name} is at most {@value} characters (MC-BUP §2.2.2, MC-BUP &lt;3&gt;). */
    public static final int MAX_CONTENT_NAME_LENGTH = 260;
    /** A reply URL is at most {@value} characters (MC-BUP §2.2, SDK: Upload Limits). */
    public static final int MAX_REPLY_URL_LENGTH = 2200;
    /** A remote URL is at most {@value} characters on the Windows client (MC-BUP §2.2.1). */
    public static final int MAX_URL_LENGTH = 2200;
    /** {@code BITS-Host-Id} is at most {@value} characters (IIS property limit, MC-BUP §2.2). */
    public static final int MAX_HOST_ID_LENGTH = 300;

    /**
     * {@return true if {@code name} may be sent as {@code Content-Name}: 1–260 characters of a field value (obs-text
     * included), none of {@code \\ / : * ? " < > |}, no leading or trailing SP/HTAB (MC-BUP §2.2.2, MC-BUP &lt;3&gt;)}
     * The packet records enforce the same rule.
     *
     * @param name a candidate, e.g. a local file name
     * @throws NullPointerException if {@code name} is null
     */
    public static boolean isValidContentName(String name) {
        return Rules.isContentName(name);
    }
}
