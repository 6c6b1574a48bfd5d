// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.ServerDecisions;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The answer to a packet whose storage work failed (D48): a full disk (or quota) is 500 + {@code ERROR_DISK_FULL}
 * {@code 0x80070070} with the session's received offset where there is a session (MC-BUP §3.2.5.2.3 row 13, D30), on
 * every packet, metadata-only ones included; any other failure is rethrown, for the handler's 500 + {@code E_FAIL}.
 */
final class StorageFaults {
    private static final System.Logger LOG = System.getLogger("io.github.bitsj.server");

    private StorageFaults() {}

    /**
     * {@return the Ack for a storage failure that is a full disk}
     *
     * @param e the failure
     * @param echo the session id to echo, or null (Create-Session)
     * @param received the session's received offset (ignored without a session)
     * @throws IOException {@code e} itself, when it is no full disk
     */
    static Response answer(Exception e, SessionId echo, long received) throws IOException {
        if (e instanceof ClientGone gone) {
            throw gone;
        }
        if (FileOps.isNoSpace(e)) {
            LOG.log(Level.WARNING, "event=disk_full session={0} received={1}", echo == null ? "-" : echo.value(),
                    received);
            return echo == null ? Kind.DISK_FULL.toErrorAck() : ServerDecisions.failure(Kind.DISK_FULL, echo, received);
        }
        if (e instanceof IOException io) {
            throw io;
        }
        throw (RuntimeException) e;
    }
}
