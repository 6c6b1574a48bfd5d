// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;

/** Value rules shared by record constructors and the decoder, each in one place. */
final class Rules {
    private Rules() {}

    /**
     * {@code Content-Name}: 1–260 characters of a legal field value (obs-text included: Windows sends the local file
     * name, which may be non-ASCII, on every packet, MC-BUP &lt;11&gt;), none of {@code \ / : * ? " < > |}
     * (MC-BUP §2.2.2, MC-BUP &lt;3&gt;), not starting or ending with SP/HTAB: a field value cannot (RFC 7230 §3.2.4 strips
     * that OWS), so such a name would not survive the wire.
     */
    static boolean isContentName(String s) {
        int n = s.length();
        if (n == 0 || n > BitsHeaders.MAX_CONTENT_NAME_LENGTH
                || Ascii.isWhitespace(s.charAt(0)) || Ascii.isWhitespace(s.charAt(n - 1))) {
            return false;
        }
        // One pass for both rules (Ascii.isFieldValue and the reserved characters) over a bit set of the refused
        // ASCII characters: every Fragment's name is checked twice, by the decoder and by the record.
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 64) {
                if ((NAME_REFUSED_LOW >>> c & 1) != 0) {
                    return false;
                }
            } else if (c < 128) {
                if ((NAME_REFUSED_HIGH >>> c & 1) != 0) {   // a long shift takes c mod 64
                    return false;
                }
            } else if (c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Characters 0–63 a Content-Name refuses: controls but HTAB, and {@code " * / : < > ?}. */
    private static final long NAME_REFUSED_LOW = refused(0, "\"*/:<>?");
    /** Characters 64–127 a Content-Name refuses: {@code \ |} and DEL. */
    private static final long NAME_REFUSED_HIGH = refused(64, "\\|" + (char) 0x7F);

    private static long refused(int base, String chars) {
        long bits = 0;
        if (base == 0) {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\t') {
                    bits |= 1L << c;
                }
            }
        }
        for (int i = 0; i < chars.length(); i++) {
            bits |= 1L << (chars.charAt(i) - base);
        }
        return bits;
    }

    static void requireContentName(String s) {
        if (!isContentName(s)) {
            throw new IllegalArgumentException("Content-Name must be 1-260 characters without \\ / : * ? \" < > |");
        }
    }

    /** An RFC 7230 token. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static void requireToken(String s) {
        if (!isToken(s)) {
            throw new IllegalArgumentException("not an HTTP token");
        }
    }

    /**
     * {@code BITS-Host-Id}: 1–300 characters naming a host (RFC 1738 host, or an IPv6 address with or without
     * brackets), leniently with a {@code :port} (SDK: BITS IIS Extension Properties (BITSHostId), decision D13). No scheme, path, user info or spaces.
     */
    static boolean isHostId(String s) {
        if (s.isEmpty() || s.length() > BitsHeaders.MAX_HOST_ID_LENGTH || !Ascii.isVisible(s)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static void requireHostId(String s) {
        if (!isHostId(s)) {
            throw new IllegalArgumentException("BITS-Host-Id must be a host name or IP address of 1-300 characters");
        }
    }

    /** {@code BITS-Reply-URL}: 1–2,200 visible ASCII characters (absolute URL or IIS relative path). */
    static boolean isReplyUrl(String s) {
        return !s.isEmpty() && s.length() <= BitsHeaders.MAX_REPLY_URL_LENGTH && Ascii.isVisible(s);
    }

    static void requireReplyUrl(String s) {
        if (!isReplyUrl(s)) {
            throw new IllegalArgumentException("BITS-Reply-URL must be 1-2200 visible ASCII characters");
        }
    }
}
