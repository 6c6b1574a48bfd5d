// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ClientReaction.Advance;
import io.github.bitsj.protocol.ClientReaction.Authenticate;
import io.github.bitsj.protocol.ClientReaction.Done;
import io.github.bitsj.protocol.ClientReaction.EmptyFileAsFragment;
import io.github.bitsj.protocol.ClientReaction.Fail;
import io.github.bitsj.protocol.ClientReaction.Proceed;
import io.github.bitsj.protocol.ClientReaction.Resend;
import io.github.bitsj.protocol.ClientReaction.RestartSession;
import io.github.bitsj.protocol.ClientReaction.Resync;
import io.github.bitsj.protocol.ClientReaction.RetryLater;
import io.github.bitsj.protocol.ClientReaction.ShrinkFragment;
import io.github.bitsj.protocol.ExchangeOutcome.Answered;
import io.github.bitsj.protocol.ExchangeOutcome.Challenged;
import io.github.bitsj.protocol.ExchangeOutcome.Invalid;
import io.github.bitsj.protocol.ExchangeOutcome.TransportFailed;
import io.github.bitsj.protocol.ExchangeOutcome.TransportFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The client's reactions as vectors (issue #8): every row of MC-BUP §3.1.5.1.7 ({@code s52_…}) and every client rule of
 * the MC-BUP §3.1.1.2 state machine ({@code s17_…}) is one test. Responses are written as they come off the wire and decoded by
 * {@link Packets#decodeResponse}, then {@link ClientReactions#react} decides; no socket.
 */
class ClientReactionsTest {
    static final SessionId SID = new SessionId("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}");
    static final long TOTAL = 40_000;
    static final Ping PING = new Ping();
    static final CreateSession CREATE = CreateSession.bits15();
    static final Fragment FIRST = Fragment.of(SID, ContentRange.ofLength(0, 16384, TOTAL));
    static final Fragment SECOND = Fragment.of(SID, ContentRange.ofLength(16384, 16384, TOTAL));
    static final Fragment LAST = Fragment.of(SID, ContentRange.ofLength(32768, 7232, TOTAL));
    static final CloseSession CLOSE = CloseSession.of(SID);
    static final CancelSession CANCEL = CancelSession.of(SID);

    /** A plain upload with a session, nothing unusual so far. */
    static final JobView UPLOADING = new JobView(true, false, false, false, 0, 0);
    static final JobView NEW_JOB = new JobView(false, false, false, false, 0, 0);
    static final JobView UPLOAD_REPLY = new JobView(true, false, true, false, 0, 0);
    static final JobView FINISHED = new JobView(true, true, false, false, 0, 0);

    /** The response head as it comes off the wire, decoded as a client decodes it. */
    static ExchangeOutcome wire(Request sent, String head) {
        Wire.RawResponse r = Wire.response(head);
        return switch (Packets.decodeResponse(sent, r.status(), r.headers())) {
            case Decoded.Ok<Response> ok -> new Answered(ok.value());
            case Decoded.Err<Response> err -> new Invalid(r.status(), err.error());
        };
    }

    static ClientReaction react(JobView job, Request sent, String head) {
        return ClientReactions.react(job, sent, wire(sent, head));
    }

    static String error(int status, String code, String context) {
        return "HTTP/1.1 " + status + " X\nBITS-Packet-Type: Ack\nBITS-Error-Code: " + code
                + "\nBITS-Error-Context: " + context + "\n";
    }

    static String status(int status) {
        return "HTTP/1.1 " + status + " X\n";
    }

    static String fragmentAck(int status, long received) {
        return "HTTP/1.1 " + status + " X\nBITS-Packet-Type: Ack\nBITS-Received-Content-Range: " + received + "\n";
    }

    static ClientFailure retried(ClientReaction r) {
        return assertInstanceOf(RetryLater.class, r).failure();
    }

    static ClientFailure failed(ClientReaction r) {
        return assertInstanceOf(Fail.class, r).failure();
    }

    static ClientFailure resent(ClientReaction r) {
        return assertInstanceOf(Resend.class, r).failure();
    }

    /** Reaction of a Create-Session answered with a bare status (what a proxy or web server sends). */
    static ClientReaction createAnsweredWith(int s) {
        return react(NEW_JOB, CREATE, status(s));
    }

    // ------------------------------------------------------------------ MC-BUP §3.1.5.1.7, the status classes

    @Test
    void s52_classes_1xx_2xxUnexpected_andUnlistedStatusesAreTransient() {
        for (int s = 100; s <= 299; s++) {
            assertTrue(ClientReactions.isTransient(s, Optional.empty()), Integer.toString(s));
        }
        assertTrue(ClientReactions.isTransient(600, Optional.empty()), "not listed");
        ClientFailure f = retried(createAnsweredWith(102));
        assertEquals(102, f.status());
        // a 2xx that is not the Ack the request calls for is an unexpected 2xx
        ClientFailure unexpected = retried(react(UPLOADING, PING, "HTTP/1.1 204 X\nBITS-Packet-Type: Ack\n"));
        assertEquals(Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), unexpected.errorCode());
    }

    @Test
    void s52_classes_3xx_300to305And307AreFatal_theOthersTransient() {
        List<Integer> fatal = new ArrayList<>();
        for (int s = 300; s <= 399; s++) {
            if (!ClientReactions.isTransient(s, Optional.empty())) {
                fatal.add(s);
            }
        }
        assertEquals(List.of(300, 301, 302, 303, 304, 305, 307), fatal);
        assertEquals(302, failed(createAnsweredWith(302)).status());
        assertEquals(308, retried(createAnsweredWith(308)).status());
    }

    @Test
    void s52_classes_4xx_408And409AreTransient_theOthersFatal() {
        for (int s = 400; s <= 499; s++) {
            assertEquals(s == 408 || s == 409, ClientReactions.isTransient(s, Optional.empty()), Integer.toString(s));
        }
        assertEquals(404, failed(createAnsweredWith(404)).status());
        assertEquals(409, retried(createAnsweredWith(409)).status());
        assertEquals(408, retried(react(UPLOADING, FIRST, error(408, "0x80070112", "0x7"))).status());
    }

    @Test
    void s52_classes_5xx_501And505AreFatal_theOthersTransient() {
        for (int s = 500; s <= 599; s++) {
            assertEquals(s != 501 && s != 505, ClientReactions.isTransient(s, Optional.empty()), Integer.toString(s));
        }
        assertEquals(505, failed(createAnsweredWith(505)).status());
        ClientFailure busy = retried(react(UPLOADING, SECOND, error(503, "0x8007045B", "0x5")));
        assertEquals(503, busy.status());
        assertEquals(Optional.of(PacketType.FRAGMENT), busy.packet());
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), busy.context());
    }

    // ------------------------------------------------------------------ MC-BUP §3.1.5.1.7, protocol-specific overrides

    @Test
    void s52_200ToFragment_continuesFromReceivedContentRange() {
        assertEquals(new Advance(16384, ClientState.FRAGMENT, Optional.empty()),
                react(UPLOADING, FIRST, fragmentAck(200, 16384)));
    }

    @Test
    void s52_200ToFragment_missingReceivedContentRangeIsAnInvalidServerResponse() {
        ClientFailure f = retried(react(UPLOADING, FIRST, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
        assertEquals(Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), f.errorCode());
        assertEquals(Optional.of(ProtocolError.Kind.MISSING_HEADER), f.protocolError());
        assertEquals(200, f.status());
        assertTrue(f.isTransient());
    }

    @Test
    void s52_200ToFragment_valueBeyondTheTotalIsAnInvalidServerResponse() {
        ClientFailure decoded = retried(react(UPLOADING, FIRST, fragmentAck(200, TOTAL + 1)));
        assertEquals(Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), decoded.errorCode());
        // the same rule holds for an Ack that did not come through the decoder
        ClientFailure direct = retried(ClientReactions.react(UPLOADING, FIRST,
                new Answered(new FragmentAck(200, TOTAL + 1, Optional.empty(), Optional.empty()))));
        assertEquals(Optional.of(ProtocolError.Kind.INVALID_SERVER_RESPONSE), direct.protocolError());
    }

    @Test
    void s52_200ToFragment_failingToAdvanceRepeatedlyIsNoProgress() {
        JobView stalled = new JobView(true, false, false, false, ClientLimits.MAX_STALLED_ACKS - 2, 0);
        assertEquals(new Resync(16384, ClientState.FRAGMENT, Optional.empty(), false),
                react(stalled, SECOND, fragmentAck(200, 16384)));
        JobView once = new JobView(true, false, false, false, ClientLimits.MAX_STALLED_ACKS - 1, 0);
        ClientFailure f = retried(react(once, SECOND, fragmentAck(200, 16384)));
        assertEquals(Optional.of(HResult.BG_E_NO_PROGRESS), f.errorCode());
        assertTrue(f.isTransient());
        assertEquals(200, f.status());
        assertEquals(8, ClientLimits.MAX_STALLED_ACKS);
    }

    @Test
    void s52_416ToFragment_isNotAnError_repositionBackwardsOrForwards() {
        assertEquals(new Resync(10_000, ClientState.FRAGMENT, Optional.empty(), false),
                react(UPLOADING, SECOND, "HTTP/1.1 416 X\nBITS-Packet-Type: Ack\nBITS-Received-Content-Range: 10000\n"));
        assertEquals(new Resync(36_000, ClientState.FRAGMENT, Optional.empty(), true),
                react(UPLOADING, SECOND, fragmentAck(416, 36_000)));
        // decision D23: an error pair on a 416 is ignored
        assertEquals(new Resync(36_000, ClientState.FRAGMENT, Optional.empty(), true), react(UPLOADING, SECOND,
                fragmentAck(416, 36_000) + "BITS-Error-Code: 0x0\nBITS-Error-Context: 0x5\n"));
    }

    /** Digest decision D32: gobits' 416 carries the offset in {@code Bits-Recieved-Content-Range}. */
    @Test
    void d32_gobits416WithTheMisspelledOffset_repositions() {
        assertEquals(new Resync(16384, ClientState.FRAGMENT, Optional.empty(), false), react(UPLOADING, SECOND, """
                HTTP/1.1 416 Requested Range Not Satisfiable
                Bits-Error-Code: 0
                Bits-Error-Context: 5
                Bits-Packet-Type: Ack
                Bits-Recieved-Content-Range: 16384
                Bits-Session-Id: 5d1c4a27-7c3b-4b6e-9d0f-3e2a1b0c9d8e
                Date: Mon, 02 Jan 2006 15:04:05 GMT
                Content-Length: 0
                """));
    }

    /** D32: a 416 that gives no usable offset is re-asked in a new session, never answered by shrinking. */
    @Test
    void d32_416WithoutAUsableOffset_startsANewSessionFromByteZero() {
        for (String head : List.of("HTTP/1.1 416 X\nBITS-Packet-Type: Ack\n",
                "HTTP/1.1 416 X\nBITS-Packet-Type: Ack\nBITS-Received-Content-Range: x\n",
                "HTTP/1.1 416 X\nBITS-Packet-Type: Ack\nBITS-Received-Content-Range: " + (TOTAL + 1) + "\n",
                "HTTP/1.1 416 X\nBITS-Error-Code: 0x0\nBITS-Error-Context: 0x5\n")) {
            assertEquals(new RestartSession(Optional.empty()), react(UPLOADING, SECOND, head), head);
        }
        // an Ack that did not come through the decoder, the same
        assertEquals(new RestartSession(Optional.empty()), ClientReactions.react(UPLOADING, SECOND,
                new Answered(new FragmentAck(416, TOTAL + 1, Optional.empty(), Optional.empty()))));
        // too many in a row: wait like a transient error first, reported as an invalid server response
        JobView losing = new JobView(true, false, false, false, 0, ClientLimits.MAX_QUICK_RESTARTS);
        RestartSession r = assertInstanceOf(RestartSession.class,
                react(losing, SECOND, "HTTP/1.1 416 X\nBITS-Packet-Type: Ack\n"));
        ClientFailure f = r.waitFirst().orElseThrow();
        assertTrue(f.isTransient());
        assertEquals(416, f.status());
        assertEquals(Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), f.errorCode());
        assertEquals(Optional.of(ProtocolError.Kind.MISSING_HEADER), f.protocolError());
        // a 200 without the offset stays an invalid response retried later (MC-BUP §2.2.7.2)
        assertInstanceOf(RetryLater.class, react(UPLOADING, SECOND, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
    }

    @Test
    void s52_413ToFragment_halvesTheFragmentNeverBelowFiveKib() {
        assertEquals(new ShrinkFragment(8192), react(UPLOADING, FIRST, status(413)));
        Fragment eightKib = Fragment.of(SID, ContentRange.ofLength(0, 8192, TOTAL));
        assertEquals(new ShrinkFragment(5120), react(UPLOADING, eightKib, status(413)));
        Fragment floor = Fragment.of(SID, ContentRange.ofLength(0, 5120, TOTAL));
        ClientFailure f = failed(react(UPLOADING, floor, status(413)));
        assertEquals(413, f.status());
        assertFalse(f.isTransient());
        assertEquals(OptionalInt.of(32 * 1024), ClientReactions.fragmentSizeAfterTooLarge(64 * 1024));
        assertEquals(OptionalInt.empty(), ClientReactions.fragmentSizeAfterTooLarge(ClientLimits.MIN_FRAGMENT_SIZE));
        assertEquals(OptionalInt.of(Integer.MAX_VALUE / 2), ClientReactions.fragmentSizeAfterTooLarge(Long.MAX_VALUE));
    }

    @Test
    void s52_401And407_answerTheChallengeOnce_thenReportAFatal4xx() {
        ErrorAck challenge = ErrorAck.of(401);
        assertEquals(new Authenticate(), ClientReactions.react(UPLOADING, FIRST, new Challenged(challenge)));
        assertEquals(new Authenticate(), ClientReactions.react(UPLOADING, PING, new Challenged(ErrorAck.of(407))));
        JobView tried = new JobView(true, false, false, true, 0, 0);
        ClientFailure f = failed(ClientReactions.react(tried, PING, new Challenged(challenge)));
        assertEquals(401, f.status());
        assertEquals(Optional.empty(), f.errorCode(), "as the server sent it; the detail names BG_E_HTTP_ERROR_401");
        assertTrue(f.detail().contains("0x80190191"), f.detail());
        // a 401 whose challenge the credentials cannot answer is reported at once
        assertEquals(401, failed(react(UPLOADING, PING, status(401))).status());
        assertEquals(407, failed(ClientReactions.react(tried, CANCEL, new Challenged(ErrorAck.of(407)))).status());
    }

    @Test
    void s52_403_isFatal() {
        ClientFailure f = failed(react(NEW_JOB, CREATE, error(403, "0x80070005", "0x5")));
        assertEquals(Optional.of(HResult.E_ACCESSDENIED), f.errorCode());
        assertEquals(Optional.of(PacketType.CREATE_SESSION), f.packet());
        assertTrue(f.detail().contains("HTTP 403"), f.detail());
        assertTrue(f.detail().contains("0x80070005 E_ACCESSDENIED"), f.detail());
        assertTrue(f.detail().contains("context 0x5 REMOTE_FILE"), f.detail());
    }

    @Test
    void s52_501WithEAccessDenied_uploadsNotEnabled_isFatal() {
        ClientFailure f = failed(react(NEW_JOB, CREATE, error(501, "0x80070005", "0x5")));
        assertEquals(501, f.status());
        assertEquals(Optional.of(HResult.E_ACCESSDENIED), f.errorCode());
    }

    @Test
    void s52_sessionNotFound_restartsTheUploadForFragmentPingAndCreateSession() {
        String notFound = error(500, "0x8020001F", "0x5");
        for (Request sent : List.of(FIRST, SECOND, LAST, PING, CREATE)) {
            assertEquals(new RestartSession(Optional.empty()), react(UPLOADING, sent, notFound), sent.toString());
        }
        // any status, and the lenient spellings of the code (MC-BUP §2.2.1.2)
        assertEquals(new RestartSession(Optional.empty()), react(UPLOADING, SECOND, error(404, "8020001F", "5")));
    }

    @Test
    void s52_sessionNotFound_toCloseSession_isDoneAfterTheFinalAck_Q25() {
        assertEquals(new Done(true), react(FINISHED, CLOSE, error(500, "0x8020001F", "0x5")));
        // MC-BUP §3.1.5.2.1: before the upload completed, a Close-Session that finds no session restarts it
        assertEquals(new RestartSession(Optional.empty()), react(UPLOADING, CLOSE, error(500, "0x8020001F", "0x5")));
    }

    @Test
    void s52_sessionNotFound_toCancelSession_endsTheCancel() {
        assertEquals(new Done(true), react(UPLOADING, CANCEL, error(500, "0x8020001F", "0x5")));
        assertEquals(new Done(true), react(JobView.cancelling(false), CANCEL, error(500, "0x8020001F", "0x5")));
    }

    @Test
    void s52_sessionNotFound_tooOftenInARowWaitsLikeATransientError() {
        JobView losing = new JobView(true, false, false, false, 0, ClientLimits.MAX_QUICK_RESTARTS);
        RestartSession r = assertInstanceOf(RestartSession.class,
                react(losing, FIRST, error(500, "0x8020001F", "0x5")));
        ClientFailure f = r.waitFirst().orElseThrow();
        assertTrue(f.isTransient());
        assertEquals(Optional.of(HResult.BG_E_SESSION_NOT_FOUND), f.errorCode());
        assertEquals(500, f.status());
    }

    @Test
    void s52_tooLarge_isFatalWhateverTheStatus() {
        assertEquals(Optional.of(HResult.BG_E_TOO_LARGE),
                failed(react(UPLOADING, FIRST, error(500, "0x80200020", "0x5"))).errorCode());
        assertFalse(ClientReactions.isTransient(503, Optional.of(HResult.BG_E_TOO_LARGE)));
        assertFalse(ClientReactions.isTransient(404, Optional.of(HResult.BG_E_TOO_LARGE)));
    }

    @Test
    void s52_invalidArg_isFatalWhateverTheStatus() {
        assertEquals(Optional.of(HResult.E_INVALIDARG),
                failed(react(UPLOADING, FIRST, error(503, "0x80070057", "0x5"))).errorCode());
        assertFalse(ClientReactions.isTransient(500, Optional.of(HResult.E_INVALIDARG)));
        // other codes leave the status class in charge
        assertTrue(ClientReactions.isTransient(500, Optional.of(HResult.ERROR_DISK_FULL)));
        assertTrue(ClientReactions.isTransient(408, Optional.of(HResult.ERROR_DISK_FULL)));
    }

    @Test
    void s52_5xxToCloseOrCancelSession_isResent() {
        for (Request sent : List.of(CLOSE, CANCEL)) {
            for (int s : new int[] {500, 501, 503, 505}) {
                ClientFailure f = resent(react(FINISHED, sent, error(s, "0x8007045B", "0x5")));
                assertEquals(s, f.status());
                assertEquals(Optional.of(sent.type()), f.packet());
                assertTrue(f.isTransient());
            }
            assertEquals(503, resent(react(FINISHED, sent, status(503))).status());
        }
    }

    @Test
    void s52_1xxTo4xxToCloseOrCancelSession_isNeverResent() {
        for (Request sent : List.of(CLOSE, CANCEL)) {
            for (int s : new int[] {100, 302, 400, 404, 408, 409}) {
                ClientFailure f = failed(react(FINISHED, sent, status(s)));
                assertEquals(s, f.status());
                assertEquals(Optional.of(sent.type()), f.packet());
            }
        }
        assertEquals(Optional.of(HResult.E_INVALIDARG),
                failed(react(JobView.cancelling(false), CANCEL, error(400, "0x80070057", "0x5"))).errorCode());
    }

    @Test
    void s52_context0x7_isTheApplicationsError_classifiedByTheStatus() {
        ClientFailure t = retried(react(UPLOAD_REPLY, LAST, error(503, "0x80004005", "0x7")));
        assertEquals(Optional.of(ErrorContext.REMOTE_APPLICATION), t.context());
        ClientFailure f = failed(react(UPLOAD_REPLY, LAST, error(403, "0x80004005", "0x7")));
        assertEquals(Optional.of(ErrorContext.REMOTE_APPLICATION), f.context());
        assertTrue(f.detail().contains("context 0x7 REMOTE_APPLICATION"), f.detail());
    }

    @Test
    void s52_transportFailureOrTimeout_isTransient() {
        for (TransportFailure cause : List.of(TransportFailure.CONNECTION, TransportFailure.TIMEOUT)) {
            ClientFailure f = retried(ClientReactions.react(UPLOADING, SECOND,
                    new TransportFailed(cause, "connection reset")));
            assertEquals(ClientFailure.NO_STATUS, f.status());
            assertEquals(Optional.of(ErrorContext.GENERAL_TRANSPORT), f.context());
            assertEquals("connection reset", f.detail());
            // Close- and Cancel-Session are resent, not resumed with a Ping
            resent(ClientReactions.react(FINISHED, CLOSE, new TransportFailed(cause, "reset")));
            resent(ClientReactions.react(JobView.cancelling(false), CANCEL, new TransportFailed(cause, "reset")));
        }
    }

    @Test
    void s52_transportFailure_untrustedCertificateOrRejectedCredentialsAreFatal() {
        ClientFailure tls = failed(ClientReactions.react(NEW_JOB, PING,
                new TransportFailed(TransportFailure.UNTRUSTED_CERTIFICATE, "PKIX path building failed")));
        assertEquals(Optional.of(ErrorContext.GENERAL_TRANSPORT), tls.context());
        ClientFailure creds = failed(ClientReactions.react(NEW_JOB, PING,
                new TransportFailed(TransportFailure.CREDENTIALS_REJECTED, "too many authentication attempts")));
        assertEquals(401, creds.status());
        assertEquals(Optional.of(HResult.ofHttpStatus(401)), creds.errorCode());
        // the same row for an exchange that is not a BITS packet (the reply GET)
        ClientFailure get = ClientReactions.transportFailure(
                new TransportFailed(TransportFailure.CONNECTION, "reset"), Optional.empty());
        assertTrue(get.isTransient());
        assertEquals(Optional.empty(), get.packet());
        assertThrows(NullPointerException.class, () -> ClientReactions.transportFailure(null, Optional.empty()));
        assertThrows(NullPointerException.class, () -> ClientReactions.transportFailure(
                new TransportFailed(TransportFailure.TIMEOUT, "t"), null));
    }

    @Test
    void s30_a2xxWithoutPacketTypeAck_isAnInvalidServerResponse_transient() {
        ClientFailure f = retried(react(NEW_JOB, PING, "HTTP/1.1 200 OK\nServer: plain web server\n"));
        assertEquals(Optional.of(ProtocolError.Kind.NOT_AN_ACK), f.protocolError());
        assertEquals(Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), f.errorCode());
        assertEquals(200, f.status());
        assertTrue(f.detail().startsWith("invalid server response to Ping: HTTP 200, NOT_AN_ACK BITS-Packet-Type"),
                f.detail());
        // to Close-Session it is resent
        resent(react(FINISHED, CLOSE, "HTTP/1.1 200 OK\n"));
        // a status the client cannot even classify
        ClientFailure odd = retried(ClientReactions.react(NEW_JOB, PING, new Invalid(999,
                new ProtocolError(ProtocolError.Kind.INVALID_SERVER_RESPONSE, "", "HTTP status out of range"))));
        assertEquals(ClientFailure.NO_STATUS, odd.status());
    }

    // ------------------------------------------------------------------ MC-BUP §3.1.1.2, the client state machine

    @Test
    void s17_INIT_aJobStartsAndResumesWithPing() {
        assertEquals(ClientState.PING, ClientState.START);
    }

    @Test
    void s17_PING_success_goesToCreateSession_orToFragmentWithALiveSession() {
        assertEquals(new Proceed(ClientState.CREATE_SESSION), react(NEW_JOB, PING, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
        assertEquals(new Proceed(ClientState.FRAGMENT), react(UPLOADING, PING, "HTTP/1.1 200 OK\nBITS-Packet-Type: ACK\n"));
    }

    @Test
    void s17_PING_failure_goesToError() {
        retried(react(NEW_JOB, PING, status(503)));
        failed(react(NEW_JOB, PING, status(403)));
        retried(ClientReactions.react(NEW_JOB, PING, new TransportFailed(TransportFailure.CONNECTION, "refused")));
    }

    @Test
    void s17_CREATE_SESSION_storesTheSession_andGoesToFragment() {
        assertEquals(new Proceed(ClientState.FRAGMENT), react(NEW_JOB, CREATE, """
                HTTP/1.1 200 OK
                BITS-Packet-Type: Ack
                BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}
                BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}
                Accept-encoding: identity
                """));
    }

    @Test
    void s17_CREATE_SESSION_withAHostId_goesToPing() {
        assertEquals(new Proceed(ClientState.PING), react(NEW_JOB, CREATE, """
                HTTP/1.1 200 OK
                BITS-Packet-Type: Ack
                BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}
                BITS-Session-Id: {C85B4E0A-9EB9-4114-BFA4-8A43B4710091}
                BITS-Host-Id: FRANKCAO8
                BITS-Host-Id-Fallback-Timeout: 110
                """));
    }

    @Test
    void s17_CREATE_SESSION_failure_goesToError() {
        failed(react(NEW_JOB, CREATE, error(400, "0x80070057", "0x5")));
        retried(react(NEW_JOB, CREATE, error(503, "0x80070045", "0x5")));
        // an Ack without a session id is an invalid server response, retried
        ClientFailure f = retried(react(NEW_JOB, CREATE, """
                HTTP/1.1 200 OK
                BITS-Packet-Type: Ack
                BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}
                """));
        assertEquals(Optional.of(PacketType.CREATE_SESSION), f.packet());
    }

    @Test
    void s17_FRAGMENT_anErrorOtherThan416_goesToError() {
        assertEquals(Optional.of(HResult.ERROR_DISK_FULL),
                retried(react(UPLOADING, SECOND, error(500, "0x80070070", "0x5"))).errorCode());
        // MC-BUP's table value for a full disk is read too (D30): the 500 makes it transient
        assertEquals(Optional.of(HResult.ERROR_DISK_TOO_FRAGMENTED),
                retried(react(UPLOADING, SECOND, error(500, "0x80070112", "0x5"))).errorCode());
        failed(react(UPLOADING, SECOND, error(400, "0x80070057", "0x5")));
        retried(ClientReactions.react(UPLOADING, SECOND, new TransportFailed(TransportFailure.TIMEOUT, "timed out")));
    }

    @Test
    void s17_FRAGMENT_aReceivedOffsetOtherThanTheFragmentsEnd_becomesTheNextStart() {
        // 200 with an earlier offset: the server lost part of what it held (MC-BUP §3.1.5.1.4 case 1)
        assertEquals(new Resync(20_000, ClientState.FRAGMENT, Optional.empty(), true),
                react(UPLOADING, SECOND, fragmentAck(200, 20_000)));
        // 200 beyond the fragment's end: it already held more (a lost Ack)
        assertEquals(new Resync(36_000, ClientState.FRAGMENT, Optional.empty(), true),
                react(UPLOADING, FIRST, fragmentAck(200, 36_000)));
    }

    @Test
    void s17_FRAGMENT_atTheEndOfAPlainUpload_goesToComplete_ignoringAReplyUrl() {
        assertEquals(new Advance(TOTAL, ClientState.COMPLETE, Optional.empty()),
                react(UPLOADING, LAST, fragmentAck(200, TOTAL) + "BITS-Reply-URL: http://h/r.bin\n"));
        // a resync straight to the end completes too
        assertEquals(new Resync(TOTAL, ClientState.COMPLETE, Optional.empty(), true),
                react(UPLOADING, FIRST, fragmentAck(416, TOTAL)));
    }

    @Test
    void s17_FRAGMENT_atTheEndOfAnUploadReply_goesToGetReplyWithTheReplyUrl() {
        assertEquals(new Advance(TOTAL, ClientState.GET_REPLY, Optional.of("BITS-Sessions\\Replies\\r.bin")),
                react(UPLOAD_REPLY, LAST, fragmentAck(200, TOTAL) + "BITS-Reply-URL: BITS-Sessions\\Replies\\r.bin\n"));
        // decision D10: no reply URL is an empty reply, still downloaded (as nothing) before Close-Session
        assertEquals(new Advance(TOTAL, ClientState.GET_REPLY, Optional.empty()),
                react(UPLOAD_REPLY, LAST, fragmentAck(200, TOTAL)));
    }

    @Test
    void s17_FRAGMENT_theEmptyFileIsOneZeroLengthFragment() {
        Fragment empty = Fragment.of(SID, ContentRange.EMPTY_FILE);
        assertEquals(new Advance(0, ClientState.COMPLETE, Optional.empty()),
                react(UPLOADING, empty, fragmentAck(200, 0)));
    }

    /** Digest decision D9: an empty file goes as Create-Session + Close-Session; "no file" falls back. */
    @Test
    void d9_emptyFileByClose_404OrFileNotFoundFallsBackToTheZeroLengthFragment() {
        JobView emptyByClose = new JobView(true, false, false, false, 0, 0, true);
        // no Fragment: Create-Session (and a Ping with a live session, e.g. after a host id) go to Close-Session
        JobView starting = new JobView(false, false, false, false, 0, 0, true);
        assertEquals(new Proceed(ClientState.CREATE_SESSION), react(starting, PING, "HTTP/1.1 200 OK\n"
                + "BITS-Packet-Type: Ack\n"));
        assertEquals(new Proceed(ClientState.COMPLETE), react(starting, CREATE, "HTTP/1.1 200 OK\n"
                + "BITS-Packet-Type: Ack\nBITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}\n"
                + "BITS-Session-Id: " + SID.value() + "\n"));
        assertEquals(new Proceed(ClientState.COMPLETE), react(emptyByClose, PING, "HTTP/1.1 200 OK\n"
                + "BITS-Packet-Type: Ack\n"));
        assertEquals(new Done(false), react(emptyByClose, CLOSE, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
        assertEquals(new EmptyFileAsFragment(), react(emptyByClose, CLOSE, status(404)));
        assertEquals(new EmptyFileAsFragment(), react(emptyByClose, CLOSE, error(404, "0x80070003", "0x5")));
        assertEquals(new EmptyFileAsFragment(), react(emptyByClose, CLOSE, error(500, "0x80070002", "0x5")));
        assertEquals(new EmptyFileAsFragment(), react(emptyByClose, CLOSE, error(400, "80070002", "5")));
        assertTrue(ClientReactions.holdsNoFile(ErrorAck.of(404)));
        assertFalse(ClientReactions.holdsNoFile(ErrorAck.of(410)));
        // the session being gone is not the file being gone: a new session, Create + Close again
        assertEquals(new RestartSession(Optional.empty()), react(emptyByClose, CLOSE, error(404, "0x8020001F", "0x5")));
        // other answers keep the Close-Session rules (MC-BUP §2.2.8)
        assertInstanceOf(Resend.class, react(emptyByClose, CLOSE, error(503, "0x8007045B", "0x5")));
        assertEquals(400, failed(react(emptyByClose, CLOSE, error(400, "0x80070057", "0x5"))).status());
        // a job that sent Fragments reads a 404 to Close-Session as the fatal 4xx it is
        assertEquals(404, failed(react(FINISHED, CLOSE, status(404))).status());
        assertEquals(new JobView(true, false, false, false, 0, 0, false), UPLOADING);
    }

    @Test
    void s17_GET_REPLY_failure_isResentOrReported() {
        ClientFailure notYet = ClientFailure.replyDownloadFailed(503);
        assertEquals(new Resend(notYet), ClientReactions.afterFailure(notYet, ClientState.GET_REPLY));
        ClientFailure gone = ClientFailure.replyDownloadFailed(404);
        assertEquals(new Fail(gone), ClientReactions.afterFailure(gone, ClientState.GET_REPLY));
        assertEquals(Optional.of(HResult.ofHttpStatus(404)), gone.errorCode());
        ClientFailure broken = ClientFailure.replyDownloadBroken(416, HResult.BG_E_INSUFFICIENT_RANGE_SUPPORT,
                Optional.empty(), "reply download refused the range: HTTP 416");
        assertEquals(new Resend(broken), ClientReactions.afterFailure(broken, ClientState.GET_REPLY));
    }

    @Test
    void s17_COMPLETE_theCloseSessionAckEndsTheJob() {
        assertEquals(new Done(false), react(FINISHED, CLOSE, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
    }

    @Test
    void s17_CANCEL_theCancelSessionAckEndsTheJob() {
        assertEquals(new Done(false), react(UPLOADING, CANCEL, "HTTP/1.1 200 OK\nBITS-Packet-Type: Ack\n"));
    }

    @Test
    void s17_ERROR_sessionNotFound_goesToCreateSession() {
        assertEquals(new RestartSession(Optional.empty()), react(UPLOADING, SECOND, error(500, "0x8020001F", "0x5")));
    }

    @Test
    void s17_ERROR_401_credentialsAreSuppliedOnce() {
        assertEquals(new Authenticate(), ClientReactions.react(NEW_JOB, CREATE, new Challenged(ErrorAck.of(401))));
        JobView tried = new JobView(false, false, false, true, 0, 0);
        assertEquals(401, failed(ClientReactions.react(tried, CREATE, new Challenged(ErrorAck.of(401)))).status());
    }

    @Test
    void s17_ERROR_413_shrinksTheFragmentAndStaysInFragment() {
        assertEquals(new ShrinkFragment(8192), react(UPLOADING, SECOND, status(413)));
    }

    @Test
    void s17_ERROR_aTransientFailureIsReportedAndRetriedLaterFromPing() {
        // RetryLater means: after the delay, resume at ClientState.START (Ping), then the acknowledged offset
        RetryLater r = assertInstanceOf(RetryLater.class, react(UPLOADING, SECOND, status(502)));
        assertEquals(502, r.failure().status());
        assertEquals(new RetryLater(r.failure()), ClientReactions.afterFailure(r.failure(), ClientState.FRAGMENT));
        assertEquals(new RetryLater(r.failure()), ClientReactions.afterFailure(r.failure(), ClientState.PING));
        assertEquals(new Resend(r.failure()), ClientReactions.afterFailure(r.failure(), ClientState.COMPLETE));
        assertEquals(new Resend(r.failure()), ClientReactions.afterFailure(r.failure(), ClientState.CANCEL));
    }

    @Test
    void s17_ERROR_aFatalFailureIsReported() {
        ClientFailure changed = ClientFailure.localFileChanged("size changed");
        assertEquals(new Fail(changed), ClientReactions.afterFailure(changed, ClientState.FRAGMENT));
        assertEquals(Optional.of(HResult.BG_E_LOCAL_FILE_CHANGED), changed.errorCode());
        assertEquals(Optional.of(ErrorContext.LOCAL_FILE), changed.context());
        ClientFailure unreadable = ClientFailure.localReadFailed("EIO");
        assertEquals(new RetryLater(unreadable), ClientReactions.afterFailure(unreadable, ClientState.FRAGMENT));
    }

    @Test
    void s55_theClientsNumbersAreTheDigests() {
        assertEquals(5 * 1024, ClientLimits.MIN_FRAGMENT_SIZE);
        assertEquals(13 * 1024 * 1024, ClientLimits.MAX_FRAGMENT_SIZE);
        assertEquals(java.time.Duration.ofHours(24), ClientLimits.MAX_CANCEL_RETRY);
        assertEquals(1024 * 1024, ClientLimits.MAX_REPLY_DATA);
        assertEquals(16 * 1024, ClientLimits.MAX_CUSTOM_HEADER_BYTES);
        assertEquals(java.time.Duration.ofMinutes(2), ClientLimits.DEFAULT_SEND_TIMEOUT);
        assertEquals(java.time.Duration.ofMinutes(5), ClientLimits.DEFAULT_RESPONSE_TIMEOUT);
        assertEquals(java.time.Duration.ofSeconds(1_209_600), ClientLimits.DEFAULT_NO_PROGRESS_TIMEOUT);
    }

    // ------------------------------------------------------------------ input and output invariants

    @Test
    void anAckThatDoesNotAnswerTheRequestIsAnInvalidServerResponse() {
        ClientFailure f = retried(ClientReactions.react(UPLOADING, PING,
                new Answered(FragmentAck.accepted(10, SID))));
        assertEquals(Optional.of(ProtocolError.Kind.INVALID_SERVER_RESPONSE), f.protocolError());
        resent(ClientReactions.react(FINISHED, CLOSE, new Answered(new PingAck())));
        resent(ClientReactions.react(FINISHED, CANCEL, new Answered(new CloseSessionAck(Optional.empty()))));
    }

    @Test
    void reactionsAndInputsCheckTheirComponents() {
        ClientFailure transientOne = ClientFailure.localReadFailed("x");
        ClientFailure fatalOne = ClientFailure.localFileChanged("x");
        assertThrows(IllegalArgumentException.class, () -> new RetryLater(fatalOne));
        assertThrows(IllegalArgumentException.class, () -> new Resend(fatalOne));
        assertThrows(IllegalArgumentException.class, () -> new Fail(transientOne));
        assertThrows(NullPointerException.class, () -> new Fail(null));
        assertThrows(NullPointerException.class, () -> new RetryLater(null));
        assertThrows(IllegalArgumentException.class, () -> new ShrinkFragment(5119));
        assertThrows(NullPointerException.class, () -> new Proceed(null));
        assertThrows(NullPointerException.class, () -> new Advance(1, null, Optional.empty()));
        assertThrows(NullPointerException.class, () -> new Advance(1, ClientState.FRAGMENT, null));
        assertThrows(NullPointerException.class, () -> new Resync(1, null, Optional.empty(), true));
        assertThrows(NullPointerException.class, () -> new Resync(1, ClientState.FRAGMENT, null, true));
        assertThrows(NullPointerException.class, () -> new RestartSession(null));
        assertThrows(IllegalArgumentException.class, () -> new Challenged(ErrorAck.of(500)));
        assertThrows(NullPointerException.class, () -> new Challenged(null));
        assertThrows(NullPointerException.class, () -> new Answered(null));
        assertThrows(NullPointerException.class, () -> new Invalid(200, null));
        assertThrows(NullPointerException.class, () -> new TransportFailed(null, "x"));
        assertThrows(NullPointerException.class, () -> new TransportFailed(TransportFailure.TIMEOUT, null));
        assertThrows(IllegalArgumentException.class, () -> new JobView(true, false, false, false, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new JobView(true, false, false, false, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new ClientFailure(99, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), true, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ClientFailure(600, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true, "x"));
        assertThrows(NullPointerException.class, () -> new ClientFailure(0, null, Optional.empty(),
                Optional.empty(), Optional.empty(), true, "x"));
        assertThrows(NullPointerException.class, () -> new ClientFailure(0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), true, null));
        assertThrows(NullPointerException.class, () -> ClientReactions.react(null, PING, new Answered(new PingAck())));
        assertThrows(NullPointerException.class, () -> ClientReactions.react(UPLOADING, null,
                new Answered(new PingAck())));
        assertThrows(NullPointerException.class, () -> ClientReactions.react(UPLOADING, PING, null));
        assertThrows(NullPointerException.class, () -> ClientReactions.afterFailure(null, ClientState.PING));
        assertThrows(NullPointerException.class, () -> ClientReactions.afterFailure(fatalOne, null));
        assertThrows(NullPointerException.class, () -> ClientReactions.isTransient(500, null));
        assertEquals(new ErrorAck(500, Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty()),
                ErrorAck.of(500));
    }
}
