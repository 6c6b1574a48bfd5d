// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.FragmentDecision.FinishEmptyFile;
import io.github.bitsj.protocol.FragmentDecision.Reject;
import io.github.bitsj.protocol.FragmentDecision.ReplayFinalAck;
import io.github.bitsj.protocol.FragmentDecision.Write;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.SessionEndDecision.End;
import io.github.bitsj.protocol.SessionEndDecision.Repeat;
import io.github.bitsj.protocol.SessionView.State;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * One vector per row of the Fragment decision table (MC-BUP §3.2.5.2.6) and per Close-/Cancel-Session rule (MC-BUP §3.2.5,
 * decision D3, Q19, Q25), against {@link ServerDecisions} with no socket. Rows 2 and 4 are the codec's; their vectors
 * decode the raw headers.
 */
class ServerDecisionsTest {
    /** The session id as the client spelled it (lower case): every Ack echoes it byte for byte. */
    private static final SessionId ECHO = new SessionId("{a0ff5911-4144-45b3-bf27-27afc8ec8a67}");
    private static final DirectoryLimits LIMITS = new DirectoryLimits(1000, 100, false);
    private static final DirectoryLimits STRICT = new DirectoryLimits(1000, 100, true);

    private static SessionView receiving(long total, long received) {
        return new SessionView(State.RECEIVING, total, received);
    }

    private static SessionView fresh() {
        return receiving(SessionView.UNKNOWN_TOTAL, 0);
    }

    private static Fragment fragment(long first, long last, long total) {
        return Fragment.of(ECHO, new ContentRange(first, last, total));
    }

    private static FragmentDecision decide(SessionView s, Fragment f) {
        return ServerDecisions.decideFragment(s, f, LIMITS);
    }

    private static Reject error(Kind kind, OptionalLong received) {
        ErrorAck ack = kind.toErrorAck().withSessionId(ECHO);
        return new Reject(kind, received.isPresent() ? ack.withReceivedOffset(received.getAsLong()) : ack);
    }

    private static Reject outOfSync(Kind kind, long received) {
        return new Reject(kind, new FragmentAck(416, received, Optional.of(ECHO), Optional.empty()));
    }

    // ---------------------------------------------------------------------- MC-BUP §3.2.5.2.6, the Fragment table

    @Test
    void row01UnknownSessionIsNotFoundWithoutAnOffset() {
        Reject expected = error(Kind.SESSION_NOT_FOUND, OptionalLong.empty());
        assertEquals(expected, decide(SessionView.UNKNOWN, fragment(0, 9, 10)));
        // an ended session takes no more fragments: its tombstone only answers Close and Cancel (decision D25)
        assertEquals(expected, decide(new SessionView(State.CLOSED, 10, 10), fragment(0, 9, 10)));
        assertEquals(expected, decide(new SessionView(State.CANCELLED, 10, 4), fragment(4, 9, 10)));
        assertEquals(500, expected.ack().status());
    }

    @Test
    void row02MalformedRangeOrLengthMismatchIsTheCodecs400() {
        for (String[] headers : new String[][] {
                {"BITS-Packet-Type", "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Length", "5"},
                {"BITS-Packet-Type", "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Length", "5",
                        "Content-Range", "bytes 9-5/10"},
                {"BITS-Packet-Type", "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Length", "6",
                        "Content-Range", "bytes 5-10/10"},
                {"BITS-Packet-Type", "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Length", "4",
                        "Content-Range", "bytes 0-4/10"}}) {
            Decoded<Request> d = PacketsDecodeRequestTest.decodeHeaders(DecodeOptions.defaults(), headers);
            ProtocolError e = ((Decoded.Err<Request>) d).error();
            assertTrue(e.kind() == Kind.MISSING_HEADER || e.kind() == Kind.MALFORMED_HEADER
                    || e.kind() == Kind.RANGE_LENGTH_MISMATCH, e.kind()::name);
            assertEquals(400, e.toErrorAck().status());
            assertEquals(Optional.of(HResult.E_INVALIDARG), e.toErrorAck().errorCode());
        }
    }

    @Test
    void row03TotalChangedIs400WithTheOffset() {
        assertEquals(error(Kind.TOTAL_CHANGED, OptionalLong.of(5)), decide(receiving(10, 5), fragment(5, 9, 11)));
        assertEquals(400, Kind.TOTAL_CHANGED.status());
    }

    @Test
    void row04NonIdentityEncodingIsTheCodecs400() {
        Decoded<Request> d = PacketsDecodeRequestTest.decodeHeaders(DecodeOptions.defaults(), "BITS-Packet-Type",
                "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Range", "bytes 0-4/5", "Content-Length", "5",
                "Content-Encoding", "gzip");
        assertEquals(Kind.UNSUPPORTED_ENCODING, ((Decoded.Err<Request>) d).error().kind());
        assertEquals(400, Kind.UNSUPPORTED_ENCODING.status());
    }

    @Test
    void row05FirstFragmentOverTheMaximumUploadSizeIsTooLargeAndFixesNothing() {
        assertEquals(error(Kind.UPLOAD_TOO_LARGE, OptionalLong.of(0)), decide(fresh(), fragment(0, 9, 1001)));
        assertEquals(new Write(ECHO, 0, 0, 9, 1000, true, false), decide(fresh(), fragment(0, 9, 1000)));
        // once the total is fixed, only row 3 applies to it
        assertEquals(error(Kind.TOTAL_CHANGED, OptionalLong.of(0)), decide(receiving(10, 0), fragment(0, 9, 1001)));
    }

    @Test
    void row06BodyOverTheMaximumFragmentSizeIs413WithTheOffset() {
        Reject r = (Reject) decide(receiving(500, 20), fragment(20, 120, 500));
        assertEquals(error(Kind.FRAGMENT_TOO_LARGE, OptionalLong.of(20)), r);
        assertEquals(413, r.ack().status());
        assertEquals(Optional.empty(), ((ErrorAck) r.ack()).errorCode(), "the status says it all");
        assertEquals(new Write(ECHO, 0, 20, 119, 500, false, false),
                decide(receiving(500, 20), fragment(20, 119, 500)));
    }

    @Test
    void row07ContiguousFragmentIsWrittenAndAdvancesR() {
        Write w = (Write) decide(receiving(300, 128), fragment(128, 212, 300));
        assertEquals(new Write(ECHO, 0, 128, 212, 300, false, false), w);
        assertEquals(85, w.length());
        assertEquals(FragmentAck.accepted(213, ECHO), w.ack()); // MC-BUP §2.2.7.2 example: 128-212 -> 213
        assertEquals(new Write(ECHO, 0, 0, 9, 300, true, false), decide(fresh(), fragment(0, 9, 300)),
                "the first accepted fragment fixes T");
    }

    @Test
    void row08OverlapWritesOnlyTheNewBytesOr416InStrictMode() {
        Write w = (Write) decide(receiving(100, 60), fragment(40, 99, 100));
        assertEquals(new Write(ECHO, 20, 60, 99, 100, false, true), w);
        assertEquals(40, w.length());
        assertEquals(FragmentAck.accepted(100, ECHO), w.ack());
        assertEquals(outOfSync(Kind.RANGE_OVERLAP, 60),
                ServerDecisions.decideFragment(receiving(100, 60), fragment(40, 99, 100), STRICT));
    }

    @Test
    void row09OnlyOldDataWritesNothingAndAnswersROr416InStrictMode() {
        Write w = (Write) decide(receiving(100, 60), fragment(10, 29, 100));
        assertEquals(new Write(ECHO, 20, 60, 59, 100, false, false), w);
        assertEquals(0, w.length());
        assertEquals(FragmentAck.accepted(60, ECHO), w.ack());
        assertEquals(outOfSync(Kind.RANGE_OVERLAP, 60),
                ServerDecisions.decideFragment(receiving(100, 60), fragment(10, 29, 100), STRICT));
        assertEquals(new Write(ECHO, 0, 60, 69, 100, false, false),
                ServerDecisions.decideFragment(receiving(100, 60), fragment(60, 69, 100), STRICT),
                "strict mode still takes a contiguous fragment");
    }

    @Test
    void row10GapIs416WithRAndDoesNotFixTheTotal() {
        Reject r = (Reject) decide(receiving(100, 10), fragment(50, 59, 100));
        assertEquals(outOfSync(Kind.RANGE_NOT_CONTIGUOUS, 10), r);
        assertEquals(416, r.ack().status());
        // as the first fragment: T is fixed by the first *accepted* fragment, so nothing is fixed here
        assertEquals(outOfSync(Kind.RANGE_NOT_CONTIGUOUS, 0), decide(fresh(), fragment(5, 9, 10)));
        assertEquals(outOfSync(Kind.RANGE_NOT_CONTIGUOUS, 0),
                ServerDecisions.decideFragment(fresh(), fragment(5, 9, 10), STRICT));
    }

    @Test
    void row11FragmentAfterCompletionReplaysTheFinalAckNever416() {
        SessionView finished = new SessionView(State.FINISHED, 50, 50);
        for (Fragment f : new Fragment[] {fragment(0, 49, 50), fragment(0, 9, 50), fragment(40, 49, 51)}) {
            ReplayFinalAck r = (ReplayFinalAck) decide(finished, f);
            assertEquals(new ReplayFinalAck(ECHO, 50, false), r);
            assertEquals(FragmentAck.accepted(50, ECHO), r.ack());
        }
        // every byte held, not finished (a crash between the last write and the commit): finish, then replay
        assertEquals(new ReplayFinalAck(ECHO, 50, true), decide(receiving(50, 50), fragment(49, 49, 50)));
        assertEquals(new ReplayFinalAck(ECHO, 0, true), decide(receiving(0, 0), Fragment.of(ECHO,
                ContentRange.EMPTY_FILE)), "a repeated empty-file fragment");
    }

    @Test
    void row12FragmentCompletingTheFileFinishesBeforeTheFinalAck() {
        Write w = (Write) decide(receiving(70, 69), fragment(69, 69, 70));
        assertEquals(new Write(ECHO, 0, 69, 69, 70, false, true), w);
        assertEquals(FragmentAck.accepted(70, ECHO), w.ack());
        assertEquals(new Write(ECHO, 0, 0, 69, 70, true, true), decide(fresh(), fragment(0, 69, 70)),
                "one fragment fixes the total and completes the file");
    }

    @Test
    void row13WriteFailureIsDiskFullWithTheOffset() {
        ErrorAck ack = ServerDecisions.failure(Kind.DISK_FULL, ECHO, 10);
        assertEquals(500, ack.status());
        assertEquals(Optional.of(HResult.ERROR_DISK_FULL), ack.errorCode());
        assertEquals(Optional.of(ErrorContext.REMOTE_FILE), ack.context());
        assertEquals(Optional.of(ECHO), ack.sessionId());
        assertEquals(OptionalLong.of(10), ack.receivedOffset());
        assertThrows(IllegalStateException.class, () -> ServerDecisions.failure(Kind.NOT_AN_ACK, ECHO, 0));
    }

    @Test
    void row14ZeroLengthFragmentFinishesAnEmptyFileOrIs400ForANonEmptyOne() {
        Fragment empty = Fragment.of(ECHO, ContentRange.EMPTY_FILE);
        FinishEmptyFile e = (FinishEmptyFile) decide(fresh(), empty);
        assertEquals(new FinishEmptyFile(ECHO), e);
        assertEquals(FragmentAck.accepted(0, ECHO), e.ack());
        assertEquals(new FinishEmptyFile(ECHO), ServerDecisions.decideFragment(fresh(), empty, STRICT));
        assertEquals(error(Kind.TOTAL_CHANGED, OptionalLong.of(5)), decide(receiving(10, 5), empty));
        // no other zero-length range exists: the codec refuses it (row 2)
        Decoded<Request> d = PacketsDecodeRequestTest.decodeHeaders(DecodeOptions.defaults(), "BITS-Packet-Type",
                "Fragment", "BITS-Session-Id", ECHO.value(), "Content-Range", "bytes 0--1/10", "Content-Length", "0");
        assertEquals(Kind.MALFORMED_HEADER, ((Decoded.Err<Request>) d).error().kind());
    }

    // ------------------------------------ MC-BUP §3.2.1.4 NOTIFY, §6.5.4, §7.2 rows 11-12, §7.5, decision D10-Q12, Q24

    private static final String REPLY = "http://node7:8080/upload/BITS-Sessions/Replies/0123/responsefile.bin";

    private static FinishDecision finish(FinishOutcome outcome) {
        return ServerDecisions.decideFinish(receiving(50, 50), ECHO, outcome);
    }

    private static FinishDecision.Unfinished unfinished(Kind kind) {
        return new FinishDecision.Unfinished(Optional.of(kind), kind.toErrorAck().withSessionId(ECHO)
                .withReceivedOffset(50));
    }

    @Test
    void row12ACommittedPlainUploadIsFinishedWithoutAReplyUrl() {
        FinishDecision d = finish(new FinishOutcome.Committed());
        assertEquals(new FinishDecision.Finished(Optional.empty(), FragmentAck.accepted(50, ECHO)), d);
    }

    @Test
    void row12AnApplicationSuccessFinishesWithTheReplyUrlInTheFinalAck() {
        FinishDecision.Finished d = (FinishDecision.Finished) finish(new FinishOutcome.Replied(REPLY));
        assertEquals(Optional.of(REPLY), d.replyUrl());
        assertEquals(new FragmentAck(200, 50, Optional.of(ECHO), Optional.of(REPLY)), d.ack());
        // a static reply URL is the application's own absolute URL; it is passed on as it is (§6.5.2)
        assertEquals(Optional.of("https://cdn.example/pkg/42.msi"),
                ((FinishDecision.Finished) finish(new FinishOutcome.Replied("https://cdn.example/pkg/42.msi")))
                        .replyUrl());
    }

    @Test
    void row11AfterSuccessTheFinalAckIsReplayedWithTheSameReplyUrlWithoutNotifyingAgain() {
        SessionView notified = new SessionView(State.FINISHED, 50, 50, Optional.of(REPLY));
        for (Fragment f : new Fragment[] {fragment(0, 49, 50), fragment(10, 19, 50), fragment(0, 9, 77)}) {
            ReplayFinalAck r = (ReplayFinalAck) decide(notified, f);
            assertEquals(new ReplayFinalAck(ECHO, 50, false, Optional.of(REPLY)), r);
            assertFalse(r.finishFirst(), "no new notification");
            assertEquals(new FragmentAck(200, 50, Optional.of(ECHO), Optional.of(REPLY)), r.ack());
        }
    }

    @Test
    void q24AfterAFailureTheNextFragmentNotifiesAgain() {
        // NOTIFY failed: the session stayed RECEIVING with every byte held, so any fragment finishes again
        ReplayFinalAck r = (ReplayFinalAck) decide(receiving(50, 50), fragment(0, 49, 50));
        assertEquals(new ReplayFinalAck(ECHO, 50, true, Optional.empty()), r);
        assertTrue(r.finishFirst());
    }

    @Test
    void anApplicationStatusIsRelayedWithContext0x7AndTheSessionKeepsReceiving() {
        for (int status : new int[] {500, 403, 404, 503, 302}) {
            FinishDecision.Unfinished u =
                    (FinishDecision.Unfinished) finish(new FinishOutcome.ApplicationFailed(status));
            assertEquals(Optional.empty(), u.rule(), "the application's own status");
            assertEquals(status, u.ack().status());
            assertEquals(Optional.of(HResult.ofHttpStatus(status)), u.ack().errorCode());
            assertEquals(Optional.of(ErrorContext.REMOTE_APPLICATION), u.ack().context());
            assertEquals(Optional.of(ECHO), u.ack().sessionId());
            assertEquals(OptionalLong.of(50), u.ack().receivedOffset());
        }
        assertEquals("0x801901F4", ((FinishDecision.Unfinished) finish(new FinishOutcome.ApplicationFailed(500)))
                .ack().errorCode().orElseThrow().wire());
    }

    @Test
    void q12NoAnswerInTimeIs408WithMcBupsCodeAndContext0x7() {
        FinishDecision.Unfinished u = (FinishDecision.Unfinished) finish(new FinishOutcome.ApplicationTimedOut());
        assertEquals(unfinished(Kind.APPLICATION_TIMEOUT), u);
        assertEquals(408, u.ack().status());
        assertEquals("0x80070112", u.ack().errorCode().orElseThrow().wire());
        assertEquals(Optional.of(ErrorContext.REMOTE_APPLICATION), u.ack().context());
    }

    @Test
    void aMalformedAnswerIs411AndAnUnreachableApplication502() {
        FinishDecision.Unfinished bad =
                (FinishDecision.Unfinished) finish(new FinishOutcome.ApplicationResponseInvalid());
        assertEquals(unfinished(Kind.INVALID_APPLICATION_RESPONSE), bad);
        assertEquals(411, bad.ack().status());
        assertEquals(Optional.of(HResult.E_INVALIDARG), bad.ack().errorCode());
        assertEquals(unfinished(Kind.INVALID_APPLICATION_RESPONSE), finish(new FinishOutcome.ApplicationFailed(204)),
                "200 is the only success; another 2xx cannot be relayed as an error");
        assertEquals(unfinished(Kind.INVALID_APPLICATION_RESPONSE),
                finish(new FinishOutcome.Replied("http://x/a b")), "not a header value");
        FinishDecision.Unfinished gone = (FinishDecision.Unfinished) finish(new FinishOutcome.ApplicationUnreachable());
        assertEquals(unfinished(Kind.APPLICATION_UNREACHABLE), gone);
        assertEquals(502, gone.ack().status());
        assertEquals(Optional.of(ErrorContext.REMOTE_APPLICATION), gone.ack().context());
    }

    @Test
    void aReplyUrlOver2200CharactersIs400() {
        String url = "http://h/" + "a".repeat(BitsHeaders.MAX_REPLY_URL_LENGTH - 8);
        assertEquals(unfinished(Kind.REPLY_URL_TOO_LONG), finish(new FinishOutcome.Replied(url)));
        assertEquals(400, Kind.REPLY_URL_TOO_LONG.status());
        assertEquals(FinishDecision.Finished.class, finish(new FinishOutcome.Replied(url.substring(1))).getClass(),
                "2,200 characters are allowed");
    }

    @Test
    void aServerFailureWhileFinishingIsAnsweredWithItsKind() {
        assertEquals(unfinished(Kind.DESTINATION_EXISTS), finish(new FinishOutcome.Failed(Kind.DESTINATION_EXISTS)));
        assertEquals(unfinished(Kind.DISK_FULL), finish(new FinishOutcome.Failed(Kind.DISK_FULL)));
    }

    @Test
    void onlyAReceivingSessionHoldingEveryByteIsFinished() {
        assertThrows(IllegalArgumentException.class, () -> ServerDecisions.decideFinish(receiving(50, 49), ECHO,
                new FinishOutcome.Committed()));
        assertThrows(IllegalArgumentException.class, () -> ServerDecisions.decideFinish(
                new SessionView(State.FINISHED, 50, 50), ECHO, new FinishOutcome.Committed()));
        assertThrows(IllegalArgumentException.class, () -> ServerDecisions.decideFinish(fresh(), ECHO,
                new FinishOutcome.Committed()));
        assertEquals(new FinishDecision.Finished(Optional.empty(), FragmentAck.accepted(0, ECHO)),
                ServerDecisions.decideFinish(receiving(0, 0), ECHO, new FinishOutcome.Committed()), "the empty file");
    }

    @Test
    void notificationValuesCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new SessionView(State.RECEIVING, 5, 5,
                Optional.of(REPLY)));
        assertThrows(IllegalArgumentException.class, () -> new SessionView(State.FINISHED, 5, 5, Optional.of("")));
        assertThrows(NullPointerException.class, () -> new SessionView(State.FINISHED, 5, 5, null));
        assertThrows(IllegalArgumentException.class, () -> new ReplayFinalAck(ECHO, 5, true, Optional.of(REPLY)));
        assertThrows(NullPointerException.class, () -> new ReplayFinalAck(ECHO, 5, false, null));
        assertThrows(IllegalArgumentException.class, () -> new FinishOutcome.ApplicationFailed(200));
        assertThrows(IllegalArgumentException.class, () -> new FinishOutcome.ApplicationFailed(99));
        assertThrows(IllegalArgumentException.class, () -> new FinishOutcome.ApplicationFailed(600));
        assertThrows(NullPointerException.class, () -> new FinishOutcome.Replied(null));
        assertThrows(NullPointerException.class, () -> new FinishOutcome.Failed(null));
        assertThrows(IllegalArgumentException.class, () -> new FinishDecision.Finished(Optional.of(REPLY),
                FragmentAck.accepted(5, ECHO)));
        assertThrows(NullPointerException.class, () -> new FinishDecision.Finished(null,
                FragmentAck.accepted(5, ECHO)));
        assertThrows(NullPointerException.class, () -> new FinishDecision.Unfinished(Optional.empty(), null));
        assertThrows(NullPointerException.class, () -> new FinishDecision.Unfinished(null,
                Kind.APPLICATION_TIMEOUT.toErrorAck()));
        assertThrows(NullPointerException.class, () -> ServerDecisions.decideFinish(receiving(5, 5), null,
                new FinishOutcome.Committed()));
    }

    // ------------------------------------------------------------------ MC-BUP §3.2.5, Close and Cancel

    private static SessionEndDecision close(SessionView s) {
        return ServerDecisions.decideClose(s, CloseSession.of(ECHO));
    }

    private static SessionEndDecision cancel(SessionView s) {
        return ServerDecisions.decideCancel(s, CancelSession.of(ECHO));
    }

    private static final Response CLOSED = new CloseSessionAck(Optional.of(ECHO));
    private static final Response CANCELLED = new CancelSessionAck(Optional.of(ECHO));

    @Test
    void closeOrCancelOfAnUnknownSessionIsNotFound() {
        SessionEndDecision.Reject expected = new SessionEndDecision.Reject(Kind.SESSION_NOT_FOUND,
                Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(ECHO));
        assertEquals(expected, close(SessionView.UNKNOWN));
        assertEquals(expected, cancel(SessionView.UNKNOWN));
    }

    @Test
    void q25RepeatedCloseOrCancelOfAnEndedSessionIs200Again() {
        for (State ended : new State[] {State.CLOSED, State.CANCELLED}) {
            SessionView s = new SessionView(ended, 10, 10);
            assertEquals(new Repeat(CLOSED), close(s), ended::name);
            assertEquals(new Repeat(CANCELLED), cancel(s), ended::name);
        }
    }

    @Test
    void closeOfAFinishedUploadEndsTheSession() {
        assertEquals(new End(State.CLOSED, false, true, CLOSED), close(new SessionView(State.FINISHED, 10, 10)));
    }

    @Test
    void q3CloseOfACompleteButUnfinishedUploadFinishesItFirst() {
        assertEquals(new End(State.CLOSED, true, true, CLOSED), close(receiving(10, 10)));
    }

    @Test
    void q19CloseBeforeCompletionDiscardsThePartialUpload() {
        assertEquals(new End(State.CLOSED, false, false, CLOSED), close(receiving(100, 10)));
        // fragments arrived but every one was refused before it fixed a total (e.g. 413, 416, too large)
        assertEquals(new End(State.CLOSED, false, false, CLOSED),
                close(new SessionView(State.RECEIVING, SessionView.UNKNOWN_TOTAL, 0, true)), "only refused fragments");
    }

    /** Digest decision D9: bits4j and TransferVM upload an empty file as Create-Session + Close-Session. */
    @Test
    void a2CloseOfASessionThatNeverReceivedAFragmentFinishesAnEmptyFile() {
        assertEquals(new SessionEndDecision.FinishEmptyFile(CLOSED), close(fresh()), "no fragment at all");
        assertEquals(new SessionEndDecision.FinishEmptyFile(CLOSED),
                close(new SessionView(State.RECEIVING, SessionView.UNKNOWN_TOTAL, 0, false)));
        // Cancel-Session never commits one (MC-BUP §2.2.10), and a repeat after the close is 200 from the tombstone
        assertEquals(new End(State.CANCELLED, false, false, CANCELLED), cancel(fresh()));
        assertEquals(new Repeat(CLOSED), close(new SessionView(State.CLOSED, SessionView.UNKNOWN_TOTAL, 0, false)));
        assertThrows(NullPointerException.class, () -> new SessionEndDecision.FinishEmptyFile(null));
    }

    @Test
    void cancelDiscardsAnUnfinishedUploadEvenIfEveryByteIsHeld() {
        assertEquals(new End(State.CANCELLED, false, false, CANCELLED), cancel(receiving(100, 10)));
        assertEquals(new End(State.CANCELLED, false, false, CANCELLED), cancel(receiving(10, 10)));
        assertEquals(new End(State.CANCELLED, false, false, CANCELLED), cancel(fresh()));
    }

    @Test
    void cancelAfterCompletionKeepsTheFinishedUpload() {
        End e = (End) cancel(new SessionView(State.FINISHED, 10, 10));
        assertEquals(new End(State.CANCELLED, false, true, CANCELLED), e);
        assertTrue(e.complete());
        assertFalse(e.finishFirst());
    }

    // ------------------------------------------------------------------ the value types' invariants

    @Test
    void sessionViewChecksItsInvariants() {
        assertTrue(receiving(10, 10).holdsEveryByte());
        assertFalse(fresh().holdsEveryByte());
        assertFalse(fresh().hasTotal());
        assertFalse(State.FINISHED.isEnded());
        assertThrows(NullPointerException.class, () -> new SessionView(null, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> receiving(-2, 0));
        assertThrows(IllegalArgumentException.class, () -> receiving(10, -1));
        assertThrows(IllegalArgumentException.class, () -> receiving(10, 11));
        assertThrows(IllegalArgumentException.class, () -> receiving(SessionView.UNKNOWN_TOTAL, 1));
        assertThrows(IllegalArgumentException.class, () -> new SessionView(State.FINISHED, 10, 9));
        assertThrows(IllegalArgumentException.class, () -> new SessionView(State.FINISHED, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SessionView(State.RECEIVING, 10, 0, false));
        assertFalse(fresh().anyFragment());
        assertTrue(receiving(10, 0).anyFragment());
        assertTrue(new SessionView(State.RECEIVING, SessionView.UNKNOWN_TOTAL, 0, true).anyFragment());
        assertFalse(SessionView.UNKNOWN.anyFragment());
    }

    @Test
    void decisionsCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new DirectoryLimits(-1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new DirectoryLimits(0, 0, false));
        assertThrows(NullPointerException.class, () -> new Reject(null, CLOSED));
        assertThrows(NullPointerException.class, () -> new Reject(Kind.RANGE_OVERLAP, null));
        assertThrows(NullPointerException.class, () -> new Write(null, 0, 0, 0, 1, true, true));
        assertThrows(IllegalArgumentException.class, () -> new Write(ECHO, -1, 0, 0, 1, true, true));
        assertThrows(IllegalArgumentException.class, () -> new Write(ECHO, 0, 5, 3, 10, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Write(ECHO, 0, 0, 10, 10, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Write(ECHO, 0, 0, 5, 10, false, true));
        assertThrows(NullPointerException.class, () -> new FinishEmptyFile(null));
        assertThrows(NullPointerException.class, () -> new ReplayFinalAck(null, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new ReplayFinalAck(ECHO, -1, false));
        assertThrows(NullPointerException.class, () -> new SessionEndDecision.Reject(null,
                Kind.SESSION_NOT_FOUND.toErrorAck()));
        assertThrows(NullPointerException.class, () -> new SessionEndDecision.Reject(Kind.SESSION_NOT_FOUND, null));
        assertThrows(NullPointerException.class, () -> new Repeat(null));
        assertThrows(NullPointerException.class, () -> new End(null, false, false, CLOSED));
        assertThrows(NullPointerException.class, () -> new End(State.CLOSED, false, false, null));
        assertThrows(IllegalArgumentException.class, () -> new End(State.FINISHED, false, true, CLOSED));
        assertThrows(IllegalArgumentException.class, () -> new End(State.CLOSED, true, false, CLOSED));
        assertThrows(NullPointerException.class,
                () -> ServerDecisions.decideFragment(fresh(), fragment(0, 0, 1), null));
    }

    @Test
    void iisDefaultsAreTheDigestsValues() {
        assertEquals(1_844_674_407_370_955L, IisDefaults.MAX_UPLOAD_SIZE);
        assertEquals(1_209_600, IisDefaults.SESSION_TIMEOUT.toSeconds());
        assertEquals(86_400, IisDefaults.HOST_ID_FALLBACK_TIMEOUT.toSeconds());
        assertEquals(50, IisDefaults.SESSIONS_PER_USER);
        assertEquals("BITS-Sessions", IisDefaults.SESSION_DIRECTORY);
    }
}
