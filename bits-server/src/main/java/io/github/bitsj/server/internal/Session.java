// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionId;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upload session (digest §1.8). Mutable fields are guarded by {@link #lock}; {@link #lastActivity} is read
 * without it by the sweeper.
 */
public final class Session {
    /** Session states; the last two are tombstones kept so a repeated Close/Cancel gets 200 (digest §10 Q25). */
    public enum State {
        /** Receiving fragments. */
        RECEIVING,
        /** All bytes arrived and the file sits at its destination; waiting for Close-Session. */
        COMMITTED,
        /** Closed by the client (tombstone). */
        CLOSED,
        /** Cancelled by the client (tombstone). */
        CANCELLED;

        /** {@return whether this is a tombstone state} */
        public boolean isTerminal() {
            return this == CLOSED || this == CANCELLED;
        }
    }

    final ReentrantLock lock = new ReentrantLock();
    final SessionId id;
    final Destinations.Destination destination;
    final String owner;
    final Path dir;
    final Path staging;
    final long created;
    volatile long lastActivity;
    long total = -1;
    long received;
    volatile State state = State.RECEIVING;
    /**
     * The staging file's identity ({@code BasicFileAttributes.fileKey()}, e.g. device and inode), or null where the
     * platform has none; a rename or hard link keeps it, so recovery can tell its own committed file (digest §6.4).
     */
    String stagingKey;

    Session(UUID uuid, Destinations.Destination destination, String owner, Path dir, long created) {
        this.id = SessionId.ofGuid(uuid);
        this.destination = destination;
        this.owner = owner;
        this.dir = dir;
        this.staging = dir.resolve("request.bin");
        this.created = created;
        this.lastActivity = created;
    }

    static String dirName(UUID uuid) {
        // HexFormat, not String.format: this runs once per Create-Session, and the format parser showed in profiles
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(uuid.getMostSignificantBits()) + hex.toHexDigits(uuid.getLeastSignificantBits());
    }
}
