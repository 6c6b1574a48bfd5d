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

/**
 * Cancel-Session for a known session (digest §1.6, §2.5), as a job sends it when cancelled and as
 * {@link BitsClient#cancelSession} sends it for a session an earlier run left: the protocol decides each answer
 * (resend on 5xx unless the session is gone, never on 1xx–4xx, BG_E_SESSION_NOT_FOUND ends it), and the
 * {@link RetryLoop} gives up after 24 hours or the no-progress timeout, whichever is shorter.
 */
final class SessionCanceller {
    private SessionCanceller() {}

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
