// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A request packet as it goes on the wire, less the transport's own headers: the method and the BITS headers in the
 * order the Windows client sends them ([T4.1], MC-BUP §2.2.1). {@code Content-Length} (MC-BUP §2.1) is not among them:
 * both JDK HTTP stacks write it themselves; its value is {@link #contentLength()}.
 *
 * @param method always {@value BitsHeaders#METHOD}
 * @param headers the header fields, in order
 * @param contentLength the exact body length to send
 */
public record EncodedRequest(String method, List<HeaderField> headers, long contentLength) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     */
    public EncodedRequest {
        Objects.requireNonNull(method, "method");
        headers = List.copyOf(headers);
    }
}
