// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A session handle ({@code BITS-Session-Id}, MC-BUP §2.2.3, §2.2, decision D20): opaque to the client, which echoes it byte for
 * byte; at most 100 visible ASCII characters (the SDK: "any HTTP-legal string ≤ 100 characters"). Servers in this
 * project mint the IIS form, an upper-case braced GUID ({@link #ofGuid(UUID)}).
 *
 * <p>Equality is exact, as the client must echo exactly; {@link #matchKey()} gives the case-insensitive key a server
 * uses to look sessions up (decision D20: "matches case-insensitively").
 *
 * @param value the exact text
 */
public record SessionId(String value) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is empty, longer than 100 characters or not visible ASCII
     */
    public SessionId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("session id must be 1-100 visible ASCII characters");
        }
    }

    /**
     * {@return the IIS form of a GUID: {@code {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}} ([T4.1])}
     *
     * @param guid the GUID
     */
    public static SessionId ofGuid(UUID guid) {
        return new SessionId("{" + guid.toString().toUpperCase(Locale.ROOT) + "}");
    }

    /** {@return a new random session id in the IIS form} */
    public static SessionId random() {
        return ofGuid(UUID.randomUUID());
    }

    /** {@return the key a server matches on: the value with ASCII letters upper-cased} */
    public String matchKey() {
        return Ascii.toUpper(value);
    }

    /** {@return true if this id has the IIS braced-GUID form} */
    public boolean isGuid() {
        return ProtocolId.parseBracedGuid(value, 0, value.length()) != null;
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * Parses a {@code BITS-Session-Id} header value.
     *
     * @param text the header value
     * @return the id, or {@link ProtocolError.Kind#MALFORMED_HEADER}
     */
    public static Decoded<SessionId> parse(CharSequence text) {
        String s = text.toString();
        if (!isValid(s)) {
            return new Decoded.Err<>(malformed(s));
        }
        return Decoded.ok(new SessionId(s));
    }

    static ProtocolError malformed(String s) {
        return new ProtocolError(ProtocolError.Kind.MALFORMED_HEADER, BitsHeaders.SESSION_ID,
                "session id must be 1-100 visible ASCII characters: " + Ascii.escape(s, 64));
    }

    static boolean isValid(String s) {
        return !s.isEmpty() && s.length() <= BitsHeaders.MAX_SESSION_ID_LENGTH && Ascii.isVisible(s);
    }
}
