// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * The states of the MC-BUP client state machine that send something (MC-BUP §3.1.1.2; MC-BUP §3.1.1.2, §3.1.5.1). INIT,
 * ERROR and SUSPEND are not states a client sits in: INIT is {@link #START}, ERROR is what
 * {@link ClientReactions#react} decides, and SUSPEND is the application's business.
 */
public enum ClientState {
    /** Send Ping (to the host id's node if one is in use); then Create-Session, or Fragment for a live session. */
    PING,
    /** Send Create-Session; store the session id, host id and fallback timeout from its Ack. */
    CREATE_SESSION,
    /** Send the next Fragment from the offset the server acknowledged. */
    FRAGMENT,
    /** Upload-reply only: download the reply named by {@code BITS-Reply-URL}. */
    GET_REPLY,
    /** Send Close-Session; its Ack ends the job. */
    COMPLETE,
    /** Send Cancel-Session; its Ack ends the job. */
    CANCEL;

    /**
     * Where a job starts, and where it resumes after an interruption: Ping, even before the first Create-Session
     * (MC-BUP §3.1.5.1.4, decision D26: cheap, and it lets a new connection authenticate).
     */
    public static final ClientState START = PING;
}
