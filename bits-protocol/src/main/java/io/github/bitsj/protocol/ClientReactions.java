// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The client's half of the protocol as pure functions: what a BITS client does after each exchange (MC-BUP §3.1.1.2
 * client state machine, MC-BUP §3.1.5.1.7 transient/fatal table and its protocol-specific overrides, MC-BUP §2.2.8/MC-BUP §2.2.10 Close/Cancel resend
 * rule, decision D25). The I/O layer sends, decodes, and carries out the {@link ClientReaction} it gets back.
 *
 * <p>The rules, in the order {@link #react} applies them:
 * <ol>
 *   <li>401/407 with a challenge the credentials answer: supply them once ({@link Authenticate}); a second one is
 *       reported (fatal, 4xx).</li>
 *   <li>BG_E_SESSION_NOT_FOUND: Cancel-Session is done; Close-Session is done if the upload was complete (decision D25);
 *       any other packet restarts the session ({@link RestartSession}).</li>
 *   <li>The Close-Session of an empty file sent as Create-Session + Close-Session, answered 404 or
 *       {@code ERROR_FILE_NOT_FOUND} (the server holds no file): upload it again as one zero-length Fragment
 *       ({@link EmptyFileAsFragment}; decision D9).</li>
 *   <li>Close-/Cancel-Session: 5xx is resent after the retry delay ({@link Resend}); 1xx–4xx never.</li>
 *   <li>413 to a Fragment: halve, floor 5 KiB ({@link ShrinkFragment}); at the floor it is fatal.</li>
 *   <li>BG_E_TOO_LARGE and E_INVALIDARG are fatal whatever the status; otherwise the status class decides
 *       ({@link #isTransient}).</li>
 *   <li>A Fragment Ack (200 or 416) moves to {@code BITS-Received-Content-Range} ({@link Advance}, {@link Resync});
 *       one that fails to advance {@link ClientLimits#MAX_STALLED_ACKS} times in a row is BG_E_NO_PROGRESS. A 416
 *       without a usable offset (none, unparsable, beyond the total) cannot say where to go on: the client asks again
 *       in a new session from byte 0 ({@link RestartSession}, counted as a quick restart), never by shrinking the
 *       fragment (D32).</li>
 *   <li>An invalid response is BG_E_INVALID_SERVER_RESPONSE, transient (MC-BUP §2.2.1.2); a transport failure is transient,
 *       except an untrusted certificate or rejected credentials.</li>
 * </ol>
 */
public final class ClientReactions {
    private ClientReactions() {}

    /**
     * Decides what the client does after one exchange.
     *
     * @param job the job's state data
     * @param sent the request that was sent
     * @param outcome what came back
     * @return the reaction
     * @throws NullPointerException if an argument is null
     */
    public static ClientReaction react(JobView job, Request sent, ExchangeOutcome outcome) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(outcome, "outcome");
        return switch (outcome) {
            case Answered a -> answered(job, sent, a.response());
            case Challenged c -> job.credentialsSent()
                    ? errorAck(job, sent, c.ack())   // already supplied: the 401 stands (a fatal 4xx)
                    : new Authenticate();
            case Invalid i when i.status() == 416 && sent instanceof Fragment ->
                    restart(job, invalid(sent, i.status(), i.error()));   // no usable offset: ask a new session
            case Invalid i -> afterFailure(invalid(sent, i.status(), i.error()), stateOf(sent));
            case TransportFailed t -> afterFailure(transportFailure(t, Optional.of(sent.type())), stateOf(sent));
        };
    }

    /**
     * {@return the reaction to a failure in {@code state}: fatal ones fail the job; transient ones are resent after the
     * retry delay in GET_REPLY, COMPLETE and CANCEL, and otherwise resume with Ping (MC-BUP §3.1.5.1.4 case 1, MC-BUP §3.1.5.1.7)}
     *
     * @param failure the failure
     * @param state the state it happened in
     * @throws NullPointerException if an argument is null
     */
    public static ClientReaction afterFailure(ClientFailure failure, ClientState state) {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(state, "state");
        if (!failure.isTransient()) {
            return new Fail(failure);
        }
        return switch (state) {
            case GET_REPLY, COMPLETE, CANCEL -> new Resend(failure);
            case PING, CREATE_SESSION, FRAGMENT -> new RetryLater(failure);
        };
    }

    /**
     * The general BITS classification of an HTTP status (MC-BUP §3.1.5.1.7, first table, with the error-code overrides of
     * the second; decision D28): transient unless 300–305 or 307, a 4xx other than 408/409, 501 or 505, or the error code
     * is BG_E_TOO_LARGE or E_INVALIDARG. A 1xx, an unexpected 2xx and anything not listed are transient.
     *
     * @param status the HTTP status
     * @param errorCode the {@code BITS-Error-Code}, if any
     * @return true if BITS retries it
     * @throws NullPointerException if errorCode is null
     */
    public static boolean isTransient(int status, Optional<HResult> errorCode) {
        Optional<HResult> code = Objects.requireNonNull(errorCode, "errorCode");
        if (code.filter(c -> c.equals(HResult.BG_E_TOO_LARGE) || c.equals(HResult.E_INVALIDARG)).isPresent()) {
            return false;   // "report too large" / "the client's headers broke the rules"
        }
        if (status >= 300 && status <= 399) {
            return !(status <= 305 || status == 307);
        }
        if (status >= 400 && status <= 499) {
            return status == 408 || status == 409;
        }
        if (status >= 500 && status <= 599) {
            return status != 501 && status != 505;
        }
        return true;
    }

    /**
     * {@return the largest fragment after a 413 to one of {@code refused} bytes: half of it, never below 5 KiB, or
     * empty if it was already at the floor (MC-BUP §3.1.5.1.7, §3.1.5.1.4; MC-BUP &lt;10&gt;)}
     *
     * @param refused the length of the refused fragment
     */
    public static OptionalInt fragmentSizeAfterTooLarge(long refused) {
        if (refused <= ClientLimits.MIN_FRAGMENT_SIZE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.max(ClientLimits.MIN_FRAGMENT_SIZE, Math.min(refused, Integer.MAX_VALUE) / 2));
    }

    private static ClientReaction answered(JobView job, Request sent, Response response) {
        return switch (response) {
            case ErrorAck e -> errorAck(job, sent, e);
            case PingAck p when sent instanceof Ping ->
                    new Proceed(job.hasSession() ? withSession(job) : ClientState.CREATE_SESSION);
            case CreateSessionAck c when sent instanceof CreateSession ->
                    new Proceed(c.hostId().isPresent() ? ClientState.PING : withSession(job));   // SDK: BITS IIS Extension Properties (BITSHostId) step 3
            case FragmentAck f when sent instanceof Fragment fragment -> fragmentAck(job, fragment, f);
            case CloseSessionAck c when sent instanceof CloseSession -> new Done(false);
            case CancelSessionAck c when sent instanceof CancelSession -> new Done(false);
            default -> afterFailure(invalid(sent, response.status(), new ProtocolError(
                    ProtocolError.Kind.INVALID_SERVER_RESPONSE, "", "the Ack does not answer the request")),
                    stateOf(sent));
        };
    }

    /** {@return where a job goes once it holds a session: Fragments, or straight to Close-Session for D9's empty file} */
    private static ClientState withSession(JobView job) {
        return job.emptyFileByClose() ? ClientState.COMPLETE : ClientState.FRAGMENT;
    }

    private static ClientReaction fragmentAck(JobView job, Fragment sent, FragmentAck ack) {
        ContentRange range = sent.range();
        long first = range.first();
        long total = range.total();
        long received = ack.receivedOffset();
        if (received > total) {   // MC-BUP §2.2.7.2: beyond the file is an invalid server response
            ClientFailure f = invalid(sent, ack.status(), new ProtocolError(
                    ProtocolError.Kind.INVALID_SERVER_RESPONSE, BitsHeaders.RECEIVED_CONTENT_RANGE,
                    "beyond the total"));
            return ack.status() == 416 ? restart(job, f) : afterFailure(f, ClientState.FRAGMENT);
        }
        boolean whole = ack.status() == 200 && received == first + sent.contentLength();
        boolean progressed = received > first || (total == 0 && received == 0);
        if (!progressed && job.stalledAcks() + 1 >= ClientLimits.MAX_STALLED_ACKS) {
            return new RetryLater(new ClientFailure(ack.status(), Optional.of(HResult.BG_E_NO_PROGRESS),
                    Optional.empty(), Optional.empty(), Optional.of(PacketType.FRAGMENT), true,
                    "the server's acknowledged offset does not advance"));
        }
        boolean end = received == total;
        ClientState next = !end ? ClientState.FRAGMENT : job.replyWanted() ? ClientState.GET_REPLY
                : ClientState.COMPLETE;   // MC-BUP §3.2.5.2.6: a plain upload ignores a reply URL
        Optional<String> reply = next == ClientState.GET_REPLY ? ack.replyUrl() : Optional.empty();
        return whole ? new Advance(received, next, reply) : new Resync(received, next, reply, progressed);
    }

    private static ClientReaction errorAck(JobView job, Request sent, ErrorAck e) {
        if (e.isSessionNotFound()) {
            return switch (sent) {
                case CancelSession c -> new Done(true);                 // MC-BUP §2.2.10: nothing left to cancel
                case CloseSession c when job.uploadComplete() -> new Done(true);   // decision D25
                default -> restart(job, failure(sent.type().wireName(), sent, e, true));   // MC-BUP §3.1.5.1.4 case 2
            };
        }
        if (sent instanceof CloseSession && job.emptyFileByClose() && holdsNoFile(e)) {
            return new EmptyFileAsFragment();                           // decision D9
        }
        if (sent instanceof CloseSession || sent instanceof CancelSession) {
            // MC-BUP §2.2.8, §2.2.10: resend on 5xx, never on 1xx-4xx
            ClientFailure f = failure(sent.type().wireName(), sent, e, e.status() >= 500);
            return e.status() >= 500 ? new Resend(f) : new Fail(f);
        }
        if (sent instanceof Fragment f && e.status() == 413) {
            OptionalInt smaller = fragmentSizeAfterTooLarge(f.contentLength());
            return smaller.isPresent() ? new ShrinkFragment(smaller.getAsInt())
                    : new Fail(failure("Fragment (413 at the 5 KiB floor)", sent, e, false));
        }
        return afterFailure(failure(sent.type().wireName(), sent, e, isTransient(e.status(), e.errorCode())),
                stateOf(sent));
    }

    /**
     * {@return whether an error Ack to the Close-Session of an empty upload says the server holds no file: 404 (MC-BUP
     * §3.2.5.2.7 answers a Close-Session whose request entity is gone with 404) or {@code ERROR_FILE_NOT_FOUND}
     * whatever the status (D9)}
     *
     * @param e the error Ack
     * @throws NullPointerException if {@code e} is null
     */
    public static boolean holdsNoFile(ErrorAck e) {
        return e.status() == 404 || e.errorCode().filter(HResult.ERROR_FILE_NOT_FOUND::equals).isPresent();
    }

    private static RestartSession restart(JobView job, ClientFailure why) {
        if (job.quickRestarts() + 1 > ClientLimits.MAX_QUICK_RESTARTS) {
            return new RestartSession(Optional.of(new ClientFailure(why.status(), why.errorCode(), why.context(),
                    why.protocolError(), Optional.empty(), true, why.protocolError().isPresent() ? why.detail()
                    : "the server keeps losing the session")));
        }
        return new RestartSession(Optional.empty());
    }

    private static ClientFailure failure(String what, Request sent, ErrorAck e, boolean isTransient) {
        StringBuilder m = new StringBuilder(what).append(" failed: HTTP ").append(e.status());
        if (e.errorCode().isPresent()) {
            m.append(", BITS-Error-Code ").append(e.errorCode().get());
        } else {
            m.append(" (").append(HResult.ofHttpStatus(e.status())).append(')');   // as Windows reports it
        }
        e.context().ifPresent(c -> m.append(", context ").append(c.wire()).append(' ').append(c.name()));
        return new ClientFailure(e.status(), e.errorCode(), e.context(), Optional.empty(), Optional.of(sent.type()),
                isTransient, m.toString());
    }

    private static ClientFailure invalid(Request sent, int status, ProtocolError error) {
        String detail = "invalid server response to " + sent.type().wireName() + ": HTTP " + status + ", "
                + error.kind() + (error.header().isEmpty() ? "" : " " + error.header()) + " (" + error.detail() + ")";
        return new ClientFailure(status >= 100 && status <= 599 ? status : ClientFailure.NO_STATUS,
                Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), Optional.empty(), Optional.of(error.kind()),
                Optional.of(sent.type()), true, detail);
    }

    /**
     * {@return the failure a transport failure is reported as (MC-BUP §3.1.5.1.7 last row): transient with context
     * GENERAL_TRANSPORT, except an untrusted certificate (fatal, as on Windows) and credentials the HTTP layer gave up
     * on (a fatal 401)}
     *
     * @param failed the transport failure
     * @param packet the packet whose exchange failed, if it was a BITS packet
     * @throws NullPointerException if an argument is null
     */
    public static ClientFailure transportFailure(TransportFailed failed, Optional<PacketType> packet) {
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(packet, "packet");
        return switch (failed.cause()) {
            case CONNECTION, TIMEOUT -> new ClientFailure(ClientFailure.NO_STATUS, Optional.empty(),
                    Optional.of(ErrorContext.GENERAL_TRANSPORT), Optional.empty(), packet, true, failed.detail());
            case UNTRUSTED_CERTIFICATE -> new ClientFailure(ClientFailure.NO_STATUS, Optional.empty(),
                    Optional.of(ErrorContext.GENERAL_TRANSPORT), Optional.empty(), packet, false, failed.detail());
            case CREDENTIALS_REJECTED -> new ClientFailure(401, Optional.of(HResult.ofHttpStatus(401)),
                    Optional.empty(), Optional.empty(), packet, false, failed.detail());
        };
    }

    private static ClientState stateOf(Request sent) {
        return switch (sent) {
            case Ping p -> ClientState.PING;
            case CreateSession c -> ClientState.CREATE_SESSION;
            case Fragment f -> ClientState.FRAGMENT;
            case CloseSession c -> ClientState.COMPLETE;
            case CancelSession c -> ClientState.CANCEL;
        };
    }
}
