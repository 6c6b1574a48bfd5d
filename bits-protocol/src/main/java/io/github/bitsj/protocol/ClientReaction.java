// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What a BITS client does next after one exchange (MC-BUP §3.1.1.2, §3.1.5.1.7): the output of {@link ClientReactions#react}.
 * A client carries a reaction out; it never decides one itself.
 */
public sealed interface ClientReaction {

    /**
     * Ping or Create-Session succeeded: go on to {@code next} (MC-BUP §3.1.1.2 PING, CREATE_SESSION). After a
     * Create-Session Ack the client stores its session id, host id and fallback timeout first.
     *
     * @param next the next state
     */
    record Proceed(ClientState next) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if next is null
         */
        public Proceed {
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * The server took the whole fragment: a 200 whose {@code BITS-Received-Content-Range} is the fragment's end
     * (MC-BUP §3.1.1.2 FRAGMENT, §3.3). The host fallback timer is reset (SDK: BITS IIS Extension Properties (BITSHostId) step 4).
     *
     * @param offset the next offset to send
     * @param next {@link ClientState#FRAGMENT}, or at the end of the file {@link ClientState#GET_REPLY} (upload-reply)
     *     or {@link ClientState#COMPLETE}
     * @param replyUrl the {@code BITS-Reply-URL} to download, with {@link ClientState#GET_REPLY} only
     */
    record Advance(long offset, ClientState next, Optional<String> replyUrl) implements ClientReaction {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Advance {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(replyUrl, "replyUrl");
        }
    }

    /**
     * The server holds a different amount than the fragment's end: a 416, or a 200 with another
     * {@code BITS-Received-Content-Range}; the client continues from {@code offset}, backwards or forwards
     * (MC-BUP §3.1.5.1.4 case 1, §5.2, §7.3). Not an error; the host fallback timer is reset (SDK: BITS IIS Extension Properties (BITSHostId) step 4).
     *
     * @param offset the offset to continue from
     * @param next as for {@link Advance}
     * @param replyUrl as for {@link Advance}
     * @param progressed whether the offset moved past the fragment's start; if not, the client counts a stalled Ack
     */
    record Resync(long offset, ClientState next, Optional<String> replyUrl, boolean progressed)
            implements ClientReaction {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Resync {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(replyUrl, "replyUrl");
        }
    }

    /**
     * The session is gone (BG_E_SESSION_NOT_FOUND): forget it and start over with Create-Session from byte 0
     * (MC-BUP §3.1.5.1.4 case 2, §1.7 ERROR, §5.2).
     *
     * @param waitFirst present when sessions were lost too often in a row: wait as for this transient failure first
     */
    record RestartSession(Optional<ClientFailure> waitFirst) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if waitFirst is null
         */
        public RestartSession {
            Objects.requireNonNull(waitFirst, "waitFirst");
        }
    }

    /**
     * The server answered the Close-Session of an empty upload sent as Create-Session + Close-Session that it holds no
     * file (404, or {@code ERROR_FILE_NOT_FOUND}): forget the session and upload the empty file again in a new session
     * as one Fragment with {@code Content-Length: 0} and {@code Content-Range: bytes 0--1/0} (decision D9,
     * D9).
     */
    record EmptyFileAsFragment() implements ClientReaction {}

    /**
     * 413: resend from the same offset with fragments of at most {@code size} bytes, and never grow above it again
     * (MC-BUP §3.1.1.2 ERROR, §5.2, §7.6: halve, floor 5 KiB).
     *
     * @param size the new largest fragment
     */
    record ShrinkFragment(int size) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws IllegalArgumentException if the size is below {@link ClientLimits#MIN_FRAGMENT_SIZE}
         */
        public ShrinkFragment {
            if (size < ClientLimits.MIN_FRAGMENT_SIZE) {
                throw new IllegalArgumentException("below the 5 KiB floor: " + size);
            }
        }
    }

    /**
     * A challenge the credentials can answer, and they were not sent yet: resend the request at once with them, and
     * send them with every later request of the job (MC-BUP §3.1.1.2 ERROR, §9).
     */
    record Authenticate() implements ClientReaction {}

    /**
     * A transient failure of Ping, Create-Session or Fragment: after the retry delay, resume with Ping and then the
     * fragment at the acknowledged offset (MC-BUP §3.1.5.1.4 case 1, §5.2), unless no progress was made for the
     * no-progress timeout. A host id in use starts the fallback timer (MC-BUP §3.1.1.2 ERROR, §8 step 4).
     *
     * @param failure the failure, reported to the application and kept in case the job gives up
     */
    record RetryLater(ClientFailure failure) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if failure is null
         * @throws IllegalArgumentException if the failure is fatal
         */
        public RetryLater {
            requireTransient(failure);
        }
    }

    /**
     * A transient failure of Close-Session, Cancel-Session or the reply download: send the same request again after
     * the retry delay (MC-BUP §2.2.8, §2.2.10, §3.1.5.1.7); Cancel-Session gives up after 24 hours
     * ({@link ClientLimits#MAX_CANCEL_RETRY}) or the no-progress timeout.
     *
     * @param failure the failure
     */
    record Resend(ClientFailure failure) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if failure is null
         * @throws IllegalArgumentException if the failure is fatal
         */
        public Resend {
            requireTransient(failure);
        }
    }

    /**
     * A fatal failure: the job stops and reports it (MC-BUP §3.1.5.1.7).
     *
     * @param failure the failure
     */
    record Fail(ClientFailure failure) implements ClientReaction {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if failure is null
         * @throws IllegalArgumentException if the failure is transient
         */
        public Fail {
            Objects.requireNonNull(failure, "failure");
            if (failure.isTransient()) {
                throw new IllegalArgumentException("a transient failure is retried, not failed");
            }
        }
    }

    /**
     * Close-Session or Cancel-Session is done: the job ends (MC-BUP §3.1.1.2 COMPLETE, CANCEL).
     *
     * @param sessionWasGone true if the server no longer knew the session (MC-BUP §2.2.10, decision D25)
     */
    record Done(boolean sessionWasGone) implements ClientReaction {}

    private static void requireTransient(ClientFailure failure) {
        Objects.requireNonNull(failure, "failure");
        if (!failure.isTransient()) {
            throw new IllegalArgumentException("a fatal failure is not retried");
        }
    }
}
