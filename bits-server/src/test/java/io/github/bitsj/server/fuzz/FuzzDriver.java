// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import io.github.bitsj.server.fuzz.FuzzRequest.Framing;
import io.github.bitsj.server.fuzz.WireConnection.Answer;
import io.github.bitsj.server.fuzz.WireConnection.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs the fuzz against one server, single-threaded so that a seed replays the same run: random requests one at a
 * time (70%), pipelines of 2-5 requests in one write (6%), requests cut off mid-body or mid-head by a FIN or a reset
 * (6%), and steps of the stateful uploads (18%). After every answer on a connection that is still open it sends a
 * Ping and expects a well-formed Ack (the desync check). Every answer to a {@code BITS_POST} must be an Ack.
 */
public final class FuzzDriver {
    private final InetSocketAddress address;
    private final Random r;
    private final SessionPool pool = new SessionPool();
    private final RequestGenerator gen;
    private final StatefulUploads uploads;
    private final FuzzStats stats = new FuzzStats();
    private final int readTimeoutMillis;
    private final boolean trace = Boolean.getBoolean("fuzz.trace");
    /** Violation keys known on main; a combo's violation goes to the first of its parts known for that check. */
    private final Set<String> knownFailures;
    /** Follow-ups (uploads into sessions created at odd targets) wait until the step that found them is done. */
    private final Deque<Runnable> followUps = new ArrayDeque<>();
    private WireConnection conn;

    /**
     * @param address the server
     * @param seed the seed
     * @param escapeVectors known path-escape targets
     * @param roots the storage root of each URL prefix
     * @param readTimeoutMillis how long an answer may take
     */
    public FuzzDriver(InetSocketAddress address, long seed, List<String> escapeVectors, Map<String, Path> roots,
            int readTimeoutMillis, Set<String> knownFailures) {
        this.address = address;
        this.knownFailures = Set.copyOf(knownFailures);
        this.r = new Random(seed);
        this.gen = new RequestGenerator(new Random(r.nextLong()), pool, escapeVectors,
                address.getHostString() + ":" + address.getPort());
        this.uploads = new StatefulUploads(this, new Random(r.nextLong()), roots);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Sends at least {@code requests} requests (not counting the desync Pings), then finishes the stateful uploads.
     *
     * @param requests how many
     * @return the counts
     */
    public FuzzStats run(int requests) {
        warmUp();
        while (stats.total() < requests) {
            int roll = r.nextInt(100);
            if (roll < 70) {
                exchange(gen.next());
            } else if (roll < 76) {
                pipeline();
            } else if (roll < 82) {
                abort(gen.next());
            } else {
                uploads.step();
            }
            while (!followUps.isEmpty()) {
                followUps.poll().run();
            }
            while (pool.liveCount() > 24) {
                SessionPool.Live l = pool.oldest();
                pool.ended(l.id());
                exchange(new Draft(l.target()).header("BITS-Packet-Type", "Cancel-Session")
                        .header("BITS-Session-Id", l.id()).build("state.housekeeping-cancel"));
            }
        }
        uploads.finish();
        drop();
        return stats;
    }

    /** A few Pings first, not counted: the first answers of a cold server may take seconds under load. */
    private void warmUp() {
        for (int i = 0; i < 20; i++) {
            FuzzRequest ping = RequestGenerator.ping();
            WireConnection c = connection();
            c.write(ping.bytes(), 0, ping.bytes().length);
            Answer a = c.read(false);
            if (a.outcome() != Outcome.RESPONSE || a.status() != 200) {
                throw new AssertionError("the server does not answer a Ping: " + a);
            }
        }
        drop();
        stats.connections = 0;
    }

    /** {@return the counts so far} */
    public FuzzStats stats() {
        return stats;
    }

    private WireConnection connection() {
        if (conn == null || conn.isClosed()) {
            try {
                conn = new WireConnection(address, readTimeoutMillis);
                stats.connections++;
            } catch (IOException e) {
                throw new AssertionError("cannot connect to the server: " + e, e);
            }
        }
        return conn;
    }

    private void drop() {
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }

    /**
     * Sends one request on the current connection, checks its answer, and checks the connection with a Ping.
     *
     * @param req the request
     * @return the answer (null if it was sent as an abort)
     */
    Answer exchange(FuzzRequest req) {
        if (req.framing() == Framing.OPEN_BODY) {
            abort(req);
            return null;
        }
        long t0 = System.nanoTime();
        WireConnection c = connection();
        stats.sent(req.category());
        c.write(req.bytes(), 0, req.bytes().length);
        Answer a = c.read(req.head());
        record(req, a);
        trace(req, a, t0);
        if (a.outcome() != Outcome.RESPONSE || a.closeAfter() || c.isClosed() || req.framing() == Framing.BROKEN
                || req.closeRequested()) {
            drop();
        } else {
            desyncCheck(req.category(), c);
        }
        stats.time(req.category(), System.nanoTime() - t0);
        return a;
    }

    private void pipeline() {
        int k = 2 + r.nextInt(4);
        List<FuzzRequest> reqs = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (reqs.size() < k) {
            FuzzRequest q = gen.next();
            if (q.framing() == Framing.CLEAN && all.size() + q.bytes().length < 256 * 1024) {
                reqs.add(q);
                all.writeBytes(q.bytes());
            }
        }
        long t0 = System.nanoTime();
        // a fresh connection: its first segments are acknowledged at once (TCP quick-ack), so the JDK engine's
        // Nagle-delayed second answer does not wait for a delayed ACK (~40 ms per pipeline otherwise)
        drop();
        WireConnection c = connection();
        stats.pipelines++;
        stats.pipelined += k;
        reqs.forEach(q -> stats.sent(q.category()));
        c.write(all.toByteArray(), 0, all.size());
        for (int i = 0; i < k; i++) {
            Answer a = c.read(reqs.get(i).head());
            record(reqs.get(i), a);
            trace(reqs.get(i), a, t0);
            if (a.outcome() != Outcome.RESPONSE || a.closeAfter() || c.isClosed() || reqs.get(i).closeRequested()) {
                stats.stateful.merge("pipeline-requests-dropped-after-a-close", (long) (k - 1 - i), Long::sum);
                drop();
                stats.time("pipeline", System.nanoTime() - t0);
                return;
            }
        }
        desyncCheck("pipeline", c);
        stats.time("pipeline", System.nanoTime() - t0);
    }

    private void trace(FuzzRequest req, Answer a, long t0) {
        if (trace) {
            System.out.println("fuzz #" + stats.total() + " " + req.category() + " " + describe(req) + " -> "
                    + a.outcome() + " " + a.status() + " " + a.header("BITS-Error-Code")
                    + (a.closeAfter() ? " close" : "") + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    /** Sends a request cut off (mid-body when it has one), then a FIN (and reads what comes) or a reset. */
    void abort(FuzzRequest req) {
        byte[] b = req.bytes();
        int headEnd = headEnd(b);
        int cut;
        if (req.framing() == Framing.OPEN_BODY) {
            cut = b.length;
        } else if (b.length > headEnd + 1 && r.nextInt(4) != 0) {
            cut = headEnd + r.nextInt(b.length - headEnd);
        } else {
            cut = r.nextInt(Math.max(1, Math.min(b.length, headEnd)));
        }
        String mode = switch (r.nextInt(3)) {
            case 0 -> "abort.fin-read";
            case 1 -> "abort.fin";
            default -> "abort.reset";
        };
        WireConnection c = connection();
        stats.sent(mode);
        stats.aborts.merge(req.category(), 1L, Long::sum);
        c.write(b, 0, cut);
        if (mode.equals("abort.reset")) {
            c.abort(true);
        } else {
            c.abort(false);
            if (mode.equals("abort.fin-read")) {
                Answer a = c.read(req.head());
                if (a.outcome() == Outcome.RESPONSE || a.outcome() == Outcome.TIMEOUT) {
                    // counted under the request's own category: its head was complete, so was its rejection
                    record(new FuzzRequest(req.category(), b, req.bitsPost() && cut >= headEnd, req.head(),
                            req.framing(), null, req.packet(), req.session(), req.target(), true, req.parts()), a);
                }
            }
        }
        drop();
    }

    private static int headEnd(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\n' && (b[i + 1] == '\n' || (b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n'))) {
                return b[i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return b.length;
    }

    private void desyncCheck(String category, WireConnection c) {
        stats.desyncChecks++;
        FuzzRequest ping = RequestGenerator.ping();
        c.write(ping.bytes(), 0, ping.bytes().length);
        long t0 = System.nanoTime();
        Answer p = c.read(false);
        if (trace) {
            System.out.println("  ping -> " + p.outcome() + " " + p.status() + (p.closeAfter() ? " close" : "")
                    + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        if (p.outcome() == Outcome.CLOSED) {
            stats.closedUnannounced++;
            stats.unanswered.merge("after " + category, 1L, Long::sum);
            drop();
            return;
        }
        String why = p.outcome() != Outcome.RESPONSE ? p.outcome() + " " + p.detail()
                : p.status() != 200 ? "status " + p.status() : notAck(p);
        if (why != null) {
            stats.violation("desync", category, "Ping after a " + category + " request: " + why + " " + p.headers());
            drop();
        } else if (p.closeAfter()) {
            drop();
        }
    }

    private void record(FuzzRequest req, Answer a) {
        String cat = req.category();
        stats.slowestAnswerMillis = Math.max(stats.slowestAnswerMillis, a.millis());
        switch (a.outcome()) {
            case RESPONSE -> {
                stats.answer(String.valueOf(a.status()));
                if (req.bitsPost()) {
                    stats.bitsPostAnswers++;
                    String why = notAck(a);
                    if (why != null) {
                        stats.violation("non-ack", attribute("non-ack", req), describe(req) + " -> " + a.status() + " " + why);
                    }
                }
                if (req.expected() != null && !(a.status() == req.expected().status()
                        && req.expected().errorCode().equalsIgnoreCase(String.valueOf(a.header("BITS-Error-Code"))))) {
                    stats.violation("wrong-answer", attribute("wrong-answer", req), describe(req) + " -> " + a.status() + " "
                            + a.header("BITS-Error-Code") + ", expected " + req.expected());
                }
                harvest(req, a);
            }
            case CLOSED -> {
                stats.answer("CLOSED");
                stats.unanswered.merge(cat, 1L, Long::sum);
            }
            case TIMEOUT -> {
                stats.answer("TIMEOUT");
                stats.violation("hang", attribute("hang", req), describe(req, true) + " -> no answer in " + readTimeoutMillis + " ms");
            }
            case MALFORMED -> {
                if (a.detail().startsWith("io: java.net.SocketException: Connection reset")) {
                    // the answer began, then a reset destroyed the rest: the server closed with unread input
                    // (pipelined bytes) without the staged close of RFC 9112 §9.6 - counted, not a desync
                    stats.answer("RESET");
                    stats.resets.merge(cat, 1L, Long::sum);
                    return;
                }
                stats.answer("MALFORMED");
                stats.violation("desync", attribute("desync", req), describe(req, true) + " -> malformed answer: " + a.detail());
            }
        }
    }

    /** {@return the category a violation counts under: a combo's first part known for this check, else its own} */
    private String attribute(String check, FuzzRequest req) {
        for (String part : req.parts()) {
            if (knownFailures.contains(check + " " + part)) {
                return part;
            }
        }
        return req.category();
    }

    /**
     * {@return why an answer is not an Ack, or null} An Ack carries {@code BITS-Packet-Type: Ack} and no body
     * (MC-BUP §3.2.5.2.1); an error Ack {@code BITS-Error-Code} and {@code BITS-Error-Context} (MC-BUP §2.2.1.2).
     *
     * @param a the answer
     */
    static String notAck(Answer a) {
        if (!"Ack".equalsIgnoreCase(a.header("BITS-Packet-Type"))) {
            return "no BITS-Packet-Type: Ack (" + a.headers().keySet() + ")";
        }
        if (a.bodyLength() != 0) {
            return "a body of " + a.bodyLength() + " bytes";
        }
        if (a.status() >= 300 && a.status() != 416) {
            // 416 is the resync answer, not an error: Windows omits the error headers there (MC-BUP §3.2.5.2.6, product behavior note <4>)
            String code = a.header("BITS-Error-Code");
            if (code == null || !code.matches("0x[0-9A-Fa-f]{8}")) {
                return "error without a well-formed BITS-Error-Code: " + code;
            }
            if (a.header("BITS-Error-Context") == null) {
                return "error without BITS-Error-Context";
            }
        }
        return null;
    }

    private void harvest(FuzzRequest req, Answer a) {
        if (a.status() != 200) {
            return;
        }
        if (req.creates() && a.header("BITS-Session-Id") != null) {
            String id = a.header("BITS-Session-Id");
            if (req.category().startsWith("target.")) {
                // a session at an odd target: try to make it write, so an escape from the root would show
                followUps.add(() -> {
                    byte[] data = "pwned".getBytes(StandardCharsets.US_ASCII);
                    Draft f = new Draft(req.target()).header("BITS-Packet-Type", "Fragment")
                            .header("BITS-Session-Id", id).header("Content-Range", "bytes 0-4/5");
                    f.body = data;
                    exchange(f.build("follow.fragment"));
                    exchange(new Draft(req.target()).header("BITS-Packet-Type", "Close-Session")
                            .header("BITS-Session-Id", id).build("follow.close"));
                });
            } else {
                pool.minted(id, req.target());
            }
        } else if (req.session() != null && ("Close-Session".equals(req.packet())
                || "Cancel-Session".equals(req.packet()))) {
            pool.ended(req.session());
        }
    }

    private static String describe(FuzzRequest req) {
        return describe(req, false);
    }

    /** The request line (or, in full, the head up to 600 bytes), escaped; a combo's parts. */
    private static String describe(FuzzRequest req, boolean full) {
        byte[] b = req.bytes();
        int end = 0;
        while (end < b.length && end < (full ? 600 : 160) && (full || b[end] != '\n')) {
            end++;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < end; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append("] (").append(b.length).append(" bytes)")
                .append(req.parts().isEmpty() ? "" : " parts " + req.parts()).toString();
    }
}
