// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Who uses a session area (D56): a server that is its only user holds an exclusive {@code FileChannel.lock} on
 * {@value #FILE} in it for as long as it runs; the nodes of a farm on shared storage ({@code UploadDirectory.farm()})
 * each hold a shared one. So a second server on an area that is not configured as shared, or a farm node on an area
 * a single server uses, fails to start with a clear message instead of deciding from a copy of the sessions that the
 * other process changes. The kernel drops the lock when the process dies, so a killed server never blocks its
 * restart. The JDK refuses overlapping locks within one JVM, so servers in the same JVM share one lock per area here.
 */
final class AreaClaim implements AutoCloseable {
    /** The claim file's name in the session area. */
    static final String FILE = "area.lock";

    /** Claims held by this JVM, by the area's real path. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        final boolean shared;
        int users;

        Held(FileChannel channel, FileLock lock, boolean shared) {
            this.channel = channel;
            this.lock = lock;
            this.shared = shared;
        }
    }

    private final Path area;
    private boolean closed;

    private AreaClaim(Path area) {
        this.area = area;
    }

    /**
     * Claims a session area.
     *
     * @param area the session area (a real path)
     * @param shared whether other nodes may use it too (a farm); otherwise this server must be its only user
     * @return the claim, held until {@link #close()}
     * @throws IOException if another server holds the area in a way that conflicts, or the file cannot be locked
     */
    static AreaClaim take(Path area, boolean shared) throws IOException {
        synchronized (HELD) {
            Held h = HELD.get(area);
            if (h != null) {
                if (!shared || !h.shared) {
                    throw conflict(area, shared);
                }
                h.users++;
                return new AreaClaim(area);
            }
            FileChannel ch = FileChannel.open(area.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                ch.close(); // this JVM holds it through another path to the same area
                throw conflict(area, shared);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw conflict(area, shared);
            }
            Held n = new Held(ch, lock, shared);
            n.users = 1;
            HELD.put(area, n);
            return new AreaClaim(area);
        }
    }

    private static IOException conflict(Path area, boolean shared) {
        return new IOException(shared
                ? "another bits-server uses the session area " + area + " as its only user: start every server that"
                        + " shares it with the farm option (--farm)"
                : "another bits-server uses the session area " + area + ": two servers may share a directory only as"
                        + " a farm (--farm on every one of them), or give each its own --directory");
    }

    /** Releases the claim (the last user in this JVM releases the lock). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held h = HELD.get(area);
            if (h == null || --h.users > 0) {
                return;
            }
            HELD.remove(area);
            try {
                h.channel.close(); // releases the lock
            } catch (IOException e) {
                // the lock goes with the channel either way
            }
        }
    }
}
