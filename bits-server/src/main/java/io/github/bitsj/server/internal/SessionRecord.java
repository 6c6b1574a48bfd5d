// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionView.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * The content of a session's metadata file, format version 1 ({@code java.util.Properties}); {@link SessionArea}
 * decides where it lives. Reading never trusts the file: any missing or malformed field makes it unreadable. The
 * upload-reply fields ({@code url}, {@code reply-url}, {@code reply-token}) are optional, so records written before
 * them still read.
 *
 * @param id the session id's text
 * @param destination the destination below the storage root, segments joined by {@code /}
 * @param owner the principal that created the session
 * @param total the total, or -1 before the first accepted fragment
 * @param state the state
 * @param created when the session was created, epoch milliseconds
 * @param updated when the record was written, epoch milliseconds
 * @param stagingKey the staging file's identity, if the platform has one
 * @param url the upload URL given at Create-Session ({@code ""} if unknown: a record of an older version)
 * @param replyUrl the cached final Ack's reply URL, once a server application answered (Fragment table row 11)
 * @param replyToken the unguessable element of a reply URL the server serves itself
 * @param anyFragment whether a Fragment arrived (only written while the total is unknown: a known total implies it)
 */
record SessionRecord(String id, String destination, String owner, long total, State state, long created,
        long updated, Optional<String> stagingKey, String url, Optional<String> replyUrl,
        Optional<String> replyToken, boolean anyFragment) {

    static SessionRecord of(Session s, long now) {
        return new SessionRecord(s.id().value(), s.destination().relative(), s.owner(), s.total(), s.state(),
                s.created(), now, s.stagingKey(), s.url(), s.replyUrl(), s.replyToken(), s.anyFragment());
    }

    /**
     * {@return the recovered session with this record's URL, reply (Fragment table row 11: across a restart) and whether a
     * Fragment arrived (D9)}
     */
    Session restore(Session s) {
        s.url(url);
        s.reply(replyUrl, replyToken);
        if (anyFragment) {
            s.fragmentArrived();
        }
        return s;
    }

    /** Writes the record; {@code received} is informational (the staging file's length is what counts). */
    void store(OutputStream out, long received) throws IOException {
        Properties p = new Properties();
        p.setProperty("version", "1");
        p.setProperty("id", id);
        p.setProperty("destination", destination);
        p.setProperty("owner", owner);
        p.setProperty("total", Long.toString(total));
        p.setProperty("received", Long.toString(received));
        p.setProperty("state", stateName(state));
        p.setProperty("created", Long.toString(created));
        p.setProperty("updated", Long.toString(updated));
        stagingKey.ifPresent(k -> p.setProperty("staging-key", k));
        if (!url.isEmpty()) {
            p.setProperty("url", url);
        }
        replyUrl.ifPresent(u -> p.setProperty("reply-url", u));
        replyToken.ifPresent(t -> p.setProperty("reply-token", t));
        if (anyFragment && total < 0) {
            p.setProperty("fragment-refused", "true");
        }
        p.store(out, "bits-server session");
    }

    /** {@return the record, or empty if the file is not a version-1 record with every field well-formed} */
    static Optional<SessionRecord> read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        try {
            String id = p.getProperty("id");
            String destination = p.getProperty("destination", "");
            String owner = p.getProperty("owner");
            String reply = p.getProperty("reply-url");
            String token = p.getProperty("reply-token");
            if (!"1".equals(p.getProperty("version")) || id == null || owner == null
                    || (reply != null && !isReplyUrl(reply)) || (token != null && !ReplyPaths.isToken(token))) {
                return Optional.empty();
            }
            return Optional.of(new SessionRecord(id, destination, owner, Long.parseLong(p.getProperty("total", "")),
                    parseState(p.getProperty("state", "")), Long.parseLong(p.getProperty("created", "")),
                    Long.parseLong(p.getProperty("updated", "")),
                    Optional.ofNullable(p.getProperty("staging-key")), p.getProperty("url", ""),
                    Optional.ofNullable(reply), Optional.ofNullable(token),
                    "true".equals(p.getProperty("fragment-refused"))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isReplyUrl(String u) {
        return !u.isEmpty() && u.length() <= 2200 && u.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The persisted state names; a finished upload (committed, or its server application answered) is COMMITTED. */
    static String stateName(State s) {
        return s == State.FINISHED ? "COMMITTED" : s.name();
    }

    private static State parseState(String name) {
        return switch (name) {
            case "RECEIVING" -> State.RECEIVING;
            case "COMMITTED" -> State.FINISHED;
            case "CLOSED" -> State.CLOSED;
            case "CANCELLED" -> State.CANCELLED;
            default -> throw new IllegalArgumentException("unknown state");
        };
    }
}
