// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

/** Bounded, escaped text from the wire, so a hostile server cannot inject lines into the output or the reports. */
final class Text {
    private Text() {}

    /**
     * {@return {@code s} with CR, LF, TAB, other controls and non-ASCII escaped, cut at {@code max} characters}
     *
     * @param s wire text
     * @param max the most characters to keep before the cut
     */
    static String escape(CharSequence s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\x%02X", (int) c & 0xFF));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
