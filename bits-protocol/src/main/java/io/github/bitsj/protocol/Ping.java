// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * Ping (MC-BUP §2.2.4; MC-BUP §2.2.4): opens the connection and runs any connection-bound authentication; touches no
 * session. Headers: {@code BITS-Packet-Type: Ping}, {@code Content-Length: 0}; a {@code BITS-Session-Id} is ignored.
 */
public record Ping() implements Request {
    @Override
    public PacketType type() {
        return PacketType.PING;
    }
}
