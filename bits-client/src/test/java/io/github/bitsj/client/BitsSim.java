// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.DirectoryLimits;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentDecision;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.ServerDecisions;
import io.github.bitsj.protocol.SessionEndDecision;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved BITS upload server in a few lines, used as the default answer of scripted tests; tests override
 * single requests to misbehave. The protocol rules are not re-implemented here: Fragment, Close-Session and
 * Cancel-Session are decided by the protocol module's {@link ServerDecisions} (MC-BUP §3.2.5.2.6, §3.2.5, decision D25), exactly
 * as {@code bits-server} decides them; the sim only keeps the bytes in memory and carries the decisions out.
 */
public final class BitsSim implements ScriptedServer.Script {
    private static final DirectoryLimits LIMITS = new DirectoryLimits(Long.MAX_VALUE, Long.MAX_VALUE, false);

    /** Live sessions and the bytes they hold; a test removes one to make the server "lose" it. */
    public final Map<String, ByteArrayOutputStream> sessions = new HashMap<>();
    final Map<String, byte[]> closed = new HashMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    private final Map<String, SessionView.State> ended = new HashMap<>();   // tombstones (decision D25)
    private final AtomicInteger next = new AtomicInteger(1);
    String hostId;
    String fallback;
    public String replyUrl;

    @Override
    public synchronized Reply answer(Recorded r) {
        String id = r.header("BITS-Session-Id");
        switch (r.packetType()) {
            case "Ping":
                return Reply.ack(200);
            case "Create-Session": {
                String sid = String.format("{%08X-0000-4000-8000-000000000000}", next.getAndIncrement());
                sessions.put(sid, new ByteArrayOutputStream());
                if (hostId != null) {
                    return fallback == null
                            ? Reply.ack(200, "BITS-Protocol", "{7df0354d-249b-430f-820d-3d2a9bef4931}",
                                    "BITS-Session-Id", sid, "BITS-Host-Id", hostId)
                            : Reply.ack(200, "BITS-Protocol", "{7df0354d-249b-430f-820d-3d2a9bef4931}",
                                    "BITS-Session-Id", sid, "BITS-Host-Id", hostId,
                                    "BITS-Host-Id-Fallback-Timeout", fallback);
                }
                return Reply.ack(200, "BITS-Protocol", "{7df0354d-249b-430f-820d-3d2a9bef4931}",
                        "BITS-Session-Id", sid, "Accept-encoding", "identity");
            }
            case "Fragment": {
                Decoded<ContentRange> range = ContentRange.parse(r.header("Content-Range"));
                Fragment f = Fragment.of(new SessionId(id), range.orElseThrow());
                return fragment(id, f, r.body());
            }
            case "Close-Session":
                return end(id, ServerDecisions.decideClose(view(id), CloseSession.of(new SessionId(id))));
            case "Cancel-Session":
                return end(id, ServerDecisions.decideCancel(view(id), CancelSession.of(new SessionId(id))));
            default:
                return Reply.ack(400, "BITS-Error-Code", "0x80070057", "BITS-Error-Context", "0x5");
        }
    }

    private SessionView view(String id) {
        ByteArrayOutputStream data = sessions.get(id);
        if (data == null) {
            SessionView.State tombstone = ended.get(id);
            return tombstone == null ? SessionView.UNKNOWN : new SessionView(tombstone, SessionView.UNKNOWN_TOTAL, 0);
        }
        return new SessionView(SessionView.State.RECEIVING, totals.getOrDefault(id, SessionView.UNKNOWN_TOTAL),
                data.size());
    }

    private Reply fragment(String id, Fragment f, byte[] body) {
        return switch (ServerDecisions.decideFragment(view(id), f, LIMITS)) {
            case FragmentDecision.Reject reject -> reply(reject.ack(), false);
            case FragmentDecision.Write w -> {
                if (w.fixesTotal()) {
                    totals.put(id, w.total());
                }
                sessions.get(id).write(body, (int) w.skip(), (int) w.length());
                yield reply(w.ack(), w.completesFile());
            }
            case FragmentDecision.FinishEmptyFile e -> {
                totals.put(id, 0L);
                yield reply(e.ack(), true);
            }
            case FragmentDecision.ReplayFinalAck replay -> reply(replay.ack(), true);
        };
    }

    private Reply end(String id, SessionEndDecision decision) {
        return switch (decision) {
            case SessionEndDecision.Reject reject -> reply(reject.ack(), false);
            case SessionEndDecision.Repeat repeat -> reply(repeat.ack(), false);
            case SessionEndDecision.FinishEmptyFile empty -> {
                sessions.remove(id);
                totals.put(id, 0L);
                closed.put(id, new byte[0]);   // the empty file of Create-Session + Close-Session (D9)
                ended.put(id, SessionView.State.CLOSED);
                yield reply(empty.ack(), false);
            }
            case SessionEndDecision.End end -> {
                ByteArrayOutputStream data = sessions.remove(id);
                if (end.to() == SessionView.State.CLOSED && end.complete()) {
                    closed.put(id, data.toByteArray());   // the committed upload
                }
                ended.put(id, end.to());
                yield reply(end.ack(), false);
            }
        };
    }

    /** The Ack as the protocol encodes it; the final Ack of an upload-reply carries the reply URL (MC-BUP §2.2.7). */
    private Reply reply(Response ack, boolean finalAck) {
        List<String[]> headers = new ArrayList<>();
        for (HeaderField h : Packets.encode(ack).headers()) {
            headers.add(new String[] {h.name(), h.value()});
        }
        if (finalAck && replyUrl != null) {
            headers.add(new String[] {"BITS-Reply-URL", replyUrl});
        }
        return new Reply(ack.status(), headers, new byte[0], false, false);
    }

    /** The server "loses" the tail of a session's data (e.g. a crash before a flush). */
    synchronized void truncate(String id, int size) {
        ByteArrayOutputStream data = sessions.get(id);
        byte[] keep = java.util.Arrays.copyOf(data.toByteArray(), size);
        data.reset();
        data.writeBytes(keep);
    }

    /** The server got more than the client knows (e.g. a lost Ack); {@code bytes} is the whole file. */
    synchronized void append(String id, byte[] bytes, int from, int to) {
        totals.putIfAbsent(id, (long) bytes.length);
        sessions.get(id).write(bytes, from, to - from);
    }

    synchronized long have(String id) {
        return sessions.get(id).size();
    }

    public synchronized byte[] onlyClosedUpload() {
        if (closed.size() != 1) {
            throw new AssertionError("closed sessions: " + closed.keySet());
        }
        return closed.values().iterator().next();
    }

    public static Reply notFound() {
        return Reply.ack(500, "BITS-Error-Code", "0x8020001F", "BITS-Error-Context", "0x5");
    }
}
