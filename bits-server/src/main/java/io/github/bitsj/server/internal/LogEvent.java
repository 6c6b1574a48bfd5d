// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The server's log events: a public, documented vocabulary (README "Logging and JFR" lists exactly these, a test
 * checks it). Each is logged on the {@code System.Logger} {@code "io.github.bitsj.server"} as one line
 * {@code event=name key=value…}: numbers in plain digits (no grouping), a value quoted ({@code "…"} with {@code \"}
 * and {@code \\}) when it is empty or holds a space, a quote, {@code =} or a backslash, and control characters
 * escaped, so that a hostile value cannot forge a line or a field. The line is passed without parameters, so no
 * {@code MessageFormat} touches it.
 */
public enum LogEvent {
    /** The listener is up. */
    SERVER_STARTED(Level.INFO),
    /** The server stopped. */
    SERVER_STOPPED(Level.INFO),
    /** The Kerberos service key was loaded. */
    NEGOTIATE_READY(Level.INFO),
    /** A Create-Session was answered with a new session. */
    SESSION_CREATED(Level.INFO),
    /** An upload was placed at its destination. */
    SESSION_COMMITTED(Level.INFO),
    /** The server application answered an upload. */
    SESSION_NOTIFIED(Level.INFO),
    /** A Close-Session ended a session. */
    SESSION_CLOSED(Level.INFO),
    /** A Cancel-Session ended a session. */
    SESSION_CANCELLED(Level.INFO),
    /** The sweeper removed an idle session. */
    SESSION_EXPIRED(Level.INFO),
    /** A persisted session was taken back at start. */
    SESSION_RECOVERED(Level.INFO),
    /** How many sessions a directory took back. */
    SESSIONS_RECOVERED(Level.INFO),
    /** A Fragment was refused. */
    FRAGMENT_REJECTED(Level.INFO),
    /** A Fragment body ended early. */
    FRAGMENT_INTERRUPTED(Level.INFO),
    /** A request was not a valid BITS packet. */
    REQUEST_REJECTED(Level.INFO),
    /** A Create-Session named a refused destination. */
    DESTINATION_REJECTED(Level.INFO),
    /** Wrong credentials. */
    AUTH_FAILED(Level.INFO),
    /** An authenticated principal is not allowed here. */
    AUTH_DENIED(Level.INFO),
    /** Basic credentials were not checked: the client's address backs off after failures, or too many wait. */
    AUTH_THROTTLED(Level.INFO),
    /** A Fragment was written. */
    FRAGMENT_ACCEPTED(Level.DEBUG),
    /** A Fragment did not start where the data ends. */
    FRAGMENT_OUT_OF_SYNC(Level.DEBUG),
    /** The client went away mid-request. */
    CLIENT_GONE(Level.DEBUG),
    /** A reply file was served. */
    REPLY_SERVED(Level.DEBUG),
    /** A file was served to GET. */
    DOWNLOAD_SERVED(Level.DEBUG),
    /** A command hook succeeded. */
    HOOK_RAN(Level.DEBUG),
    /** A request without credentials got the challenge (normal). */
    AUTH_CHALLENGED(Level.DEBUG),
    /** A client address exceeded its concurrent requests and was answered 503. */
    REQUEST_REFUSED(Level.DEBUG),
    /** A session this node knew was found gone from the shared session area (another node ended it). */
    SESSION_GONE_FROM_AREA(Level.DEBUG),
    /** A session limit refused a Create-Session. */
    SESSION_LIMIT_REACHED(Level.WARNING),
    /** An upload could not be placed. */
    COMMIT_FAILED(Level.WARNING),
    /** The server application failed an upload. */
    NOTIFICATION_FAILED(Level.WARNING),
    /** The notification URL was not reached. */
    NOTIFICATION_NOT_SENT(Level.WARNING),
    /** An in-process upload handler threw. */
    HANDLER_FAILED(Level.WARNING),
    /** A completion listener threw. */
    LISTENER_FAILED(Level.WARNING),
    /** A command hook failed. */
    HOOK_FAILED(Level.WARNING),
    /** An unreadable persisted session was removed. */
    SESSION_DISCARDED(Level.WARNING),
    /** The session area holds something that is not a session. */
    SESSION_AREA_FOREIGN_ENTRY_IGNORED(Level.WARNING),
    /** A Fragment could not be stored: the file system is full (answered 503 with a disk-full Ack). */
    DISK_FULL(Level.WARNING),
    /** A session's record could not be kept (its directory vanished or turned unsafe); the session was dropped. */
    SESSION_RECORD_REMOVED(Level.WARNING),
    /** A session's files could not be deleted. */
    SESSION_CLEANUP_FAILED(Level.WARNING),
    /** Rescanning the shared session area (a farm) failed. */
    SESSION_RESCAN_FAILED(Level.WARNING),
    /** A health check found a storage root failing. */
    HEALTH_FAILED(Level.WARNING),
    /** A Fragment could not be written. */
    WRITE_FAILED(Level.ERROR),
    /** An unexpected fault answered 500. */
    REQUEST_FAILED(Level.ERROR),
    /** The sweeper failed. */
    SWEEP_FAILED(Level.ERROR);

    private static final System.Logger LOG = System.getLogger("io.github.bitsj.server");

    private final Level level;
    private final String wireName;

    LogEvent(Level level) {
        this.level = level;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** {@return the level this event is logged at} */
    public Level level() {
        return level;
    }

    /** {@return the stable name, e.g. {@code session_created}} */
    public String wireName() {
        return wireName;
    }

    /** {@return whether a line of this event would be written (to skip building costly values)} */
    public boolean isLoggable() {
        return LOG.isLoggable(level);
    }

    /**
     * Logs the event.
     *
     * @param keyValues alternating keys and values
     */
    public void log(Object... keyValues) {
        if (LOG.isLoggable(level)) {
            try {
                LOG.log(level, line(keyValues));
            } catch (RuntimeException e) {
                // a failing handler (someone else's code) must never fail the request that logs
            }
        }
    }

    /**
     * Logs the event with a stack trace.
     *
     * @param thrown the cause
     * @param keyValues alternating keys and values
     */
    public void log(Throwable thrown, Object... keyValues) {
        if (LOG.isLoggable(level)) {
            try {
                LOG.log(level, line(keyValues), thrown);
            } catch (RuntimeException e) {
                // as above
            }
        }
    }

    /** {@return the line {@code event=name key=value…}} */
    String line(Object... keyValues) {
        StringBuilder sb = new StringBuilder(64).append("event=").append(wireName);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=');
            appendValue(sb, keyValues[i + 1]);
        }
        return sb.toString();
    }

    /** Appends a value: digits for integers, else the text, quoted and escaped where needed. */
    static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof Boolean) {
            sb.append(v); // Long.toString: plain digits whatever the locale
            return;
        }
        String s = v == null ? "" : v.toString();
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ' ' || c == '"' || c == '=' || c == '\\' || isControl(c);
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        int max = Math.min(s.length(), 1024);
        for (int i = 0; i < max; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (isControl(c)) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (max < s.length()) {
            sb.append("...");
        }
        sb.append('"');
    }

    private static boolean isControl(char c) {
        return c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }
}
