// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * The named leniencies of the codec (STYLE §2.5 "Strict by default. Leniency is named and tested"). Each flag is a
 * deviation from the strictest reading of MC-BUP that real peers need; {@link #defaults()} accepts all of them, as the
 * project accepts (bits-protocol/README.md, "Named leniencies"), and {@link #strict()} accepts none.
 *
 * @param caseInsensitivePacketType accept {@code BITS-Packet-Type} in any case: Windows writes {@code Create-Session},
 *     MC-BUP writes {@code CREATE-SESSION}, MC-BUP §2.2.11.2 writes {@code ACK} (MC-BUP §2.2.1, §2.2.1.2). Strict: exactly
 *     the spellings of [T4.1] ({@code Ping}, {@code Create-Session}, …, {@code Ack}).
 * @param commaSeparatedProtocols accept commas as well as spaces between protocol GUIDs (MC-BUP §2.2.2.2; the SDK
 *     says spaces only; MC-BUP §2.2.2)
 * @param legacyErrorHeader read MC-BUP's {@code BITS-Error} when {@code BITS-Error-Code} is absent (decision D1)
 * @param errorCodeWithoutPrefix accept error codes and contexts without {@code 0x}, or with a bare {@code x} prefix,
 *     as MC-BUP's prose and its 416 row write them (MC-BUP §2.2.1.2, decision D21)
 * @param caseInsensitiveRangeUnit accept the Content-Range unit in any case: Windows writes {@code bytes}, the SDK
 *     page {@code Bytes} (MC-BUP §2.2.6, §2.2.6.1)
 * @param bodylessWithoutContentLength (requests) accept Ping, Create-Session, Close-Session and Cancel-Session with
 *     neither {@code Content-Length} nor {@code Transfer-Encoding} as having an empty body, as RFC 9112 §6.3 reads such
 *     a request; Python's http.client sends no {@code Content-Length} on a bodyless custom method (XenServer
 *     TransferVM's client). A Fragment still needs {@code Content-Length} (decision D8). Strict:
 *     MC-BUP §3.2.5.2.3, every request carries it.
 * @param misspelledReceivedContentRange (responses) read {@code BITS-Recieved-Content-Range} when
 *     {@code BITS-Received-Content-Range} is absent: gobits sends that spelling on its 416 (decision D32,
 *     decision D32)
 */
public record DecodeOptions(
        boolean caseInsensitivePacketType,
        boolean commaSeparatedProtocols,
        boolean legacyErrorHeader,
        boolean errorCodeWithoutPrefix,
        boolean caseInsensitiveRangeUnit,
        boolean bodylessWithoutContentLength,
        boolean misspelledReceivedContentRange) {

    private static final DecodeOptions DEFAULTS = new DecodeOptions(true, true, true, true, true, true, true);
    private static final DecodeOptions STRICT = new DecodeOptions(false, false, false, false, false, false, false);

    /** {@return the options bitsj uses by default: every named leniency accepted} */
    public static DecodeOptions defaults() {
        return DEFAULTS;
    }

    /** {@return no leniency: only the exact forms of the MC-BUP §4 traces and the SDK} */
    public static DecodeOptions strict() {
        return STRICT;
    }
}
