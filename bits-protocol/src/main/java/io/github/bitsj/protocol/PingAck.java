// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * Ack for Ping (MC-BUP §2.2.5; MC-BUP §2.2.5): 200, {@code BITS-Packet-Type: Ack}, nothing else.
 */
public record PingAck() implements Response {
    @Override
    public int status() {
        return 200;
    }
}
