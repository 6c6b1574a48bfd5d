// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Cancel-Session (MC-BUP §2.2.10; MC-BUP §2.2.10): abandon the upload (before the last fragment) or the reply (after).
 *
 * @param sessionId {@code BITS-Session-Id}
 * @param contentName {@code Content-Name}, ignored by servers
 */
public record CancelSession(SessionId sessionId, Optional<String> contentName) implements Request {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the content name is invalid
     */
    public CancelSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(contentName, "contentName");
        contentName.ifPresent(Rules::requireContentName);
    }

    /**
     * {@return a Cancel-Session without Content-Name}
     *
     * @param sessionId the session
     */
    public static CancelSession of(SessionId sessionId) {
        return new CancelSession(sessionId, Optional.empty());
    }

    @Override
    public PacketType type() {
        return PacketType.CANCEL_SESSION;
    }
}
