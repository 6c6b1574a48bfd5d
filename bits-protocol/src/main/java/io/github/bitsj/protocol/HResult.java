// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.Map;
import java.util.Optional;

/**
 * An HRESULT as carried by {@code BITS-Error-Code} (MC-BUP §2.2.1.2, SDK: BITS Return Values): a 32-bit value, sent as {@code 0x} plus eight
 * upper-case hex digits.
 *
 * <p>Parsing follows MC-BUP §2.2.1.2, decision D21: an optional {@code 0x}, {@code 0X} or {@code x} prefix, then 1–8 hex
 * digits in either case. Without {@link DecodeOptions#errorCodeWithoutPrefix()} the {@code 0x}/{@code 0X} prefix is
 * required.
 *
 * @param value the 32-bit value, e.g. {@code 0x8020001F}
 */
public record HResult(int value) {

    /** {@code 0x00000000}: "no error"; MC-BUP lists it for the 416 out-of-sync row (MC-BUP §2.2.1.2, decision D23). */
    public static final HResult S_OK = new HResult(0);
    /** {@code 0x80070057} E_INVALIDARG: a syntax or semantic rule was broken (SDK: BITS Return Values). */
    public static final HResult E_INVALIDARG = new HResult(0x80070057);
    /** {@code 0x80070005} E_ACCESSDENIED: not authorised, cannot overwrite, uploads disabled (SDK: BITS Return Values). */
    public static final HResult E_ACCESSDENIED = new HResult(0x80070005);
    /** {@code 0x80004005} E_FAIL: an unexpected server fault (generic; not named by MC-BUP). */
    public static final HResult E_FAIL = new HResult(0x80004005);
    /**
     * {@code 0x80070002} HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): the file is not there; a client reads it on the
     * Close-Session of an empty upload as "the server holds no file" (decision D9).
     */
    public static final HResult ERROR_FILE_NOT_FOUND = new HResult(0x80070002);
    /** {@code 0x80070003} HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND): destination parent missing (MC-BUP §3.3.5.2.4). */
    public static final HResult ERROR_PATH_NOT_FOUND = new HResult(0x80070003);
    /**
     * {@code 0x80070070} HRESULT_FROM_WIN32(ERROR_DISK_FULL), Win32 error 112: the server is out of space (500). MC-BUP's
     * table writes {@code 0x80070112}, decimal 112 written as hex; a reader accepts both (decision D30).
     */
    public static final HResult ERROR_DISK_FULL = new HResult(0x80070070);
    /**
     * {@code 0x80070112} HRESULT_FROM_WIN32(ERROR_DISK_TOO_FRAGMENTED), Win32 error 274. MC-BUP §3.3.6 sends this value
     * with 408 when the server application does not answer in time (decision D12, kept as written), and its table
     * writes it for a full disk (read as {@link #ERROR_DISK_FULL} there, decision D30).
     */
    public static final HResult ERROR_DISK_TOO_FRAGMENTED = new HResult(0x80070112);
    /** {@code 0x80070045} HRESULT_FROM_WIN32(ERROR_TOO_MANY_SESS): the server's session limit is reached. */
    public static final HResult ERROR_TOO_MANY_SESS = new HResult(0x80070045);
    /** {@code 0x8007045B} HRESULT_FROM_WIN32(ERROR_SHUTDOWN_IN_PROGRESS): the server is stopping. */
    public static final HResult ERROR_SHUTDOWN_IN_PROGRESS = new HResult(0x8007045B);
    /** {@code 0x8020001F} BG_E_SESSION_NOT_FOUND: unknown session; the client restarts (SDK: BITS Return Values). */
    public static final HResult BG_E_SESSION_NOT_FOUND = new HResult(0x8020001F);
    /** {@code 0x80200020} BG_E_TOO_LARGE: upload exceeds the server's limit (SDK: BITS Return Values, decision D5). */
    public static final HResult BG_E_TOO_LARGE = new HResult(0x80200020);
    /** {@code 0x80200022} BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH = new HResult(0x80200022);
    /** {@code 0x80200023} BG_E_SERVER_EXECUTE_ENABLE (IIS, SDK: IIS Requirements for BITS Uploads). */
    public static final HResult BG_E_SERVER_EXECUTE_ENABLE = new HResult(0x80200023);
    /** {@code 0x8020001B} BG_E_INVALID_SERVER_RESPONSE: the server broke the protocol (client-local, MC-BUP §2.2.1.2). */
    public static final HResult BG_E_INVALID_SERVER_RESPONSE = new HResult(0x8020001B);
    /** {@code 0x80200024} BG_E_NO_PROGRESS (client-local, MC-BUP §3.1.5.1.7). */
    public static final HResult BG_E_NO_PROGRESS = new HResult(0x80200024);
    /** {@code 0x8020001D} BG_E_LOCAL_FILE_CHANGED (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_LOCAL_FILE_CHANGED = new HResult(0x8020001D);
    /** {@code 0x8020001C} BG_E_TOO_MANY_FILES (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_TOO_MANY_FILES = new HResult(0x8020001C);
    /** {@code 0x8020001E} BG_E_ERROR_CONTEXT_REMOTE_APPLICATION (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_ERROR_CONTEXT_REMOTE_APPLICATION = new HResult(0x8020001E);
    /** {@code 0x80200010} BG_E_NETWORK_DISCONNECTED (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_NETWORK_DISCONNECTED = new HResult(0x80200010);
    /** {@code 0x80200012} BG_E_INSUFFICIENT_HTTP_SUPPORT (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_INSUFFICIENT_HTTP_SUPPORT = new HResult(0x80200012);
    /** {@code 0x80200013} BG_E_INSUFFICIENT_RANGE_SUPPORT (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_INSUFFICIENT_RANGE_SUPPORT = new HResult(0x80200013);
    /** {@code 0x80200011} BG_E_MISSING_FILE_SIZE (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_MISSING_FILE_SIZE = new HResult(0x80200011);
    /** {@code 0x80200021} BG_E_STRING_TOO_LONG (client-local, SDK: BITS Return Values). */
    public static final HResult BG_E_STRING_TOO_LONG = new HResult(0x80200021);
    /** {@code 0x80072F0C} ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED (client-local, SDK: BITS Return Values). */
    public static final HResult ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED = new HResult(0x80072F0C);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(S_OK.value, "S_OK"),
            Map.entry(E_INVALIDARG.value, "E_INVALIDARG"),
            Map.entry(E_ACCESSDENIED.value, "E_ACCESSDENIED"),
            Map.entry(E_FAIL.value, "E_FAIL"),
            Map.entry(ERROR_FILE_NOT_FOUND.value, "ERROR_FILE_NOT_FOUND"),
            Map.entry(ERROR_PATH_NOT_FOUND.value, "ERROR_PATH_NOT_FOUND"),
            Map.entry(ERROR_DISK_FULL.value, "ERROR_DISK_FULL"),
            Map.entry(ERROR_DISK_TOO_FRAGMENTED.value, "ERROR_DISK_TOO_FRAGMENTED"),
            Map.entry(ERROR_TOO_MANY_SESS.value, "ERROR_TOO_MANY_SESS"),
            Map.entry(ERROR_SHUTDOWN_IN_PROGRESS.value, "ERROR_SHUTDOWN_IN_PROGRESS"),
            Map.entry(BG_E_SESSION_NOT_FOUND.value, "BG_E_SESSION_NOT_FOUND"),
            Map.entry(BG_E_TOO_LARGE.value, "BG_E_TOO_LARGE"),
            Map.entry(BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH.value, "BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH"),
            Map.entry(BG_E_SERVER_EXECUTE_ENABLE.value, "BG_E_SERVER_EXECUTE_ENABLE"),
            Map.entry(BG_E_INVALID_SERVER_RESPONSE.value, "BG_E_INVALID_SERVER_RESPONSE"),
            Map.entry(BG_E_NO_PROGRESS.value, "BG_E_NO_PROGRESS"),
            Map.entry(BG_E_LOCAL_FILE_CHANGED.value, "BG_E_LOCAL_FILE_CHANGED"),
            Map.entry(BG_E_TOO_MANY_FILES.value, "BG_E_TOO_MANY_FILES"),
            Map.entry(BG_E_ERROR_CONTEXT_REMOTE_APPLICATION.value, "BG_E_ERROR_CONTEXT_REMOTE_APPLICATION"),
            Map.entry(BG_E_NETWORK_DISCONNECTED.value, "BG_E_NETWORK_DISCONNECTED"),
            Map.entry(BG_E_INSUFFICIENT_HTTP_SUPPORT.value, "BG_E_INSUFFICIENT_HTTP_SUPPORT"),
            Map.entry(BG_E_INSUFFICIENT_RANGE_SUPPORT.value, "BG_E_INSUFFICIENT_RANGE_SUPPORT"),
            Map.entry(BG_E_MISSING_FILE_SIZE.value, "BG_E_MISSING_FILE_SIZE"),
            Map.entry(BG_E_STRING_TOO_LONG.value, "BG_E_STRING_TOO_LONG"),
            Map.entry(ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED.value, "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED"));

    /**
     * {@return the HRESULT Windows reports for an HTTP status: {@code BG_E_HTTP_ERROR_xxx} = {@code 0x80190000 + status}
     * (SDK: BITS Return Values)}
     *
     * @param status an HTTP status code, 100–599
     * @throws IllegalArgumentException if {@code status} is outside 100–599
     */
    public static HResult ofHttpStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        return new HResult(0x80190000 + status);
    }

    /** {@return the symbolic name from SDK: BITS Return Values if this is a named value, e.g. {@code BG_E_SESSION_NOT_FOUND}} */
    public Optional<String> name() {
        String name = NAMES.get(value);
        if (name == null && (value & 0xFFFF0000) == 0x80190000 && (value & 0xFFFF) >= 100 && (value & 0xFFFF) <= 599) {
            name = "BG_E_HTTP_ERROR_" + (value & 0xFFFF);
        }
        return Optional.ofNullable(name);
    }

    /** {@return true for a failure code (the severity bit is set)} */
    public boolean isFailure() {
        return value < 0;
    }

    /** {@return the wire form: {@code 0x} and eight upper-case hex digits, e.g. {@code 0x8020001F} (MC-BUP §2.2.1.2)} */
    public String wire() {
        // By hand: String.format costs ~10x and every error Ack pays it (bits-bench ValueTypeBenchmark).
        char[] out = {'0', 'x', 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) {
            out[9 - i] = HEX[(value >>> (4 * i)) & 0xF];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@return the wire form followed by the name when known, for people} */
    @Override
    public String toString() {
        return name().map(n -> wire() + " " + n).orElse(wire());
    }

    /**
     * Parses a {@code BITS-Error-Code} value leniently (MC-BUP §2.2.1.2).
     *
     * @param text the header value
     * @return the HRESULT or a {@link ProtocolError.Kind#MALFORMED_HEADER} error
     */
    public static Decoded<HResult> parse(CharSequence text) {
        return parse(text, DecodeOptions.defaults());
    }

    /**
     * Parses a {@code BITS-Error-Code} value.
     *
     * @param text the header value
     * @param options whether the {@code 0x} prefix may be left out
     * @return the HRESULT or a {@link ProtocolError.Kind#MALFORMED_HEADER} error
     */
    public static Decoded<HResult> parse(CharSequence text, DecodeOptions options) {
        long v = parseHex32(text, options.errorCodeWithoutPrefix());
        if (v == Ascii.INVALID) {
            return Decoded.err(ProtocolError.Kind.MALFORMED_HEADER, BitsHeaders.ERROR_CODE,
                    "not 0x + 1-8 hex digits: " + Ascii.escape(text, 64));
        }
        return Decoded.ok(new HResult((int) v));
    }

    /** Shared by {@link ErrorContext}: {@code [0x|0X|x]} 1*8HEXDIG, or {@link Ascii#INVALID}. */
    static long parseHex32(CharSequence text, boolean prefixOptional) {
        int from = 0;
        int n = text.length();
        if (n >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            from = 2;
        } else if (prefixOptional && n >= 1 && text.charAt(0) == 'x') {
            from = 1;
        } else if (!prefixOptional) {
            return Ascii.INVALID;
        }
        return Ascii.parseHex(text, from, n, 8);
    }
}
