// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CancelSessionAck;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a case works with: the target, connections (one default keep-alive connection, more on demand), unique
 * destination names, the protocol steps with their checks (each step fails the case with the rule it broke), the
 * file-system view of {@code --root}, and notes for the report. Closing it cancels the sessions the case left open
 * and closes its connections. Every request goes through {@link Connections}, which checks keep-alive integrity
 * after each rejection.
 */
final class CaseContext implements AutoCloseable {
    private final Target target;
    private final Case test;
    // synchronized: concurrent-sessions runs steps of one case on several threads
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    private final RootFiles files;
    private final Connections connections;
    private final AtomicInteger counter = new AtomicInteger();

    /** A session this case opened, with what the kit knows of the server's state (MC-BUP §2.2.7.2). */
    static final class Session {
        final String name;
        final SessionId id;
        long received;
        long total = -1;
        boolean ended;

        Session(String name, SessionId id) {
            this.name = name;
            this.id = id;
        }
    }

    CaseContext(Target target, Case test) {
        this.target = target;
        this.test = test;
        this.files = new RootFiles(target, this);
        this.connections = new Connections(target, this);
    }

    Target target() {
        return target;
    }

    /** {@return the file-system checks (they skip the case when {@code --root} was not given)} */
    RootFiles files() {
        return files;
    }

    List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    /**
     * Records what the server chose or did, for the report.
     *
     * @param note one sentence
     */
    void note(String note) {
        synchronized (notes) {
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
    }

    /**
     * {@return never; ends the case with FAIL}
     *
     * @param reason the rule broken and how
     */
    static Case.Failure fail(String reason) {
        throw new Case.Failure(reason);
    }

    /**
     * Fails the case unless {@code condition} holds.
     *
     * @param condition what must hold
     * @param reason the rule and how it was broken
     */
    static void check(boolean condition, String reason) {
        if (!condition) {
            throw new Case.Failure(reason);
        }
    }

    /**
     * {@return a destination name no other case or run uses}, e.g. {@code bitsj-check-1a2b3c4d-fragment-gap-1.bin}
     *
     * @param hint a word to tell several names of one case apart, or ""
     */
    String name(String hint) {
        return "bitsj-check-" + target.runId() + "-" + test.name() + (hint.isEmpty() ? "" : "-" + hint) + "-"
                + counter.incrementAndGet() + ".bin";
    }

    /** {@return a short unique token (for names that must fit in a 100-character session id)} */
    String token() {
        return "bitsj" + target.runId() + "t" + counter.incrementAndGet();
    }

    /** {@return the request target of {@code name} in the directory under test} */
    String path(String name) {
        return target.path(name);
    }

    /**
     * {@return deterministic bytes for an upload}
     *
     * @param n how many
     * @param seed a seed
     */
    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------- connections

    /** {@return the case's keep-alive connection, (re)opened when needed} */
    Wire wire() {
        return connections.main();
    }

    /** {@return a new connection, closed with the case} */
    Wire connect() {
        return connections.connect();
    }

    /** {@return the answer to {@code r} on the default connection; see {@link Connections#send}} */
    RawResponse send(RawRequest r) {
        return connections.send(connections.main(), r);
    }

    /** {@return the answer to {@code r} on {@code w}; see {@link Connections#send}} */
    RawResponse send(Wire w, RawRequest r) {
        return connections.send(w, r);
    }

    // ------------------------------------------------------------------------------------------ protocol steps

    /**
     * {@return a session opened outside {@link #create}, remembered so that the case cancels it at the end}
     *
     * @param name the destination name
     * @param id the id the server minted
     */
    Session adopt(String name, SessionId id) {
        Session s = new Session(name, id);
        sessions.add(s);
        return s;
    }

    /** {@return a new session on {@code name} over the default connection} */
    Session create(String name) {
        return create(wire(), name);
    }

    /**
     * {@return a new session, checked against MC-BUP §2.2.3}
     *
     * @param w the connection
     * @param name the destination name
     */
    Session create(Wire w, String name) {
        CreateSession p = CreateSession.bits15();
        RawResponse a = send(w, RawRequest.of(p, path(name)));
        CreateSessionAck ack = Oracle.expectAck(p, a, CreateSessionAck.class,
                "MC-BUP §2.2.2, §2.2.3 (MC-BUP §3.2.5.2.4): Create-Session to a new name in the directory");
        return adopt(name, ack.sessionId());
    }

    /**
     * Sends one Fragment of {@code data} and checks the answer against the Fragment table, given what the kit
     * knows of the server's offset; follows the answer's offset (MC-BUP §2.2.7.2).
     *
     * @param w the connection
     * @param s the session
     * @param data the whole file
     * @param first the first byte offset
     * @param len the number of bytes (0 only for the empty file)
     * @return the Ack
     */
    FragmentAck fragment(Wire w, Session s, byte[] data, long first, int len) {
        ContentRange range = ContentRange.ofLength(first, len, data.length);
        Fragment f = Fragment.of(s.id, range);
        byte[] body = Arrays.copyOfRange(data, (int) first, (int) first + len);
        RawResponse a = send(w, RawRequest.of(f, path(s.name)).body(body));
        List<Oracle.Allowed> allowed = Oracle.fragment(range, s.received, s.total);
        String rule = "Fragment table " + allowed.get(0).label() + " (MC-BUP §3.2.5.2.6; MC-BUP §2.2.7.2)";
        StringBuilder alts = new StringBuilder();
        allowed.forEach(x -> alts.append(alts.isEmpty() ? "" : " or ").append(x.describe()));
        String expected = range.wire() + " when the server holds " + s.received + " bytes must get " + alts;
        if (Oracle.decode(f, a) instanceof Decoded.Ok<Response> ok && ok.value() instanceof ErrorAck) {
            throw fail(rule + ": " + expected + "; got " + a.describe());
        }
        FragmentAck ack = Oracle.expectAck(f, a, FragmentAck.class, rule);
        Oracle.Allowed chosen = null;
        for (Oracle.Allowed x : allowed) {
            if (x.status() == ack.status() && x.offset() == ack.receivedOffset()) {
                chosen = x;
            }
        }
        if (chosen == null) {
            throw fail(rule + ": " + expected + "; got " + a.describe());
        }
        if (ack.status() == 416) {
            Expectation gap = Expectation.of(io.github.bitsj.protocol.ProtocolError.Kind.RANGE_NOT_CONTIGUOUS);
            Oracle.expectError(a, "decision D23 (MC-BUP <4>): a 416 carries no error pair, or code 0", gap);
        }
        if (allowed.size() > 1) {
            note("answers a repeated range with " + chosen.label());
        }
        if (s.total < 0 && ack.status() == 200) {
            s.total = data.length;
        }
        s.received = ack.receivedOffset();
        return ack;
    }

    /**
     * Uploads {@code data} from the session's offset to the end, resynchronising on every answer as a client must
     * (MC-BUP §3.1.5.1.7, §2.2.7.2), on one connection.
     *
     * @param w the connection
     * @param s the session
     * @param data the file
     * @param fragment the fragment size
     */
    void upload(Wire w, Session s, byte[] data, int fragment) {
        if (data.length == 0) {
            fragment(w, s, data, 0, 0);
            return;
        }
        int stuck = 0;
        while (s.received < data.length) {
            long before = s.received;
            int len = (int) Math.min(fragment, data.length - s.received);
            fragment(w, s, data, s.received, len);
            stuck = s.received == before ? stuck + 1 : 0;
            check(stuck < 3, "MC-BUP §3.1.5.1.7 (BG_E_NO_PROGRESS): the received offset stays at " + before
                    + " after three fragments that start there");
        }
    }

    /**
     * Closes a session and checks the Ack (MC-BUP §2.2.8, §2.2.9; MC-BUP §3.2.5.2.7).
     *
     * @param w the connection
     * @param s the session
     */
    void close(Wire w, Session s) {
        CloseSession p = CloseSession.of(s.id);
        RawResponse a = send(w, RawRequest.of(p, path(s.name)));
        Oracle.expectAck(p, a, CloseSessionAck.class, "MC-BUP §2.2.8, §2.2.9 (MC-BUP §3.2.5.2.7): Close-Session of a live session");
        s.ended = true;
    }

    /**
     * Cancels a session and checks the Ack (MC-BUP §2.2.10, §2.2.11; MC-BUP §3.2.5.2.8).
     *
     * @param w the connection
     * @param s the session
     */
    void cancel(Wire w, Session s) {
        CancelSession p = CancelSession.of(s.id);
        RawResponse a = send(w, RawRequest.of(p, path(s.name)));
        Oracle.expectAck(p, a, CancelSessionAck.class,
                "MC-BUP §2.2.10, §2.2.11 (MC-BUP §3.2.5.2.8): Cancel-Session of a live session");
        s.ended = true;
    }

    /**
     * {@return a session id the server never minted}: a fresh random GUID in the IIS form
     */
    static SessionId unknownSessionId() {
        return SessionId.random();
    }

    /** Cancels the sessions the case left open (best effort, unchecked), closes every connection. */
    @Override
    public void close() {
        for (Session s : List.copyOf(sessions)) {
            if (!s.ended) {
                try (Wire w = Wire.open(target)) {
                    w.exchange(RawRequest.of(CancelSession.of(s.id), path(s.name)).bytes(target.hostHeader()));
                } catch (IOException | RuntimeException e) {
                    // cleanup is best effort; the session times out on the server
                }
            }
        }
        connections.closeAll();
        files.cleanUp();
    }
}
