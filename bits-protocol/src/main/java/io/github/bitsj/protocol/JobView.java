// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * What {@link ClientReactions#react} needs to know about the client's job besides the exchange itself: a read-only
 * view of the state data of MC-BUP §3.1.1.2.
 *
 * @param hasSession whether the job holds a session id (a Ping is then followed by a Fragment, not Create-Session)
 * @param uploadComplete whether a Fragment Ack already reported {@code BITS-Received-Content-Range} = total
 *     (decision D25: a Close-Session that then finds no session is done)
 * @param replyWanted whether this is an upload-reply job that downloads the reply (MC-BUP §1.3.3, §4.2, §3.2.5.2.6)
 * @param credentialsSent whether the job's credentials went with the request (MC-BUP §3.1.1.2 ERROR: they are supplied
 *     once)
 * @param stalledAcks consecutive Fragment Acks so far that did not move past their fragment's start (MC-BUP §3.1.5.1.7)
 * @param quickRestarts session restarts so far without progress in between (MC-BUP §3.1.5.1.4 case 2)
 * @param emptyFileByClose whether the job uploads the empty file as Create-Session + Close-Session with no Fragment
 *     (decision D9): a Close-Session answered "no such file" then falls back to the one-Fragment form
 */
public record JobView(boolean hasSession, boolean uploadComplete, boolean replyWanted, boolean credentialsSent,
        int stalledAcks, int quickRestarts, boolean emptyFileByClose) {

    /**
     * Checks the counters.
     *
     * @throws IllegalArgumentException if a counter is negative
     */
    public JobView {
        if (stalledAcks < 0 || quickRestarts < 0) {
            throw new IllegalArgumentException("negative counter");
        }
    }

    /**
     * A job that sends its file in Fragments (every non-empty file, and the empty file after the fallback of D9).
     *
     * @param hasSession whether the job holds a session id
     * @param uploadComplete whether a Fragment Ack already reported the total
     * @param replyWanted whether this is an upload-reply job
     * @param credentialsSent whether the credentials went with the request
     * @param stalledAcks consecutive Fragment Acks that did not advance
     * @param quickRestarts session restarts without progress in between
     * @throws IllegalArgumentException if a counter is negative
     */
    public JobView(boolean hasSession, boolean uploadComplete, boolean replyWanted, boolean credentialsSent,
            int stalledAcks, int quickRestarts) {
        this(hasSession, uploadComplete, replyWanted, credentialsSent, stalledAcks, quickRestarts, false);
    }

    /**
     * {@return the view of a stand-alone Cancel-Session for a known session (MC-BUP §2.2.10)}
     *
     * @param credentialsSent whether the credentials went with the request
     */
    public static JobView cancelling(boolean credentialsSent) {
        return new JobView(true, false, false, credentialsSent, 0, 0);
    }
}
