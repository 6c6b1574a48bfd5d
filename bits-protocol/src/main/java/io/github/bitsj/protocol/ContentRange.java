// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;

/**
 * The byte range a Fragment carries: {@code Content-Range: bytes first-last/total} (MC-BUP §2.2.6.1; MC-BUP §2.2.6.1;
 * RFC 2616 §14.16). Offsets are zero-based and inclusive, 64-bit, with {@code 0 ≤ first ≤ last < total}.
 *
 * <p><b>The empty file</b> (decision D9) cannot be written as an RFC range. This model has one value for it,
 * {@link #EMPTY_FILE} ({@code first = 0, last = -1, total = 0}), sent as {@code bytes 0--1/0} (the MC-BUP formula
 * {@code first-(first+len-1)/total} with {@code len = 0}). {@link #parse} accepts three spellings for it:
 * {@code bytes 0--1/0}, {@code bytes *}{@code /0} and {@code bytes 0-0/0}; the Fragment carrying it must have
 * {@code Content-Length: 0}. Every other range with total 0 is rejected.
 *
 * @param first offset of the first byte
 * @param last offset of the last byte
 * @param total size of the whole file
 */
public record ContentRange(long first, long last, long total) {

    /** The one range of a zero-byte upload (decision D9). */
    public static final ContentRange EMPTY_FILE = new ContentRange(0, -1, 0);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ first ≤ last < total}, or the range is {@link #EMPTY_FILE}
     */
    public ContentRange {
        boolean empty = first == 0 && last == -1 && total == 0;
        if (!empty && (first < 0 || last < first || total <= last)) {
            throw new IllegalArgumentException("need 0 <= first <= last < total: " + first + "-" + last + "/" + total);
        }
    }

    /**
     * {@return the range {@code [first, first+length)} of a file of {@code total} bytes}
     *
     * @param first the first offset
     * @param length the number of bytes, ≥ 1 (or 0 for the empty file, with first = total = 0)
     * @param total the file size
     * @throws IllegalArgumentException if the range does not fit in the file
     */
    public static ContentRange ofLength(long first, long length, long total) {
        if (length == 0 && first == 0 && total == 0) {
            return EMPTY_FILE;
        }
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        return new ContentRange(first, Math.addExact(first, length - 1), total);
    }

    /** {@return the number of bytes in the range: {@code last - first + 1}} */
    public long length() {
        return last - first + 1;
    }

    /** {@return true for the range of the zero-byte file} */
    public boolean isEmptyFile() {
        return total == 0;
    }

    /** {@return true if this range ends at the last byte of the file (MC-BUP §2.2.7 "upload complete" test)} */
    public boolean isFinal() {
        return last == total - 1;
    }

    /** {@return the header value, e.g. {@code bytes 0-4891/4892}} */
    public String wire() {
        return "bytes " + first + "-" + last + "/" + total;
    }

    @Override
    public String toString() {
        return wire();
    }

    /**
     * Parses a {@code Content-Range} value strictly except for the unit's case ({@link DecodeOptions#defaults()}).
     *
     * @param text the header value
     * @return the range, or {@link ProtocolError.Kind#MALFORMED_HEADER} on {@code Content-Range}
     */
    public static Decoded<ContentRange> parse(CharSequence text) {
        return parse(text, DecodeOptions.defaults());
    }

    /**
     * Parses a {@code Content-Range} value: {@code "bytes" SP first "-" last "/" total} (MC-BUP §2.2.6.1), digits
     * {@code 0-9} only, no sign, no spaces elsewhere, 64-bit with overflow checks.
     *
     * @param text the header value
     * @param options whether the unit may be in any case
     * @return the range, or {@link ProtocolError.Kind#MALFORMED_HEADER} on {@code Content-Range}
     */
    public static Decoded<ContentRange> parse(CharSequence text, DecodeOptions options) {
        ContentRange r = scan(text, options.caseInsensitiveRangeUnit());
        return r == null ? new Decoded.Err<>(malformed(text)) : Decoded.ok(r);
    }

    /**
     * The scanner behind {@link #parse}, allocation-free but for the result (the Fragment hot path).
     *
     * @return the range, or null when {@code text} is not a valid Content-Range
     */
    static ContentRange scan(CharSequence text, boolean caseInsensitiveUnit) {
        int n = text.length();
        int unitEnd = BitsHeaders.BYTES_UNIT.length();
        if (n < unitEnd + 1 || text.charAt(unitEnd) != ' ') {
            return null;
        }
        for (int i = 0; i < unitEnd; i++) {
            char c = text.charAt(i);
            char u = BitsHeaders.BYTES_UNIT.charAt(i);
            if (c != u && !(caseInsensitiveUnit && Ascii.toLower(c) == u)) {
                return null;
            }
        }
        ContentRange fast = scanDigits(text, unitEnd + 1, n);
        if (fast != null) {
            return fast == MALFORMED ? null : fast;
        }
        int slash = -1;
        for (int i = n - 1; i > unitEnd; i--) {
            if (text.charAt(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return null;
        }
        long total = Ascii.parseDecimal(text, slash + 1, n);
        if (total == Ascii.INVALID) {
            return null;
        }
        int from = unitEnd + 1;
        if (total == 0) {
            // Empty-file spellings (decision D9): "0--1", "*", "0-0".
            return isEmptyFileSpec(text, from, slash) ? EMPTY_FILE : null;
        }
        int dash = -1;
        for (int i = from; i < slash; i++) {
            if (text.charAt(i) == '-') {
                dash = i;
                break;
            }
        }
        if (dash < 0) {
            return null;
        }
        long first = Ascii.parseDecimal(text, from, dash);
        long last = Ascii.parseDecimal(text, dash + 1, slash);
        if (first == Ascii.INVALID || last == Ascii.INVALID || last < first || last >= total) {
            return null;
        }
        return new ContentRange(first, last, total);
    }

    /** {@link #scanDigits}' answer for a text of its shape whose numbers break the rule {@code first ≤ last < total}. */
    private static final ContentRange MALFORMED = new ContentRange(0, 0, 1);

    /**
     * One forward pass over the common shape {@code first-last/total}, each number 1–18 digits (so no overflow) and
     * total &gt; 0: the range, {@link #MALFORMED} when that shape's numbers break the rule, or null for any other text,
     * which the general scan then judges (the empty-file forms, 19-digit numbers, stray characters).
     */
    private static ContentRange scanDigits(CharSequence text, int from, int n) {
        long first = 0;
        long last = 0;
        long value = 0;
        int field = 0;
        int runStart = from;
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                continue;
            }
            int digits = i - runStart;
            if (digits == 0 || digits > 18) {
                return null;
            }
            if (field == 0 && c == '-') {
                first = value;
            } else if (field == 1 && c == '/') {
                last = value;
            } else {
                return null;
            }
            field++;
            value = 0;
            runStart = i + 1;
        }
        int digits = n - runStart;
        if (field != 2 || digits == 0 || digits > 18 || value == 0) {
            return null;
        }
        return last < first || last >= value ? MALFORMED : new ContentRange(first, last, value);
    }

    private static boolean isEmptyFileSpec(CharSequence text, int from, int to) {
        return regionEquals(text, from, to, "0--1") || regionEquals(text, from, to, "*")
                || regionEquals(text, from, to, "0-0");
    }

    private static boolean regionEquals(CharSequence text, int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (text.charAt(from + i) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static ProtocolError malformed(CharSequence text) {
        return new ProtocolError(ProtocolError.Kind.MALFORMED_HEADER, BitsHeaders.CONTENT_RANGE,
                "expected 'bytes first-last/total' with first <= last < total (or an empty-file form): "
                        + Ascii.escape(text, 80));
    }
}
