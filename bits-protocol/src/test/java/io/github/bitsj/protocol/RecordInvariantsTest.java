// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Constructor invariants (IAE for broken rules, NPE for nulls) of every packet and Ack record. */
class RecordInvariantsTest {

    static final SessionId S = new SessionId("s");
    static final ContentRange R = new ContentRange(0, 0, 1);
    static final Optional<String> NONE = Optional.empty();

    @Test
    void createSession() {
        assertEquals(List.of(ProtocolId.BITS_1_5_UPLOAD), CreateSession.bits15().supportedProtocols());
        assertEquals(NONE, CreateSession.bits15().contentName());
        assertThrows(IllegalArgumentException.class, () -> new CreateSession(List.of(), NONE));
        assertThrows(IllegalArgumentException.class, () -> new CreateSession(
                Collections.nCopies(101, ProtocolId.BITS_1_5_UPLOAD), NONE));
        assertEquals(100, new CreateSession(Collections.nCopies(100, ProtocolId.BITS_1_5_UPLOAD), NONE)
                .supportedProtocols().size());
        assertThrows(NullPointerException.class, () -> new CreateSession(null, NONE));
        assertThrows(NullPointerException.class, () -> new CreateSession(Arrays.asList((ProtocolId) null), NONE));
        assertThrows(NullPointerException.class, () -> new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), null));
        for (String bad : List.of("", "a/b", "a\\b", "a:b", "a*b", "a?b", "a\"b", "a<b", "a>b", "a|b", "a\r\nb",
                "caf\u0113", "a\u007fb", "x".repeat(261), " a", "a ", "\ta")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), Optional.of(bad)), bad);
        }
        assertEquals(Optional.of("a b.txt"),
                new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), Optional.of("a b.txt")).contentName());
        assertEquals(260, new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), Optional.of("x".repeat(260)))
                .contentName().orElseThrow().length());
        // The list is copied.
        List<ProtocolId> list = new ArrayList<>(List.of(ProtocolId.BITS_1_5_UPLOAD));
        CreateSession c = new CreateSession(list, NONE);
        list.clear();
        assertEquals(1, c.supportedProtocols().size());
    }

    @Test
    void fragment() {
        Fragment f = Fragment.of(S, R);
        assertEquals(PacketType.FRAGMENT, f.type());
        assertEquals(1, f.contentLength());
        assertThrows(NullPointerException.class, () -> new Fragment(null, R, NONE, NONE));
        assertThrows(NullPointerException.class, () -> new Fragment(S, null, NONE, NONE));
        assertThrows(NullPointerException.class, () -> new Fragment(S, R, null, NONE));
        assertThrows(NullPointerException.class, () -> new Fragment(S, R, NONE, null));
        assertThrows(IllegalArgumentException.class, () -> new Fragment(S, R, Optional.of("a/b"), NONE));
        assertThrows(IllegalArgumentException.class, () -> new Fragment(S, R, NONE, Optional.of("a b")));
        assertThrows(IllegalArgumentException.class, () -> new Fragment(S, R, NONE, Optional.of("")));
        assertEquals(Optional.of("gzip"), new Fragment(S, R, NONE, Optional.of("gzip")).contentEncoding());
    }

    @Test
    void closeAndCancelSession() {
        assertEquals(new CloseSession(S, NONE), CloseSession.of(S));
        assertEquals(new CancelSession(S, NONE), CancelSession.of(S));
        assertThrows(NullPointerException.class, () -> new CloseSession(null, NONE));
        assertThrows(NullPointerException.class, () -> new CloseSession(S, null));
        assertThrows(IllegalArgumentException.class, () -> new CloseSession(S, Optional.of("a|b")));
        assertThrows(NullPointerException.class, () -> new CancelSession(null, NONE));
        assertThrows(NullPointerException.class, () -> new CancelSession(S, null));
        assertThrows(IllegalArgumentException.class, () -> new CancelSession(S, Optional.of("")));
        assertEquals(0, CloseSession.of(S).contentLength());
        assertEquals(0, CancelSession.of(S).contentLength());
        assertEquals(PacketType.PING, new Ping().type());
    }

    @Test
    void createSessionAck() {
        CreateSessionAck a = CreateSessionAck.of(S);
        assertEquals(new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, S, NONE, OptionalLong.empty(),
                List.of("identity")), a);
        ProtocolId p = ProtocolId.BITS_1_5_UPLOAD;
        OptionalLong noT = OptionalLong.empty();
        List<String> id = List.of("identity");
        for (int status : new int[] {199, 202, 204, 400, 416, 500}) {
            assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(status, p, S, NONE, noT, id));
        }
        assertEquals(201, new CreateSessionAck(201, p, S, NONE, noT, id).status());
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, null, S, NONE, noT, id));
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, p, null, NONE, noT, id));
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, p, S, null, noT, id));
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, p, S, NONE, null, id));
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, p, S, NONE, noT, null));
        Optional<String> host = Optional.of("FRANKCAO8");
        assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, NONE, OptionalLong.of(1),
                id));
        assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, host, OptionalLong.of(-1),
                id));
        assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, host,
                OptionalLong.of(0x1_0000_0000L), id));
        for (String bad : List.of("", "a b", "http://h", "h/p", "user@h", "x".repeat(301), "h\u00e9")) {
            assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, Optional.of(bad), noT,
                    id), bad);
        }
        for (String good : List.of("FRANKCAO8", "10.0.0.1", "[fe80::1%25eth0]", "fe80::1", "h.example:8443", "a_b")) {
            assertEquals(Optional.of(good), new CreateSessionAck(200, p, S, Optional.of(good), noT, id).hostId());
        }
        assertEquals(300, new CreateSessionAck(200, p, S, Optional.of("h".repeat(300)), noT, id).hostId()
                .orElseThrow().length());
        assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, NONE, noT,
                List.of("a,b")));
        assertThrows(IllegalArgumentException.class, () -> new CreateSessionAck(200, p, S, NONE, noT, List.of("")));
        assertThrows(NullPointerException.class, () -> new CreateSessionAck(200, p, S, NONE, noT,
                Arrays.asList((String) null)));
    }

    @Test
    void fragmentAck() {
        FragmentAck ok = FragmentAck.accepted(10, S);
        assertEquals(new FragmentAck(200, 10, Optional.of(S), NONE), ok);
        assertFalse(ok.isOutOfSync());
        FragmentAck resync = FragmentAck.outOfSync(3, S);
        assertEquals(new FragmentAck(416, 3, Optional.of(S), NONE), resync);
        assertTrue(resync.isOutOfSync());
        for (int status : new int[] {201, 400, 413, 500}) {
            assertThrows(IllegalArgumentException.class, () -> new FragmentAck(status, 0, NONE.map(SessionId::new),
                    NONE));
        }
        assertThrows(IllegalArgumentException.class, () -> new FragmentAck(200, -1, Optional.empty(), NONE));
        assertThrows(IllegalArgumentException.class, () -> new FragmentAck(416, 0, Optional.empty(),
                Optional.of("/r")));
        assertThrows(IllegalArgumentException.class, () -> new FragmentAck(200, 0, Optional.empty(),
                Optional.of("")));
        assertThrows(IllegalArgumentException.class, () -> new FragmentAck(200, 0, Optional.empty(),
                Optional.of("a b")));
        assertThrows(IllegalArgumentException.class, () -> new FragmentAck(200, 0, Optional.empty(),
                Optional.of("/" + "x".repeat(2200))));
        assertEquals(2200, new FragmentAck(200, 0, Optional.empty(), Optional.of("/" + "x".repeat(2199)))
                .replyUrl().orElseThrow().length());
        assertThrows(NullPointerException.class, () -> new FragmentAck(200, 0, null, NONE));
        assertThrows(NullPointerException.class, () -> new FragmentAck(200, 0, Optional.empty(), null));
    }

    @Test
    void errorAck() {
        ErrorAck e = ErrorAck.of(500, HResult.BG_E_SESSION_NOT_FOUND, ErrorContext.REMOTE_FILE);
        assertTrue(e.isSessionNotFound());
        assertFalse(ErrorAck.of(500, HResult.E_FAIL, ErrorContext.REMOTE_FILE).isSessionNotFound());
        assertFalse(ErrorAck.of(413).isSessionNotFound());
        assertEquals(Optional.of(S), e.withSessionId(S).sessionId());
        assertEquals(OptionalLong.of(9), e.withSessionId(S).withReceivedOffset(9).receivedOffset());
        assertEquals(Optional.of(S), e.withSessionId(S).withReceivedOffset(9).sessionId());
        for (int status : new int[] {99, 200, 201, 250, 299, 600, -1}) {
            assertThrows(IllegalArgumentException.class, () -> ErrorAck.of(status), Integer.toString(status));
        }
        for (int status : new int[] {100, 199, 300, 416, 599}) {
            assertEquals(status, ErrorAck.of(status).status());
        }
        Optional<HResult> none = Optional.empty();
        assertThrows(IllegalArgumentException.class, () -> new ErrorAck(500, none,
                Optional.of(ErrorContext.REMOTE_FILE), Optional.empty(), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> ErrorAck.of(500).withReceivedOffset(-1));
        assertThrows(NullPointerException.class, () -> new ErrorAck(500, null, Optional.empty(), Optional.empty(),
                OptionalLong.empty()));
        assertThrows(NullPointerException.class, () -> new ErrorAck(500, none, null, Optional.empty(),
                OptionalLong.empty()));
        assertThrows(NullPointerException.class, () -> new ErrorAck(500, none, Optional.empty(), null,
                OptionalLong.empty()));
        assertThrows(NullPointerException.class, () -> new ErrorAck(500, none, Optional.empty(), Optional.empty(),
                null));
    }

    @Test
    void sessionEndAcksAndPing() {
        assertEquals(200, new CloseSessionAck(Optional.empty()).status());
        assertEquals(200, new CancelSessionAck(Optional.of(S)).status());
        assertEquals(200, new PingAck().status());
        assertThrows(NullPointerException.class, () -> new CloseSessionAck(null));
        assertThrows(NullPointerException.class, () -> new CancelSessionAck(null));
    }

    @Test
    void wireRecords() {
        assertEquals(new HeaderField("a", "b"), HeaderField.of("a", "b"));
        assertThrows(NullPointerException.class, () -> HeaderField.of(null, "b"));
        assertThrows(NullPointerException.class, () -> HeaderField.of("a", null));
        List<HeaderField> fields = new ArrayList<>(List.of(HeaderField.of("a", "b")));
        EncodedRequest r = new EncodedRequest("BITS_POST", fields, 0);
        EncodedResponse s = new EncodedResponse(200, fields);
        fields.clear();
        assertEquals(1, r.headers().size());
        assertEquals(1, s.headers().size());
        assertThrows(NullPointerException.class, () -> new EncodedRequest(null, List.of(), 0));
        assertThrows(NullPointerException.class, () -> new EncodedRequest("BITS_POST", null, 0));
        assertThrows(NullPointerException.class, () -> new EncodedResponse(200, null));
    }

    @Test
    void decodeOptions() {
        DecodeOptions d = DecodeOptions.defaults();
        assertTrue(d.caseInsensitivePacketType() && d.commaSeparatedProtocols() && d.legacyErrorHeader()
                && d.errorCodeWithoutPrefix() && d.caseInsensitiveRangeUnit() && d.bodylessWithoutContentLength()
                && d.misspelledReceivedContentRange());
        DecodeOptions s = DecodeOptions.strict();
        assertFalse(s.caseInsensitivePacketType() || s.commaSeparatedProtocols() || s.legacyErrorHeader()
                || s.errorCodeWithoutPrefix() || s.caseInsensitiveRangeUnit() || s.bodylessWithoutContentLength()
                || s.misspelledReceivedContentRange());
        assertEquals(new DecodeOptions(true, true, true, true, true, true, true), d);
        assertEquals(new DecodeOptions(false, false, false, false, false, false, false), s);
    }

    @Test
    void eachLeniencyWorksAlone() {
        // Turning on one flag accepts exactly its quirk.
        DecodeOptions onlyRangeUnit = new DecodeOptions(false, false, false, false, true, false, false);
        assertTrue(ContentRange.parse("Bytes 0-0/1", onlyRangeUnit).isOk());
        assertFalse(PacketsDecodeRequestTest.decodeHeaders(onlyRangeUnit, "BITS-Packet-Type", "PING",
                "Content-Length", "0").isOk());
        DecodeOptions onlyType = new DecodeOptions(true, false, false, false, false, false, false);
        assertTrue(PacketsDecodeRequestTest.decodeHeaders(onlyType, "BITS-Packet-Type", "PING",
                "Content-Length", "0").isOk());
        assertFalse(ContentRange.parse("Bytes 0-0/1", onlyType).isOk());
        assertFalse(PacketsDecodeRequestTest.decodeHeaders(onlyType, "BITS-Packet-Type", "Ping").isOk());
        DecodeOptions onlyComma = new DecodeOptions(false, true, false, false, false, false, false);
        assertEquals(2, Packets.parseProtocolList(ProtocolId.BITS_1_5_UPLOAD.wire() + ","
                + ProtocolId.BITS_1_5_UPLOAD.wire(), onlyComma).orElseThrow().size());
        DecodeOptions onlyPrefix = new DecodeOptions(false, false, false, true, false, false, false);
        assertTrue(HResult.parse("8020001F", onlyPrefix).isOk());
        DecodeOptions onlyLegacy = new DecodeOptions(false, false, true, false, false, false, false);
        ErrorAck legacy = (ErrorAck) PacketsDecodeResponseTest.decodeHeaders(new Ping(), 500, onlyLegacy,
                "BITS-Error", "0x80070057", "BITS-Error-Context", "0x5").orElseThrow();
        assertEquals(Optional.of(HResult.E_INVALIDARG), legacy.errorCode());
        DecodeOptions onlyBodyless = new DecodeOptions(false, false, false, false, false, true, false);
        assertTrue(PacketsDecodeRequestTest.decodeHeaders(onlyBodyless, "BITS-Packet-Type", "Ping").isOk());
        assertFalse(PacketsDecodeRequestTest.decodeHeaders(onlyBodyless, "BITS-Packet-Type", "PING").isOk());
        Fragment sent = Fragment.of(new SessionId("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}"),
                ContentRange.ofLength(0, 10, 20));
        DecodeOptions onlyMisspelled = new DecodeOptions(false, false, false, false, false, false, true);
        FragmentAck gobits = (FragmentAck) PacketsDecodeResponseTest.decodeHeaders(sent, 416, onlyMisspelled,
                "BITS-Packet-Type", "Ack", "Bits-Recieved-Content-Range", "10").orElseThrow();
        assertEquals(10, gobits.receivedOffset());
        assertFalse(PacketsDecodeResponseTest.decodeHeaders(sent, 416, onlyBodyless,
                "BITS-Packet-Type", "Ack", "Bits-Recieved-Content-Range", "10").isOk());
    }
}
