// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.Optional;

/**
 * The values of {@code BITS-Packet-Type} (MC-BUP §2.2.1, §2.2; MC-BUP §2.2.1.2), with the spelling the Windows client
 * sends ([T4.1]).
 */
public enum PacketType {
    /** {@code Ping}: opens the connection, no session (MC-BUP §2.2.4). */
    PING("Ping"),
    /** {@code Create-Session} (MC-BUP §2.2.2). */
    CREATE_SESSION("Create-Session"),
    /** {@code Fragment} (MC-BUP §2.2.6). */
    FRAGMENT("Fragment"),
    /** {@code Close-Session} (MC-BUP §2.2.8). */
    CLOSE_SESSION("Close-Session"),
    /** {@code Cancel-Session} (MC-BUP §2.2.10). */
    CANCEL_SESSION("Cancel-Session"),
    /** {@code Ack}: every response (MC-BUP §2.2.1.2). */
    ACK("Ack");

    /** {@code values()} copies its array on every call; the decoder looks types up on every request. */
    private static final PacketType[] VALUES = values();

    private final String wireName;

    PacketType(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the spelling sent on the wire, e.g. {@code Create-Session}} */
    public String wireName() {
        return wireName;
    }

    /** {@return true for the five request packets, false for {@link #ACK}} */
    public boolean isRequest() {
        return this != ACK;
    }

    /**
     * Finds the packet type for a header value, in any case (MC-BUP §2.2.1: "Server: compare case-insensitively").
     *
     * @param text the header value
     * @return the type, or empty when the value names none
     */
    public static Optional<PacketType> fromWire(CharSequence text) {
        return fromWire(text, true);
    }

    /**
     * Finds the packet type for a header value.
     *
     * @param text the header value
     * @param ignoreCase whether to accept any letter case ({@link DecodeOptions#caseInsensitivePacketType()})
     * @return the type, or empty when the value names none
     */
    public static Optional<PacketType> fromWire(CharSequence text, boolean ignoreCase) {
        return Optional.ofNullable(find(text, ignoreCase));
    }

    /** {@link #fromWire(CharSequence, boolean)} without the {@code Optional}: the type, or null (the decoder's path). */
    static PacketType find(CharSequence text, boolean ignoreCase) {
        if (text instanceof String s) {
            for (PacketType t : VALUES) {   // the spelling Windows sends: String.equals is an intrinsic
                if (t.wireName.equals(s)) {
                    return t;
                }
            }
            if (!ignoreCase) {
                return null;
            }
        }
        for (PacketType t : VALUES) {
            if (ignoreCase ? Ascii.equalsIgnoreCase(t.wireName, text) : t.wireName.contentEquals(text)) {
                return t;
            }
        }
        return null;
    }
}
