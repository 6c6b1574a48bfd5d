// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Create-Session (MC-BUP §2.2.2; MC-BUP §2.2.2): asks for an upload session, offering protocols most preferred first.
 *
 * @param supportedProtocols {@code BITS-Supported-Protocols}: 1–100 GUIDs, most preferred first
 * @param contentName {@code Content-Name}: the client's local file name, informational (only old Windows sends it
 *     here, MC-BUP &lt;5&gt;)
 */
public record CreateSession(List<ProtocolId> supportedProtocols, Optional<String> contentName) implements Request {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if an argument or list element is null
     * @throws IllegalArgumentException if the list is empty or longer than 100, or the content name is invalid
     */
    public CreateSession {
        supportedProtocols = List.copyOf(supportedProtocols);
        if (supportedProtocols.isEmpty() || supportedProtocols.size() > BitsHeaders.MAX_SUPPORTED_PROTOCOLS) {
            throw new IllegalArgumentException("need 1-100 protocols, got " + supportedProtocols.size());
        }
        Objects.requireNonNull(contentName, "contentName");
        contentName.ifPresent(Rules::requireContentName);
    }

    /** {@return the packet the Windows client sends: the BITS 1.5 upload protocol, no Content-Name} */
    public static CreateSession bits15() {
        return new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), Optional.empty());
    }

    @Override
    public PacketType type() {
        return PacketType.CREATE_SESSION;
    }
}
