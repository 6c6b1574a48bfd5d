// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView.State;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Server farms (issue 12, D51): the session area is the only truth, so any node continues any session. Before a
 * decision about a session, a node takes the session's in-process lock, then its {@link SessionLock} (the file lock
 * other nodes honour), then reads the session back from the area ({@link AreaRecovery#load}) and adopts what it finds;
 * a session this node has never seen is loaded the same way. All of this runs only for a directory configured as shared
 * ({@link UploadDirectory#farm()}); a single server, the default, is the area's only user ({@link AreaClaim}) and its
 * table is the truth: no file lock and no read-back per packet (D56, issue 14).
 * Session slots ({@link SessionLimits}) are per node: a node releases only the slots it took.
 */
final class SharedState {
    /** How long a packet waits for a session another node holds (the newer request then gets a retryable 500). */
    static final long LOCK_WAIT_MILLIS = 30_000;

    private final SessionArea area;
    /** Whether other nodes share the area ({@link UploadDirectory#farm()}); off, the table here is the truth (D56). */
    private final boolean farm;
    /** The session area's directory (its layout: one directory per session, named by 32 hex digits of the key). */
    private final Path areaDir;
    /** Reads a session back from its directory, with the checks and repairs of recovery. */
    private final AreaRecovery reader;
    private final ConcurrentHashMap<String, Session> sessions;
    private final Consumer<Session> releaseSlot;
    /** The sessions whose slot this node holds. */
    private final Set<UUID> slots = ConcurrentHashMap.newKeySet();
    /** File locks held, by session; only the thread holding the session's in-process lock touches its entry. */
    private final ConcurrentHashMap<UUID, Held> held = new ConcurrentHashMap<>();
    /** Serialises loading a session this node does not know yet (by stripe of its key). */
    private final ReentrantLock[] loading = new ReentrantLock[32];

    private record Held(SessionLock lock, int depth) {}

    SharedState(SessionArea area, UploadDirectory config, ConcurrentHashMap<String, Session> sessions,
            Consumer<Session> releaseSlot) {
        this.area = area;
        this.farm = config.farm();
        this.areaDir = area.root().resolve(config.sessionDirectoryName());
        this.reader = new AreaRecovery(area, config, area.root(), areaDir);
        this.sessions = sessions;
        this.releaseSlot = releaseSlot;
        for (int i = 0; i < loading.length; i++) {
            loading[i] = new ReentrantLock();
        }
    }

    /** Records a session this node created or recovered; {@code slot}: it holds one of this node's session slots. */
    void put(Session s, boolean slot) {
        sessions.put(s.id().matchKey(), s);
        if (slot) {
            slots.add(s.key());
        }
    }

    /** Releases the session's slot if this node holds it (idempotent). */
    void release(Session s) {
        if (slots.remove(s.key())) {
            releaseSlot.accept(s);
        }
    }

    /**
     * {@return the session by id: the one this node knows, else the one another node created, read from the area}
     * @throws IOException if the area cannot be read
     */
    Optional<Session> lookup(SessionId id) throws IOException {
        Session s = sessions.get(id.matchKey());
        if (s != null) {
            return Optional.of(s);
        }
        if (!farm || !id.isGuid()) {
            return Optional.empty(); // never one of ours
        }
        String v = id.value();
        return load(UUID.fromString(v.substring(1, v.length() - 1)));
    }

    private Optional<Session> load(UUID key) throws IOException {
        ReentrantLock stripe = loading[Math.floorMod(key.hashCode(), loading.length)];
        stripe.lock();
        try {
            Session known = sessions.get(SessionId.ofGuid(key).matchKey());
            if (known != null) {
                return Optional.of(known);
            }
            Path dir = dir(key);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Optional<SessionLock> lock = SessionLock.acquire(dir, LOCK_WAIT_MILLIS);
            if (lock.isEmpty()) {
                return Optional.empty();
            }
            try {
                Optional<Session> s = reader.load(dir);
                s.ifPresent(x -> sessions.put(x.id().matchKey(), x));
                return s;
            } finally {
                lock.get().close();
            }
        } finally {
            stripe.unlock();
        }
    }

    /**
     * {@return the session by id, read back from the area now (for requests that only read it: replies, owners);
     * empty if unknown or unreadable}
     */
    Optional<Session> current(SessionId id) {
        if (!farm) {
            return Optional.ofNullable(sessions.get(id.matchKey()));
        }
        try {
            Optional<Session> s = lookup(id);
            if (s.isPresent()) {
                lock(s.get(), false);
                unlock(s.get());
            }
            return s.filter(x -> sessions.get(id.matchKey()) == x);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@return the open (non-tombstone) sessions in this node's table} */
    int openSessions() {
        int n = 0;
        for (Session s : sessions.values()) {
            if (!s.state().isEnded()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Locks a session for a decision: its in-process lock (the newer request wins, D42), then its file lock, then
     * reads it back from the area. A session gone from the area (swept by another node) leaves this node's table and
     * reads as ended.
     * @throws IOException if the file lock cannot be taken in time or the area cannot be read (nothing is held then)
     */
    void lock(Session s) throws IOException {
        lock(s, true);
    }

    /** {@link #lock(Session)}; {@code preempt}: the newer request wins (D42) and cuts off a Fragment body it holds. */
    private void lock(Session s, boolean preempt) throws IOException {
        if (preempt) {
            s.lockPreempting();
        } else {
            s.lock();
        }
        boolean ok = false;
        try {
            ok = lockFile(s, LOCK_WAIT_MILLIS);
        } finally {
            if (!ok) {
                s.unlock();
            }
        }
    }

    /** {@return whether the sweeper got the session: in-process lock within a second, the file lock at once} */
    boolean tryLock(Session s) {
        if (!s.tryLock()) {
            return false;
        }
        boolean ok = false;
        try {
            ok = lockFile(s, 0);
        } catch (IOException e) {
            ok = false; // busy on another node, or unreadable for now: the next run looks again
        } finally {
            if (!ok) {
                s.unlock();
            }
        }
        return ok;
    }

    /** Releases what {@link #lock} or {@link #tryLock} took. */
    void unlock(Session s) {
        try {
            Held h = held.get(s.key());
            if (h != null) {
                if (h.depth() > 1) {
                    held.put(s.key(), new Held(h.lock(), h.depth() - 1));
                } else {
                    held.remove(s.key());
                    h.lock().close();
                }
            }
        } finally {
            s.unlock();
        }
    }

    /** Takes the file lock (in-process lock held; re-entrant) and reads the session back; false: busy. */
    private boolean lockFile(Session s, long waitMillis) throws IOException {
        if (!farm) {
            return true; // the area's only user (D56): the in-process lock is the whole lock, the table the truth
        }
        Held h = held.get(s.key());
        if (h != null) { // this thread holds it already (the in-process lock is held): no second file lock
            held.put(s.key(), new Held(h.lock(), h.depth() + 1));
            return true;
        }
        Optional<SessionLock> lock;
        try {
            lock = SessionLock.acquire(dir(s.key()), waitMillis);
        } catch (SessionLock.Busy e) {
            if (waitMillis == 0) {
                return false;
            }
            throw e;
        }
        if (lock.isEmpty()) {
            gone(s);
            return true;
        }
        held.put(s.key(), new Held(lock.get(), 1));
        try {
            refresh(s);
        } catch (RuntimeException e) {
            held.remove(s.key());
            lock.get().close();
            throw e;
        }
        return true;
    }

    /** Adopts the session's state as the area holds it (both locks held). */
    private void refresh(Session s) {
        Path dir = dir(s.key());
        Optional<Session> disk = reader.load(dir);
        if (disk.isEmpty()) {
            // an end recorded by removing the record (a full disk, D48) leaves this node's tombstone standing
            if (!s.state().isEnded() && !Files.exists(dir.resolve(SessionArea.META), LinkOption.NOFOLLOW_LINKS)) {
                FileOps.deleteTree(dir); // what a sweep on another node left behind (this lock file): swept
                gone(s);
            }
            return; // a record this node cannot take (tampered, a staging file that is a link): its own view stands
        }
        s.adopt(disk.get());
        if (s.state().isEnded()) {
            release(s); // ended on another node: this node's slot is free again
        }
    }

    /** The session's directory is gone or unreadable: another node swept it. */
    private void gone(Session s) {
        if (sessions.remove(s.id().matchKey(), s)) {
            LogEvent.SESSION_GONE_FROM_AREA.log("session", s.id());
        }
        if (!s.state().isEnded()) {
            s.end(State.CANCELLED);
        }
        release(s);
    }

    /**
     * Takes into this node's table the sessions other nodes created (the sweeper's pass), so that a session whose
     * node died is still swept; never deletes anything.
     */
    void rescan() {
        if (!farm) {
            return; // no other node creates sessions here (D56)
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(areaDir)) {
            for (Path dir : ds) {
                Optional<UUID> key = SessionDirNames.parse(dir.getFileName().toString());
                if (key.isPresent() && !sessions.containsKey(SessionId.ofGuid(key.get()).matchKey())) {
                    load(key.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            LogEvent.SESSION_RESCAN_FAILED.log("error", e.getClass().getSimpleName());
        }
    }

    private Path dir(UUID key) {
        return areaDir.resolve(SessionDirNames.of(key));
    }
}
