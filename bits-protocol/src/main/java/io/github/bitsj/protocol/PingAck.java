// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * Ack for Ping (digest §3.1; MC-BUP §2.2.5): 200, {@code BITS-Packet-Type: Ack}, nothing else.
 */
public record PingAck() implements Response {
    @Override
    public int status() {
        return 200;
    }
}
