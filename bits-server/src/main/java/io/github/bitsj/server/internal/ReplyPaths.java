// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The URLs of the replies the server serves itself (MC-BUP §3.3.5.2.6): absolute (decision D11), under the session
 * area's name, which is never a destination, and unguessable. IIS's {@code BITS-Sessions\Replies\{id}\responsefile.bin}
 * becomes {@code <scheme>://<host><prefix>/<session area>/Replies/<token>/responsefile.bin}, where the token is the
 * session's key (32 hex digits, to find the session) followed by 128 random bits (32 hex digits), so knowing a
 * session id is not enough to read its reply; the owner check comes on top.
 */
final class ReplyPaths {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REPLIES = "/Replies/";
    private static final String FILE = "/responsefile.bin";
    private static final int TOKEN_LENGTH = 64;

    private ReplyPaths() {}

    /** {@return a new token for a session's reply} */
    static String newToken(UUID sessionKey) {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(sessionKey.getMostSignificantBits())
                + hex.toHexDigits(sessionKey.getLeastSignificantBits())
                + hex.toHexDigits(RANDOM.nextLong()) + hex.toHexDigits(RANDOM.nextLong());
    }

    /** {@return whether {@code t} has a token's form: 64 lower-case hex digits} */
    static boolean isToken(String t) {
        return t.length() == TOKEN_LENGTH && t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** {@return the session key in a token} */
    static UUID sessionKey(String token) {
        return new UUID(Long.parseUnsignedLong(token.substring(0, 16), 16),
                Long.parseUnsignedLong(token.substring(16, 32), 16));
    }

    /** {@return the absolute reply URL: the scheme and host the request used, then the reply's path} */
    static String url(URI requestUrl, String prefix, String sessionDirectory, String token) {
        return requestUrl.getScheme() + "://" + requestUrl.getRawAuthority() + prefix + "/" + sessionDirectory
                + REPLIES + token + FILE;
    }

    /** {@return whether a raw request path lies under the replies of this directory} */
    static boolean isReplyPath(String rawPath, String prefix, String sessionDirectory) {
        return rawPath.startsWith(prefix + "/" + sessionDirectory + REPLIES);
    }

    /** {@return the token of a raw request path naming a reply, if it is one} */
    static Optional<String> token(String rawPath, String prefix, String sessionDirectory) {
        String head = prefix + "/" + sessionDirectory + REPLIES;
        if (!rawPath.startsWith(head) || !rawPath.endsWith(FILE)
                || rawPath.length() != head.length() + TOKEN_LENGTH + FILE.length()) {
            return Optional.empty();
        }
        String token = rawPath.substring(head.length(), head.length() + TOKEN_LENGTH);
        return isToken(token) ? Optional.of(token) : Optional.empty();
    }
}
