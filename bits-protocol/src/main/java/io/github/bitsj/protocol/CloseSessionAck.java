// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Ack for Close-Session (MC-BUP §2.2.9; MC-BUP §2.2.9): 200 once the session's resources are released.
 *
 * @param sessionId {@code BITS-Session-Id} echo (absent in the IIS trace, decision D6)
 */
public record CloseSessionAck(Optional<SessionId> sessionId) implements Response {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code sessionId} is null
     */
    public CloseSessionAck {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public int status() {
        return 200;
    }
}
