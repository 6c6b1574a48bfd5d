// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.UUID;

/**
 * A protocol GUID as sent in {@code BITS-Supported-Protocols} and {@code BITS-Protocol} (MC-BUP §2.2.2, §2.2.3; MC-BUP
 * §2.2.2.2): {@code "{" 8HEX "-" 4HEX "-" 4HEX "-" 4HEX "-" 12HEX "}"}, hex digits in either case.
 *
 * <p>Equality is by value, so it ignores the case the peer wrote; {@link #wire()} is the canonical lower-case braced
 * form Windows sends.
 *
 * @param guid the GUID's value
 */
public record ProtocolId(UUID guid) {

    /** {@code {7df0354d-249b-430f-820d-3d2a9bef4931}}, "BITS 1.5 Upload Protocol": the only one there is (MC-BUP §1.3). */
    public static final ProtocolId BITS_1_5_UPLOAD =
            new ProtocolId(new UUID(0x7df0354d249b430fL, 0x820d3d2a9bef4931L));

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code guid} is null
     */
    public ProtocolId {
        java.util.Objects.requireNonNull(guid, "guid");
    }

    /** {@return the braced lower-case form, e.g. {@code {7df0354d-249b-430f-820d-3d2a9bef4931}}} */
    public String wire() {
        return "{" + guid + "}";
    }

    @Override
    public String toString() {
        return wire();
    }

    /**
     * Parses one braced GUID.
     *
     * @param text the text
     * @return the protocol id, or {@link ProtocolError.Kind#MALFORMED_HEADER} on {@code BITS-Supported-Protocols}
     */
    public static Decoded<ProtocolId> parse(CharSequence text) {
        return parse(text, 0, text.length(), BitsHeaders.SUPPORTED_PROTOCOLS);
    }

    static Decoded<ProtocolId> parse(CharSequence text, int from, int to, String header) {
        UUID uuid = parseBracedGuid(text, from, to);
        if (uuid == null) {
            return Decoded.err(ProtocolError.Kind.MALFORMED_HEADER, header,
                    "not a braced GUID: " + Ascii.escape(text.subSequence(from, to), 64));
        }
        return Decoded.ok(new ProtocolId(uuid));
    }

    /** {@return the GUID in {@code text[from,to)} in the form {@code {8-4-4-4-12}}, or null} */
    static UUID parseBracedGuid(CharSequence text, int from, int to) {
        if (to - from != 38 || text.charAt(from) != '{' || text.charAt(to - 1) != '}') {
            return null;
        }
        return parseGuid(text, from + 1, to - 1);
    }

    /** {@return the GUID in {@code text[from,to)} in the form {@code 8-4-4-4-12}, or null} */
    static UUID parseGuid(CharSequence text, int from, int to) {
        if (to - from != 36) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int d = Ascii.hexValue(c);
            if (d < 0) {
                return null;
            }
            if (digits < 16) {
                hi = (hi << 4) | d;
            } else {
                lo = (lo << 4) | d;
            }
            digits++;
        }
        return new UUID(hi, lo);
    }
}
