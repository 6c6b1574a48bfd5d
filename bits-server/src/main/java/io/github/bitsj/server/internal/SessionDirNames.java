// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** The names of session directories in a session area: the session key's 32 lower-case hex digits. */
final class SessionDirNames {
    private SessionDirNames() {}

    /** {@return the directory name of the session with this key} */
    static String of(UUID key) {
        // HexFormat, not String.format: this runs once per Create-Session, and the format parser showed in profiles
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(key.getMostSignificantBits()) + hex.toHexDigits(key.getLeastSignificantBits());
    }

    /** {@return whether a name has the form of {@link #of}: 32 lower-case hex digits} */
    static boolean isSessionDirName(String name) {
        return name.length() == 32 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** {@return the key a session directory's name stands for (the name has the form of {@link #of})} */
    static UUID keyOf(String name) {
        return new UUID(Long.parseUnsignedLong(name.substring(0, 16), 16),
                Long.parseUnsignedLong(name.substring(16), 16));
    }

    /** {@return the key a name stands for, if it is a session directory's name} */
    static Optional<UUID> parse(String name) {
        return isSessionDirName(name) ? Optional.of(keyOf(name)) : Optional.empty();
    }
}
