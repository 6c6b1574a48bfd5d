// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.internal.Ascii;
import java.util.List;
import java.util.Optional;

/**
 * Request decoding behind {@link Packets#decodeRequest(String, String, HeaderLookup, DecodeOptions)}: the rules of
 * MC-BUP §3.2.5.2.3 and the per-packet sections, checked in a fixed order so that the first broken rule is the one
 * reported.
 *
 * <p>Every header is looked up <em>once</em>: {@link HeaderLookup#values} is the costly part of a decode (a map lookup
 * in the HTTP stack, a case-insensitive search when the header is absent), so each list is kept and reused for the
 * value, its validity and, on the error path, why it was refused. The Fragment path (every request of an upload)
 * allocates only the packet's own records and the {@link Decoded.Ok} around it (issue #14 target: ≤ 1 allocation
 * beyond the packet).
 */
final class RequestDecoder {
    private RequestDecoder() {}

    static Decoded<Request> decode(String method, String target, HeaderLookup headers, DecodeOptions options) {
        if (!BitsHeaders.METHOD.equals(method)) {
            return Decoded.err(Kind.METHOD_NOT_BITS_POST, "", "method is not BITS_POST: " + Ascii.escape(method, 32));
        }
        if (target.isEmpty() || target.length() > BitsHeaders.MAX_URL_LENGTH || !Ascii.isVisible(target)) {
            return Decoded.err(Kind.MALFORMED_TARGET, "", "request target must be 1-2200 visible characters");
        }
        List<String> types = headers.values(BitsHeaders.PACKET_TYPE);
        String type = Packets.single(types);
        if (type == null) {
            return Packets.absent(types, BitsHeaders.PACKET_TYPE, Kind.MISSING_HEADER);
        }
        PacketType t = PacketType.find(type, options.caseInsensitivePacketType());
        if (t == null || !t.isRequest()) {
            return Decoded.err(Kind.UNKNOWN_PACKET_TYPE, BitsHeaders.PACKET_TYPE,
                    "unknown packet type: " + Ascii.escape(type, 64));
        }
        long contentLength;
        List<String> lengths = headers.values(BitsHeaders.CONTENT_LENGTH);
        String length = Packets.single(lengths);
        if (length != null) {
            contentLength = Ascii.parseDecimal(length);
            if (contentLength == Ascii.INVALID) {
                return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.CONTENT_LENGTH, "not a decimal number");
            }
        } else if (t != PacketType.FRAGMENT && options.bodylessWithoutContentLength() && lengths.isEmpty()
                && headers.values(BitsHeaders.TRANSFER_ENCODING).isEmpty()) {
            contentLength = 0;   // RFC 9112 §6.3: neither Content-Length nor Transfer-Encoding = no body (D8)
        } else {
            return Packets.absent(lengths, BitsHeaders.CONTENT_LENGTH, Kind.MISSING_CONTENT_LENGTH);
        }
        if (t != PacketType.FRAGMENT && contentLength != 0) {
            return Decoded.err(Kind.UNEXPECTED_BODY, BitsHeaders.CONTENT_LENGTH,
                    t.wireName() + " must have Content-Length: 0");
        }
        return switch (t) {
            case PING -> Decoded.ok(new Ping());
            case CREATE_SESSION -> createSession(headers, options);
            case FRAGMENT -> fragment(headers, contentLength, options);
            case CLOSE_SESSION, CANCEL_SESSION -> sessionEnd(t, headers);
            case ACK -> throw new AssertionError("excluded above");
        };
    }

    private static Decoded<Request> createSession(HeaderLookup headers, DecodeOptions options) {
        List<String> protocolLines = headers.values(BitsHeaders.SUPPORTED_PROTOCOLS);
        String protocols = Packets.single(protocolLines);
        if (protocols == null) {
            return Packets.absent(protocolLines, BitsHeaders.SUPPORTED_PROTOCOLS, Kind.MISSING_HEADER);
        }
        Decoded<List<ProtocolId>> list = Packets.parseProtocolList(protocols, options);
        if (list instanceof Decoded.Err<List<ProtocolId>> err) {
            return new Decoded.Err<>(err.error());
        }
        List<String> names = headers.values(BitsHeaders.CONTENT_NAME);
        ProtocolError nameError = contentNameError(names);
        if (nameError != null) {
            return new Decoded.Err<>(nameError);
        }
        return Decoded.ok(new CreateSession(list.orElseThrow(), Optional.ofNullable(Packets.single(names))));
    }

    private static Decoded<Request> fragment(HeaderLookup headers, long contentLength, DecodeOptions options) {
        List<String> ids = headers.values(BitsHeaders.SESSION_ID);
        String id = Packets.single(ids);
        ProtocolError idError = requestSessionIdError(ids, id);
        if (idError != null) {
            return new Decoded.Err<>(idError);
        }
        List<String> ranges = headers.values(BitsHeaders.CONTENT_RANGE);
        String rangeText = Packets.single(ranges);
        if (rangeText == null) {
            return Packets.absent(ranges, BitsHeaders.CONTENT_RANGE, Kind.MISSING_HEADER);
        }
        ContentRange r = ContentRange.scan(rangeText, options.caseInsensitiveRangeUnit());
        if (r == null) {
            return new Decoded.Err<>(ContentRange.malformed(rangeText));
        }
        if (r.length() != contentLength) {
            return Decoded.err(Kind.RANGE_LENGTH_MISMATCH, BitsHeaders.CONTENT_LENGTH,
                    "Content-Length " + contentLength + " but the range holds " + r.length() + " bytes");
        }
        Optional<String> encoding = Optional.empty();
        List<String> encodings = headers.values(BitsHeaders.CONTENT_ENCODING);
        if (!encodings.isEmpty()) {
            String enc = Packets.single(encodings);
            if (enc == null) {
                return Packets.absent(encodings, BitsHeaders.CONTENT_ENCODING, Kind.MISSING_HEADER);
            }
            if (!Ascii.equalsIgnoreCase(enc, BitsHeaders.IDENTITY)) {
                return Decoded.err(Kind.UNSUPPORTED_ENCODING, BitsHeaders.CONTENT_ENCODING,
                        "only identity is accepted: " + Ascii.escape(enc, 64));
            }
            encoding = Optional.of(enc);
        }
        List<String> names = headers.values(BitsHeaders.CONTENT_NAME);
        ProtocolError nameError = contentNameError(names);
        if (nameError != null) {
            return new Decoded.Err<>(nameError);
        }
        return Decoded.ok(new Fragment(new SessionId(id), r, Optional.ofNullable(Packets.single(names)), encoding));
    }

    private static Decoded<Request> sessionEnd(PacketType t, HeaderLookup headers) {
        List<String> ids = headers.values(BitsHeaders.SESSION_ID);
        String id = Packets.single(ids);
        ProtocolError idError = requestSessionIdError(ids, id);
        if (idError != null) {
            return new Decoded.Err<>(idError);
        }
        List<String> names = headers.values(BitsHeaders.CONTENT_NAME);
        ProtocolError nameError = contentNameError(names);
        if (nameError != null) {
            return new Decoded.Err<>(nameError);
        }
        SessionId sessionId = new SessionId(id);
        Optional<String> name = Optional.ofNullable(Packets.single(names));
        return Decoded.ok(t == PacketType.CLOSE_SESSION
                ? new CloseSession(sessionId, name)
                : new CancelSession(sessionId, name));
    }

    /**
     * The one {@code Content-Name} rule (optional; at most one value that {@link Rules#isContentName} accepts).
     * Returns the error, or null when the header is absent or {@code Packets.single(values)} is valid.
     */
    private static ProtocolError contentNameError(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String name = Packets.single(values);
        if (name == null) {
            return Packets.absent(values, BitsHeaders.CONTENT_NAME, Kind.MISSING_HEADER).error();
        }
        return Rules.isContentName(name) ? null : new ProtocolError(Kind.MALFORMED_HEADER, BitsHeaders.CONTENT_NAME,
                "must be 1-260 characters without \\ / : * ? \" < > |");
    }

    /**
     * The {@code BITS-Session-Id} rule of a request naming a session (Fragment, Close-Session, Cancel-Session; D31,
     * D46): a missing header is {@link Kind#MISSING_HEADER} and a repeated one {@link Kind#DUPLICATE_HEADER} (400); a
     * value that is not one id a server could have minted (over 100 characters, not visible ASCII, empty, over 4 KB)
     * names no session: {@link Kind#SESSION_NOT_FOUND} (500 {@code BG_E_SESSION_NOT_FOUND}), so a Windows client starts
     * a new session instead of failing the job. Returns null for a valid id; allocation-free (the Fragment path).
     */
    private static ProtocolError requestSessionIdError(List<String> ids, String id) {
        ProtocolError e = Packets.sessionIdError(ids, id);
        if (e == null || e.kind() == Kind.MISSING_HEADER || e.kind() == Kind.DUPLICATE_HEADER) {
            return e;
        }
        return new ProtocolError(Kind.SESSION_NOT_FOUND, BitsHeaders.SESSION_ID,
                "names no session a server could have minted (" + e.detail() + ")");
    }
}
