// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event types of the server; loaded only through {@link Events} when {@code jdk.jfr} is present. */
final class JfrEvents {
    private JfrEvents() {}

    static boolean init() {
        return true;
    }

    @Name("io.github.bitsj.server.SessionCreated")
    @Label("BITS Session Created")
    @Category("BITS")
    @StackTrace(false)
    static final class SessionCreated extends Event {
        @Label("Session Id")
        String sessionId;
        @Label("Destination")
        String destination;
    }

    @Name("io.github.bitsj.server.FragmentReceived")
    @Label("BITS Fragment Received")
    @Category("BITS")
    @StackTrace(false)
    static final class FragmentReceived extends Event {
        @Label("Session Id")
        String sessionId;
        @Label("First Byte")
        long first;
        @Label("Bytes Written")
        @DataAmount
        long written;
        @Label("Received Offset")
        long received;
    }

    @Name("io.github.bitsj.server.SessionCommitted")
    @Label("BITS Upload Committed")
    @Category("BITS")
    @StackTrace(false)
    static final class SessionCommitted extends Event {
        @Label("Session Id")
        String sessionId;
        @Label("Destination")
        String destination;
        @Label("Size")
        @DataAmount
        long bytes;
    }

    @Name("io.github.bitsj.server.SessionEnded")
    @Label("BITS Session Ended")
    @Category("BITS")
    @StackTrace(false)
    static final class SessionEnded extends Event {
        @Label("Session Id")
        String sessionId;
        @Label("How")
        String how;
        @Label("Upload Complete")
        boolean complete;
    }

    static void sessionCreated(String id, String destination) {
        SessionCreated e = new SessionCreated();
        if (e.isEnabled()) {
            e.sessionId = id;
            e.destination = destination;
            e.commit();
        }
    }

    /** {@return a started FragmentReceived event, or null when no recording wants it} */
    static Object fragmentBegin() {
        FragmentReceived e = new FragmentReceived();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static void fragment(Object begun, String id, long first, long written, long received) {
        if (begun instanceof FragmentReceived e && e.shouldCommit()) {
            e.sessionId = id;
            e.first = first;
            e.written = written;
            e.received = received;
            e.commit();
        }
    }

    static void committed(String id, String destination, long bytes) {
        SessionCommitted e = new SessionCommitted();
        if (e.isEnabled()) {
            e.sessionId = id;
            e.destination = destination;
            e.bytes = bytes;
            e.commit();
        }
    }

    static void ended(String id, String how, boolean complete) {
        SessionEnded e = new SessionEnded();
        if (e.isEnabled()) {
            e.sessionId = id;
            e.how = how;
            e.complete = complete;
            e.commit();
        }
    }
}
