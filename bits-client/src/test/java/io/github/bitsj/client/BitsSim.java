// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved BITS upload server in a few lines (digest §1.8, §7.2 with SDK overlap handling), used as the
 * default answer of scripted tests; tests override single requests to misbehave.
 */
public final class BitsSim implements ScriptedServer.Script {
    public final Map<String, ByteArrayOutputStream> sessions = new HashMap<>();
    final Map<String, byte[]> closed = new HashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);
    String hostId;
    String fallback;
    public String replyUrl;

    @Override
    public synchronized Reply answer(Recorded r) {
        String type = r.packetType();
        String id = r.header("BITS-Session-Id");
        switch (type) {
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
                ByteArrayOutputStream data = sessions.get(id);
                if (data == null) {
                    return notFound();
                }
                long[] range = range(r.header("Content-Range"));
                long have = data.size();
                if (range[0] > have) {
                    return Reply.ack(416, "BITS-Received-Content-Range", Long.toString(have));
                }
                int skip = (int) (have - range[0]);
                if (skip < r.body().length) {
                    data.write(r.body(), skip, r.body().length - skip);
                }
                boolean done = data.size() == range[2];
                if (done && replyUrl != null) {
                    return Reply.ack(200, "BITS-Received-Content-Range", Long.toString(data.size()),
                            "BITS-Reply-URL", replyUrl);
                }
                return Reply.ack(200, "BITS-Received-Content-Range", Long.toString(data.size()));
            }
            case "Close-Session": {
                ByteArrayOutputStream data = sessions.remove(id);
                if (data == null) {
                    return notFound();
                }
                closed.put(id, data.toByteArray());
                return Reply.ack(200);
            }
            case "Cancel-Session":
                return sessions.remove(id) == null ? notFound() : Reply.ack(200);
            default:
                return Reply.ack(400, "BITS-Error-Code", "0x80070057", "BITS-Error-Context", "0x5");
        }
    }

    /** The server "loses" the tail of a session's data (e.g. a crash before a flush). */
    synchronized void truncate(String id, int size) {
        ByteArrayOutputStream data = sessions.get(id);
        byte[] keep = java.util.Arrays.copyOf(data.toByteArray(), size);
        data.reset();
        data.writeBytes(keep);
    }

    /** The server got more than the client knows (e.g. a lost Ack). */
    synchronized void append(String id, byte[] bytes, int from, int to) {
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

    /** "bytes a-b/t" from our own client: a test helper, so plain parsing is fine here. */
    static long[] range(String v) {
        String s = v.substring("bytes ".length());
        int slash = s.lastIndexOf('/');
        long total = Long.parseLong(s.substring(slash + 1));
        if (total == 0) {
            return new long[] {0, -1, 0};
        }
        int dash = s.indexOf('-');
        return new long[] {Long.parseLong(s.substring(0, dash)), Long.parseLong(s.substring(dash + 1, slash)), total};
    }
}
