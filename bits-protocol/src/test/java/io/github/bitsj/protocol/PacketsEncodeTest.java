// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Re-encodes every vector of MC-BUP §2.2, §2.2.1.2 and compares the encoder's header lines with the vector's BITS lines
 * (names case-insensitively, values exactly, in the Windows / IIS order).
 */
class PacketsEncodeTest {

    /** Decodes the request vector, re-encodes it, and compares method, BITS headers and Content-Length. */
    private static void assertRequestRoundTrip(String vector) {
        Wire.RawRequest raw = Wire.request(vector);
        Request decoded = Packets.decodeRequest(raw.method(), raw.target(), raw.headers()).orElseThrow();
        EncodedRequest encoded = Packets.encode(decoded);
        assertEquals(raw.method(), encoded.method());
        Wire.assertSameBitsHeaders(raw.fields(), encoded.headers());
        assertEquals(raw.headers().values("Content-Length"), List.of(Long.toString(encoded.contentLength())));
    }

    private static void assertResponseRoundTrip(Request sent, String vector) {
        Wire.RawResponse raw = Wire.response(vector);
        Response decoded = Packets.decodeResponse(sent, raw.status(), raw.headers()).orElseThrow();
        EncodedResponse encoded = Packets.encode(decoded);
        assertEquals(raw.status(), encoded.status());
        Wire.assertSameBitsHeaders(raw.fields(), encoded.headers());
    }

    @Test
    void t41Requests() {
        assertRequestRoundTrip(Vectors.T41_PING);
        assertRequestRoundTrip(Vectors.T41_CREATE_SESSION);
        assertRequestRoundTrip(Vectors.T41_FRAGMENT);
        assertRequestRoundTrip(Vectors.T41_CLOSE_SESSION);
        assertRequestRoundTrip(Vectors.CANCEL_SESSION);
    }

    @Test
    void t42Requests() {
        assertRequestRoundTrip(Vectors.T42_CREATE_SESSION);
        assertRequestRoundTrip(Vectors.T42_PING);
        assertRequestRoundTrip(Vectors.T42_FRAGMENT);
        assertRequestRoundTrip(Vectors.T42_CLOSE_SESSION);
    }

    @Test
    void t41Acks() {
        assertResponseRoundTrip(new Ping(), Vectors.T41_PING_ACK);
        assertResponseRoundTrip(CreateSession.bits15(), Vectors.T41_CREATE_SESSION_ACK);
        assertResponseRoundTrip(PacketsDecodeResponseTest.T41_FRAGMENT, Vectors.T41_FRAGMENT_ACK);
        assertResponseRoundTrip(PacketsDecodeResponseTest.CLOSE, Vectors.T41_CLOSE_SESSION_ACK);
        assertResponseRoundTrip(PacketsDecodeResponseTest.CANCEL, Vectors.CANCEL_SESSION_ACK);
    }

    @Test
    void t42Acks() {
        assertResponseRoundTrip(CreateSession.bits15(), Vectors.T42_CREATE_SESSION_ACK);
        assertResponseRoundTrip(PacketsDecodeResponseTest.T42_FRAGMENT, Vectors.T42_FINAL_FRAGMENT_ACK);
    }

    @Test
    void errorAckOfDigest30() {
        assertResponseRoundTrip(PacketsDecodeResponseTest.CLOSE, Vectors.SESSION_NOT_FOUND_ACK);
        // The server builds it from the Kind table and gets the same lines.
        EncodedResponse fromKind = Packets.encode(
                ProtocolError.Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(Vectors.T41_SESSION));
        assertEquals(500, fromKind.status());
        Wire.assertSameBitsHeaders(Wire.response(Vectors.SESSION_NOT_FOUND_ACK).fields(), fromKind.headers());
    }

    @Test
    void acksBuiltFromValuesMatchTheTraces() {
        Wire.assertSameBitsHeaders(Wire.response(Vectors.T42_CREATE_SESSION_ACK).fields(),
                Packets.encode(new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, Vectors.T42_SESSION,
                        Optional.of("FRANKCAO8"), OptionalLong.of(110), List.of("identity"))).headers());
        Wire.assertSameBitsHeaders(Wire.response(Vectors.T42_FINAL_FRAGMENT_ACK).fields(),
                Packets.encode(new FragmentAck(200, 4892, Optional.empty(), Optional.of(Vectors.REPLY_URL)))
                        .headers());
        Wire.assertSameBitsHeaders(Wire.response(Vectors.T41_PING_ACK).fields(), Packets.encode(new PingAck())
                .headers());
    }

    @Test
    void requestsBuiltFromValuesMatchTheTraces() {
        Wire.assertSameBitsHeaders(Wire.request(Vectors.T41_FRAGMENT).fields(), Packets.encode(new Fragment(
                Vectors.T41_SESSION, ContentRange.ofLength(0, 4892, 4892), Optional.of("rfc2119.txt"),
                Optional.empty())).headers());
        Wire.assertSameBitsHeaders(Wire.request(Vectors.CANCEL_SESSION).fields(),
                Packets.encode(CancelSession.of(Vectors.T41_SESSION)).headers());
        EncodedRequest ping = Packets.encode(new Ping());
        assertEquals("BITS_POST", ping.method());
        assertEquals(List.of(HeaderField.of("BITS-Packet-Type", "Ping")), ping.headers());
        assertEquals(0, ping.contentLength());
    }

    @Test
    void encodesTheSpellingsOfTheDigest() {
        EncodedRequest c = Packets.encode(new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD,
                new ProtocolId(new java.util.UUID(0xABCDEF0000000000L, 1))), Optional.empty()));
        assertEquals(List.of(HeaderField.of("BITS-Packet-Type", "Create-Session"), HeaderField.of(
                "BITS-Supported-Protocols",
                "{7df0354d-249b-430f-820d-3d2a9bef4931} {abcdef00-0000-0000-0000-000000000001}")), c.headers());
        EncodedRequest f = Packets.encode(new Fragment(new SessionId("s"), new ContentRange(5, 9, 10),
                Optional.empty(), Optional.of("identity")));
        assertEquals(List.of(HeaderField.of("BITS-Packet-Type", "Fragment"), HeaderField.of("BITS-Session-Id", "s"),
                HeaderField.of("Content-Range", "bytes 5-9/10"), HeaderField.of("Content-Encoding", "identity")),
                f.headers());
        assertEquals(5, f.contentLength());
        EncodedRequest empty = Packets.encode(Fragment.of(new SessionId("s"), ContentRange.EMPTY_FILE));
        assertEquals(HeaderField.of("Content-Range", "bytes 0--1/0"), empty.headers().get(2));
        assertEquals(0, empty.contentLength());
        EncodedRequest close = Packets.encode(new CloseSession(new SessionId("s"), Optional.of("a.txt")));
        assertEquals(List.of(HeaderField.of("BITS-Packet-Type", "Close-Session"),
                HeaderField.of("BITS-Session-Id", "s"), HeaderField.of("Content-Name", "a.txt")), close.headers());
        EncodedRequest cancel = Packets.encode(new CancelSession(new SessionId("s"), Optional.of("a.txt")));
        assertEquals(HeaderField.of("Content-Name", "a.txt"), cancel.headers().get(2));
    }

    @Test
    void encodesAckSpellings() {
        EncodedResponse multi = Packets.encode(new CreateSessionAck(201, ProtocolId.BITS_1_5_UPLOAD,
                new SessionId("s"), Optional.empty(), OptionalLong.empty(), List.of("identity", "gzip")));
        assertEquals(201, multi.status());
        assertEquals(HeaderField.of("Accept-Encoding", "identity, gzip"), multi.headers().get(4));
        EncodedResponse none = Packets.encode(new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD,
                new SessionId("s"), Optional.empty(), OptionalLong.empty(), List.of()));
        assertEquals(4, none.headers().size());
        EncodedResponse outOfSync = Packets.encode(FragmentAck.outOfSync(7, new SessionId("s")));
        assertEquals(416, outOfSync.status());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Session-Id", "s"), HeaderField.of("BITS-Received-Content-Range", "7")),
                outOfSync.headers());
        EncodedResponse accepted = Packets.encode(FragmentAck.accepted(Long.MAX_VALUE, new SessionId("s")));
        assertEquals("9223372036854775807", accepted.headers().get(3).value());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Session-Id", "s")),
                Packets.encode(new CloseSessionAck(Optional.of(new SessionId("s")))).headers());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Session-Id", "s")),
                Packets.encode(new CancelSessionAck(Optional.of(new SessionId("s")))).headers());
    }

    @Test
    void errorAcksWithAndWithoutTheLegacyHeader() {
        ErrorAck e = ErrorAck.of(500, HResult.BG_E_SESSION_NOT_FOUND, ErrorContext.REMOTE_FILE)
                .withReceivedOffset(12);
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Error-Code", "0x8020001F"), HeaderField.of("BITS-Error-Context", "0x5"),
                HeaderField.of("BITS-Received-Content-Range", "12")), Packets.encode(e).headers());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Error-Code", "0x8020001F"), HeaderField.of("BITS-Error", "0x8020001F"),
                HeaderField.of("BITS-Error-Context", "0x5"), HeaderField.of("BITS-Received-Content-Range", "12")),
                Packets.encode(e, true).headers());
        // 413 and 416 say it with the status alone (decision D23).
        EncodedResponse tooLarge = Packets.encode(ProtocolError.Kind.FRAGMENT_TOO_LARGE.toErrorAck());
        assertEquals(413, tooLarge.status());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack")),
                tooLarge.headers());
        EncodedResponse app = Packets.encode(ProtocolError.Kind.APPLICATION_TIMEOUT.toErrorAck());
        assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("BITS-Error-Code", "0x80070112"), HeaderField.of("BITS-Error-Context", "0x7")),
                app.headers());
    }

    @Test
    void encodeRejectsNull() {
        assertThrows(NullPointerException.class, () -> Packets.encode((Request) null));
        assertThrows(NullPointerException.class, () -> Packets.encode((Response) null));
    }
}
