// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Close-Session (MC-BUP §2.2.8; MC-BUP §2.2.8): the upload (and any reply download) is done; the server releases the
 * session. Windows adds {@code Content-Name} here too ([T4.1]).
 *
 * @param sessionId {@code BITS-Session-Id}
 * @param contentName {@code Content-Name}, ignored by servers
 */
public record CloseSession(SessionId sessionId, Optional<String> contentName) implements Request {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the content name is invalid
     */
    public CloseSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(contentName, "contentName");
        contentName.ifPresent(Rules::requireContentName);
    }

    /**
     * {@return a Close-Session without Content-Name}
     *
     * @param sessionId the session
     */
    public static CloseSession of(SessionId sessionId) {
        return new CloseSession(sessionId, Optional.empty());
    }

    @Override
    public PacketType type() {
        return PacketType.CLOSE_SESSION;
    }
}
