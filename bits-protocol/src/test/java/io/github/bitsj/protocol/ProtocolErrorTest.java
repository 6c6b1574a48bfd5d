// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The Kind table against MC-BUP §2.2.1.2, and the safety of {@link ProtocolError#detail()} (STYLE §2.5). */
class ProtocolErrorTest {

    /** One row of MC-BUP §2.2.1.2: status, BITS-Error-Code (null = none sent) and BITS-Error-Context. */
    record Row(int status, Integer hresult, ErrorContext context) {}

    private static final int E_INVALIDARG = 0x80070057;
    private static final int E_ACCESSDENIED = 0x80070005;
    private static final ErrorContext SERVER = ErrorContext.REMOTE_FILE;

    /** Transcribed from MC-BUP §2.2.1.2 (and the sections each kind's javadoc cites). */
    private static Map<Kind, Row> digestTable() {
        Map<Kind, Row> t = new EnumMap<>(Kind.class);
        Row badRequest = new Row(400, E_INVALIDARG, SERVER);
        for (Kind k : List.of(Kind.MALFORMED_TARGET, Kind.MISSING_HEADER, Kind.DUPLICATE_HEADER,
                Kind.MALFORMED_HEADER, Kind.HEADER_TOO_LONG, Kind.UNKNOWN_PACKET_TYPE, Kind.UNEXPECTED_BODY,
                Kind.UNSUPPORTED_PROTOCOL, Kind.TOO_MANY_PROTOCOLS, Kind.RANGE_LENGTH_MISMATCH,
                Kind.UNSUPPORTED_ENCODING, Kind.UNEXPECTED_PACKET, Kind.TOTAL_CHANGED, Kind.INVALID_DESTINATION,
                Kind.DESTINATION_IS_DIRECTORY, Kind.REPLY_URL_TOO_LONG)) {
            t.put(k, badRequest);
        }
        t.put(Kind.METHOD_NOT_BITS_POST, new Row(405, E_INVALIDARG, SERVER));
        t.put(Kind.MISSING_CONTENT_LENGTH, new Row(400, E_INVALIDARG, SERVER)); // Windows: 400, decision D8
        t.put(Kind.SESSION_NOT_FOUND, new Row(500, 0x8020001F, SERVER));
        t.put(Kind.RANGE_NOT_CONTIGUOUS, new Row(416, null, SERVER)); // <4>, decision D23
        t.put(Kind.RANGE_OVERLAP, new Row(416, null, SERVER));
        t.put(Kind.FRAGMENT_TOO_LARGE, new Row(413, null, SERVER));
        t.put(Kind.UPLOAD_TOO_LARGE, new Row(500, 0x80200020, SERVER)); // decision D5
        t.put(Kind.DISK_FULL, new Row(500, 0x80070070, SERVER)); // D30: HRESULT_FROM_WIN32(112)
        t.put(Kind.DESTINATION_NOT_FOUND, new Row(404, 0x80070003, SERVER)); // MC-BUP §2.2.1.2 names none; MC-BUP: MUST send the pair
        t.put(Kind.DESTINATION_EXISTS, new Row(403, E_ACCESSDENIED, SERVER)); // decision D4
        t.put(Kind.ACCESS_DENIED, new Row(403, E_ACCESSDENIED, SERVER));
        t.put(Kind.UNAUTHORIZED, new Row(401, E_ACCESSDENIED, SERVER));
        t.put(Kind.UPLOADS_DISABLED, new Row(501, E_ACCESSDENIED, SERVER)); // <22>
        t.put(Kind.TOO_MANY_SESSIONS, new Row(503, 0x80070045, SERVER));
        t.put(Kind.SERVER_UNAVAILABLE, new Row(503, 0x8007045B, SERVER));
        t.put(Kind.LOGIN_THROTTLED, new Row(503, E_ACCESSDENIED, SERVER)); // D44: transient, not a fatal 401/429
        t.put(Kind.INTERNAL_ERROR, new Row(500, 0x80004005, SERVER));
        t.put(Kind.APPLICATION_TIMEOUT, new Row(408, 0x80070112, ErrorContext.REMOTE_APPLICATION)); // decision D12
        t.put(Kind.INVALID_APPLICATION_RESPONSE, new Row(411, E_INVALIDARG, SERVER));
        t.put(Kind.APPLICATION_UNREACHABLE, new Row(502, 0x801901F6, ErrorContext.REMOTE_APPLICATION)); // 0x8019+502
        t.put(Kind.NOT_AN_ACK, new Row(0, 0x8020001B, SERVER));
        t.put(Kind.INVALID_SERVER_RESPONSE, new Row(0, 0x8020001B, SERVER));
        return t;
    }

    @Test
    void everyKindMatchesDigest51() {
        Map<Kind, Row> table = digestTable();
        assertEquals(List.of(Kind.values()), List.copyOf(table.keySet()), "every kind has a row");
        for (Kind k : Kind.values()) {
            Row row = table.get(k);
            assertEquals(row.status(), k.status(), k::name);
            assertEquals(Optional.ofNullable(row.hresult()).map(HResult::new), k.hresult(), k::name);
            assertEquals(row.context(), k.context(), k::name);
            assertEquals(row.status() == 0, k.isResponseSide(), k::name);
        }
    }

    @Test
    void namedRowsOfTheBrief() {
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), Kind.SESSION_NOT_FOUND.hresult());
        assertEquals("0x8020001F", Kind.SESSION_NOT_FOUND.hresult().orElseThrow().wire());
        assertEquals("0x5", Kind.SESSION_NOT_FOUND.context().wire());
        assertEquals(501, Kind.UPLOADS_DISABLED.status());
        assertEquals("0x80070005", Kind.UPLOADS_DISABLED.hresult().orElseThrow().wire());
        assertEquals(403, Kind.DESTINATION_EXISTS.status());
        assertEquals("0x80070005", Kind.DESTINATION_EXISTS.hresult().orElseThrow().wire());
        assertEquals(500, Kind.UPLOAD_TOO_LARGE.status());
        assertEquals("0x80200020", Kind.UPLOAD_TOO_LARGE.hresult().orElseThrow().wire());
        assertEquals(416, Kind.RANGE_NOT_CONTIGUOUS.status());
        assertEquals(Optional.empty(), Kind.RANGE_NOT_CONTIGUOUS.hresult());
        assertEquals(413, Kind.FRAGMENT_TOO_LARGE.status());
        assertEquals(Optional.empty(), Kind.FRAGMENT_TOO_LARGE.hresult());
    }

    @Test
    void toErrorAckCarriesTheRowAndEncodesIt() {
        for (Kind k : Kind.values()) {
            if (k.isResponseSide()) {
                assertThrows(IllegalStateException.class, k::toErrorAck, k::name);
                assertThrows(IllegalStateException.class, new ProtocolError(k, "", "d")::toErrorAck, k::name);
                continue;
            }
            ErrorAck ack = new ProtocolError(k, "h", "d").toErrorAck();
            assertEquals(k.toErrorAck(), ack);
            assertEquals(k.status(), ack.status(), k::name);
            assertEquals(k.hresult(), ack.errorCode(), k::name);
            assertEquals(k.hresult().map(h -> k.context()), ack.context(), k::name);
            assertEquals(Optional.empty(), ack.sessionId());
            assertEquals(OptionalLong.empty(), ack.receivedOffset());
            // What the server sends decodes to the same Ack on the client (416 only to non-Fragments).
            EncodedResponse wire = Packets.encode(ack);
            Response back = Packets.decodeResponse(CreateSession.bits15(), wire.status(),
                    HeaderLookup.of(wire.headers()), DecodeOptions.strict()).orElseThrow();
            assertEquals(ack, back, k::name);
        }
    }

    @Test
    void constructorRejectsNulls() {
        assertThrows(NullPointerException.class, () -> new ProtocolError(null, "", ""));
        assertThrows(NullPointerException.class, () -> new ProtocolError(Kind.MISSING_HEADER, null, ""));
        assertThrows(NullPointerException.class, () -> new ProtocolError(Kind.MISSING_HEADER, "", null));
    }

    // ---------------------------------------------------------------------------------- detail never echoes raw

    private static final String INJECTION = "\r\nSet-Cookie: evil=1\r\n\r\n<html>\u0000\u00e9\u2028";
    private static final String HUGE = "A".repeat(3000) + INJECTION + "B".repeat(1000);

    private static void assertSafe(Decoded<?> d) {
        assertFalse(d.isOk(), () -> "expected an error for " + d);
        String detail = d.error().detail();
        assertTrue(detail.length() <= 300, () -> "detail too long: " + detail.length());
        for (int i = 0; i < detail.length(); i++) {
            char c = detail.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7E, () -> "raw control or non-ASCII in detail: " + detail);
        }
        assertFalse(detail.contains("\r\nSet-Cookie"));
    }

    @Test
    void malformedValuesAreNeverEchoedRaw() {
        String sid = "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}";
        List<Decoded<?>> errors = new ArrayList<>();
        for (String bad : List.of(INJECTION, "x" + INJECTION, HUGE.substring(0, 4000), "GET" + INJECTION)) {
            errors.add(Packets.decodeRequest(bad, "/u", HeaderLookup.of(List.of())));
            errors.add(Packets.decodeRequest("BITS_POST", bad, HeaderLookup.of(List.of())));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", bad, "Content-Length", "0"));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Ping", "Content-Length", bad));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Create-Session",
                    "BITS-Supported-Protocols", bad, "Content-Length", "0"));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Close-Session",
                    "BITS-Session-Id", bad, "Content-Length", "0"));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Close-Session",
                    "BITS-Session-Id", sid, "Content-Name", bad, "Content-Length", "0"));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", sid,
                    "Content-Range", "bytes 0-0/1" + bad, "Content-Length", "1"));
            errors.add(PacketsDecodeRequestTest.decodeHeaders("BITS-Packet-Type", "Fragment", "BITS-Session-Id", sid,
                    "Content-Range", "bytes 0-0/1", "Content-Length", "1", "Content-Encoding", bad));
            errors.add(PacketsDecodeResponseTest.decodeHeaders(new Ping(), 200, "BITS-Packet-Type", bad));
            errors.add(PacketsDecodeResponseTest.decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack",
                    "BITS-Protocol", ProtocolId.BITS_1_5_UPLOAD.wire(), "BITS-Session-Id", "s", "BITS-Host-Id", bad));
            errors.add(PacketsDecodeResponseTest.decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack",
                    "BITS-Protocol", ProtocolId.BITS_1_5_UPLOAD.wire(), "BITS-Session-Id", "s",
                    "Accept-Encoding", "a" + bad));
            errors.add(PacketsDecodeResponseTest.decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack",
                    "BITS-Protocol", bad, "BITS-Session-Id", "s"));
            errors.add(HResult.parse(bad));
            errors.add(ErrorContext.parse(bad, DecodeOptions.defaults()));
            errors.add(ContentRange.parse(bad));
            errors.add(ProtocolId.parse(bad));
            errors.add(SessionId.parse(bad));
        }
        for (Decoded<?> d : errors) {
            assertSafe(d);
        }
    }

    @Test
    void orElseThrowMessageNamesKindAndHeaderOnly() {
        Decoded<SessionId> d = SessionId.parse(INJECTION);
        IllegalStateException e = assertThrows(IllegalStateException.class, d::orElseThrow);
        assertTrue(e.getMessage().contains("MALFORMED_HEADER"));
        assertTrue(e.getMessage().contains("BITS-Session-Id"));
        assertFalse(e.getMessage().contains("\r"));
    }
}
