// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.internal.Ascii;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The codec: requests and Acks to and from header lists. Decoders are pure and total: for any non-null input they
 * return a {@link Decoded} and never throw (STYLE §2.5). Header names match case-insensitively through
 * {@link HeaderLookup}; values have surrounding SP/HTAB (HTTP's OWS) removed and are then scanned by hand.
 *
 * <p>Rules applied to every request (MC-BUP §2.2.1): method {@code BITS_POST} exactly; a request target of 1–2,200
 * visible characters; exactly one {@code BITS-Packet-Type} naming a request packet; exactly one decimal
 * {@code Content-Length} (on a bodyless packet, none at all is read as 0 with
 * {@link DecodeOptions#bodylessWithoutContentLength()}); no header value read by the decoder longer than 4 KB. Then
 * each packet's own section:
 * MC-BUP §2.2.4 Ping, MC-BUP §2.2.2 Create-Session, MC-BUP §2.2.6 Fragment, MC-BUP §2.2.8 Close-Session, MC-BUP §2.2.10 Cancel-Session.
 */
public final class Packets {
    private Packets() {}

    // ------------------------------------------------------------------------------------------------ encoding

    /**
     * Encodes a request (MC-BUP §2.2).
     *
     * @param request the packet
     * @return the method, the headers in Windows order, and the body length
     * @throws NullPointerException if {@code request} is null
     */
    public static EncodedRequest encode(Request request) {
        List<HeaderField> h = new ArrayList<>(5);
        h.add(HeaderField.of(BitsHeaders.PACKET_TYPE, request.type().wireName()));
        switch (request) {
            case Ping p -> { }
            case CreateSession c -> {
                StringBuilder sb = new StringBuilder(39 * c.supportedProtocols().size());
                for (ProtocolId id : c.supportedProtocols()) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(id.wire());
                }
                h.add(HeaderField.of(BitsHeaders.SUPPORTED_PROTOCOLS, sb.toString()));
                c.contentName().ifPresent(n -> h.add(HeaderField.of(BitsHeaders.CONTENT_NAME, n)));
            }
            case Fragment f -> {
                h.add(HeaderField.of(BitsHeaders.SESSION_ID, f.sessionId().value()));
                f.contentName().ifPresent(n -> h.add(HeaderField.of(BitsHeaders.CONTENT_NAME, n)));
                h.add(HeaderField.of(BitsHeaders.CONTENT_RANGE, f.range().wire()));
                f.contentEncoding().ifPresent(e -> h.add(HeaderField.of(BitsHeaders.CONTENT_ENCODING, e)));
            }
            case CloseSession c -> {
                h.add(HeaderField.of(BitsHeaders.SESSION_ID, c.sessionId().value()));
                c.contentName().ifPresent(n -> h.add(HeaderField.of(BitsHeaders.CONTENT_NAME, n)));
            }
            case CancelSession c -> {
                h.add(HeaderField.of(BitsHeaders.SESSION_ID, c.sessionId().value()));
                c.contentName().ifPresent(n -> h.add(HeaderField.of(BitsHeaders.CONTENT_NAME, n)));
            }
        }
        return new EncodedRequest(BitsHeaders.METHOD, h, request.contentLength());
    }

    /**
     * Encodes an Ack (MC-BUP §2.2.1.2) with {@code BITS-Error-Code} only.
     *
     * @param response the Ack
     * @return status and headers in IIS order
     * @throws NullPointerException if {@code response} is null
     */
    public static EncodedResponse encode(Response response) {
        return encode(response, false);
    }

    /**
     * Encodes an Ack (MC-BUP §2.2.1.2).
     *
     * @param response the Ack
     * @param legacyErrorHeader also send MC-BUP's {@code BITS-Error} beside {@code BITS-Error-Code} (decision D1)
     * @return status and headers in IIS order
     * @throws NullPointerException if {@code response} is null
     */
    public static EncodedResponse encode(Response response, boolean legacyErrorHeader) {
        List<HeaderField> h = new ArrayList<>(8);
        h.add(HeaderField.of(BitsHeaders.PRAGMA, BitsHeaders.NO_CACHE));
        h.add(HeaderField.of(BitsHeaders.PACKET_TYPE, PacketType.ACK.wireName()));
        switch (response) {
            case PingAck p -> { }
            case CreateSessionAck c -> {
                h.add(HeaderField.of(BitsHeaders.PROTOCOL, c.protocol().wire()));
                h.add(HeaderField.of(BitsHeaders.SESSION_ID, c.sessionId().value()));
                c.hostId().ifPresent(v -> h.add(HeaderField.of(BitsHeaders.HOST_ID, v)));
                c.hostIdFallbackTimeout().ifPresent(
                        t -> h.add(HeaderField.of(BitsHeaders.HOST_ID_FALLBACK_TIMEOUT, Long.toString(t))));
                if (!c.acceptEncodings().isEmpty()) {
                    h.add(HeaderField.of(BitsHeaders.ACCEPT_ENCODING, String.join(", ", c.acceptEncodings())));
                }
            }
            case FragmentAck f -> {
                f.sessionId().ifPresent(id -> h.add(HeaderField.of(BitsHeaders.SESSION_ID, id.value())));
                h.add(HeaderField.of(BitsHeaders.RECEIVED_CONTENT_RANGE, Long.toString(f.receivedOffset())));
                f.replyUrl().ifPresent(u -> h.add(HeaderField.of(BitsHeaders.REPLY_URL, u)));
            }
            case CloseSessionAck c ->
                    c.sessionId().ifPresent(id -> h.add(HeaderField.of(BitsHeaders.SESSION_ID, id.value())));
            case CancelSessionAck c ->
                    c.sessionId().ifPresent(id -> h.add(HeaderField.of(BitsHeaders.SESSION_ID, id.value())));
            case ErrorAck e -> {
                e.sessionId().ifPresent(id -> h.add(HeaderField.of(BitsHeaders.SESSION_ID, id.value())));
                e.errorCode().ifPresent(code -> {
                    h.add(HeaderField.of(BitsHeaders.ERROR_CODE, code.wire()));
                    if (legacyErrorHeader) {
                        h.add(HeaderField.of(BitsHeaders.ERROR_CODE_LEGACY, code.wire()));
                    }
                });
                e.context().ifPresent(c -> h.add(HeaderField.of(BitsHeaders.ERROR_CONTEXT, c.wire())));
                e.receivedOffset().ifPresent(
                        r -> h.add(HeaderField.of(BitsHeaders.RECEIVED_CONTENT_RANGE, Long.toString(r))));
            }
        }
        return new EncodedResponse(response.status(), h);
    }

    // ------------------------------------------------------------------------------------------ request decoding

    /**
     * Decodes a request with {@link DecodeOptions#defaults()}.
     *
     * @param method the request method, compared exactly
     * @param target the request target (the remote URL)
     * @param headers the request headers
     * @return the packet, or the first rule it breaks
     * @throws NullPointerException if an argument is null
     */
    public static Decoded<Request> decodeRequest(String method, String target, HeaderLookup headers) {
        return decodeRequest(method, target, headers, DecodeOptions.defaults());
    }

    /**
     * Decodes a request (MC-BUP §2.2).
     *
     * @param method the request method, compared exactly (STYLE §1.4 item 6)
     * @param target the request target (the remote URL)
     * @param headers the request headers
     * @param options the leniencies to accept
     * @return the packet, or the first rule it breaks
     * @throws NullPointerException if an argument is null
     */
    public static Decoded<Request> decodeRequest(String method, String target, HeaderLookup headers,
            DecodeOptions options) {
        return RequestDecoder.decode(method, target, headers, options);
    }

    /**
     * Parses {@code BITS-Supported-Protocols}: braced GUIDs separated by one or more spaces, or (with
     * {@link DecodeOptions#commaSeparatedProtocols()}) commas (MC-BUP §2.2.2, MC-BUP §2.2.2; MC-BUP §2.2.2.2), at most 100.
     *
     * @param text the header value
     * @param options the leniencies to accept
     * @return the GUIDs in order, or the broken rule
     */
    public static Decoded<List<ProtocolId>> parseProtocolList(String text, DecodeOptions options) {
        List<ProtocolId> out = new ArrayList<>(1);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || (c == ',' && options.commaSeparatedProtocols())) {
                i++;
                continue;
            }
            int end = i;
            while (end < n) {
                char d = text.charAt(end);
                if (d == ' ' || d == '\t' || d == ',') {
                    break;
                }
                end++;
            }
            if (out.size() == BitsHeaders.MAX_SUPPORTED_PROTOCOLS) {
                return Decoded.err(Kind.TOO_MANY_PROTOCOLS, BitsHeaders.SUPPORTED_PROTOCOLS,
                        "more than " + BitsHeaders.MAX_SUPPORTED_PROTOCOLS + " protocols");
            }
            Decoded<ProtocolId> id = ProtocolId.parse(text, i, end, BitsHeaders.SUPPORTED_PROTOCOLS);
            if (id instanceof Decoded.Err<ProtocolId> err) {
                return new Decoded.Err<>(err.error());
            }
            out.add(id.orElseThrow());
            i = end;
        }
        if (out.isEmpty()) {
            return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.SUPPORTED_PROTOCOLS, "no protocol listed");
        }
        return Decoded.ok(List.copyOf(out));
    }

    /**
     * Chooses the protocol for a Create-Session: the client's most preferred one that the server supports
     * (MC-BUP §2.2.2 step 2; MC-BUP §3.2.5.2.4).
     *
     * @param request the Create-Session
     * @param serverSupported the protocols the server speaks
     * @return the chosen protocol, or {@link Kind#UNSUPPORTED_PROTOCOL}
     * @throws NullPointerException if an argument is null
     */
    public static Decoded<ProtocolId> negotiate(CreateSession request, List<ProtocolId> serverSupported) {
        for (ProtocolId id : request.supportedProtocols()) {
            if (serverSupported.contains(id)) {
                return Decoded.ok(id);
            }
        }
        return Decoded.err(Kind.UNSUPPORTED_PROTOCOL, BitsHeaders.SUPPORTED_PROTOCOLS, "no protocol in common");
    }

    // ----------------------------------------------------------------------------------------- response decoding

    /**
     * Decodes the answer to {@code sent} with {@link DecodeOptions#defaults()}.
     *
     * @param sent the request this answers
     * @param status the HTTP status
     * @param headers the response headers
     * @return the Ack, or why the response is not a valid one
     * @throws NullPointerException if an argument is null
     */
    public static Decoded<Response> decodeResponse(Request sent, int status, HeaderLookup headers) {
        return decodeResponse(sent, status, headers, DecodeOptions.defaults());
    }

    /**
     * Decodes the answer to {@code sent} (MC-BUP §2.2.1.2). A 2xx (and a 416 to a Fragment) must be an Ack of the shape the
     * request calls for; any other status becomes an {@link ErrorAck} whose unparsable error headers are ignored
     * (MC-BUP §2.2.1.2).
     *
     * <p>Every {@link Decoded.Err} returned here means the server broke the protocol, whatever its kind: a client
     * reports it as {@link HResult#BG_E_INVALID_SERVER_RESPONSE} (MC-BUP §2.2.1.2; MC-BUP §2.2.7.2: a missing or out-of-range
     * {@code BITS-Received-Content-Range} on a 200/416 is an invalid server response). The kind and header say which
     * rule was broken; request-side kinds such as {@link Kind#MISSING_HEADER} keep their server-side wire mapping
     * ({@link Kind#hresult()}), which a client must not report for a response.
     *
     * @param sent the request this answers
     * @param status the HTTP status
     * @param headers the response headers
     * @param options the leniencies to accept
     * @return the Ack, or why the response is not a valid one
     * @throws NullPointerException if an argument is null
     */
    public static Decoded<Response> decodeResponse(Request sent, int status, HeaderLookup headers,
            DecodeOptions options) {
        if (status < 100 || status > 599) {
            return Decoded.err(Kind.INVALID_SERVER_RESPONSE, "", "HTTP status out of range: " + status);
        }
        boolean fragmentResync = status == 416 && sent instanceof Fragment;
        if ((status < 200 || status > 299) && !fragmentResync) {
            return Decoded.ok(decodeErrorAck(status, headers, options));
        }
        // MC-BUP §2.2.1.2: a 2xx without BITS-Packet-Type: Ack is not a BITS answer (proxy, plain web server).
        String type = single(headers, BitsHeaders.PACKET_TYPE);
        if (type == null) {
            return headers.values(BitsHeaders.PACKET_TYPE).isEmpty()
                    ? Decoded.err(Kind.NOT_AN_ACK, BitsHeaders.PACKET_TYPE, "no BITS-Packet-Type: Ack")
                    : absent(headers, BitsHeaders.PACKET_TYPE, Kind.MISSING_HEADER);
        }
        if (PacketType.fromWire(type, options.caseInsensitivePacketType()).orElse(null) != PacketType.ACK) {
            return Decoded.err(Kind.NOT_AN_ACK, BitsHeaders.PACKET_TYPE,
                    "packet type is not Ack: " + Ascii.escape(type, 64));
        }
        return switch (sent) {
            case Ping p -> status == 200 ? Decoded.ok(new PingAck()) : unexpectedStatus(status);
            case CreateSession c -> decodeCreateSessionAck(c, status, headers);
            case Fragment f -> decodeFragmentAck(f, status, headers, options);
            case CloseSession c -> {
                if (status != 200) {
                    yield unexpectedStatus(status);
                }
                Decoded<Optional<SessionId>> id = optionalSessionId(headers);
                yield id.map(CloseSessionAck::new);
            }
            case CancelSession c -> {
                if (status != 200) {
                    yield unexpectedStatus(status);
                }
                Decoded<Optional<SessionId>> id = optionalSessionId(headers);
                yield id.map(CancelSessionAck::new);
            }
        };
    }

    private static Decoded<Response> unexpectedStatus(int status) {
        return Decoded.err(Kind.INVALID_SERVER_RESPONSE, "", "unexpected success status " + status);
    }

    private static Decoded<Response> decodeCreateSessionAck(CreateSession sent, int status, HeaderLookup headers) {
        if (status != 200 && status != 201) {
            return unexpectedStatus(status);
        }
        String protocol = single(headers, BitsHeaders.PROTOCOL);
        if (protocol == null) {
            return absent(headers, BitsHeaders.PROTOCOL, Kind.MISSING_HEADER);
        }
        Decoded<ProtocolId> chosen = ProtocolId.parse(protocol, 0, protocol.length(),
                BitsHeaders.PROTOCOL);
        if (chosen instanceof Decoded.Err<ProtocolId> err) {
            return new Decoded.Err<>(err.error());
        }
        if (!sent.supportedProtocols().contains(chosen.orElseThrow())) {
            return Decoded.err(Kind.INVALID_SERVER_RESPONSE, BitsHeaders.PROTOCOL, "server chose a protocol not offered");
        }
        Decoded<SessionId> id = requiredSessionId(headers);
        if (id instanceof Decoded.Err<SessionId> err) {
            return new Decoded.Err<>(err.error());
        }
        Optional<String> hostId = Optional.empty();
        if (!headers.values(BitsHeaders.HOST_ID).isEmpty()) {
            String host = single(headers, BitsHeaders.HOST_ID);
            if (host == null) {
                return absent(headers, BitsHeaders.HOST_ID, Kind.MISSING_HEADER);
            }
            if (!Rules.isHostId(host)) {
                return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.HOST_ID,
                        "not a host name or address: " + Ascii.escape(host, 64));
            }
            hostId = Optional.of(host);
        }
        OptionalLong timeout = OptionalLong.empty();
        if (!headers.values(BitsHeaders.HOST_ID_FALLBACK_TIMEOUT).isEmpty()) {
            String t = single(headers, BitsHeaders.HOST_ID_FALLBACK_TIMEOUT);
            if (t == null) {
                return absent(headers, BitsHeaders.HOST_ID_FALLBACK_TIMEOUT, Kind.MISSING_HEADER);
            }
            long seconds = Ascii.parseDecimal(t);
            if (seconds == Ascii.INVALID || seconds > CreateSessionAck.MAX_FALLBACK_TIMEOUT || hostId.isEmpty()) {
                return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.HOST_ID_FALLBACK_TIMEOUT,
                        "must be 0-4294967295 seconds and come with BITS-Host-Id");
            }
            timeout = OptionalLong.of(seconds);
        }
        List<String> encodings = new ArrayList<>(1);
        for (String line : headers.values(BitsHeaders.ACCEPT_ENCODING)) {
            if (line.length() > BitsHeaders.MAX_HEADER_VALUE_LENGTH) {
                return Decoded.err(Kind.HEADER_TOO_LONG, BitsHeaders.ACCEPT_ENCODING, "longer than 4 KB");
            }
            int i = 0;
            while (i <= line.length()) {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                String item = trim(line, i, end);
                int semi = item.indexOf(';');
                String token = semi < 0 ? item : trim(item, 0, semi);
                if (!token.isEmpty()) {
                    if (!Rules.isToken(token)) {
                        return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.ACCEPT_ENCODING,
                                "not a token: " + Ascii.escape(token, 64));
                    }
                    encodings.add(token);
                }
                i = end + 1;
            }
        }
        return Decoded.ok(new CreateSessionAck(status, chosen.orElseThrow(), id.orElseThrow(), hostId, timeout,
                encodings));
    }

    private static Decoded<Response> decodeFragmentAck(Fragment sent, int status, HeaderLookup headers,
            DecodeOptions options) {
        if (status != 200 && status != 416) {
            return unexpectedStatus(status);
        }
        String name = receivedOffsetHeader(headers, options);
        String received = single(headers, name);
        if (received == null) {
            return absent(headers, name, Kind.MISSING_HEADER);
        }
        long offset = Ascii.parseDecimal(received);
        if (offset == Ascii.INVALID) {
            return Decoded.err(Kind.MALFORMED_HEADER, name, "not a decimal offset");
        }
        if (offset > sent.range().total()) {
            return Decoded.err(Kind.INVALID_SERVER_RESPONSE, name,
                    "offset " + offset + " beyond the total " + sent.range().total());
        }
        Decoded<Optional<SessionId>> id = optionalSessionId(headers);
        if (id instanceof Decoded.Err<Optional<SessionId>> err) {
            return new Decoded.Err<>(err.error());
        }
        Optional<String> reply = Optional.empty();
        List<String> replies = headers.values(BitsHeaders.REPLY_URL);
        // MC-BUP §3.1.1.2 (FRAGMENT state) and decision D10: only a non-empty BITS-Reply-URL names a reply; an empty one is
        // the same as none.
        boolean emptyReply = replies.size() == 1 && trim(replies.get(0), 0, replies.get(0).length()).isEmpty();
        if (!replies.isEmpty() && !emptyReply) {
            String url = single(headers, BitsHeaders.REPLY_URL);
            if (url == null) {
                return absent(headers, BitsHeaders.REPLY_URL, Kind.MISSING_HEADER);
            }
            if (!Rules.isReplyUrl(url)) {
                return Decoded.err(Kind.MALFORMED_HEADER, BitsHeaders.REPLY_URL, "not a URL of 1-2200 characters");
            }
            if (status == 416) {
                return Decoded.err(Kind.INVALID_SERVER_RESPONSE, BitsHeaders.REPLY_URL, "reply URL on a 416");
            }
            reply = Optional.of(url);
        }
        return Decoded.ok(new FragmentAck(status, offset, id.orElseThrow(), reply));
    }

    private static ErrorAck decodeErrorAck(int status, HeaderLookup headers, DecodeOptions options) {
        Optional<HResult> code = Optional.empty();
        List<String> codes = headers.values(BitsHeaders.ERROR_CODE);
        if (codes.isEmpty() && options.legacyErrorHeader()) {
            codes = headers.values(BitsHeaders.ERROR_CODE_LEGACY);
        }
        if (!codes.isEmpty()) {
            Decoded<HResult> parsed = HResult.parse(trim(codes.get(0), 0, codes.get(0).length()), options);
            if (parsed instanceof Decoded.Ok<HResult> ok) {
                code = Optional.of(ok.value());
            }
        }
        Optional<ErrorContext> context = Optional.empty();
        List<String> contexts = headers.values(BitsHeaders.ERROR_CONTEXT);
        if (code.isPresent() && !contexts.isEmpty()) {
            Decoded<ErrorContext> parsed = ErrorContext.parse(trim(contexts.get(0), 0, contexts.get(0).length()),
                    options);
            if (parsed instanceof Decoded.Ok<ErrorContext> ok) {
                context = Optional.of(ok.value());
            }
        }
        Optional<SessionId> id = Optional.empty();
        List<String> ids = headers.values(BitsHeaders.SESSION_ID);
        if (ids.size() == 1 && SessionId.parse(trim(ids.get(0), 0, ids.get(0).length()))
                instanceof Decoded.Ok<SessionId> ok) {
            id = Optional.of(ok.value());
        }
        OptionalLong offset = OptionalLong.empty();
        List<String> offsets = headers.values(receivedOffsetHeader(headers, options));
        if (offsets.size() == 1) {
            long v = Ascii.parseDecimal(trim(offsets.get(0), 0, offsets.get(0).length()));
            if (v != Ascii.INVALID) {
                offset = OptionalLong.of(v);
            }
        }
        return new ErrorAck(status, code, context, id, offset);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /**
     * {@return the name to read the received offset from: {@code BITS-Received-Content-Range}, or gobits'
     * {@code BITS-Recieved-Content-Range} when only that one is present and
     * {@link DecodeOptions#misspelledReceivedContentRange()} allows it (decision D32)}
     */
    private static String receivedOffsetHeader(HeaderLookup headers, DecodeOptions options) {
        if (options.misspelledReceivedContentRange() && headers.values(BitsHeaders.RECEIVED_CONTENT_RANGE).isEmpty()
                && !headers.values(BitsHeaders.RECEIVED_CONTENT_RANGE_MISSPELLED).isEmpty()) {
            return BitsHeaders.RECEIVED_CONTENT_RANGE_MISSPELLED;
        }
        return BitsHeaders.RECEIVED_CONTENT_RANGE;
    }

    /**
     * The one {@code BITS-Session-Id} rule of a request or Ack: exactly one value that {@link SessionId} accepts.
     * Returns the error, or null when {@code id} (which is {@code single(values)}) is a valid id; allocation-free (the
     * Fragment path).
     */
    static ProtocolError sessionIdError(List<String> values, String id) {
        if (id == null) {
            return absent(values, BitsHeaders.SESSION_ID, Kind.MISSING_HEADER).error();
        }
        return SessionId.isValid(id) ? null : SessionId.malformed(id);
    }

    private static Decoded<SessionId> requiredSessionId(HeaderLookup headers) {
        List<String> values = headers.values(BitsHeaders.SESSION_ID);
        String id = single(values);
        ProtocolError e = sessionIdError(values, id);
        return e != null ? new Decoded.Err<>(e) : Decoded.ok(new SessionId(id));
    }

    private static Decoded<Optional<SessionId>> optionalSessionId(HeaderLookup headers) {
        if (headers.values(BitsHeaders.SESSION_ID).isEmpty()) {
            return Decoded.ok(Optional.empty());
        }
        return requiredSessionId(headers).map(Optional::of);
    }

    private static String single(HeaderLookup headers, String name) {
        return single(headers.values(name));
    }

    /**
     * {@return a header's single value, OWS-trimmed; null when there is not exactly one acceptable value, in which
     * case {@link #absent} says why} Allocation-free on the hot path.
     *
     * @param values every value of the header, as {@link HeaderLookup#values} gave them
     */
    static String single(List<String> values) {
        if (values.size() != 1) {
            return null;
        }
        String raw = values.get(0);
        if (raw.length() > BitsHeaders.MAX_HEADER_VALUE_LENGTH) {
            return null;
        }
        String v = trim(raw, 0, raw.length());
        return v.isEmpty() ? null : v;
    }

    private static <T> Decoded<T> absent(HeaderLookup headers, String name, Kind missingKind) {
        return absent(headers.values(name), name, missingKind);
    }

    /**
     * {@return why {@link #single} found no value in {@code values} (those of header {@code name}); a missing header
     * is reported as {@code missingKind}}
     */
    static <T> Decoded<T> absent(List<String> values, String name, Kind missingKind) {
        if (values.isEmpty()) {
            return Decoded.err(missingKind, name, name + " is required");
        }
        if (values.size() > 1) {
            return Decoded.err(Kind.DUPLICATE_HEADER, name, name + " appears " + values.size() + " times");
        }
        if (values.get(0).length() > BitsHeaders.MAX_HEADER_VALUE_LENGTH) {
            return Decoded.err(Kind.HEADER_TOO_LONG, name, name + " is longer than 4 KB");
        }
        return Decoded.err(Kind.MALFORMED_HEADER, name, name + " is empty");
    }

    private static String trim(String s, int from, int to) {
        while (from < to && Ascii.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Ascii.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }
}
