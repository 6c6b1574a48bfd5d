// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's protocol decisions as pure functions: the Fragment decision table (MC-BUP §3.2.5.2.6) and the Close-Session
 * and Cancel-Session rules (MC-BUP §3.2.5, decision D3, Q19, Q25). A server looks the session up, takes its lock, asks here
 * what to do with a {@link SessionView}, and carries the answer out; the tests check every row without a socket.
 *
 * <p>Where each row of MC-BUP §3.2.5.2.6 is decided:
 * <table>
 * <caption>The Fragment decision table</caption>
 * <tr><th>row</th><th>case</th><th>decided by</th></tr>
 * <tr><td>1</td><td>session unknown (or ended)</td>
 *     <td>{@link #decideFragment}: {@link Kind#SESSION_NOT_FOUND}</td></tr>
 * <tr><td>2</td><td>Content-Range missing or malformed, Content-Length ≠ range length</td>
 *     <td>the codec, {@link Packets#decodeRequest}</td></tr>
 * <tr><td>3</td><td>total changed</td><td>{@link #decideFragment}: {@link Kind#TOTAL_CHANGED}</td></tr>
 * <tr><td>4</td><td>Content-Encoding not identity</td><td>the codec: {@link Kind#UNSUPPORTED_ENCODING}</td></tr>
 * <tr><td>5</td><td>first fragment's total over the maximum</td>
 *     <td>{@link #decideFragment}: {@link Kind#UPLOAD_TOO_LARGE}</td></tr>
 * <tr><td>6</td><td>fragment body over the maximum</td>
 *     <td>{@link #decideFragment}: {@link Kind#FRAGMENT_TOO_LARGE}</td></tr>
 * <tr><td>7, 8, 9</td><td>contiguous, overlapping, old data</td><td>{@link #decideFragment}:
 *     {@link FragmentDecision.Write}, or in strict mode {@link Kind#RANGE_OVERLAP}</td></tr>
 * <tr><td>10</td><td>gap</td><td>{@link #decideFragment}: {@link Kind#RANGE_NOT_CONTIGUOUS}</td></tr>
 * <tr><td>11</td><td>upload already complete</td>
 *     <td>{@link #decideFragment}: {@link FragmentDecision.ReplayFinalAck}</td></tr>
 * <tr><td>12</td><td>fragment completes the file</td><td>{@link FragmentDecision.Write#completesFile()}, then
 *     {@link #decideFinish} from the commit or the server application's answer</td></tr>
 * <tr><td>13</td><td>disk full / I/O error</td><td>{@link #failure}: {@link Kind#DISK_FULL}</td></tr>
 * <tr><td>14</td><td>zero-length fragment</td><td>the codec ({@link ContentRange#EMPTY_FILE} only), then
 *     {@link #decideFragment}: {@link FragmentDecision.FinishEmptyFile}, or row 3 for a non-empty file</td></tr>
 * </table>
 *
 * <p>The server's session states of MC-BUP §3.2.1.4: RECEIVE_FRAGMENTS is
 * {@link SessionView.State#RECEIVING}; a decision that says <i>finish</i>
 * ({@link FragmentDecision.Write#completesFile()}, {@link FragmentDecision.ReplayFinalAck#finishFirst()},
 * {@link FragmentDecision.FinishEmptyFile}, {@link SessionEndDecision.End#finishFirst()}) enters NOTIFY, where the server commits or notifies its server
 * application; {@link #decideFinish} leaves NOTIFY for WAIT_FOR_CLOSE ({@link SessionView.State#FINISHED}, the final
 * Ack cached) or back to RECEIVE_FRAGMENTS (the failure answered); Close-Session and Cancel-Session lead to COMPLETE
 * and CANCEL ({@link #decideClose}, {@link #decideCancel}).
 */
public final class ServerDecisions {
    private ServerDecisions() {}

    /**
     * Decides a Fragment (MC-BUP §3.2.5.2.6), in the table's order of precedence: an unknown or ended session (row 1); an
     * upload whose bytes are all held replays its final Ack (row 11, never 416); the total is checked against the
     * maximum while unfixed (row 5) or against {@code T} once fixed (row 3); the body size (row 6); a gap (row 10) or,
     * in strict mode, any start other than {@code R} (rows 8, 9) gets 416 with {@code R}, before the total is fixed,
     * because {@code T} is fixed by the first <em>accepted</em> fragment; then the empty file (row 14) or the write
     * of the bytes not yet held (rows 7, 8, 9, 12).
     *
     * <p>Every Ack echoes the request's session id. Error Acks carry {@code R} (MC-BUP §2.2.7.2, recommended), except
     * row 1, where there is no session.
     *
     * @param session the session, or {@link SessionView#UNKNOWN}
     * @param fragment the decoded Fragment (rows 2 and 4 were the codec's)
     * @param limits the upload directory's limits
     * @return what to do
     * @throws NullPointerException if an argument is null
     */
    public static FragmentDecision decideFragment(SessionView session, Fragment fragment, DirectoryLimits limits) {
        Objects.requireNonNull(limits, "limits");
        SessionId echo = fragment.sessionId();
        ContentRange r = fragment.range();
        long received = session.received();
        if (session.state() == SessionView.State.UNKNOWN || session.state().isEnded()) {
            return new FragmentDecision.Reject(Kind.SESSION_NOT_FOUND,
                    Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(echo));
        }
        if (session.state() == SessionView.State.FINISHED || session.holdsEveryByte()) {
            boolean finished = session.state() == SessionView.State.FINISHED;
            return new FragmentDecision.ReplayFinalAck(echo, session.total(), !finished,
                    finished ? session.replyUrl() : Optional.empty());
        }
        if (!session.hasTotal()) {
            if (r.total() > limits.maxUploadSize()) {
                return reject(Kind.UPLOAD_TOO_LARGE, echo, received);
            }
        } else if (r.total() != session.total()) {
            return reject(Kind.TOTAL_CHANGED, echo, received);
        }
        if (fragment.contentLength() > limits.maxFragmentSize()) {
            return reject(Kind.FRAGMENT_TOO_LARGE, echo, received);
        }
        if (r.isEmptyFile()) {
            // the total is unknown here: a known total was 0 (row 11) or differs (row 3)
            return new FragmentDecision.FinishEmptyFile(echo);
        }
        if (r.first() > received) {
            return new FragmentDecision.Reject(Kind.RANGE_NOT_CONTIGUOUS, FragmentAck.outOfSync(received, echo));
        }
        if (limits.strictRanges() && r.first() != received) {
            return new FragmentDecision.Reject(Kind.RANGE_OVERLAP, FragmentAck.outOfSync(received, echo));
        }
        if (r.last() < received) {
            // row 9: only old data, typically a resend after a lost Ack; the total is already fixed
            return new FragmentDecision.Write(echo, r.length(), received, received - 1, r.total(), false, false);
        }
        return new FragmentDecision.Write(echo, received - r.first(), received, r.last(), r.total(),
                !session.hasTotal(), r.isFinal());
    }

    /**
     * Decides what follows the finish of an upload (MC-BUP §3.2.5.1.2–3, MC-BUP §3.2.1.4 NOTIFY, §6.5.4, §7.5): the
     * server committed it, or notified its server application, and reports the {@code outcome}.
     *
     * <table>
     * <caption>Outcomes</caption>
     * <tr><th>outcome</th><th>answer</th><th>next state</th></tr>
     * <tr><td>committed (no application)</td><td>200, {@code R = T}, no reply URL</td><td>FINISHED</td></tr>
     * <tr><td>application answered 200</td><td>200, {@code R = T}, {@code BITS-Reply-URL}; a URL over 2,200
     *     characters is {@link Kind#REPLY_URL_TOO_LONG}, one that is no legal header value
     *     {@link Kind#INVALID_APPLICATION_RESPONSE}</td><td>FINISHED, the URL cached</td></tr>
     * <tr><td>application answered 3xx–5xx</td><td>that status, {@code BG_E_HTTP_ERROR_}<i>status</i>, context
     *     {@code 0x7} (SDK: Handling Server Application Errors)</td><td>RECEIVING</td></tr>
     * <tr><td>application answered 1xx or another 2xx</td><td>{@link Kind#INVALID_APPLICATION_RESPONSE}</td>
     *     <td>RECEIVING</td></tr>
     * <tr><td>no answer in time</td><td>{@link Kind#APPLICATION_TIMEOUT}: 408, {@code 0x80070112}, {@code 0x7}
     *     (MC-BUP §3.3.6, decision D12)</td><td>RECEIVING</td></tr>
     * <tr><td>application unreachable</td><td>{@link Kind#APPLICATION_UNREACHABLE}</td><td>RECEIVING</td></tr>
     * <tr><td>malformed answer</td><td>{@link Kind#INVALID_APPLICATION_RESPONSE}: 411 {@code E_INVALIDARG} (MC-BUP
     *     §3.3.5.3.2)</td><td>RECEIVING</td></tr>
     * <tr><td>the server's own failure</td><td>its kind (MC-BUP §3.3.5.2.4, Fragment table row 13)</td><td>RECEIVING</td></tr>
     * </table>
     *
     * @param session the session: receiving, holding every byte
     * @param echo the session id to echo
     * @param outcome what the finish produced
     * @return the answer and the next state
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the session does not hold every byte or is not receiving
     */
    public static FinishDecision decideFinish(SessionView session, SessionId echo, FinishOutcome outcome) {
        Objects.requireNonNull(echo, "echo");
        if (session.state() != SessionView.State.RECEIVING || !session.holdsEveryByte()) {
            throw new IllegalArgumentException("only a receiving session holding every byte is finished");
        }
        long t = session.total();
        return switch (outcome) {
            case FinishOutcome.Committed c -> new FinishDecision.Finished(Optional.empty(),
                    FragmentAck.accepted(t, echo));
            case FinishOutcome.Replied r when r.replyUrl().length() > BitsHeaders.MAX_REPLY_URL_LENGTH ->
                    unfinished(Kind.REPLY_URL_TOO_LONG, echo, t);
            case FinishOutcome.Replied r when !Rules.isReplyUrl(r.replyUrl()) ->
                    unfinished(Kind.INVALID_APPLICATION_RESPONSE, echo, t);
            case FinishOutcome.Replied r -> new FinishDecision.Finished(Optional.of(r.replyUrl()),
                    new FragmentAck(200, t, Optional.of(echo), Optional.of(r.replyUrl())));
            case FinishOutcome.ApplicationFailed f when f.status() < 300 ->
                    unfinished(Kind.INVALID_APPLICATION_RESPONSE, echo, t);
            case FinishOutcome.ApplicationFailed f -> new FinishDecision.Unfinished(Optional.empty(),
                    ErrorAck.of(f.status(), HResult.ofHttpStatus(f.status()), ErrorContext.REMOTE_APPLICATION)
                            .withSessionId(echo).withReceivedOffset(t));
            case FinishOutcome.ApplicationTimedOut o -> unfinished(Kind.APPLICATION_TIMEOUT, echo, t);
            case FinishOutcome.ApplicationUnreachable o -> unfinished(Kind.APPLICATION_UNREACHABLE, echo, t);
            case FinishOutcome.ApplicationResponseInvalid o -> unfinished(Kind.INVALID_APPLICATION_RESPONSE, echo, t);
            case FinishOutcome.Failed f -> unfinished(f.kind(), echo, t);
        };
    }

    private static FinishDecision unfinished(Kind kind, SessionId echo, long received) {
        return new FinishDecision.Unfinished(Optional.of(kind), failure(kind, echo, received));
    }

    /**
     * Decides a Close-Session (MC-BUP §3.2.5, decision D3, Q19, Q25, decision D9): an unknown session is not found; an ended one
     * gets 200 again; a session holding every byte is finished first if it is not yet (committed, or its server
     * application notified), then closed; a session that never received a Fragment is the empty file, finished and
     * closed (D9); an incomplete upload is discarded, never committed, and still gets 200 (D19), also when its only
     * fragments were refused before they fixed a total. Closing deletes a reply the server keeps for the session
     * (MC-BUP §3.3.5.2.6 item 5, decision D15).
     *
     * @param session the session, or {@link SessionView#UNKNOWN}
     * @param close the decoded Close-Session
     * @return what to do
     * @throws NullPointerException if an argument is null
     */
    public static SessionEndDecision decideClose(SessionView session, CloseSession close) {
        SessionId echo = close.sessionId();
        Response ok = new CloseSessionAck(Optional.of(echo));
        return switch (session.state()) {
            case UNKNOWN -> notFound(echo);
            case CLOSED, CANCELLED -> new SessionEndDecision.Repeat(ok);
            case RECEIVING -> {
                if (session.holdsEveryByte()) {
                    yield new SessionEndDecision.End(SessionView.State.CLOSED, true, true, ok);
                }
                yield !session.hasTotal() && !session.anyFragment()
                        ? new SessionEndDecision.FinishEmptyFile(ok)
                        : new SessionEndDecision.End(SessionView.State.CLOSED, false, false, ok);
            }
            case FINISHED -> new SessionEndDecision.End(SessionView.State.CLOSED, false, true, ok);
        };
    }

    /**
     * Decides a Cancel-Session (MC-BUP §3.2.5, decision D25): an unknown session is not found; an ended one gets 200 again;
     * otherwise the session ends as cancelled. The staging data is discarded; an upload already finished stays at its
     * destination (MC-BUP §3.3.5.2.4: "Cancel-Session after completion does not remove the file").
     *
     * @param session the session, or {@link SessionView#UNKNOWN}
     * @param cancel the decoded Cancel-Session
     * @return what to do
     * @throws NullPointerException if an argument is null
     */
    public static SessionEndDecision decideCancel(SessionView session, CancelSession cancel) {
        SessionId echo = cancel.sessionId();
        Response ok = new CancelSessionAck(Optional.of(echo));
        return switch (session.state()) {
            case UNKNOWN -> notFound(echo);
            case CLOSED, CANCELLED -> new SessionEndDecision.Repeat(ok);
            case RECEIVING -> new SessionEndDecision.End(SessionView.State.CANCELLED, false, false, ok);
            case FINISHED -> new SessionEndDecision.End(SessionView.State.CANCELLED, false, true, ok);
        };
    }

    /**
     * {@return the error Ack for a failure while carrying a decision out: a write that failed (Fragment table row 13,
     * {@link Kind#DISK_FULL}) or a finish that failed (the destination rules of MC-BUP §3.3.5.2.4), echoing the session id
     * and carrying {@code R} (MC-BUP §2.2.7.2)}
     *
     * @param kind the failure
     * @param echo the session id to echo
     * @param received {@code R} after the failure
     * @throws IllegalStateException if {@code kind} is one only clients detect
     */
    public static ErrorAck failure(Kind kind, SessionId echo, long received) {
        return kind.toErrorAck().withSessionId(echo).withReceivedOffset(received);
    }

    private static FragmentDecision reject(Kind kind, SessionId echo, long received) {
        return new FragmentDecision.Reject(kind, failure(kind, echo, received));
    }

    private static SessionEndDecision notFound(SessionId echo) {
        return new SessionEndDecision.Reject(Kind.SESSION_NOT_FOUND,
                Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(echo));
    }
}
