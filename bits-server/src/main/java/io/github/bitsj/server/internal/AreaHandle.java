// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session area's directory handle, opened from the storage root once (no link) and kept open like the root: it
 * saves two opens per packet (D56). If the area is replaced under the running server (deleted and created again),
 * {@link #in} takes the new one.
 */
final class AreaHandle implements AutoCloseable {
    /** An operation relative to an open directory. */
    interface InDir<T> {
        T apply(Dir d) throws IOException;
    }

    private final Dir root;
    private final String name;
    private volatile Dir current;
    /** The area's identity when {@link #current} was opened. */
    private volatile Object key;
    /** Handles of replaced areas: closed with the server, never while a request may still use them. */
    private final List<Dir> replaced = new CopyOnWriteArrayList<>();

    private AreaHandle(Dir root, String name, Dir current, Object key) {
        this.root = root;
        this.name = name;
        this.current = current;
        this.key = key;
    }

    /** Opens the area {@code name} below the open root (which stays the caller's). @throws IOException on failure */
    static AreaHandle open(Dir root, String name) throws IOException {
        Dir d = root.child(name);
        try {
            return new AreaHandle(root, name, d, identity(root, name));
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static Object identity(Dir root, String name) throws IOException {
        return root.attrs(name).map(BasicFileAttributes::fileKey).orElse(null);
    }

    /**
     * Runs {@code op} in the session area. If the area's handle finds nothing and the area was replaced under the
     * running server since it was opened (deleted and created again: another identity; the old directory cannot lend
     * its identity to the new one while this handle keeps it open), runs it once more in a handle of the new area,
     * which is kept.
     */
    <T> T in(InDir<T> op) throws IOException {
        Dir a = current;
        try {
            return op.apply(a);
        } catch (NoSuchFileException e) {
            Dir fresh = replaceIfStale(a);
            if (fresh == null) {
                throw e;
            }
            return op.apply(fresh);
        }
    }

    /** {@return the area's handle now (not to be closed)} */
    Dir current() {
        return current;
    }

    /** {@return a handle of the area if {@code stale} is no longer it, else null} @throws IOException on failure */
    private Dir replaceIfStale(Dir stale) throws IOException {
        synchronized (replaced) {
            if (current != stale) {
                return current; // another thread replaced it already
            }
            Object now = identity(root, name);
            if (now == null || now.equals(key)) {
                return null;
            }
            Dir fresh = root.child(name);
            replaced.add(stale);
            key = now;
            current = fresh;
            return fresh;
        }
    }

    @Override
    public void close() {
        current.close();
        replaced.forEach(Dir::close);
    }
}
