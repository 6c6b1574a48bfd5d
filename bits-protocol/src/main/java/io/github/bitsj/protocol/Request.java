// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * A BITS request packet, sent with {@code BITS_POST} (MC-BUP §2.2). Records carry headers, never body bytes: a
 * Fragment's payload stays in the I/O layer (STYLE §2.4).
 */
public sealed interface Request permits Ping, CreateSession, Fragment, CloseSession, CancelSession {

    /** {@return the value of {@code BITS-Packet-Type} for this packet} */
    PacketType type();

    /** {@return the exact number of body bytes: the range length for a Fragment, 0 for every other packet} */
    default long contentLength() {
        return 0;
    }
}
