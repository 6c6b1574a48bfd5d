// SPDX-License-Identifier: Apache-2.0
/**
 * The BITS Upload Protocol model and codec (MC-BUP §2.2, §3.2.5.2, §3.2.5.2.6). Entry points: {@link io.github.bitsj.protocol.Packets}
 * for encoding and decoding, {@link io.github.bitsj.protocol.Request} and {@link io.github.bitsj.protocol.Response}
 * for the packets, {@link io.github.bitsj.protocol.ProtocolError.Kind} for the table of errors, and
 * {@link io.github.bitsj.protocol.ServerDecisions} for what a server does with each Fragment, Close- and Cancel-Session.
 */
package io.github.bitsj.protocol;
