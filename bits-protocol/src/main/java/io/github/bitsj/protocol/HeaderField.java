// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;

/**
 * One header line as the encoder produces it: a name in the spelling of MC-BUP §2.2 and a
 * value, in the order the Windows client and IIS send them ([T4.1], [T4.2]; MC-BUP §2.2, §2.2.1.2).
 *
 * @param name the header name, e.g. {@code BITS-Packet-Type}
 * @param value the header value
 */
public record HeaderField(String name, String value) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if either component is null
     */
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return a header field}
     *
     * @param name the name
     * @param value the value
     */
    public static HeaderField of(String name, String value) {
        return new HeaderField(name, value);
    }
}
