// SPDX-License-Identifier: Apache-2.0
/**
 * {@code bits-client check URL}: a black-box conformance kit for any BITS upload server (not exported; the command
 * line's {@link io.github.bitsj.client.check.CheckCommand} is its entry point).
 *
 * <p>Each named {@link io.github.bitsj.client.check.Case} talks to the server over raw sockets ({@code Wire}: exact
 * bytes, malformed ones included, plain TCP or TLS) and checks every answer against the protocol model of
 * {@code bits-protocol}: the error table ({@code ProtocolError.Kind}: status, HRESULT, context), the response decoder
 * ({@code Packets.decodeResponse}) and the Fragment decision table of MC-BUP §3.2.5.2.6 ({@code Oracle}). Where the spec
 * allows more than one behaviour (bits-protocol/README.md), every allowed one passes and the report names the one chosen. Each
 * case cites the MC-BUP / SDK sections it checks, with the bitsj decision (D-number) where they leave a question open.
 *
 * <p>Groups: {@code SessionCases} (Ping, Create-Session), {@code FragmentCases}, {@code EndCases} (Close, Cancel),
 * {@code RequestCases} (common request rules, keep-alive), {@code EscapeCases} (path escapes),
 * {@code FlowCases} (the MC-BUP §4.1 trace, resumption, concurrency).
 */
package io.github.bitsj.client.check;
