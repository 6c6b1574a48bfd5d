// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Fragment (MC-BUP §2.2.6, §3.2.5.2.6; MC-BUP §2.2.6): one contiguous range of the file; the body holds exactly
 * {@link ContentRange#length()} bytes, which stay in the I/O layer.
 *
 * @param sessionId {@code BITS-Session-Id}, exactly as the server minted it
 * @param range {@code Content-Range}
 * @param contentName {@code Content-Name} (Windows sends it on every fragment; servers ignore it, MC-BUP &lt;11&gt;)
 * @param contentEncoding {@code Content-Encoding}; only {@code identity} is ever accepted (MC-BUP &lt;12&gt;)
 */
public record Fragment(SessionId sessionId, ContentRange range, Optional<String> contentName,
        Optional<String> contentEncoding) implements Request {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the content name or encoding is not a legal value
     */
    public Fragment {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(contentName, "contentName");
        Objects.requireNonNull(contentEncoding, "contentEncoding");
        contentName.ifPresent(Rules::requireContentName);
        contentEncoding.ifPresent(Rules::requireToken);
    }

    /**
     * {@return a fragment with no optional headers}
     *
     * @param sessionId the session
     * @param range the range
     */
    public static Fragment of(SessionId sessionId, ContentRange range) {
        return new Fragment(sessionId, range, Optional.empty(), Optional.empty());
    }

    @Override
    public PacketType type() {
        return PacketType.FRAGMENT;
    }

    @Override
    public long contentLength() {
        return range.length();
    }
}
