// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * A server's answer to a request: the Ack for that packet, or an {@link ErrorAck} (MC-BUP §2.2.1.2). Every Ack carries
 * {@code BITS-Packet-Type: Ack} and {@code Content-Length: 0}.
 */
public sealed interface Response
        permits PingAck, CreateSessionAck, FragmentAck, CloseSessionAck, CancelSessionAck, ErrorAck {

    /** {@return the HTTP status code} */
    int status();
}
