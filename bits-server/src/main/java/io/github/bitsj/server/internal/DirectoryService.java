// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.DirectoryLimits;
import io.github.bitsj.protocol.FinishDecision;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentDecision;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.ServerDecisions;
import io.github.bitsj.protocol.SessionEndDecision;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView;
import io.github.bitsj.protocol.SessionView.State;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One upload directory at run time: owns its sessions, its share of the session limits and their sweeping, and
 * answers Create-Session, Fragment, Close-Session and Cancel-Session with one {@link Response} each. For a packet
 * naming a session it takes the session's lock, asks {@link ServerDecisions} what to do, and carries that out
 * through the {@link SessionArea}.
 */
final class DirectoryService {
    private static final List<ProtocolId> SUPPORTED = List.of(ProtocolId.BITS_1_5_UPLOAD);
    /** Tombstones are kept this long at most (and never longer than the session timeout). */
    private static final long TOMBSTONE_TTL_MILLIS = 3_600_000L;

    private final UploadDirectory config;
    private final DirectoryLimits limits;
    private final SessionArea area;
    private final SessionLimits counter;
    private final ServerApp app;
    private final Finisher finisher;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Metrics.Directory metrics;
    private final SharedState shared; // farm hook (issue 12, D51): sessions read through from the session area

    private DirectoryService(UploadDirectory config, SessionArea area, SessionLimits counter, boolean durable,
            Metrics.Directory metrics) {
        this.config = config;
        this.metrics = metrics;
        metrics.activeSessions(this::openSessions);
        this.limits = new DirectoryLimits(config.maxUploadSize(), config.maxFragmentSize(), config.strictRanges());
        this.area = area;
        this.counter = counter;
        this.app = ServerApp.of(config.serverApplication());
        this.finisher = new Finisher(config, area, app, durable, metrics);
        this.shared = new SharedState(area, config, sessions, s -> counter.release(limitKey(s.owner())));
    }

    /**
     * Opens a directory's session area and takes back the sessions persisted there.
     * @throws IOException if the storage root or session area cannot be created or read
     */
    static DirectoryService open(UploadDirectory config, SessionLimits counter, boolean durable, BufferPool buffers,
            boolean allowUnsafePaths, Metrics.Directory metrics) throws IOException {
        DirectoryService d = new DirectoryService(config,
                SessionArea.open(config, durable, buffers, allowUnsafePaths), counter, durable, metrics);
        List<Session> recovered = d.area.recover();
        for (Session s : recovered) {
            if (!s.state().isEnded()) {
                counter.acquire(d.limitKey(s.owner()), config.maxSessionsPerPrincipal(), true);
            }
            d.shared.put(s, !s.state().isEnded()); // farm hook
        }
        if (!recovered.isEmpty()) {
            LogEvent.SESSIONS_RECOVERED.log("prefix", config.urlPrefix(), "count", recovered.size());
        }
        return d;
    }

    UploadDirectory config() {
        return config;
    }

    Metrics.Directory metrics() {
        return metrics;
    }

    /** Releases the server application's resources (the server is stopping). */
    void close() {
        if (app != null) {
            app.close();
        }
        area.close();
    }

    private String limitKey(String owner) {
        return config.urlPrefix() + "\u0000" + owner;
    }

    /** A session by id for a principal; someone else's or an expired one is not found (SDK: Virtual Directory Cleanup, SDK: Authentication). */
    private Optional<Session> find(SessionId id, String owner) {
        Session s = sessions.get(id.matchKey());
        if (s == null || !s.owner().equals(owner)) {
            return Optional.empty();
        }
        if (!s.state().isEnded() && System.currentTimeMillis() - s.lastActivity()
                >= counter.clients().timeoutMillis(s, config.sessionTimeout().toMillis())) {
            return Optional.empty(); // expired; the sweeper removes it (SDK: Virtual Directory Cleanup)
        }
        return Optional.of(s);
    }

    /**
     * Answers a Create-Session (MC-BUP §2.2.2, §3.2.5): negotiates the protocol, maps and checks the destination, takes a
     * session slot and creates the session.
     * @param rawPath the request's raw path, mapped to the destination (MC-BUP §3.3.5.2.4)
     * @throws IOException if the session area cannot be written
     */
    Response create(CreateSession c, String rawPath, Caller caller) throws IOException {
        String principal = caller.principal();
        Decoded<ProtocolId> chosen = Packets.negotiate(c, SUPPORTED);
        if (chosen instanceof Decoded.Err<ProtocolId> err) {
            return err.error().kind().toErrorAck();
        }
        Result<Destinations.Destination> destination = Destinations.map(config.urlPrefix(), area.root(),
                config.sessionDirectoryName(), rawPath);
        if (destination instanceof Result.Ok<Destinations.Destination>(var mapped)) {
            destination = area.check(mapped);
        }
        if (destination instanceof Result.Err<Destinations.Destination>(Kind k)) {
            LogEvent.DESTINATION_REJECTED.log("destination", rawPath, "kind", k, "client",
                    caller.remote(), "principal", principal);
            return k.toErrorAck();
        }
        Destinations.Destination d = ((Result.Ok<Destinations.Destination>) destination).value();
        int perPrincipal = principal.isEmpty() ? Integer.MAX_VALUE : config.maxSessionsPerPrincipal();
        String refused = counter.clients().refuseCreate(caller.client(), principal.isEmpty(), sessions.values());
        if (refused != null || !counter.acquire(limitKey(principal), perPrincipal, false)) {
            LogEvent.SESSION_LIMIT_REACHED.log("limit", refused == null ? "sessions" : refused, "destination",
                    d.relative(), "client", caller.remote(), "principal", principal);
            return Kind.TOO_MANY_SESSIONS.toErrorAck();
        }
        Session s;
        try {
            s = area.create(d, principal, caller.requestUrl().toASCIIString(),
                    id -> sessions.containsKey(id.matchKey()));
        } catch (IOException | RuntimeException e) {
            counter.release(limitKey(principal));   // and the area left nothing behind
            return StorageFaults.answer(e, null, 0);
        }
        s.client(caller.client());
        shared.put(s, true); // farm hook
        LogEvent.SESSION_CREATED.log("session", s.id(), "destination", d.relative(), "client", caller.remote(),
                "principal", principal, "duration_ms", caller.elapsedMillis());
        metrics.created();
        Events.sessionCreated(s.id().value(), d.relative());
        OptionalLong fallback = config.hostIdFallbackTimeout().isPresent()
                ? OptionalLong.of(config.hostIdFallbackTimeout().get().toSeconds())
                : OptionalLong.empty();
        return new CreateSessionAck(200, chosen.orElseThrow(), s.id(), config.hostId(), fallback,
                List.of(BitsHeaders.IDENTITY));
    }

    /**
     * Answers a Fragment (MC-BUP §3.2.5.2.6) under the session's lock, reading its body from {@code body}.
     * @throws ClientGone if the body ends early or the connection fails: no answer can be delivered
     * @throws IOException on an unexpected I/O failure
     */
    Response fragment(Fragment f, Caller caller, InputStream body) throws IOException {
        String principal = caller.principal();
        Optional<Session> found = shared.lookup(f.sessionId()).filter(x -> x.owner().equals(principal)); // farm
        if (found.isEmpty()) { // row 1, with no session to lock: always a Reject
            return ((FragmentDecision.Reject) ServerDecisions.decideFragment(SessionView.UNKNOWN, f, limits)).ack();
        }
        Session s = found.get();
        shared.lock(s); // the newer request wins (D42); farm hook: then the file lock, the state read back
        try {
            boolean current = find(f.sessionId(), principal).filter(x -> x == s).isPresent();
            SessionView view = current ? s.view() : SessionView.UNKNOWN;
            boolean live = view.state() != State.UNKNOWN && !view.state().isEnded();
            if (live) {
                s.touch(System.currentTimeMillis());
            }
            boolean first = live && !s.anyFragment();
            if (first) {
                s.fragmentArrived();
            }
            try {
                Response r = answer(ServerDecisions.decideFragment(view, f, limits), s, f, body, caller);
                if (first && !s.view().hasTotal()) {
                    area.persist(s);   // a refused first fragment: it no longer closes as an empty file (D9)
                }
                return r;
            } catch (IOException e) {
                return StorageFaults.answer(e, f.sessionId(), s.received());
            }
        } finally {
            if (!s.state().isEnded()) {
                // the idle clock restarts when a message has been processed (MC-BUP §3.2.2.1), not when it began:
                // a fragment that takes longer than the session timeout must not expire its session
                s.touch(System.currentTimeMillis());
            }
            shared.unlock(s); // farm hook
        }
    }

    /** Carries a Fragment decision out (lock held). */
    private Response answer(FragmentDecision decision, Session s, Fragment f, InputStream body, Caller caller)
            throws IOException {
        return switch (decision) {
            case FragmentDecision.Reject r -> {
                RejectionLog.fragment(r, s, f);
                yield r.ack();
            }
            // a finished upload's final Ack again, reply URL included, without a new notification (§7.2 row 11)
            case FragmentDecision.ReplayFinalAck r ->
                    r.finishFirst() ? finisher.finish(s, r.echo(), caller).ack() : r.ack();
            case FragmentDecision.FinishEmptyFile e -> {
                area.fixTotal(s, 0);
                yield finisher.finish(s, e.echo(), caller).ack();
            }
            case FragmentDecision.Write w -> write(s, w, f, body, caller);
        };
    }

    private Response write(Session s, FragmentDecision.Write w, Fragment f, InputStream body, Caller caller)
            throws IOException {
        if (w.fixesTotal()) {
            area.fixTotal(s, w.total());
        }
        Object jfr = Events.fragmentBegin();
        if (area.write(s, s.preemptible(body), w.skip(), w.length()) instanceof Result.Err<Long>(Kind k)) {
            return ServerDecisions.failure(k, w.echo(), s.received());
        }
        Events.fragment(jfr, s.id().value(), f.range().first(), w.length(), s.received());
        metrics.fragment(w.length());
        if (LogEvent.FRAGMENT_ACCEPTED.isLoggable()) { // no boxing and varargs array per fragment when not logged
            LogEvent.FRAGMENT_ACCEPTED.log("session", s.id(), "first", f.range().first(), "last", f.range().last(),
                    "received", s.received());
        }
        return w.completesFile() ? finisher.finish(s, w.echo(), caller).ack() : w.ack();
    }

    // ------------------------------------------------------------------------------------- Close and Cancel

    /**
     * Answers a Close-Session (MC-BUP §3.2.5, decision D3, Q19, Q25).
     * @throws IOException if the session area cannot be written
     */
    Response close(CloseSession c, Caller caller) throws IOException {
        return end(c.sessionId(), caller, view -> ServerDecisions.decideClose(view, c));
    }

    /**
     * Answers a Cancel-Session (MC-BUP §3.2.5, decision D25).
     * @throws IOException if the session area cannot be written
     */
    Response cancel(CancelSession c, Caller caller) throws IOException {
        return end(c.sessionId(), caller, view -> ServerDecisions.decideCancel(view, c));
    }

    private Response end(SessionId id, Caller caller, Function<SessionView, SessionEndDecision> decide)
            throws IOException {
        String principal = caller.principal();
        Optional<Session> found = shared.lookup(id).filter(x -> x.owner().equals(principal)); // farm hook
        if (found.isEmpty()) { // no session to lock: always a Reject
            return ((SessionEndDecision.Reject) decide.apply(SessionView.UNKNOWN)).ack();
        }
        Session s = found.get();
        shared.lock(s); // the newer request wins (D42); farm hook: then the file lock, the state read back
        try {
            boolean current = find(id, principal).filter(x -> x == s).isPresent();
            SessionView view = current ? s.view() : SessionView.UNKNOWN;
            try {
                return switch (decide.apply(view)) {
                    case SessionEndDecision.Reject r -> r.ack();
                    case SessionEndDecision.Repeat r -> r.ack();
                    case SessionEndDecision.End e ->
                            endSession(s, id, e.finishFirst(), e.to(), e.complete(), e.ack(), caller);
                    case SessionEndDecision.FinishEmptyFile e -> {
                        area.fixTotal(s, 0);   // the empty file of D9: Create-Session + Close-Session, no Fragment
                        yield endSession(s, id, true, State.CLOSED, true, e.ack(), caller);
                    }
                };
            } catch (IOException e) {
                return StorageFaults.answer(e, id, s.received());
            }
        } finally {
            shared.unlock(s); // farm hook
        }
    }

    /**
     * {@return the reply file a reply URL's token names, for the session's owner only and only while the session
     * waits for Close-Session (MC-BUP §3.3.5.2.6, decision D15); restarts the session's idle clock}
     * @param token the URL's token ({@link ReplyPaths})
     * @param principal the requesting principal
     */
    Optional<Path> reply(String token, String principal) {
        Session s = shared.current(SessionId.ofGuid(ReplyPaths.sessionKey(token))).orElse(null); // farm hook
        if (s == null || !s.owner().equals(principal) || s.state() != State.FINISHED || s.replyToken().isEmpty()
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                        s.replyToken().get().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        s.touch(System.currentTimeMillis());
        return Optional.of(area.replyFile(s));
    }

    /** {@return the storage root, the destination namespace that downloads are served from} */
    Path root() {
        return area.root();
    }

    /** Ends a session (lock held): finishes it first if asked (a failure is answered instead), then the tombstone. */
    private Response endSession(Session s, SessionId id, boolean finishFirst, State to, boolean complete, Response ack,
            Caller caller) throws IOException {
        s.touch(System.currentTimeMillis());
        if (finishFirst && finisher.finish(s, id, caller) instanceof FinishDecision.Unfinished u) {
            return u.ack();
        }
        area.end(s, to);
        shared.release(s); // farm hook: only a slot this node holds
        boolean closed = to == State.CLOSED;
        (closed ? LogEvent.SESSION_CLOSED : LogEvent.SESSION_CANCELLED).log("session", s.id(), "destination",
                s.destination().relative(), "complete", complete, "received", s.received(), "client", caller.remote(),
                "principal", s.owner(), "duration_ms", Math.max(0, System.currentTimeMillis() - s.created()));
        if (!closed) {
            metrics.cancelled();
        }
        Events.ended(s.id().value(), to.name(), complete);
        return ack;
    }

    /**
     * {@return the principal that created a session, for a request that names it without credentials in a directory
     * whose session id is a credential (D33); empty for an unknown or expired session or an anonymous one}
     */
    Optional<String> ownerOf(SessionId id) {
        Session s = shared.current(id).orElse(null); // farm hook
        if (s == null || s.owner().isEmpty()) {
            return Optional.empty();
        }
        return find(id, s.owner()).map(Session::owner);
    }

    /**
     * Removes idle sessions and old tombstones with their files (SDK: Virtual Directory Cleanup).
     * @param now the current time in epoch milliseconds
     * @return the number of sessions removed
     */
    int sweep(long now) {
        long timeout = config.sessionTimeout().toMillis();
        long tombstoneTtl = Math.min(timeout, TOMBSTONE_TTL_MILLIS);
        int removed = 0;
        shared.rescan(); // farm hook: sessions of other (perhaps dead) nodes are swept too
        for (Session s : sessions.values()) {
            long idle = now - s.lastActivity();
            boolean expired = idle >= counter.clients().idleLimit(s, timeout, tombstoneTtl);
            if (!expired || !shared.tryLock(s)) { // farm hook: also the file lock, then the state read back
                continue; // busy sessions are not idle; the next run looks again
            }
            try {
                boolean wasOpen = !s.state().isEnded();
                if (now - s.lastActivity() < counter.clients().idleLimit(s, timeout, tombstoneTtl)) {
                    continue;
                }
                sessions.remove(s.id().matchKey(), s);
                if (wasOpen) {
                    shared.release(s); // farm hook: only a slot this node holds
                    metrics.expired();
                    LogEvent.SESSION_EXPIRED.log("session", s.id(), "destination", s.destination().relative(),
                            "principal", s.owner(), "idle_ms", idle);
                }
                s.end(State.CANCELLED);
                area.delete(s);
                removed++;
            } finally {
                shared.unlock(s); // farm hook
            }
        }
        return removed;
    }

    /** {@return the open (non-tombstone) sessions} */
    int openSessions() {
        return (int) sessions.values().stream().filter(s -> !s.state().isEnded()).count();
    }
}
