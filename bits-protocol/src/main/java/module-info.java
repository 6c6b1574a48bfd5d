// SPDX-License-Identifier: Apache-2.0
/**
 * The BITS Upload Protocol ([MC-BUP], protocol {@code {7df0354d-249b-430f-820d-3d2a9bef4931}}) as a pure model:
 * every request packet and every Ack as an immutable record, the value types the headers carry, the one table that
 * maps each protocol error to its HTTP status, HRESULT and error context, a codec whose decoders are total, and the
 * server's protocol decisions (the Fragment decision table, Close- and Cancel-Session) as pure functions.
 *
 * <p>This module has no dependencies and performs no I/O. Section references ("MC-BUP §3.2.5.2.6") are to [MC-BUP], the
 * BITS Upload Protocol specification; "SDK: …" names a page of the Win32 BITS documentation; "D…" a decision in
 * {@code bits-protocol/README.md}.
 */
module io.github.bitsj.protocol {
    exports io.github.bitsj.protocol;
    // The hand-written ASCII scanners are shared with our own modules only, never part of the public API.
    exports io.github.bitsj.protocol.internal to io.github.bitsj.server, io.github.bitsj.client;
}
