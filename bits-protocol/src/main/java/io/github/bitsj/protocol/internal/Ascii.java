// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol.internal;

/**
 * Hand-written ASCII scanning for wire text (STYLE §2.5; the number and GUID grammars of MC-BUP §2.2, §2.2.6.1): digits are {@code '0'..'9'} only, hex digits are
 * {@code 0-9a-fA-F} only, nothing is trimmed unless the caller says so. The JDK's {@code Long.parseLong} and
 * {@code UUID.fromString} are deliberately not used: they accept {@code +1}, non-ASCII digits and short GUIDs.
 */
public final class Ascii {
    private Ascii() {}

    /** Returned by the number scanners when the text is not a number of the required form. */
    public static final long INVALID = -1L;

    /**
     * Parses {@code text[from, to)} as an unsigned decimal of at most 19 digits that fits in a non-negative long.
     *
     * @param text the text
     * @param from the first index
     * @param to the index after the last
     * @return the value, or {@link #INVALID}
     */
    public static long parseDecimal(CharSequence text, int from, int to) {
        if (from >= to || to - from > 19) {
            return INVALID;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return INVALID;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * {@return the whole text as an unsigned decimal long, or {@link #INVALID}}
     *
     * @param text the text
     */
    public static long parseDecimal(CharSequence text) {
        return parseDecimal(text, 0, text.length());
    }

    /**
     * {@return the value of a hex digit, or -1}
     *
     * @param c the character
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Parses {@code text[from, to)} as 1–{@code maxDigits} hex digits (maxDigits ≤ 15).
     *
     * @param text the text
     * @param from the first index
     * @param to the index after the last
     * @param maxDigits the most digits allowed
     * @return the value, or {@link #INVALID}
     */
    public static long parseHex(CharSequence text, int from, int to, int maxDigits) {
        if (from >= to || to - from > maxDigits) {
            return INVALID;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = hexValue(text.charAt(i));
            if (d < 0) {
                return INVALID;
            }
            value = (value << 4) | d;
        }
        return value;
    }

    /**
     * {@return true if {@code c} is SP or HTAB}
     *
     * @param c the character
     */
    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * {@return {@code a} and {@code b} equal ignoring ASCII case only}
     *
     * @param a one text
     * @param b the other
     */
    public static boolean equalsIgnoreCase(CharSequence a, CharSequence b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && toLower(x) != toLower(y)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return {@code c} lower-cased if it is an ASCII capital letter}
     *
     * @param c the character
     */
    public static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /**
     * {@return {@code s} with ASCII letters upper-cased; other characters unchanged}
     *
     * @param s the text
     */
    public static String toUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'a' && d <= 'z') {
                        chars[j] = (char) (d - 32);
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /**
     * {@return true if every character is a visible ASCII character (VCHAR, 0x21–0x7E)}
     *
     * @param s the text
     */
    public static boolean isVisible(CharSequence s) {
        if (s instanceof String str) {
            return isVisible(str);   // String.charAt inlines; the session id is checked twice per Fragment
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if ((char) (s.charAt(i) - 0x21) > 0x7E - 0x21) {   // one unsigned compare for 0x21..0x7E
                return false;
            }
        }
        return true;
    }

    /**
     * {@return true if every character may appear in an HTTP field value: VCHAR, SP, HTAB or obs-text (0x80–0xFF,
     * RFC 7230 §3.2: how a byte outside ASCII arrives through an ISO-8859-1 reading of the header, e.g. a non-ASCII
     * file name in {@code Content-Name})}
     *
     * @param s the text
     */
    public static boolean isFieldValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes untrusted text safe for a message or a log line: CR, LF, TAB and other controls and non-ASCII are escaped
     * and the result is cut at {@code max} characters (STYLE §2.5 "Messages are safe").
     *
     * @param s the untrusted text
     * @param max the most characters kept
     * @return the escaped, bounded text
     */
    public static String escape(CharSequence s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (out.length() >= max) {
                out.append("...");
                break;
            }
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
