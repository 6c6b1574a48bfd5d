// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.util.List;

/**
 * One generated request: its exact bytes, what it tests and what the fuzzer may expect of the answer.
 *
 * @param category the one mutation it carries (e.g. {@code te.unsupported}), or {@code valid.<packet>}
 * @param bytes the bytes on the wire
 * @param bitsPost whether it is a well-formed {@code BITS_POST} request line, so any answer must be an Ack
 * @param head whether it is a {@code HEAD} (its answer has no body)
 * @param framing how the bytes delimit the request
 * @param expected the exact answer the protocol requires, or null where only the general checks apply
 * @param packet the BITS packet type it was built from ({@code Create-Session} lets the driver harvest ids)
 * @param session the session id it names, or null
 * @param target the request target
 * @param closeRequested whether the client ends the connection after the answer: it asked for that
 *     ({@code Connection: close}, HTTP/1.0 without keep-alive), so a close the answer does not announce is no
 *     surprise, or its bytes leave the framing of what follows open (bare-LF lines)
 * @param parts the mutations of a {@code combo}, else empty
 */
public record FuzzRequest(String category, byte[] bytes, boolean bitsPost, boolean head, Framing framing,
        Expected expected, String packet, String session, String target, boolean closeRequested,
        List<String> parts) {

    /** How the bytes delimit the request. */
    public enum Framing {
        /** Exactly one request; the connection must stay in sync (or be closed by the server). */
        CLEAN,
        /** Bytes follow the request that the client meant as its body: read one answer, then drop the connection. */
        BROKEN,
        /** The announced body is longer than the bytes: only usable as an abort. */
        OPEN_BODY
    }

    /**
     * An exact answer the protocol requires.
     *
     * @param status the HTTP status
     * @param errorCode the {@code BITS-Error-Code} (upper-case hex, as sent)
     */
    public record Expected(int status, String errorCode) {}

    /** {@return whether the request is a Create-Session whose answer may carry a new session id} */
    public boolean creates() {
        return "Create-Session".equals(packet);
    }
}
