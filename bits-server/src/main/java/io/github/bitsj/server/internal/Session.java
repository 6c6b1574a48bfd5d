// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView;
import io.github.bitsj.protocol.SessionView.State;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upload session (MC-BUP §3.2.1.4). Its state changes only through the methods below, called with its lock held by
 * the {@link DirectoryService} that owns it; {@link #lastActivity()} and {@link #state()} are also read without the
 * lock (the sweeper, the open-session count). The decisions see it through {@link #view()}.
 */
final class Session {
    private final ReentrantLock lock = new ReentrantLock();
    private final UUID key;
    private final SessionId id;
    private final Destinations.Destination destination;
    private final String owner;
    private final long created;
    private volatile long lastActivity;
    private volatile State state;
    private long total;
    private long received;
    /** Whether any Fragment arrived, accepted or refused (D9: only a session without one closes as an empty file). */
    private volatile boolean anyFragment;
    /** The client address key ({@link AddressLimits#keyOf}) that created it; {@code ""} when recovered. */
    private volatile String client = "";
    /** The body the lock holder is reading (D42), or null; only the holder sets it. */
    private volatile PreemptibleBody body;
    /**
     * The staging file's identity ({@code BasicFileAttributes.fileKey()}, e.g. device and inode), empty where the
     * platform has none; a rename or hard link keeps it, so recovery can tell its own committed file (MC-BUP §3.3.5.2.4).
     */
    private Optional<String> stagingKey;
    /** The upload's URL as the client named it at Create-Session (SDK: Notification Protocol for Server Applications {@code BITS-Original-Request-URL}). */
    private String url = "";
    /** The cached final Ack's {@code BITS-Reply-URL} (Fragment table row 11), once a server application answered. */
    private Optional<String> replyUrl = Optional.empty();
    /** The unguessable path element of a reply the server serves itself (see {@code ReplyPaths}). */
    private Optional<String> replyToken = Optional.empty();
    /** The record's fixed fields as this process last wrote them whole, and where its fixed-width tail starts (D56). */
    private byte[] recordHead;
    private long recordTailAt = -1;

    private Session(UUID key, Destinations.Destination destination, String owner, long created, State state,
            long total, long received, long lastActivity, Optional<String> stagingKey) {
        this.key = key;
        this.id = SessionId.ofGuid(key);
        this.destination = destination;
        this.owner = owner;
        this.created = created;
        this.state = state;
        this.total = total;
        this.received = received;
        this.lastActivity = lastActivity;
        this.stagingKey = stagingKey;
        this.anyFragment = total != SessionView.UNKNOWN_TOTAL;
    }

    /** A new session, receiving, with no total yet. */
    static Session created(UUID key, Destinations.Destination destination, String owner, long now) {
        return new Session(key, destination, owner, now, State.RECEIVING, SessionView.UNKNOWN_TOTAL, 0, now,
                Optional.empty());
    }

    /** A session read back from the session area after a restart. */
    static Session recovered(UUID key, Destinations.Destination destination, String owner, long created, State state,
            long total, long received, long lastActivity, Optional<String> stagingKey) {
        return new Session(key, destination, owner, created, state, total, received, lastActivity, stagingKey);
    }

    // ---- identity

    UUID key() {
        return key;
    }

    SessionId id() {
        return id;
    }

    Destinations.Destination destination() {
        return destination;
    }

    String owner() {
        return owner;
    }

    long created() {
        return created;
    }

    Optional<String> stagingKey() {
        return stagingKey;
    }

    // ---- state

    /** {@return what the decisions see: state, total, received offset, whether a Fragment arrived, the reply URL} */
    SessionView view() {
        return new SessionView(state, total, received, anyFragment,
                state == State.FINISHED ? replyUrl : Optional.empty());
    }

    boolean anyFragment() {
        return anyFragment;
    }

    /** A Fragment arrived for this session (whatever its fate). */
    void fragmentArrived() {
        anyFragment = true;
    }

    String url() {
        return url;
    }

    void url(String u) {
        url = u;
    }

    Optional<String> replyUrl() {
        return replyUrl;
    }

    Optional<String> replyToken() {
        return replyToken;
    }

    /** Records the reply of a server application's answer (MC-BUP §3.3.5.2.6), or clears it (both empty). */
    void reply(Optional<String> replyUrl, Optional<String> replyToken) {
        this.replyUrl = replyUrl;
        this.replyToken = replyToken;
    }

    /** {@return the head of the record last written whole by this process, or null (lock held)} */
    byte[] recordHead() {
        return recordHead;
    }

    /** {@return where the record's fixed-width tail starts in the file, or -1 if unknown (lock held)} */
    long recordTailAt() {
        return recordTailAt;
    }

    /** Remembers the record just written whole: its head and where its tail starts (lock held or owned alone). */
    void recordWritten(byte[] head, long tailAt) {
        recordHead = head;
        recordTailAt = tailAt;
    }

    State state() {
        return state;
    }

    long total() {
        return total;
    }

    long received() {
        return received;
    }

    long lastActivity() {
        return lastActivity;
    }

    void stagingKey(Optional<String> key) {
        stagingKey = key;
    }

    /** Fixes the total at the first accepted fragment (MC-BUP §3.2.5.2.6). */
    void fixTotal(long t) {
        if (total != SessionView.UNKNOWN_TOTAL) {
            throw new IllegalStateException("total already fixed");
        }
        total = t;
        anyFragment = true;   // a known total implies it (SessionView's rule), also for the empty file of D9
    }

    /** Records bytes written up to {@code offset} (exclusive): the staging file holds {@code [0, offset)}. */
    void receivedUpTo(long offset) {
        if (offset < received || offset > total) {
            throw new IllegalStateException("received offset " + offset + " outside " + received + ".." + total);
        }
        received = offset;
    }

    /** The upload is finished (committed) and its final Ack given. */
    void finished() {
        state = State.FINISHED;
    }

    /** The session ended: {@code to} is its tombstone state. */
    void end(State to) {
        state = to;
    }

    /** Restarts the idle clock (SDK: Virtual Directory Cleanup: any successfully processed message). */
    void touch(long now) {
        lastActivity = now;
    }

    String client() {
        return client;
    }

    void client(String addressKey) {
        client = addressKey;
    }

    /**
     * Server farms (issue 12, D51): takes over the state the session area holds, which another node may have changed
     * ({@code disk} was just read back from it; both locks held, see {@code SharedState}).
     */
    void adopt(Session disk) {
        state = disk.state;
        total = disk.total;
        received = disk.received;
        anyFragment |= disk.anyFragment;
        stagingKey = disk.stagingKey;
        if (!disk.url.isEmpty()) {
            url = disk.url;
        }
        replyUrl = disk.replyUrl;
        replyToken = disk.replyToken;
        lastActivity = Math.max(lastActivity, disk.lastActivity);
    }

    // ---- the lock, taken by the owning directory

    void lock() {
        lock.lock();
    }

    /**
     * Takes the lock for a packet of the session's client: a Fragment body that the holder is reading is cut off
     * ({@link PreemptibleBody}), since the newer request wins (D42); a holder doing anything else (a commit, a
     * notification) is waited for.
     */
    void lockPreempting() {
        try {
            while (!lock.tryLock(20, TimeUnit.MILLISECONDS)) {
                PreemptibleBody b = body;
                if (b != null) {
                    b.preempt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.lock();
        }
    }

    /** {@return the holder's body, registered so that a newer request can cut it off (lock held)} */
    InputStream preemptible(InputStream in) {
        PreemptibleBody b = new PreemptibleBody(in);
        body = b;
        return b;
    }

    void unlock() {
        if (lock.getHoldCount() == 1) {
            body = null;
        }
        lock.unlock();
    }

    /** {@return whether the lock was taken within a second} */
    boolean tryLock() {
        try {
            return lock.tryLock(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
