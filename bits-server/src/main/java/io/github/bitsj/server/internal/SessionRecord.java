// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionView.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The content of a session's metadata file, format version 1 ({@code java.util.Properties}); {@link SessionArea}
 * decides where it lives. It is written as a head of fixed fields and a fixed-width tail of the fields that change
 * ({@link #layout}), so an update is one positional write of the tail (D56); any {@code Properties} text reads. Reading never trusts the file: any missing or malformed field makes it unreadable. The
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

    /**
     * Where a record's tail may not cross: a write within one 512-byte sector is atomic on the devices we know, and
     * within one page it is all or nothing for a process that is killed (D56).
     */
    static final int SECTOR = 512;

    /**
     * {@return the record's head: the fields fixed once written whole (id, destination, owner, creation, the staging
     * file's identity, the URL and the reply), version-1 {@code Properties} text in ISO-8859-1 with Unicode
     * escapes}
     */
    byte[] head() {
        StringBuilder b = new StringBuilder(256);
        b.append("#bits-server session\n");
        line(b, "version", "1");
        line(b, "id", id);
        line(b, "destination", destination);
        line(b, "owner", owner);
        line(b, "created", Long.toString(created));
        stagingKey.ifPresent(k -> line(b, "staging-key", k));
        if (!url.isEmpty()) {
            line(b, "url", url);
        }
        replyUrl.ifPresent(u -> line(b, "reply-url", u));
        replyToken.ifPresent(t -> line(b, "reply-token", t));
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * {@return the record's tail: the fields that change while the session lives (total, received, state, updated,
     * whether a refused Fragment arrived), each of a fixed width, so that an update rewrites these bytes in place with
     * one positional write (D56); {@code received} is informational (the staging file's length is what counts)}
     */
    byte[] tail(long received) {
        StringBuilder b = new StringBuilder(TAIL_LENGTH);
        b.append("total=");
        fixed(b, total);
        b.append("\nreceived=");
        fixed(b, received);
        b.append("\nstate=");
        String st = stateName(state);
        b.append(st).append(" ".repeat(9 - st.length()));
        b.append("\nupdated=");
        fixed(b, updated);
        b.append("\nfragment-refused=").append(anyFragment && total < 0 ? "true " : "false").append('\n');
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The tail's length: every field has a fixed width. */
    static final int TAIL_LENGTH = "total=".length() + 20 + "\nreceived=".length() + 20 + "\nstate=".length() + 9
            + "\nupdated=".length() + 20 + "\nfragment-refused=".length() + 5 + 1;

    /**
     * {@return the whole record: the head, a comment that pads it so that the tail does not cross a
     * {@value #SECTOR}-byte boundary, and the tail}
     */
    static byte[] layout(byte[] head, byte[] tail) {
        int at = head.length;
        int pad = 0;
        if (at % SECTOR + tail.length > SECTOR) {
            pad = SECTOR - at % SECTOR; // a comment line of that many bytes: '#', spaces, '\n'
            if (pad < 2) {
                pad += SECTOR;
            }
        }
        byte[] all = new byte[at + pad + tail.length];
        System.arraycopy(head, 0, all, 0, at);
        if (pad > 0) {
            all[at] = '#';
            java.util.Arrays.fill(all, at + 1, at + pad - 1, (byte) ' ');
            all[at + pad - 1] = '\n';
        }
        System.arraycopy(tail, 0, all, at + pad, tail.length);
        return all;
    }

    /** A number in 20 characters: a sign or a zero, then 19 digits (parsed back by {@link Long#parseLong}). */
    private static void fixed(StringBuilder b, long v) {
        String digits = Long.toString(Math.abs(v == Long.MIN_VALUE ? 0 : v));
        b.append(v < 0 ? '-' : '0');
        b.append("0".repeat(19 - digits.length())).append(digits);
    }

    /** A {@code key=value} line with the value escaped as {@link Properties#store} does. */
    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append("\\u").append(HEX.charAt(c >> 12 & 0xf)).append(HEX.charAt(c >> 8 & 0xf))
                                .append(HEX.charAt(c >> 4 & 0xf)).append(HEX.charAt(c & 0xf));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('\n');
    }

    private static final String HEX = "0123456789ABCDEF";

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
                    parseState(p.getProperty("state", "").strip()), Long.parseLong(p.getProperty("created", "")),
                    Long.parseLong(p.getProperty("updated", "")),
                    Optional.ofNullable(p.getProperty("staging-key")), p.getProperty("url", ""),
                    Optional.ofNullable(reply), Optional.ofNullable(token),
                    "true".equals(p.getProperty("fragment-refused", "").strip())));
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
