// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.Optional;

/**
 * The whole {@code BG_ERROR_CONTEXT} enumeration (SDK: BG_ERROR_CONTEXT), whose numeric value travels in
 * {@code BITS-Error-Context}. Only {@link #REMOTE_FILE} ({@code 0x5}, the BITS server itself) and
 * {@link #REMOTE_APPLICATION} ({@code 0x7}, the server application) appear on the wire.
 */
public enum ErrorContext {
    /** 0: no error. */
    NONE(0),
    /** 1: the error's origin is unknown. */
    UNKNOWN(1),
    /** 2: the BITS queue manager. */
    GENERAL_QUEUE_MANAGER(2),
    /** 3: the queue manager notifying the application. */
    QUEUE_MANAGER_NOTIFICATION(3),
    /** 4: the local file. */
    LOCAL_FILE(4),
    /** 5: the remote file, i.e. the BITS server (MC-BUP: CONTEXT_SERVER); sent as {@code 0x5}. */
    REMOTE_FILE(5),
    /** 6: the transport layer. */
    GENERAL_TRANSPORT(6),
    /** 7: the server application (upload-reply notification); sent as {@code 0x7}. */
    REMOTE_APPLICATION(7),
    /** 8: the server-certificate validation callback (BITS 10.3). */
    SERVER_CERTIFICATE_CALLBACK(8);

    private final int value;

    ErrorContext(int value) {
        this.value = value;
    }

    /** {@return the numeric value} */
    public int value() {
        return value;
    }

    /** {@return the wire form, e.g. {@code 0x5} (MC-BUP §2.2.1.2)} */
    public String wire() {
        return "0x" + Integer.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * {@return the constant with this numeric value}
     *
     * @param value a {@code BG_ERROR_CONTEXT} number
     */
    public static Optional<ErrorContext> of(long value) {
        for (ErrorContext c : values()) {
            if (c.value == value) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a {@code BITS-Error-Context} value: the HRESULT syntax of MC-BUP §2.2.1.2 naming a known context.
     *
     * @param text the header value
     * @param options whether the {@code 0x} prefix may be left out
     * @return the context, or a {@link ProtocolError.Kind#MALFORMED_HEADER} error
     */
    public static Decoded<ErrorContext> parse(CharSequence text, DecodeOptions options) {
        long v = HResult.parseHex32(text, options.errorCodeWithoutPrefix());
        Optional<ErrorContext> c = v == Ascii.INVALID ? Optional.empty() : of(v);
        if (c.isEmpty()) {
            return Decoded.err(ProtocolError.Kind.MALFORMED_HEADER, BitsHeaders.ERROR_CONTEXT,
                    "not a BG_ERROR_CONTEXT value: " + Ascii.escape(text, 64));
        }
        return Decoded.ok(c.get());
    }
}
