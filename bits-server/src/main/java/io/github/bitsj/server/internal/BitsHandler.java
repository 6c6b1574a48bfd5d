// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CancelSessionAck;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.EncodedResponse;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code HttpHandler} of one upload directory: authenticates, decodes with {@link Packets#decodeRequest}, and
 * runs the server algorithm of digest §6.7 and the Fragment decision table of digest §7.2. No exception escapes:
 * an unexpected fault is logged once and answered with 500 + {@code E_FAIL}.
 */
public final class BitsHandler implements HttpHandler {
    private static final System.Logger LOG = SessionStore.LOG;
    private static final List<ProtocolId> SUPPORTED = List.of(ProtocolId.BITS_1_5_UPLOAD);

    private final SessionStore store;
    private final UploadDirectory config;
    private final ServerState shared;
    /**
     * How much unread body is read and discarded before an answer, so that the client sees the answer (a 413 or
     * 416 lost to a connection reset would cost a Windows client its retry delay); larger bodies close the
     * connection.
     */
    private final long drainLimit;

    /** Thrown when the client's body ends early or its connection fails: no answer can be delivered. */
    private static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Creates the handler of one upload directory.
     *
     * @param store the directory's sessions
     * @param shared the server-wide state
     */
    public BitsHandler(SessionStore store, ServerState shared) {
        this.store = store;
        this.config = store.config();
        this.shared = shared;
        this.drainLimit = Math.max(config.maxFragmentSize(), 64L * 1024 * 1024);
    }

    /** Tracks whether the response headers went out, so a late fault is not answered twice. */
    private static final class Reply {
        final HttpExchange ex;
        boolean sent;
        /** Set when the body must not be read; the connection is closed instead. */
        boolean abandonBody;

        Reply(HttpExchange ex) {
            this.ex = ex;
        }
    }

    @Override
    public void handle(HttpExchange ex) {
        Reply reply = new Reply(ex);
        if (!shared.enter()) {
            reply.abandonBody = true;
            try {
                send(reply, Kind.SERVER_UNAVAILABLE.toErrorAck());
            } catch (IOException | RuntimeException e) {
                // the client went away; nothing to do
            } finally {
                ex.close();
            }
            return;
        }
        try {
            dispatch(reply);
        } catch (ClientGone e) {
            LOG.log(Level.DEBUG, "event=client_gone error={0}", e.getCause() == null ? "eof"
                    : e.getCause().getClass().getSimpleName());
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "event=request_failed error=" + t.getClass().getName(), t);
            if (!reply.sent) {
                try {
                    send(reply, Kind.INTERNAL_ERROR.toErrorAck());
                } catch (IOException | RuntimeException e) {
                    // connection is gone
                }
            }
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
        } finally {
            ex.close();
            shared.exit();
        }
    }

    private void dispatch(Reply reply) throws IOException {
        HttpExchange ex = reply.ex;
        Headers headers = ex.getRequestHeaders();
        String principal = "";
        if (shared.authRequired()) {
            List<String> auth = headers.get("Authorization");
            principal = auth == null || auth.size() != 1 ? null : shared.authenticate(auth.get(0));
            if (principal == null) {
                LOG.log(Level.INFO, "event=auth_failed");
                reply.abandonBody = true; // never read an unauthenticated body
                ex.getResponseHeaders().add("WWW-Authenticate",
                        "Basic realm=\"" + shared.realm() + "\", charset=\"UTF-8\"");
                send(reply, Kind.UNAUTHORIZED.toErrorAck());
                return;
            }
        }
        String method = ex.getRequestMethod();
        if (!BitsHeaders.METHOD.equals(method)) {
            ex.getResponseHeaders().add("Allow", BitsHeaders.METHOD);
            if ("OPTIONS".equals(method)) {
                ex.sendResponseHeaders(204, -1);
                reply.sent = true;
                return;
            }
            send(reply, Kind.METHOD_NOT_BITS_POST.toErrorAck());
            return;
        }
        if (!config.uploadsEnabled()) {
            send(reply, Kind.UPLOADS_DISABLED.toErrorAck());
            return;
        }
        // Scan the entries rather than Headers.get: get() normalises the name into a new String on every call, and
        // the codec looks up about seven names per Fragment (bits-bench decodeFragmentJdkHeaders: 832 -> 152 B/op).
        HeaderLookup lookup = name -> {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        };
        String target = ex.getRequestURI().toString();
        switch (Packets.decodeRequest(method, target, lookup)) {
            case Decoded.Err<Request> err -> {
                ErrorAck ack = err.error().kind().toErrorAck();
                Optional<SessionId> sid = echoableSessionId(headers);
                if (sid.isPresent()) {
                    ack = ack.withSessionId(sid.get());
                }
                LOG.log(Level.INFO, "event=request_rejected kind={0}", err.error().kind());
                send(reply, ack);
            }
            case Decoded.Ok<Request> ok -> {
                switch (ok.value()) {
                    case Ping p -> send(reply, new PingAck());
                    case CreateSession c -> createSession(reply, c, principal);
                    case Fragment f -> fragment(reply, f, principal);
                    case CloseSession c -> endSession(reply, c.sessionId(), principal, Session.State.CLOSED);
                    case CancelSession c -> endSession(reply, c.sessionId(), principal, Session.State.CANCELLED);
                }
            }
        }
    }

    private static Optional<SessionId> echoableSessionId(Headers headers) {
        List<String> v = headers.get(BitsHeaders.SESSION_ID);
        if (v == null || v.size() != 1) {
            return Optional.empty();
        }
        return switch (SessionId.parse(v.get(0))) {
            case Decoded.Ok<SessionId> ok -> Optional.of(ok.value());
            case Decoded.Err<SessionId> err -> Optional.empty();
        };
    }

    // ------------------------------------------------------------------------------------------ Create-Session

    private void createSession(Reply reply, CreateSession c, String principal) throws IOException {
        Decoded<ProtocolId> chosen = Packets.negotiate(c, SUPPORTED);
        if (chosen instanceof Decoded.Err<ProtocolId> err) {
            send(reply, err.error().kind().toErrorAck());
            return;
        }
        Destinations.Mapped mapped = Destinations.map(config.urlPrefix(), store.root(),
                config.sessionDirectoryName(), reply.ex.getRequestURI().getRawPath());
        if (mapped.failed()) {
            LOG.log(Level.INFO, "event=destination_rejected kind={0}", mapped.error());
            send(reply, mapped.error().toErrorAck());
            return;
        }
        Kind k = Destinations.check(store.root(), mapped.destination(), config.allowOverwrites());
        if (k != null) {
            LOG.log(Level.INFO, "event=destination_rejected kind={0}", k);
            send(reply, k.toErrorAck());
            return;
        }
        Session s = store.create(mapped.destination(), principal);
        if (s == null) {
            LOG.log(Level.WARNING, "event=session_limit_reached");
            send(reply, Kind.TOO_MANY_SESSIONS.toErrorAck());
            return;
        }
        LOG.log(Level.INFO, "event=session_created session={0} destination={1}", s.id, s.destination.relative());
        Events.sessionCreated(s.id.value(), s.destination.relative());
        OptionalLong fallback = config.hostIdFallbackTimeout().isPresent()
                ? OptionalLong.of(config.hostIdFallbackTimeout().get().toSeconds())
                : OptionalLong.empty();
        send(reply, new CreateSessionAck(200, chosen.orElseThrow(), s.id, config.hostId(), fallback,
                List.of(BitsHeaders.IDENTITY)));
    }

    // ------------------------------------------------------------------------------------------------ Fragment

    private void fragment(Reply reply, Fragment f, String principal) throws IOException {
        Session s = store.find(f.sessionId(), principal);
        if (s == null) {
            send(reply, Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(f.sessionId()));
            return;
        }
        ContentRange r = f.range();
        SessionId echo = f.sessionId(); // Acks carry the request's value, byte for byte (MC-BUP §2.2.1.2)
        s.lock.lock();
        try {
            Session.State state = s.state;
            if (state.isTerminal() || store.find(f.sessionId(), principal) != s) {
                send(reply, Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(f.sessionId()));
                return;
            }
            s.lastActivity = System.currentTimeMillis();
            // §7.2 row 11: the upload is complete; replay the final Ack (commit first if a crash interrupted it)
            if (state == Session.State.COMMITTED || (s.total >= 0 && s.received == s.total)) {
                if (state == Session.State.RECEIVING && !commit(reply, s, echo)) {
                    return;
                }
                send(reply, FragmentAck.accepted(s.total, echo));
                return;
            }
            // §7.2 rows 3 and 5: the total is fixed by the first fragment
            if (s.total < 0) {
                if (r.total() > config.maxUploadSize()) {
                    LOG.log(Level.INFO, "event=fragment_rejected session={0} kind=UPLOAD_TOO_LARGE", s.id);
                    send(reply, Kind.UPLOAD_TOO_LARGE.toErrorAck().withSessionId(echo).withReceivedOffset(0));
                    return;
                }
            } else if (r.total() != s.total) {
                LOG.log(Level.INFO, "event=fragment_rejected session={0} kind=TOTAL_CHANGED", s.id);
                send(reply, Kind.TOTAL_CHANGED.toErrorAck().withSessionId(echo).withReceivedOffset(s.received));
                return;
            }
            // §7.2 row 6
            if (f.contentLength() > config.maxFragmentSize()) {
                LOG.log(Level.INFO, "event=fragment_rejected session={0} kind=FRAGMENT_TOO_LARGE", s.id);
                send(reply, Kind.FRAGMENT_TOO_LARGE.toErrorAck().withSessionId(echo)
                        .withReceivedOffset(s.received));
                return;
            }
            long first = r.first();
            long last = r.last();
            long received = s.received;
            // §7.2 row 10 (gap), and rows 8/9 in strict mode; checked before the total is fixed, because T is fixed
            // by the first *accepted* fragment
            if (!r.isEmptyFile() && (first > received || (config.strictRanges() && first != received))) {
                if (LOG.isLoggable(Level.DEBUG)) { // no boxing and varargs array per fragment when not logged
                    LOG.log(Level.DEBUG, "event=fragment_out_of_sync session={0} first={1} received={2}", s.id,
                            first, received);
                }
                send(reply, FragmentAck.outOfSync(received, echo));
                return;
            }
            if (s.total < 0) {
                store.fixTotal(s, r.total());
            }
            // §10 Q9: the empty file
            if (r.isEmptyFile()) {
                if (!commit(reply, s, echo)) {
                    return;
                }
                send(reply, FragmentAck.accepted(0, echo));
                return;
            }
            Object jfr = Events.fragmentBegin();
            long written = 0;
            if (last < received) {
                drain(reply.ex.getRequestBody()); // row 9: nothing new
            } else {
                Kind k = receive(s, reply.ex.getRequestBody(), first, last);
                if (k != null) {
                    send(reply, k.toErrorAck().withSessionId(echo).withReceivedOffset(s.received));
                    return;
                }
                written = last + 1 - received;
            }
            Events.fragment(jfr, s.id.value(), first, written, s.received);
            if (LOG.isLoggable(Level.DEBUG)) { // no boxing and varargs array per fragment when not logged
                LOG.log(Level.DEBUG, "event=fragment_accepted session={0} first={1} last={2} received={3}", s.id,
                        first, last, s.received);
            }
            // §7.2 row 12
            if (s.received == s.total && !commit(reply, s, echo)) {
                return;
            }
            send(reply, FragmentAck.accepted(s.received, echo));
        } finally {
            if (!s.state.isTerminal()) {
                // the idle clock restarts when a message has been processed (MC-BUP §3.2.2.1), not when it began:
                // a fragment that takes longer than the session timeout must not expire its session
                s.lastActivity = System.currentTimeMillis();
            }
            s.lock.unlock();
        }
    }

    /** Commits under the session lock; on failure answers the error (echoing {@code echo}) and returns false. */
    private boolean commit(Reply reply, Session s, SessionId echo) throws IOException {
        Kind k = store.commit(s);
        if (k != null) {
            LOG.log(Level.WARNING, "event=commit_failed session={0} kind={1}", s.id, k);
            send(reply, k.toErrorAck().withSessionId(echo).withReceivedOffset(s.received));
            return false;
        }
        LOG.log(Level.INFO, "event=session_committed session={0} destination={1} bytes={2}", s.id,
                s.destination.relative(), s.total);
        Events.committed(s.id.value(), s.destination.relative(), s.total);
        return true;
    }

    /**
     * Writes bytes {@code received..last} of the body (skipping the overlap) with positional writes from a pooled
     * buffer filled to its end first. Advances {@code s.received} after every write, so the staging file always
     * holds exactly the contiguous prefix.
     *
     * @return null on success, else the error to answer (disk full / I/O error, digest §7.2 row 13)
     */
    private Kind receive(Session s, InputStream in, long first, long last) throws IOException {
        long pos = s.received;
        skipFully(in, pos - first);
        long remaining = last + 1 - pos;
        byte[] buf = shared.buffers().take(remaining);
        try (FileChannel ch = FileChannel.open(s.staging, StandardOpenOption.WRITE)) {
            while (remaining > 0) {
                int want = (int) Math.min(buf.length, remaining);
                int fill = 0;
                ClientGone gone = null;
                while (fill < want) {
                    int n;
                    try {
                        n = in.read(buf, fill, want - fill);
                    } catch (IOException e) {
                        gone = new ClientGone(e);
                        break;
                    }
                    if (n < 0) {
                        gone = new ClientGone(null);
                        break;
                    }
                    fill += n;
                }
                if (fill > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, fill);
                    long at = pos;
                    try {
                        while (bb.hasRemaining()) {
                            at += ch.write(bb, at);
                        }
                    } catch (IOException e) {
                        ch.truncate(s.received);
                        LOG.log(Level.ERROR, "event=write_failed session={0} error={1}", s.id,
                                e.getClass().getSimpleName());
                        return Kind.DISK_FULL;
                    }
                    pos += fill;
                    remaining -= fill;
                    s.received = pos;
                }
                if (gone != null) {
                    LOG.log(Level.INFO, "event=fragment_interrupted session={0} received={1}", s.id, s.received);
                    throw gone;
                }
            }
            if (shared.durable()) {
                ch.force(false);
            }
        } finally {
            shared.buffers().give(buf);
        }
        return null;
    }

    private static void skipFully(InputStream in, long n) throws ClientGone {
        try {
            long left = n;
            while (left > 0) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new ClientGone(null);
                    }
                    k = 1;
                }
                left -= k;
            }
        } catch (ClientGone e) {
            throw e;
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /**
     * Reads the unread rest of a body (up to {@code limit} bytes) so the answer reaches the client and the
     * keep-alive connection stays in sync; returns whether the body ended.
     */
    private static boolean drainRest(InputStream in, long limit) {
        try {
            if (in.read() < 0) {
                return true;
            }
            long left = limit;
            byte[] scratch = new byte[16 * 1024];
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drain(InputStream in) throws ClientGone {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    // ------------------------------------------------------------------------------------- Close and Cancel

    private void endSession(Reply reply, SessionId id, String principal, Session.State target) throws IOException {
        Session s = store.find(id, principal);
        Response ok = target == Session.State.CLOSED
                ? new CloseSessionAck(Optional.of(id)) : new CancelSessionAck(Optional.of(id));
        if (s == null) {
            send(reply, Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(id));
            return;
        }
        s.lock.lock();
        try {
            if (store.find(id, principal) != s) {
                send(reply, Kind.SESSION_NOT_FOUND.toErrorAck().withSessionId(id));
                return;
            }
            if (s.state.isTerminal()) {
                send(reply, ok); // digest §10 Q25: idempotent
                return;
            }
            s.lastActivity = System.currentTimeMillis();
            if (target == Session.State.CLOSED && s.state == Session.State.RECEIVING && s.total >= 0
                    && s.received == s.total && !commit(reply, s, id)) {
                return;
            }
            boolean complete = s.state == Session.State.COMMITTED;
            store.end(s, target);
            LOG.log(Level.INFO, (target == Session.State.CLOSED ? "event=session_closed" : "event=session_cancelled")
                    + " session={0} complete={1}", s.id, complete);
            Events.ended(s.id.value(), target.name(), complete);
            send(reply, ok);
        } finally {
            s.lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------- output

    private void send(Reply reply, Response r) throws IOException {
        EncodedResponse e = Packets.encode(r, shared.legacyErrorHeader());
        Headers h = reply.ex.getResponseHeaders();
        if (reply.abandonBody || !drainRest(reply.ex.getRequestBody(), drainLimit)) {
            // the body was not read to its end: say so, and the connection closes after this answer
            h.set("Connection", "close");
        }
        for (HeaderField f : e.headers()) {
            h.add(f.name(), f.value());
        }
        reply.sent = true;
        reply.ex.sendResponseHeaders(e.status(), -1);
    }
}
