// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentDecision;

/** The log line of a refused Fragment: none for an unknown session, DEBUG for a resync, INFO otherwise. */
final class RejectionLog {
    private RejectionLog() {}

    static void fragment(FragmentDecision.Reject r, Session s, Fragment f) {
        switch (r.rule()) {
            case SESSION_NOT_FOUND -> { } // the client restarts (MC-BUP §3.1.5.1.7); nothing worth a line
            case RANGE_NOT_CONTIGUOUS, RANGE_OVERLAP -> {
                if (LogEvent.FRAGMENT_OUT_OF_SYNC.isLoggable()) { // no boxing nor varargs array when not logged
                    LogEvent.FRAGMENT_OUT_OF_SYNC.log("session", s.id(), "first", f.range().first(), "received",
                            s.received());
                }
            }
            default -> LogEvent.FRAGMENT_REJECTED.log("session", s.id(), "destination", s.destination().relative(),
                    "kind", r.rule(), "principal", s.owner());
        }
    }
}
