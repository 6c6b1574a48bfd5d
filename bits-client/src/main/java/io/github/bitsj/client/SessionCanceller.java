// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.ClientReaction;
import io.github.bitsj.protocol.ClientReactions;
import io.github.bitsj.protocol.JobView;
import io.github.bitsj.protocol.SessionId;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Cancel-Session for a known session (SDK: Cancel-Session, MC-BUP §2.2.10), as a job sends it when cancelled and as
 * {@link BitsClient#cancelSession} sends it for a session an earlier run left: the protocol decides each answer
 * (resend on 5xx unless the session is gone, never on 1xx–4xx, BG_E_SESSION_NOT_FOUND ends it), and the
 * {@link RetryLoop} gives up after 24 hours or the no-progress timeout, whichever is shorter. After a job fails or gives
 * up, {@link #bestEffort} sends one, bounded in time, so that servers that never expire sessions (gobits, bad2beef)
 * do not keep it.
 */
final class SessionCanceller {
    /** How long the Cancel-Session after a failure may take at most (connect, send and Ack): {@value} seconds. */
    static final long BEST_EFFORT_SECONDS = 5;

    private SessionCanceller() {}

    /**
     * A job was cancelled: sends Cancel-Session for its session, if it has one (with the resends of {@link #cancel}),
     * and deletes its state file.
     *
     * @return the exception the job ends with
     * @throws BitsClientException if the server refused the cancel or kept failing
     * @throws InterruptedException if interrupted
     */
    static CancellationException cancelled(BitsClient client, System.Logger log, URI target, SessionId session,
            boolean credentialsSent, JobPersistence persistence) throws BitsClientException, InterruptedException {
        Thread.interrupted();   // an aborted exchange may leave the flag; the cancel itself must still go out
        try {
            if (session != null) {
                cancel(client.transport, client.retryPolicy, client.clock, log, target, session, credentialsSent);
            }
        } finally {
            persistence.delete();
        }
        log.log(Level.DEBUG, "event=job_cancelled");
        return new CancellationException("upload cancelled");
    }

    /**
     * Sends Cancel-Session once (answering one challenge), within {@link #BEST_EFFORT_SECONDS} in all, and reports
     * nothing: the job has already failed for its own reason.
     *
     * @return whether the server confirmed the cancel or no longer knew the session
     */
    static boolean bestEffort(Transport transport, System.Logger log, URI target, SessionId session,
            boolean credentialsSent) {
        CancelSession cancel = new CancelSession(session, Optional.empty());
        long deadline = System.nanoTime() + Duration.ofSeconds(BEST_EFFORT_SECONDS).toNanos();
        boolean auth = credentialsSent;
        try {
            while (deadline - System.nanoTime() > 0) {
                Transport.Exchanged x = transport.exchangeWithin(target, cancel, auth,
                        Duration.ofNanos(deadline - System.nanoTime()));
                ClientReaction r = ClientReactions.react(JobView.cancelling(auth), cancel, x.outcome());
                if (r instanceof ClientReaction.Authenticate && !auth) {
                    auth = true;
                    continue;
                }
                boolean done = r instanceof ClientReaction.Done;
                log.log(Level.DEBUG, () -> "event=session_cancel_after_failure session=" + session.value()
                        + " confirmed=" + done);
                return done;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.log(Level.DEBUG, () -> "event=session_cancel_after_failure session=" + session.value()
                + " confirmed=false");
        return false;
    }

    /**
     * Sends Cancel-Session until the server confirms it or the session is gone.
     *
     * @throws BitsClientException if the server refused the cancel (1xx–4xx) or kept failing
     * @throws InterruptedException if interrupted
     */
    static void cancel(Transport transport, RetryPolicy policy, Clock clock, System.Logger log, URI target,
            SessionId session, boolean credentialsSent) throws BitsClientException, InterruptedException {
        CancelSession cancel = new CancelSession(session, Optional.empty());
        Duration limit = policy.noProgressTimeout().compareTo(ClientLimits.MAX_CANCEL_RETRY) < 0
                ? policy.noProgressTimeout() : ClientLimits.MAX_CANCEL_RETRY;
        RetryLoop retry = new RetryLoop(policy, clock, limit);
        JobControl detached = JobControl.detached();   // a cancel is not itself cancelled
        boolean auth = credentialsSent;
        while (true) {
            Transport.Exchanged x = transport.exchange(target, cancel, null, auth, detached);
            ClientReaction r = ClientReactions.react(JobView.cancelling(auth), cancel, x.outcome());
            Throwable cause = x.cause().orElse(null);
            switch (r) {
                case ClientReaction.Authenticate a -> auth = true;
                case ClientReaction.Done d -> {
                    log.log(Level.DEBUG, "event=session_cancelled");
                    return;
                }
                case ClientReaction.Fail f -> throw BitsClientException.of(f.failure(), cause);
                case ClientReaction.Resend s -> {
                    Optional<Duration> delay = retry.nextDelay();
                    if (delay.isEmpty()) {
                        throw BitsClientException.of(s.failure(), cause).givenUp();
                    }
                    detached.awaitCancel(delay.get());
                }
                default -> throw new IllegalStateException("not a reaction to Cancel-Session: " + r);
            }
        }
    }
}
