// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A full disk for one storage root, through the storage seam ({@code FileOps.SEAMS}, D48): after a budget of writes
 * (opening a file to write or create it, making a directory, renaming) every further one fails with
 * {@code FileSystemException("No space left on device")}, as {@code ENOSPC} does; reads and deletes go on working.
 * Register it before the server starts on the root; {@link #close()} removes it.
 */
public final class FullDisk implements AutoCloseable {
    private final Path root;
    private final AtomicInteger budget = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger refused = new AtomicInteger();

    private FullDisk(Path root) {
        this.root = root;
    }

    /**
     * {@return a disk with space, for the storage root {@code root}, until {@link #fillAfter} is called}
     *
     * @param root the storage root
     * @throws IOException if its real path cannot be read
     */
    public static FullDisk on(Path root) throws IOException {
        FullDisk d = new FullDisk(root.toRealPath());
        FileOps.SEAMS.put(d.root, dir -> d.new Faulty(dir));
        return d;
    }

    /** The disk fills: {@code writes} more writes succeed, then each fails. @param writes the writes left */
    public void fillAfter(int writes) {
        budget.set(writes);
    }

    /** Space returns. */
    public void free() {
        budget.set(Integer.MAX_VALUE);
    }

    /** {@return how many writes were refused so far} */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        FileOps.SEAMS.remove(root);
    }

    private void spend(Path where) throws IOException {
        if (budget.getAndUpdate(b -> b == Integer.MAX_VALUE ? b : Math.max(0, b - 1)) <= 0) {
            refused.incrementAndGet();
            throw new FileSystemException(where.toString(), null, "No space left on device");
        }
    }

    /** The storage with this disk's budget around it. */
    private final class Faulty implements Dir {
        private final Dir d;

        Faulty(Dir d) {
            this.d = d;
        }

        @Override
        public Dir child(String name) throws IOException {
            return new Faulty(d.child(name));
        }

        @Override
        public Optional<BasicFileAttributes> attrs(String name) throws IOException {
            return d.attrs(name);
        }

        @Override
        public FileChannel open(String name, Set<? extends OpenOption> options) throws IOException {
            if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.CREATE)
                    || options.contains(StandardOpenOption.CREATE_NEW) || options.contains(StandardOpenOption.APPEND)) {
                spend(d.path().resolve(name));
            }
            return d.open(name, options);
        }

        @Override
        public void createDirectory(String name) throws IOException {
            spend(d.path().resolve(name));
            d.createDirectory(name);
        }

        @Override
        public void move(String name, Dir target, String targetName) throws IOException {
            spend(d.path().resolve(name));
            d.move(name, ((Faulty) target).d, targetName);
        }

        @Override
        public void delete(String name) throws IOException {
            d.delete(name);
        }

        @Override
        public void deleteDirectory(String name) throws IOException {
            d.deleteDirectory(name);
        }

        @Override
        public void sync() {
            d.sync();
        }

        @Override
        public Path path() {
            return d.path();
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
