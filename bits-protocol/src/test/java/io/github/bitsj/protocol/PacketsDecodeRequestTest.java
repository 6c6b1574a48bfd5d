// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request vectors of MC-BUP §2.2 ([T4.1], [T4.2], §2.5), decoded field by field, and every request-side rule. */
class PacketsDecodeRequestTest {

    static final String GUID = "{7df0354d-249b-430f-820d-3d2a9bef4931}";
    static final String SID = "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}";

    static Decoded<Request> decode(String vector) {
        return decode(vector, DecodeOptions.defaults());
    }

    static Decoded<Request> decode(String vector, DecodeOptions options) {
        Wire.RawRequest raw = Wire.request(vector);
        return Packets.decodeRequest(raw.method(), raw.target(), raw.headers(), options);
    }

    /** Decodes a request from {@code BITS_POST /u/f.bin} and the given name/value pairs. */
    static Decoded<Request> decodeHeaders(DecodeOptions options, String... nameValues) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(HeaderField.of(nameValues[i], nameValues[i + 1]));
        }
        return Packets.decodeRequest("BITS_POST", "/u/f.bin", HeaderLookup.of(fields), options);
    }

    static Decoded<Request> decodeHeaders(String... nameValues) {
        return decodeHeaders(DecodeOptions.defaults(), nameValues);
    }

    static void assertError(Decoded<?> d, Kind kind, String header) {
        assertInstanceOf(Decoded.Err.class, d, () -> "expected " + kind + " but decoded " + d);
        assertEquals(kind, d.error().kind(), () -> d.error().toString());
        assertEquals(header, d.error().header(), () -> d.error().toString());
    }

    // ------------------------------------------------------------------------------------------ trace vectors

    @Test
    void t41PingDecodesUnderDefaultsAndStrict() {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            Request r = decode(Vectors.T41_PING, o).orElseThrow();
            Ping ping = assertInstanceOf(Ping.class, r);
            assertEquals(PacketType.PING, ping.type());
            assertEquals(0, ping.contentLength());
        }
    }

    @Test
    void t41CreateSessionDecodesFieldByField() {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            CreateSession c = assertInstanceOf(CreateSession.class, decode(Vectors.T41_CREATE_SESSION, o).orElseThrow());
            assertEquals(List.of(ProtocolId.BITS_1_5_UPLOAD), c.supportedProtocols());
            assertEquals(Optional.of("rfc2119.txt"), c.contentName());
            assertEquals(PacketType.CREATE_SESSION, c.type());
            assertEquals(0, c.contentLength());
        }
    }

    @Test
    void t41FragmentDecodesFieldByField() {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            Fragment f = assertInstanceOf(Fragment.class, decode(Vectors.T41_FRAGMENT, o).orElseThrow());
            assertEquals(Vectors.T41_SESSION, f.sessionId());
            assertEquals(SID, f.sessionId().value());
            assertEquals(new ContentRange(0, 4891, 4892), f.range());
            assertEquals(Optional.of("rfc2119.txt"), f.contentName());
            assertEquals(Optional.empty(), f.contentEncoding());
            assertEquals(4892, f.contentLength());
            assertTrue(f.range().isFinal());
        }
    }

    @Test
    void t41CloseSessionDecodesFieldByField() {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            CloseSession c = assertInstanceOf(CloseSession.class, decode(Vectors.T41_CLOSE_SESSION, o).orElseThrow());
            assertEquals(Vectors.T41_SESSION, c.sessionId());
            assertEquals(Optional.of("rfc2119.txt"), c.contentName());
            assertEquals(PacketType.CLOSE_SESSION, c.type());
        }
    }

    @Test
    void cancelSessionOfDigest25DecodesFieldByField() {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            CancelSession c = assertInstanceOf(CancelSession.class, decode(Vectors.CANCEL_SESSION, o).orElseThrow());
            assertEquals(Vectors.T41_SESSION, c.sessionId());
            assertEquals(Optional.empty(), c.contentName());
            assertEquals(PacketType.CANCEL_SESSION, c.type());
        }
    }

    @Test
    void cancelSessionWithTheDigestsLiteralPlaceholderIdIsOpaque() {
        // MC-BUP §2.2.10 writes "{...}"; a session id is opaque (decision D20), so this is a legal id.
        CancelSession c = assertInstanceOf(CancelSession.class, decodeHeaders(
                "BITS-Packet-Type", "Cancel-Session", "BITS-Session-Id", "{...}", "Content-Length", "0")
                .orElseThrow());
        assertEquals("{...}", c.sessionId().value());
        assertFalse(c.sessionId().isGuid());
    }

    @Test
    void t42RequestsDecodeFieldByField() {
        assertEquals(CreateSession.bits15().supportedProtocols(),
                ((CreateSession) decode(Vectors.T42_CREATE_SESSION).orElseThrow()).supportedProtocols());
        assertInstanceOf(Ping.class, decode(Vectors.T42_PING).orElseThrow());
        Fragment f = (Fragment) decode(Vectors.T42_FRAGMENT).orElseThrow();
        assertEquals(new Fragment(Vectors.T42_SESSION, ContentRange.ofLength(0, 4892, 4892),
                Optional.of("rfc2119.txt"), Optional.empty()), f);
        assertEquals(SessionId.ofGuid(Vectors.T42_SESSION_GUID), f.sessionId());
        CloseSession c = (CloseSession) decode(Vectors.T42_CLOSE_SESSION).orElseThrow();
        assertEquals(new CloseSession(Vectors.T42_SESSION, Optional.of("rfc2119.txt")), c);
    }

    @Test
    void headerNamesMatchInAnyCase() {
        Fragment f = (Fragment) decodeHeaders(DecodeOptions.strict(),
                "Bits-Packet-Type", "Fragment", "bits-session-id", SID, "CONTENT-RANGE", "bytes 0-9/10",
                "content-length", "10", "content-NAME", "a.txt", "content-encoding", "identity").orElseThrow();
        assertEquals(new Fragment(new SessionId(SID), new ContentRange(0, 9, 10), Optional.of("a.txt"),
                Optional.of("identity")), f);
        CreateSession c = (CreateSession) decodeHeaders(DecodeOptions.strict(), "bits-packet-type", "Create-Session",
                "BITS-SUPPORTED-PROTOCOLS", GUID, "Content-Length", "0").orElseThrow();
        assertEquals(CreateSession.bits15(), c);
    }

    @Test
    void valuesHaveSurroundingWhitespaceRemoved() {
        Fragment f = (Fragment) decodeHeaders("BITS-Packet-Type", " Fragment\t", "BITS-Session-Id", "\t" + SID + " ",
                "Content-Range", "  bytes 5-9/10 ", "Content-Length", " 5 ").orElseThrow();
        assertEquals(Fragment.of(new SessionId(SID), new ContentRange(5, 9, 10)), f);
    }

    @Test
    void pingIgnoresASessionIdAndUnknownHeaders() {
        assertEquals(new Ping(), decodeHeaders("BITS-Packet-Type", "Ping", "BITS-Session-Id", "{x}",
                "X-Custom", "1", "Content-Length", "0").orElseThrow());
    }

    @Test
    void createSessionListsSeveralProtocolsInOrder() {
        ProtocolId other = new ProtocolId(new UUID(1, 2));
        CreateSession c = (CreateSession) decodeHeaders(DecodeOptions.strict(), "BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", other.wire() + "  \t" + GUID.toUpperCase(), "Content-Length", "0")
                .orElseThrow();
        assertEquals(List.of(other, ProtocolId.BITS_1_5_UPLOAD), c.supportedProtocols());
        assertEquals(ProtocolId.BITS_1_5_UPLOAD, Packets.negotiate(c, List.of(ProtocolId.BITS_1_5_UPLOAD)).orElseThrow());
        assertEquals(other, Packets.negotiate(c, List.of(ProtocolId.BITS_1_5_UPLOAD, other)).orElseThrow());
    }

    @Test
    void exactlyOneHundredProtocolsAreAccepted() {
        String list = String.join(" ", java.util.Collections.nCopies(100, GUID));
        CreateSession c = (CreateSession) decodeHeaders("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", list, "Content-Length", "0").orElseThrow();
        assertEquals(100, c.supportedProtocols().size());
    }

    // ------------------------------------------------------------------- one invalid vector per request kind

    @ParameterizedTest
    @ValueSource(strings = {"POST", "bits_post", "BITS_POST ", "GET", "", "BITS-POST"})
    void methodOtherThanBitsPost(String method) {
        Wire.RawRequest raw = Wire.request(Vectors.T41_PING);
        assertError(Packets.decodeRequest(method, raw.target(), raw.headers()), Kind.METHOD_NOT_BITS_POST, "");
    }

    @Test
    void malformedTarget() {
        HeaderLookup h = Wire.request(Vectors.T41_PING).headers();
        assertError(Packets.decodeRequest("BITS_POST", "", h), Kind.MALFORMED_TARGET, "");
        assertError(Packets.decodeRequest("BITS_POST", "/a b", h), Kind.MALFORMED_TARGET, "");
        assertError(Packets.decodeRequest("BITS_POST", "/a\r\nX: y", h), Kind.MALFORMED_TARGET, "");
        assertError(Packets.decodeRequest("BITS_POST", "/\u00e9", h), Kind.MALFORMED_TARGET, "");
        assertError(Packets.decodeRequest("BITS_POST", "/" + "a".repeat(2200), h), Kind.MALFORMED_TARGET, "");
        assertTrue(Packets.decodeRequest("BITS_POST", "/" + "a".repeat(2199), h).isOk());
    }

    @Test
    void missingHeaders() {
        assertError(decodeHeaders("Content-Length", "0"), Kind.MISSING_HEADER, "BITS-Packet-Type");
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "Content-Length", "0"),
                Kind.MISSING_HEADER, "BITS-Supported-Protocols");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "Content-Range", "bytes 0-0/1",
                "Content-Length", "1"), Kind.MISSING_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID, "Content-Length", "1"),
                Kind.MISSING_HEADER, "Content-Range");
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "Content-Length", "0"),
                Kind.MISSING_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders("BITS-Packet-Type", "Cancel-Session", "Content-Length", "0"),
                Kind.MISSING_HEADER, "BITS-Session-Id");
    }

    @Test
    void duplicateHeaders() {
        assertError(decodeHeaders("BITS-Packet-Type", "Ping", "bits-packet-type", "Ping", "Content-Length", "0"),
                Kind.DUPLICATE_HEADER, "BITS-Packet-Type");
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "BITS-Session-Id", SID, "Content-Length", "0"), Kind.DUPLICATE_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders("BITS-Packet-Type", "Ping", "Content-Length", "0", "Content-Length", "0"),
                Kind.DUPLICATE_HEADER, "Content-Length");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Range", "bytes 0-0/1", "Content-Length", "1"),
                Kind.DUPLICATE_HEADER, "Content-Range");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Length", "1", "Content-Encoding", "identity",
                "Content-Encoding", "identity"), Kind.DUPLICATE_HEADER, "Content-Encoding");
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "Content-Name", "a", "Content-Name", "b", "Content-Length", "0"),
                Kind.DUPLICATE_HEADER, "Content-Name");
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols", GUID,
                "BITS-Supported-Protocols", GUID, "Content-Length", "0"),
                Kind.DUPLICATE_HEADER, "BITS-Supported-Protocols");
    }

    @Test
    void malformedHeaders() {
        assertError(decodeHeaders("BITS-Packet-Type", "Ping", "Content-Length", "zero"),
                Kind.MALFORMED_HEADER, "Content-Length");
        assertError(decodeHeaders("BITS-Packet-Type", "", "Content-Length", "0"),
                Kind.MALFORMED_HEADER, "BITS-Packet-Type");
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols", "  ",
                "Content-Length", "0"), Kind.MALFORMED_HEADER, "BITS-Supported-Protocols");
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols",
                "7df0354d-249b-430f-820d-3d2a9bef4931", "Content-Length", "0"),
                Kind.MALFORMED_HEADER, "BITS-Supported-Protocols");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 9-0/10", "Content-Length", "1"), Kind.MALFORMED_HEADER, "Content-Range");
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "Content-Name", "dir/a.txt", "Content-Length", "0"), Kind.MALFORMED_HEADER, "Content-Name");
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols", GUID,
                "Content-Name", "a".repeat(261), "Content-Length", "0"), Kind.MALFORMED_HEADER, "Content-Name");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Length", "1", "Content-Name", "a|b"),
                Kind.MALFORMED_HEADER, "Content-Name");
    }

    @Test
    void headerLongerThan4Kb() {
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", (GUID + " ").repeat(106), "Content-Length", "0"),
                Kind.HEADER_TOO_LONG, "BITS-Supported-Protocols");
        assertError(decodeHeaders("BITS-Packet-Type", "Ping" + " ".repeat(4096), "Content-Length", "0"),
                Kind.HEADER_TOO_LONG, "BITS-Packet-Type");
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "Content-Name", "a".repeat(4097), "Content-Length", "0"), Kind.HEADER_TOO_LONG, "Content-Name");
        // Exactly 4096 characters is still within the limit (then rejected by the value's own rule).
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "Content-Name", "a".repeat(4096), "Content-Length", "0"), Kind.MALFORMED_HEADER, "Content-Name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ack", "Upload", "Pings", "Create_Session", "Fragment\u0000", "Cancel Session"})
    void unknownPacketType(String type) {
        assertError(decodeHeaders("BITS-Packet-Type", type, "Content-Length", "0"),
                Kind.UNKNOWN_PACKET_TYPE, "BITS-Packet-Type");
    }

    @Test
    void missingContentLength() {
        // strict (MC-BUP §3.2.5.2.3): every request carries it; the default reads a bodyless packet without it as
        // empty (D8, bodylessWithoutContentLength below)
        assertError(decodeHeaders(DecodeOptions.strict(), "BITS-Packet-Type", "Ping"),
                Kind.MISSING_CONTENT_LENGTH, "Content-Length");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Transfer-Encoding", "chunked"),
                Kind.MISSING_CONTENT_LENGTH, "Content-Length");
    }

    /** Digest decision D8: TransferVM's client (Python http.client) sends no Content-Length on bodyless packets. */
    @Test
    void bodylessWithoutContentLength_bodylessPacketsWithoutItAreEmpty_aFragmentStillNeedsIt() {
        assertInstanceOf(Ping.class, decodeHeaders("BITS-Packet-Type", "Ping").orElseThrow());
        CreateSession c = (CreateSession) decodeHeaders("BITS-Packet-Type", "Create-Session",
                "BITS-Supported-Protocols", "{7df0354d-249b-430f-820D-3D2A9BEF4931}").orElseThrow();
        assertEquals(List.of(ProtocolId.BITS_1_5_UPLOAD), c.supportedProtocols());
        assertEquals(0, c.contentLength());
        assertInstanceOf(CloseSession.class, decodeHeaders("BITS-Packet-Type", "Close-Session",
                "BITS-Session-Id", SID).orElseThrow());
        assertInstanceOf(CancelSession.class, decodeHeaders("BITS-Packet-Type", "Cancel-Session",
                "BITS-Session-Id", SID).orElseThrow());
        for (String type : List.of("Ping", "Create-Session", "Close-Session", "Cancel-Session")) {
            assertError(decodeHeaders(DecodeOptions.strict(), "BITS-Packet-Type", type, "BITS-Supported-Protocols",
                    GUID, "BITS-Session-Id", SID), Kind.MISSING_CONTENT_LENGTH, "Content-Length");
            // a transfer coding announces a body of unknown length: not a bodyless request
            assertError(decodeHeaders("BITS-Packet-Type", type, "BITS-Supported-Protocols", GUID,
                    "BITS-Session-Id", SID, "Transfer-Encoding", "chunked"), Kind.MISSING_CONTENT_LENGTH,
                    "Content-Length");
            // present but empty is malformed, not absent
            assertError(decodeHeaders("BITS-Packet-Type", type, "BITS-Supported-Protocols", GUID,
                    "BITS-Session-Id", SID, "Content-Length", " "), Kind.MALFORMED_HEADER, "Content-Length");
        }
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1"), Kind.MISSING_CONTENT_LENGTH, "Content-Length");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0--1/0"), Kind.MISSING_CONTENT_LENGTH, "Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ping", "Create-Session", "Close-Session", "Cancel-Session"})
    void unexpectedBody(String type) {
        assertError(decodeHeaders("BITS-Packet-Type", type, "BITS-Supported-Protocols", GUID,
                "BITS-Session-Id", SID, "Content-Length", "1"), Kind.UNEXPECTED_BODY, "Content-Length");
    }

    @Test
    void unsupportedProtocolViaNegotiate() {
        CreateSession c = new CreateSession(List.of(new ProtocolId(new UUID(3, 4))), Optional.empty());
        assertError(Packets.negotiate(c, List.of(ProtocolId.BITS_1_5_UPLOAD)),
                Kind.UNSUPPORTED_PROTOCOL, "BITS-Supported-Protocols");
        assertError(Packets.negotiate(CreateSession.bits15(), List.of()),
                Kind.UNSUPPORTED_PROTOCOL, "BITS-Supported-Protocols");
    }

    @Test
    void tooManyProtocols() {
        String list = String.join(" ", java.util.Collections.nCopies(101, GUID));
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols", list,
                "Content-Length", "0"), Kind.TOO_MANY_PROTOCOLS, "BITS-Supported-Protocols");
    }

    @Test
    void rangeLengthMismatch() {
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-4891/4892", "Content-Length", "4891"),
                Kind.RANGE_LENGTH_MISMATCH, "Content-Length");
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 10-10/4892", "Content-Length", "0"),
                Kind.RANGE_LENGTH_MISMATCH, "Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "identity, gzip", "br"})
    void unsupportedEncoding(String encoding) {
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Length", "1", "Content-Encoding", encoding),
                Kind.UNSUPPORTED_ENCODING, "Content-Encoding");
    }

    @Test
    void identityEncodingIsKeptAsWritten() {
        Fragment f = (Fragment) decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Length", "1", "Content-Encoding", "Identity").orElseThrow();
        assertEquals(Optional.of("Identity"), f.contentEncoding());
    }

    // ------------------------------------------------------------------------------ named leniencies (requests)

    @ParameterizedTest
    @ValueSource(strings = {"PING", "ping", "CREATE-SESSION", "fragment", "Close-session", "CANCEL-SESSION"})
    void caseInsensitivePacketType(String type) {
        String[] headers = {"BITS-Packet-Type", type, "BITS-Supported-Protocols", GUID, "BITS-Session-Id", SID,
            "Content-Range", "bytes 0-0/1", "Content-Length", type.equalsIgnoreCase("fragment") ? "1" : "0"};
        Request r = decodeHeaders(DecodeOptions.defaults(), headers).orElseThrow();
        assertTrue(r.type().wireName().equalsIgnoreCase(type));
        assertError(decodeHeaders(DecodeOptions.strict(), headers), Kind.UNKNOWN_PACKET_TYPE, "BITS-Packet-Type");
    }

    @Test
    void commaSeparatedProtocols() {
        ProtocolId other = new ProtocolId(new UUID(7, 8));
        for (String list : List.of(other.wire() + "," + GUID, other.wire() + ", " + GUID, other.wire() + " ,," + GUID)) {
            CreateSession c = (CreateSession) decodeHeaders(DecodeOptions.defaults(), "BITS-Packet-Type",
                    "Create-Session", "BITS-Supported-Protocols", list, "Content-Length", "0").orElseThrow();
            assertEquals(List.of(other, ProtocolId.BITS_1_5_UPLOAD), c.supportedProtocols());
            assertError(decodeHeaders(DecodeOptions.strict(), "BITS-Packet-Type", "Create-Session",
                    "BITS-Supported-Protocols", list, "Content-Length", "0"),
                    Kind.MALFORMED_HEADER, "BITS-Supported-Protocols");
        }
        assertError(Packets.parseProtocolList(",", DecodeOptions.defaults()), Kind.MALFORMED_HEADER,
                "BITS-Supported-Protocols");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bytes 0-0/1", "BYTES 0-0/1", "bYtEs 0-0/1"})
    void caseInsensitiveRangeUnit(String range) {
        String[] headers = {"BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID, "Content-Range", range,
            "Content-Length", "1"};
        assertEquals(new ContentRange(0, 0, 1), ((Fragment) decodeHeaders(headers).orElseThrow()).range());
        assertError(decodeHeaders(DecodeOptions.strict(), headers), Kind.MALFORMED_HEADER, "Content-Range");
    }

    // ----------------------------------------------------------------------------- empty file (decision D9)

    @ParameterizedTest
    @ValueSource(strings = {"bytes 0--1/0", "bytes */0", "bytes 0-0/0"})
    void emptyFileFormsWithContentLengthZero(String range) {
        for (DecodeOptions o : List.of(DecodeOptions.defaults(), DecodeOptions.strict())) {
            Fragment f = (Fragment) decodeHeaders(o, "BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                    "Content-Range", range, "Content-Length", "0").orElseThrow();
            assertEquals(ContentRange.EMPTY_FILE, f.range());
            assertEquals(0, f.contentLength());
            assertTrue(f.range().isEmptyFile());
            assertTrue(f.range().isFinal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes 0--1/0", "bytes */0", "bytes 0-0/0"})
    void emptyFileFormsWithABodyAreRejected(String range) {
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", range, "Content-Length", "5"), Kind.RANGE_LENGTH_MISMATCH, "Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes 0-1/0", "bytes 1-1/0", "bytes 1--1/0", "bytes -1/0", "bytes 0-/0", "bytes */00x",
        "bytes 0--2/0", "bytes 00-0/0", "bytes * /0", "bytes 0--1/5", "bytes */5"})
    void otherTotalZeroOrStarFormsAreRejected(String range) {
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", range, "Content-Length", "0"), Kind.MALFORMED_HEADER, "Content-Range");
    }

    // ---------------------------------------------------------------------------------------- wire-text traps

    @ParameterizedTest
    @ValueSource(strings = {"+1", "-1", "\u0661", "1\u0660", "\uff11", "1 0", "0x10", "1e3", "1.0", "18446744073709551616",
        "99999999999999999999", "9223372036854775808", "00000000000000000001"})
    void contentLengthTraps(String value) {
        assertError(decodeHeaders("BITS-Packet-Type", "Ping", "Content-Length", value),
                Kind.MALFORMED_HEADER, "Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes +0-9/10", "bytes 0-+9/10", "bytes 0-9/+10", "bytes \u0660-9/10",
        "bytes 0-\u0669/10", "bytes 0-9/1\u0660", "bytes  0-9/10", "bytes 0 -9/10", "bytes 0- 9/10", "bytes 0-9 /10",
        "bytes 0-9/ 10", "bytes=0-9/10", "bytes 0-9/99999999999999999999", "bytes 0-9/9223372036854775808",
        "bytes 0-9223372036854775807/9223372036854775807", "bytes 0-9", "bytes 0-9/", "bytes /10", "bytes -9/10",
        "bytes 0-/10", "bytes 0-9/10,bytes 0-9/10", "bytes 0-4,5-9/10", "items 0-9/10", "bytes", "", "bytes 0-9/*",
        "bytes 10-9/10", "bytes 0-10/10"})
    void contentRangeTraps(String value) {
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", value, "Content-Length", "10"), Kind.MALFORMED_HEADER, "Content-Range");
    }

    @Test
    void longMaxValueBoundaries() {
        long max = Long.MAX_VALUE;
        Fragment f = (Fragment) decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes " + (max - 1) + "-" + (max - 1) + "/" + max, "Content-Length", "1")
                .orElseThrow();
        assertEquals(new ContentRange(max - 1, max - 1, max), f.range());
        assertTrue(f.range().isFinal());
        Fragment whole = (Fragment) decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-" + (max - 1) + "/" + max, "Content-Length", Long.toString(max))
                .orElseThrow();
        assertEquals(max, whole.contentLength());
        assertError(decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-" + max + "/" + max, "Content-Length", "1"),
                Kind.MALFORMED_HEADER, "Content-Range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{1-2-3-4-5}", "7df0354d-249b-430f-820d-3d2a9bef4931", "{7df0354d249b430f820d3d2a9bef4931}",
        "{7df0354d-249b-430f-820d-3d2a9bef493}", "{7df0354d-249b-430f-820d-3d2a9bef49311}",
        "(7df0354d-249b-430f-820d-3d2a9bef4931)", "{7df0354g-249b-430f-820d-3d2a9bef4931}",
        "{7df0354d-249b-430f-820d-3d2a9bef4931", "{+df0354d-249b-430f-820d-3d2a9bef4931}",
        "{\u0667df0354d-249b-430f-820d-3d2a9bef4931}", "{7df0354d_249b_430f_820d_3d2a9bef4931}",
        "{7df0354d-249b-430f-820d3-d2a9bef4931}"})
    void guidTraps(String guid) {
        assertError(decodeHeaders("BITS-Packet-Type", "Create-Session", "BITS-Supported-Protocols", guid,
                "Content-Length", "0"), Kind.MALFORMED_HEADER, "BITS-Supported-Protocols");
    }

    @Test
    void acceptsANonAsciiContentNameAsObsText() {
        // Windows sends the local file name on every packet (MC-BUP <11>); a non-ASCII byte reaches a Java HTTP stack as
        // an ISO-8859-1 character (RFC 7230 obs-text), which must not fail the upload.
        Fragment f = (Fragment) decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", SID,
                "Content-Name", "r\u00e9sum\u00e9.pdf", "Content-Range", "bytes 0-0/1", "Content-Length", "1")
                .orElseThrow();
        assertEquals(Optional.of("r\u00e9sum\u00e9.pdf"), f.contentName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0100.txt", "a\u007f.txt", "a\u0000.txt", "a/b.txt"})
    void rejectsAContentNameThatNoHttpFieldValueCanCarry(String name) {
        assertError(decodeHeaders("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", SID,
                "Content-Name", name, "Content-Length", "0"), Kind.MALFORMED_HEADER, BitsHeaders.CONTENT_NAME);
    }

    /**
     * D31 (MC-BUP §3.2.5.2.3 via the SDK's 100-character limit): a session id no server could have minted names no
     * session, on every packet that names one; only a missing or repeated header is a 400 (D46).
     */
    @ParameterizedTest
    @ValueSource(strings = {"Fragment", "Close-Session", "Cancel-Session"})
    void aSessionIdNoServerCouldHaveMintedIsNotFound(String type) {
        List<String> ids = List.of("x".repeat(101), SID + "-" + "x".repeat(111), "a b", "\u00e9t\u00e9",
                "x".repeat(5000), " ");
        for (String id : ids) {
            assertError(decodeHeaders("BITS-Packet-Type", type, "BITS-Session-Id", id, "Content-Range", "bytes 0-0/1",
                    "Content-Length", type.equals("Fragment") ? "1" : "0"), Kind.SESSION_NOT_FOUND,
                    BitsHeaders.SESSION_ID);
            assertEquals(500, Kind.SESSION_NOT_FOUND.toErrorAck().status());
        }
        assertError(decodeHeaders("BITS-Packet-Type", type, "BITS-Session-Id", SID, "BITS-Session-Id", SID,
                "Content-Range", "bytes 0-0/1", "Content-Length", type.equals("Fragment") ? "1" : "0"),
                Kind.DUPLICATE_HEADER, BitsHeaders.SESSION_ID);
        assertError(decodeHeaders("BITS-Packet-Type", type, "Content-Range", "bytes 0-0/1",
                "Content-Length", type.equals("Fragment") ? "1" : "0"), Kind.MISSING_HEADER, BitsHeaders.SESSION_ID);
    }
}
