// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A session's lock across processes (server farms, D51): an exclusive {@code FileChannel.lock} on a lock file in the
 * session's directory, which POSIX {@code fcntl} locks, NFSv4 and SMB honour across nodes. The kernel drops it when
 * the process dies, so a killed node never leaves a session locked. It does not exclude threads of the same process
 * (the JDK throws {@link OverlappingFileLockException} instead): the caller takes the session's in-process lock first
 * and this one inside it.
 */
final class SessionLock implements AutoCloseable {
    /** The lock file's name inside a session's directory. */
    static final String FILE = "session.lock";
    /** Longest pause between two attempts while another node holds the lock. */
    private static final long MAX_PAUSE_MILLIS = 20;

    private final FileChannel channel;
    private final FileLock lock;

    private SessionLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another node (or a thread of this one that reached the file first) holds the lock for too long. */
    static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy(Path dir) {
            super("session is busy on another node: " + dir.getFileName());
        }
    }

    /**
     * Takes the lock of the session whose directory is {@code dir}, waiting up to {@code waitMillis}.
     *
     * @return the lock, or empty if the directory is gone (the session was swept or never existed)
     * @throws Busy if the lock stayed held for {@code waitMillis}
     * @throws InterruptedIOException if the thread is interrupted while waiting
     * @throws IOException if the lock file cannot be opened or locked
     */
    static Optional<SessionLock> acquire(Path dir, long waitMillis) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        boolean done = false;
        try {
            long deadline = System.nanoTime() + waitMillis * 1_000_000L;
            long pause = 1;
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // a thread of this process holds it through another channel: wait as for a node
                }
                if (l != null) {
                    done = true;
                    return Optional.of(new SessionLock(ch, l));
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new Busy(dir);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the session lock");
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        } finally {
            if (!done) {
                ch.close();
            }
        }
    }

    /** Releases the lock (closing the channel releases it too, also if the release fails). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
