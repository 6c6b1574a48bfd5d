// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Ack for Fragment (MC-BUP §2.2.7, §2.2.7.2; MC-BUP §2.2.7): the next offset the server wants, and on the final fragment of
 * an upload-reply the reply URL.
 *
 * <p>A 416 is a Fragment Ack too, not an error: the client re-positions to {@link #receivedOffset()} (MC-BUP §3.1.5.1.7,
 * MC-BUP §3.1.5.2.4). It is sent without the error pair (MC-BUP &lt;4&gt;, decision D23).
 *
 * @param status 200 (accepted) or 416 (out of sync)
 * @param receivedOffset {@code BITS-Received-Content-Range}: count of contiguous bytes held from offset 0
 * @param sessionId {@code BITS-Session-Id} echo (MC-BUP: on 200; IIS omits it, decision D6)
 * @param replyUrl {@code BITS-Reply-URL}: only on a 200 that completes an upload-reply upload (MC-BUP §2.2.7)
 */
public record FragmentAck(int status, long receivedOffset, Optional<SessionId> sessionId, Optional<String> replyUrl)
        implements Response {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the status is not 200/416, the offset is negative, or a reply URL is on a
     *     416 or not a legal value
     */
    public FragmentAck {
        if (status != 200 && status != 416) {
            throw new IllegalArgumentException("Fragment Ack status must be 200 or 416: " + status);
        }
        if (receivedOffset < 0) {
            throw new IllegalArgumentException("negative received offset");
        }
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(replyUrl, "replyUrl");
        replyUrl.ifPresent(Rules::requireReplyUrl);
        if (status == 416 && replyUrl.isPresent()) {
            throw new IllegalArgumentException("a 416 carries no reply URL");
        }
    }

    /**
     * {@return a 200 Ack}
     *
     * @param receivedOffset the next offset wanted
     * @param sessionId the echoed session id
     */
    public static FragmentAck accepted(long receivedOffset, SessionId sessionId) {
        return new FragmentAck(200, receivedOffset, Optional.of(sessionId), Optional.empty());
    }

    /**
     * {@return a 416 Ack telling the client where to continue (Fragment table row 10)}
     *
     * @param receivedOffset the next offset wanted
     * @param sessionId the echoed session id
     */
    public static FragmentAck outOfSync(long receivedOffset, SessionId sessionId) {
        return new FragmentAck(416, receivedOffset, Optional.of(sessionId), Optional.empty());
    }

    /** {@return true for a 416: re-position, not an error} */
    public boolean isOutOfSync() {
        return status == 416;
    }
}
