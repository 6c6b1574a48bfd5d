// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.List;

/**
 * An Ack (MC-BUP §2.2.1.2) as it goes on the wire, less {@code Content-Length: 0} (MC-BUP §2.2.1.2), which the HTTP stack writes (the JDK server does so
 * for {@code sendResponseHeaders(status, -1)}; STYLE §1.4 item 2).
 *
 * @param status the HTTP status
 * @param headers the header fields, in the order IIS sends them ([T4.1], [T4.2])
 */
public record EncodedResponse(int status, List<HeaderField> headers) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code headers} is null
     */
    public EncodedResponse {
        headers = List.copyOf(headers);
    }
}
