// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Ack for Cancel-Session (MC-BUP §2.2.11; MC-BUP §2.2.11): 200 once the session is discarded.
 *
 * @param sessionId {@code BITS-Session-Id} echo
 */
public record CancelSessionAck(Optional<SessionId> sessionId) implements Response {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code sessionId} is null
     */
    public CancelSessionAck {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public int status() {
        return 200;
    }
}
