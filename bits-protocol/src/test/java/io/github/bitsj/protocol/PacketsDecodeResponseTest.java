// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ack vectors of MC-BUP §2.2.1.2 ([T4.1], [T4.2], §3.0), decoded field by field, and every response-side rule. */
class PacketsDecodeResponseTest {

    static final Fragment T41_FRAGMENT =
            new Fragment(Vectors.T41_SESSION, new ContentRange(0, 4891, 4892), Optional.of("rfc2119.txt"),
                    Optional.empty());
    static final Fragment T42_FRAGMENT =
            new Fragment(Vectors.T42_SESSION, new ContentRange(0, 4891, 4892), Optional.of("rfc2119.txt"),
                    Optional.empty());
    static final CloseSession CLOSE = CloseSession.of(Vectors.T41_SESSION);
    static final CancelSession CANCEL = CancelSession.of(Vectors.T41_SESSION);

    static Decoded<Response> decode(Request sent, String vector) {
        return decode(sent, vector, DecodeOptions.defaults());
    }

    static Decoded<Response> decode(Request sent, String vector, DecodeOptions options) {
        Wire.RawResponse raw = Wire.response(vector);
        return Packets.decodeResponse(sent, raw.status(), raw.headers(), options);
    }

    static Decoded<Response> decodeHeaders(Request sent, int status, DecodeOptions options, String... nameValues) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(HeaderField.of(nameValues[i], nameValues[i + 1]));
        }
        return Packets.decodeResponse(sent, status, HeaderLookup.of(fields), options);
    }

    static Decoded<Response> decodeHeaders(Request sent, int status, String... nameValues) {
        return decodeHeaders(sent, status, DecodeOptions.defaults(), nameValues);
    }

    static final List<DecodeOptions> BOTH = List.of(DecodeOptions.defaults(), DecodeOptions.strict());

    // ------------------------------------------------------------------------------------------ trace vectors

    @Test
    void t41PingAck() {
        for (DecodeOptions o : BOTH) {
            PingAck a = assertInstanceOf(PingAck.class, decode(new Ping(), Vectors.T41_PING_ACK, o).orElseThrow());
            assertEquals(200, a.status());
        }
    }

    @Test
    void t41CreateSessionAck() {
        for (DecodeOptions o : BOTH) {
            CreateSessionAck a = assertInstanceOf(CreateSessionAck.class,
                    decode(CreateSession.bits15(), Vectors.T41_CREATE_SESSION_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(ProtocolId.BITS_1_5_UPLOAD, a.protocol());
            assertEquals(Vectors.T41_SESSION, a.sessionId());
            assertEquals(Optional.empty(), a.hostId());
            assertEquals(OptionalLong.empty(), a.hostIdFallbackTimeout());
            assertEquals(List.of("identity"), a.acceptEncodings());
            assertEquals(CreateSessionAck.of(Vectors.T41_SESSION), a);
        }
    }

    @Test
    void t42CreateSessionAckWithHostIdAndFallbackTimeout() {
        for (DecodeOptions o : BOTH) {
            CreateSessionAck a = assertInstanceOf(CreateSessionAck.class,
                    decode(CreateSession.bits15(), Vectors.T42_CREATE_SESSION_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(ProtocolId.BITS_1_5_UPLOAD, a.protocol());
            assertEquals("{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}", a.sessionId().value());
            assertTrue(a.sessionId().isGuid());
            assertEquals(Optional.of("FRANKCAO8"), a.hostId());
            assertEquals(OptionalLong.of(110), a.hostIdFallbackTimeout());
            assertEquals(List.of("identity"), a.acceptEncodings());
        }
    }

    @Test
    void t41FragmentAck() {
        for (DecodeOptions o : BOTH) {
            FragmentAck a = assertInstanceOf(FragmentAck.class,
                    decode(T41_FRAGMENT, Vectors.T41_FRAGMENT_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(4892, a.receivedOffset());
            assertEquals(Optional.empty(), a.sessionId());
            assertEquals(Optional.empty(), a.replyUrl());
            assertFalse(a.isOutOfSync());
        }
    }

    @Test
    void t42FinalFragmentAckWithRelativeReplyUrl() {
        for (DecodeOptions o : BOTH) {
            FragmentAck a = assertInstanceOf(FragmentAck.class,
                    decode(T42_FRAGMENT, Vectors.T42_FINAL_FRAGMENT_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(4892, a.receivedOffset());
            assertEquals(Optional.empty(), a.sessionId());
            assertEquals(Optional.of(Vectors.REPLY_URL), a.replyUrl());
            assertEquals(Optional.of(
                    "BITS-Sessions\\Replies\\{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\\responsefile.bin"), a.replyUrl());
        }
    }

    @Test
    void t41CloseSessionAck() {
        for (DecodeOptions o : BOTH) {
            CloseSessionAck a = assertInstanceOf(CloseSessionAck.class,
                    decode(CLOSE, Vectors.T41_CLOSE_SESSION_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(Optional.empty(), a.sessionId());
        }
    }

    @Test
    void cancelSessionAckWithSessionEcho() {
        for (DecodeOptions o : BOTH) {
            CancelSessionAck a = assertInstanceOf(CancelSessionAck.class,
                    decode(CANCEL, Vectors.CANCEL_SESSION_ACK, o).orElseThrow());
            assertEquals(200, a.status());
            assertEquals(Optional.of(Vectors.T41_SESSION), a.sessionId());
        }
        CloseSessionAck close = (CloseSessionAck) decode(CLOSE, Vectors.CANCEL_SESSION_ACK).orElseThrow();
        assertEquals(Optional.of(Vectors.T41_SESSION), close.sessionId());
    }

    @Test
    void sessionNotFoundErrorAckOfDigest30() {
        for (Request sent : List.of(T41_FRAGMENT, CLOSE, CANCEL, new Ping(), CreateSession.bits15())) {
            for (DecodeOptions o : BOTH) {
                ErrorAck a = assertInstanceOf(ErrorAck.class,
                        decode(sent, Vectors.SESSION_NOT_FOUND_ACK, o).orElseThrow());
                assertEquals(500, a.status());
                assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), a.errorCode());
                assertEquals(0x8020001F, a.errorCode().orElseThrow().value());
                assertEquals(Optional.of(ErrorContext.REMOTE_FILE), a.context());
                assertEquals(5, a.context().orElseThrow().value());
                assertEquals(Optional.of(Vectors.T41_SESSION), a.sessionId());
                assertEquals(OptionalLong.empty(), a.receivedOffset());
                assertTrue(a.isSessionNotFound());
            }
        }
    }

    @Test
    void headerNamesInOtherCases() {
        CreateSessionAck a = (CreateSessionAck) decodeHeaders(CreateSession.bits15(), 200, DecodeOptions.strict(),
                "Bits-Packet-Type", "Ack", "bits-protocol", ProtocolId.BITS_1_5_UPLOAD.wire(),
                "bits-session-id", "{X}", "Accept-encoding", "identity", "bits-host-id", "h",
                "BITS-HOST-ID-FALLBACK-TIMEOUT", "0").orElseThrow();
        assertEquals(new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, new SessionId("{X}"), Optional.of("h"),
                OptionalLong.of(0), List.of("identity")), a);
        ErrorAck e = (ErrorAck) decodeHeaders(CLOSE, 500, "bits-packet-type", "Ack", "bits-error-code", "0x8020001F",
                "BITS-ERROR-CONTEXT", "0x5", "bits-session-id", "{X}").orElseThrow();
        assertEquals(ErrorAck.of(500, HResult.BG_E_SESSION_NOT_FOUND, ErrorContext.REMOTE_FILE)
                .withSessionId(new SessionId("{X}")), e);
    }

    @Test
    void acceptEncodingListsAndParameters() {
        CreateSessionAck a = (CreateSessionAck) decodeHeaders(CreateSession.bits15(), 201, "BITS-Packet-Type", "Ack",
                "BITS-Protocol", ProtocolId.BITS_1_5_UPLOAD.wire().toUpperCase(), "BITS-Session-Id", "s",
                "Accept-Encoding", "Identity;q=1.0, gzip ,, ", "Accept-Encoding", "x-custom").orElseThrow();
        assertEquals(201, a.status());
        assertEquals(List.of("Identity", "gzip", "x-custom"), a.acceptEncodings());
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack", "BITS-Protocol",
                ProtocolId.BITS_1_5_UPLOAD.wire(), "BITS-Session-Id", "s", "Accept-Encoding", "a b"),
                Kind.MALFORMED_HEADER, "Accept-Encoding");
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack", "BITS-Protocol",
                ProtocolId.BITS_1_5_UPLOAD.wire(), "BITS-Session-Id", "s", "Accept-Encoding", "x".repeat(4097)),
                Kind.HEADER_TOO_LONG, "Accept-Encoding");
    }

    @Test
    void outOfSync416IsAFragmentAckAndIgnoresTheErrorPair() {
        FragmentAck a = (FragmentAck) decodeHeaders(T41_FRAGMENT, 416, "BITS-Packet-Type", "Ack",
                "BITS-Received-Content-Range", "2048", "BITS-Error-Code", "0", "BITS-Error-Context", "0x5")
                .orElseThrow();
        assertEquals(FragmentAck.outOfSync(2048, Vectors.T41_SESSION).status(), a.status());
        assertEquals(2048, a.receivedOffset());
        assertTrue(a.isOutOfSync());
        // 416 to anything but a Fragment is an error Ack (MC-BUP §2.2.1.2).
        ErrorAck e = (ErrorAck) decodeHeaders(CLOSE, 416, "BITS-Packet-Type", "Ack").orElseThrow();
        assertEquals(ErrorAck.of(416), e);
    }

    /**
     * gobits' answer to a resent Fragment after a lost Ack (Go's net/http writes the names in canonical case, sorted):
     * the offset comes in the misspelled {@code Bits-Recieved-Content-Range} (decision D32).
     */
    static final String GOBITS_416 = """
            HTTP/1.1 416 Requested Range Not Satisfiable
            Bits-Error-Code: 0
            Bits-Error-Context: 5
            Bits-Packet-Type: Ack
            Bits-Recieved-Content-Range: 2048
            Bits-Session-Id: 5d1c4a27-7c3b-4b6e-9d0f-3e2a1b0c9d8e
            Date: Mon, 02 Jan 2006 15:04:05 GMT
            Content-Length: 0
            """;

    @Test
    void misspelledReceivedContentRange_gobits416IsReadUnderDefaultsOnly() {
        FragmentAck a = (FragmentAck) decode(T41_FRAGMENT, GOBITS_416).orElseThrow();
        assertEquals(416, a.status());
        assertEquals(2048, a.receivedOffset());
        assertError(decode(T41_FRAGMENT, GOBITS_416, DecodeOptions.strict()), Kind.MISSING_HEADER,
                "BITS-Received-Content-Range");
        // the correct spelling wins when both are present; the misspelled one is also read on error Acks
        FragmentAck both = (FragmentAck) decodeHeaders(T41_FRAGMENT, 416, "BITS-Packet-Type", "Ack",
                "BITS-Received-Content-Range", "100", "BITS-Recieved-Content-Range", "2048").orElseThrow();
        assertEquals(100, both.receivedOffset());
        ErrorAck e = (ErrorAck) decodeHeaders(T41_FRAGMENT, 500, "BITS-Packet-Type", "Ack",
                "Bits-Recieved-Content-Range", "7").orElseThrow();
        assertEquals(OptionalLong.of(7), e.receivedOffset());
        // a bad value in the misspelled header is reported under its own name
        assertError(decodeHeaders(T41_FRAGMENT, 416, "BITS-Packet-Type", "Ack", "Bits-Recieved-Content-Range", "x"),
                Kind.MALFORMED_HEADER, "BITS-Recieved-Content-Range");
    }

    @Test
    void errorAckKeepsUsableFieldsAndIgnoresUnparsableOnes() {
        ErrorAck a = (ErrorAck) decodeHeaders(T41_FRAGMENT, 500, "BITS-Packet-Type", "Ack",
                "BITS-Error-Code", " 0x80070070 ", "BITS-Error-Context", "0x5", "BITS-Received-Content-Range", "100",
                "BITS-Session-Id", Vectors.T41_SESSION.value()).orElseThrow();
        assertEquals(ErrorAck.of(500, HResult.ERROR_DISK_FULL, ErrorContext.REMOTE_FILE)
                .withSessionId(Vectors.T41_SESSION).withReceivedOffset(100), a);
        ErrorAck junk = (ErrorAck) decodeHeaders(T41_FRAGMENT, 503, "BITS-Error-Code", "oops",
                "BITS-Error-Context", "0x5", "BITS-Received-Content-Range", "-1", "BITS-Session-Id", "a b")
                .orElseThrow();
        assertEquals(ErrorAck.of(503), junk);
        ErrorAck noCode = (ErrorAck) decodeHeaders(CLOSE, 404, "BITS-Error-Context", "0x7").orElseThrow();
        assertEquals(Optional.empty(), noCode.context());
        ErrorAck badContext = (ErrorAck) decodeHeaders(CLOSE, 408, "BITS-Error-Code", "0x80070112",
                "BITS-Error-Context", "0x9").orElseThrow();
        assertEquals(Optional.of(HResult.ERROR_DISK_TOO_FRAGMENTED), badContext.errorCode());
        assertEquals(Optional.empty(), badContext.context());
        ErrorAck app = (ErrorAck) decodeHeaders(CLOSE, 408, "BITS-Error-Code", "0x80070112",
                "BITS-Error-Context", "0x7").orElseThrow();
        assertEquals(Kind.APPLICATION_TIMEOUT.toErrorAck(), app);
        ErrorAck redirect = (ErrorAck) decodeHeaders(new Ping(), 302, "Location", "/x").orElseThrow();
        assertEquals(302, redirect.status());
        assertFalse(redirect.isSessionNotFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x8020001F", "0X8020001F", "0x8020001f", "8020001F", "x8020001F", "8020001f"})
    void errorCodeSpellings(String code) {
        ErrorAck a = (ErrorAck) decodeHeaders(CLOSE, 500, "BITS-Packet-Type", "Ack", "BITS-Error-Code", code,
                "BITS-Error-Context", "5").orElseThrow();
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), a.errorCode());
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), a.context());
    }

    @Test
    void errorCodeZero() {
        ErrorAck a = (ErrorAck) decodeHeaders(CLOSE, 416, "BITS-Error-Code", "0", "BITS-Error-Context", "x5")
                .orElseThrow();
        assertEquals(Optional.of(HResult.S_OK), a.errorCode());
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), a.context());
    }

    // ------------------------------------------------------------------------------------------ invalid Acks

    @Test
    void notAnAck() {
        assertError(decodeHeaders(new Ping(), 200), Kind.NOT_AN_ACK, "BITS-Packet-Type");
        assertError(decodeHeaders(new Ping(), 200, "Content-Type", "text/html"), Kind.NOT_AN_ACK, "BITS-Packet-Type");
        assertError(decodeHeaders(new Ping(), 200, "BITS-Packet-Type", "Ping"), Kind.NOT_AN_ACK, "BITS-Packet-Type");
        assertError(decodeHeaders(T41_FRAGMENT, 416, "BITS-Received-Content-Range", "0"),
                Kind.NOT_AN_ACK, "BITS-Packet-Type");
        assertError(decodeHeaders(CreateSession.bits15(), 201, "BITS-Packet-Type", "Acknowledge"),
                Kind.NOT_AN_ACK, "BITS-Packet-Type");
        assertError(decodeHeaders(new Ping(), 200, "BITS-Packet-Type", "Ack", "BITS-Packet-Type", "Ack"),
                Kind.DUPLICATE_HEADER, "BITS-Packet-Type");
        assertError(decodeHeaders(new Ping(), 200, "BITS-Packet-Type", " "), Kind.MALFORMED_HEADER,
                "BITS-Packet-Type");
    }

    @Test
    void invalidServerResponse() {
        // Received offset beyond the total (MC-BUP §2.2.7.2).
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack",
                "BITS-Received-Content-Range", "4893"), Kind.INVALID_SERVER_RESPONSE, "BITS-Received-Content-Range");
        // A protocol the client did not offer (MC-BUP §2.2.3).
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack",
                "BITS-Protocol", "{00000000-0000-0000-0000-000000000001}", "BITS-Session-Id", "s"),
                Kind.INVALID_SERVER_RESPONSE, "BITS-Protocol");
        // A reply URL on a 416.
        assertError(decodeHeaders(T41_FRAGMENT, 416, "BITS-Packet-Type", "Ack",
                "BITS-Received-Content-Range", "0", "BITS-Reply-URL", "http://x/r"),
                Kind.INVALID_SERVER_RESPONSE, "BITS-Reply-URL");
        // Success statuses the packet does not allow, and statuses that are no HTTP statuses.
        assertError(decodeHeaders(new Ping(), 204, "BITS-Packet-Type", "Ack"), Kind.INVALID_SERVER_RESPONSE, "");
        assertError(decodeHeaders(CreateSession.bits15(), 202, "BITS-Packet-Type", "Ack"),
                Kind.INVALID_SERVER_RESPONSE, "");
        assertError(decodeHeaders(T41_FRAGMENT, 201, "BITS-Packet-Type", "Ack"), Kind.INVALID_SERVER_RESPONSE, "");
        assertError(decodeHeaders(CLOSE, 201, "BITS-Packet-Type", "Ack"), Kind.INVALID_SERVER_RESPONSE, "");
        assertError(decodeHeaders(CANCEL, 201, "BITS-Packet-Type", "Ack"), Kind.INVALID_SERVER_RESPONSE, "");
        for (int status : new int[] {-1, 0, 99, 600, 999, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertError(decodeHeaders(new Ping(), status, "BITS-Packet-Type", "Ack"), Kind.INVALID_SERVER_RESPONSE, "");
        }
    }

    @Test
    void malformedOrMissingAckHeaders() {
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack"),
                Kind.MISSING_HEADER, "BITS-Received-Content-Range");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range",
                "bytes 0-1/2"), Kind.MALFORMED_HEADER, "BITS-Received-Content-Range");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range",
                "+5"), Kind.MALFORMED_HEADER, "BITS-Received-Content-Range");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range", "5",
                "BITS-Session-Id", "a\u00e9"), Kind.MALFORMED_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range", "5",
                "BITS-Reply-URL", "has space"), Kind.MALFORMED_HEADER, "BITS-Reply-URL");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range", "5",
                "BITS-Reply-URL", "/a", "BITS-Reply-URL", "/b"), Kind.DUPLICATE_HEADER, "BITS-Reply-URL");
        assertError(decodeHeaders(T41_FRAGMENT, 200, "BITS-Packet-Type", "Ack", "BITS-Received-Content-Range", "5",
                "BITS-Reply-URL", "/" + "a".repeat(2200)), Kind.MALFORMED_HEADER, "BITS-Reply-URL");
        assertError(decodeHeaders(CLOSE, 200, "BITS-Packet-Type", "Ack", "BITS-Session-Id", "a", "BITS-Session-Id",
                "a"), Kind.DUPLICATE_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders(CANCEL, 200, "BITS-Packet-Type", "Ack", "BITS-Session-Id", " "),
                Kind.MALFORMED_HEADER, "BITS-Session-Id");

        String[] base = {"BITS-Packet-Type", "Ack", "BITS-Protocol", ProtocolId.BITS_1_5_UPLOAD.wire(),
            "BITS-Session-Id", "s"};
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack", "BITS-Session-Id", "s"),
                Kind.MISSING_HEADER, "BITS-Protocol");
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack", "BITS-Protocol",
                "7df0354d-249b-430f-820d-3d2a9bef4931", "BITS-Session-Id", "s"), Kind.MALFORMED_HEADER, "BITS-Protocol");
        assertError(decodeHeaders(CreateSession.bits15(), 200, "BITS-Packet-Type", "Ack", "BITS-Protocol",
                ProtocolId.BITS_1_5_UPLOAD.wire()), Kind.MISSING_HEADER, "BITS-Session-Id");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id", "http://h/")),
                Kind.MALFORMED_HEADER, "BITS-Host-Id");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id", "a", "BITS-Host-Id", "b")),
                Kind.DUPLICATE_HEADER, "BITS-Host-Id");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id-Fallback-Timeout", "10")),
                Kind.MALFORMED_HEADER, "BITS-Host-Id-Fallback-Timeout");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id", "h",
                "BITS-Host-Id-Fallback-Timeout", "4294967296")), Kind.MALFORMED_HEADER, "BITS-Host-Id-Fallback-Timeout");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id", "h",
                "BITS-Host-Id-Fallback-Timeout", "-1")), Kind.MALFORMED_HEADER, "BITS-Host-Id-Fallback-Timeout");
        assertError(decodeHeaders(CreateSession.bits15(), 200, concat(base, "BITS-Host-Id", "h",
                "BITS-Host-Id-Fallback-Timeout", "1", "BITS-Host-Id-Fallback-Timeout", "1")),
                Kind.DUPLICATE_HEADER, "BITS-Host-Id-Fallback-Timeout");
        CreateSessionAck max = (CreateSessionAck) decodeHeaders(CreateSession.bits15(), 200,
                concat(base, "BITS-Host-Id", "[::1]:8080", "BITS-Host-Id-Fallback-Timeout", "4294967295"))
                .orElseThrow();
        assertEquals(OptionalLong.of(0xFFFFFFFFL), max.hostIdFallbackTimeout());
        assertEquals(Optional.of("[::1]:8080"), max.hostId());
    }

    @Test
    void emptyReplyUrlMeansNoReply() {
        // MC-BUP §3.1.1.2 FRAGMENT state: only a non-empty BITS-Reply-URL names a reply; decision D10: missing/empty = none.
        for (String empty : List.of("", "  ")) {
            FragmentAck a = (FragmentAck) decodeHeaders(T42_FRAGMENT, 200, "BITS-Packet-Type", "Ack",
                    "BITS-Received-Content-Range", "4892", "BITS-Reply-URL", empty).orElseThrow();
            assertEquals(Optional.empty(), a.replyUrl());
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---------------------------------------------------------------------------- named leniencies (responses)

    @ParameterizedTest
    @ValueSource(strings = {"ACK", "ack", "aCk"})
    void caseInsensitivePacketTypeOnAcks(String ack) {
        assertEquals(new PingAck(), decodeHeaders(new Ping(), 200, "BITS-Packet-Type", ack).orElseThrow());
        assertError(decodeHeaders(new Ping(), 200, DecodeOptions.strict(), "BITS-Packet-Type", ack),
                Kind.NOT_AN_ACK, "BITS-Packet-Type");
    }

    @Test
    void legacyErrorHeader() {
        String[] headers = {"BITS-Packet-Type", "Ack", "BITS-Error", "0x8020001F", "BITS-Error-Context", "0x5"};
        ErrorAck lenient = (ErrorAck) decodeHeaders(CLOSE, 500, headers).orElseThrow();
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), lenient.errorCode());
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), lenient.context());
        ErrorAck strict = (ErrorAck) decodeHeaders(CLOSE, 500, DecodeOptions.strict(), headers).orElseThrow();
        assertEquals(Optional.empty(), strict.errorCode());
        assertEquals(Optional.empty(), strict.context());
        // BITS-Error-Code wins over BITS-Error when both are present.
        ErrorAck both = (ErrorAck) decodeHeaders(CLOSE, 500, "BITS-Error-Code", "0x80070005", "BITS-Error",
                "0x8020001F").orElseThrow();
        assertEquals(Optional.of(HResult.E_ACCESSDENIED), both.errorCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8020001F", "x8020001F"})
    void errorCodeWithoutPrefix(String code) {
        String[] headers = {"BITS-Packet-Type", "Ack", "BITS-Error-Code", code, "BITS-Error-Context", "0x5"};
        ErrorAck lenient = (ErrorAck) decodeHeaders(CLOSE, 500, headers).orElseThrow();
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), lenient.errorCode());
        ErrorAck strict = (ErrorAck) decodeHeaders(CLOSE, 500, DecodeOptions.strict(), headers).orElseThrow();
        assertEquals(Optional.empty(), strict.errorCode());
        assertError(HResult.parse(code, DecodeOptions.strict()), Kind.MALFORMED_HEADER, "BITS-Error-Code");
        assertEquals(HResult.BG_E_SESSION_NOT_FOUND, HResult.parse(code).orElseThrow());
    }

    @Test
    void errorContextWithoutPrefix() {
        ErrorAck lenient = (ErrorAck) decodeHeaders(CLOSE, 500, "BITS-Error-Code", "0x8020001F",
                "BITS-Error-Context", "5").orElseThrow();
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), lenient.context());
        ErrorAck strict = (ErrorAck) decodeHeaders(CLOSE, 500, DecodeOptions.strict(), "BITS-Error-Code",
                "0x8020001F", "BITS-Error-Context", "5").orElseThrow();
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), strict.errorCode());
        assertEquals(Optional.empty(), strict.context());
    }
}
