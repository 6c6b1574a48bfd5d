// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One open directory of the storage, the only way the server touches files under a storage root (D47): every
 * operation names one entry directly in this directory, never a path, and no operation follows a symbolic link. On a
 * platform with {@link SecureDirectoryStream} ({@link Secure}: Linux, macOS) the directory is an open handle, so a
 * directory swapped for a link after it was opened cannot redirect anything; elsewhere ({@link Plain}) every operation
 * resolves its path anew, which only an explicit option accepts ({@code allowUnsafePaths}).
 *
 * <p>This interface is also the seam through which tests make the storage fail (a full disk), around the real one.
 */
interface Dir extends Closeable {

    /**
     * {@return the subdirectory {@code name}, opened without following a link ({@code "."}: this one again)}
     *
     * @throws NoSuchFileException if it does not exist
     * @throws IOException if it is a link ("Too many levels of symbolic links") or no directory
     */
    Dir child(String name) throws IOException;

    /** {@return the entry's attributes, not following a link; empty if there is none} */
    Optional<BasicFileAttributes> attrs(String name) throws IOException;

    /** {@return a channel on the file {@code name}, never through a link ({@code NOFOLLOW_LINKS} is added)} */
    FileChannel open(String name, Set<? extends OpenOption> options) throws IOException;

    /** Creates the subdirectory {@code name}; fails if the name is taken. */
    void createDirectory(String name) throws IOException;

    /** Renames the entry {@code name} to {@code targetName} in {@code target}, atomically, replacing a file there. */
    void move(String name, Dir target, String targetName) throws IOException;

    /** Deletes the file (or link) {@code name}; {@link NoSuchFileException} if there is none. */
    void delete(String name) throws IOException;

    /** Deletes the empty subdirectory {@code name}. */
    void deleteDirectory(String name) throws IOException;

    /** Makes new, renamed and deleted entries durable where the platform allows fsync on a directory. */
    void sync();

    /** {@return the path this directory had when it was opened (for logs and listings only)} */
    Path path();

    @Override
    void close();

    /** {@return whether the file exists, as a regular file (links are not followed)} */
    default boolean isFile(String name) throws IOException {
        return attrs(name).map(BasicFileAttributes::isRegularFile).orElse(false);
    }

    /** Deletes the file {@code name} if it exists; {@return whether it existed} */
    default boolean deleteIfExists(String name) throws IOException {
        try {
            delete(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Opens a storage root.
     *
     * @param root the real path of the root
     * @param allowUnsafe whether a platform without {@link SecureDirectoryStream} is accepted
     * @return the root
     * @throws IOException if it cannot be opened, or it can only be opened unsafely and that is not allowed
     */
    static Dir open(Path root, boolean allowUnsafe) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (ds instanceof SecureDirectoryStream<Path> sds) {
            return new Secure(sds, root);
        }
        ds.close();
        if (!allowUnsafe) {
            throw new IOException("this platform has no SecureDirectoryStream, so a directory swapped for a link "
                    + "during a commit could redirect it outside " + root + "; refusing to start (accept the risk "
                    + "with allowUnsafePaths / --allow-unsafe-paths)");
        }
        return new Plain(root);
    }

    private static Set<OpenOption> noFollow(Set<? extends OpenOption> options) {
        Set<OpenOption> all = new HashSet<>(options);
        all.add(LinkOption.NOFOLLOW_LINKS);
        return all;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a plain name: " + name);
        }
    }

    /** An open directory handle: every operation is relative to it ({@code openat}, {@code renameat}, …). */
    final class Secure implements Dir {
        private final SecureDirectoryStream<Path> sds;
        private final Path path;

        Secure(SecureDirectoryStream<Path> sds, Path path) {
            this.sds = sds;
            this.path = path;
        }

        private static Path rel(String name) {
            checkName(name);
            return Path.of(name);
        }

        @Override
        public Dir child(String name) throws IOException {
            if (name.equals(".")) { // this directory again, as a handle of its own
                return new Secure(sds.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS), path);
            }
            return new Secure(sds.newDirectoryStream(rel(name), LinkOption.NOFOLLOW_LINKS), path.resolve(name));
        }

        @Override
        public Optional<BasicFileAttributes> attrs(String name) throws IOException {
            try {
                return Optional.of(sds.getFileAttributeView(rel(name), BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes());
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public FileChannel open(String name, Set<? extends OpenOption> options) throws IOException {
            SeekableByteChannel ch = sds.newByteChannel(rel(name), noFollow(options));
            if (ch instanceof FileChannel fc) {
                return fc;
            }
            ch.close();
            throw new IOException("not a file channel: " + ch.getClass().getName());
        }

        @Override
        public void createDirectory(String name) throws IOException {
            // SecureDirectoryStream has no mkdirat: make it by path, then check through the handle that the entry
            // of this directory is that new directory (a swap in between leaves at most an empty directory elsewhere)
            Files.createDirectory(path.resolve(rel(name)));
            child(name).close();
        }

        @Override
        public void move(String name, Dir target, String targetName) throws IOException {
            if (!(target instanceof Secure t)) {
                throw new IllegalArgumentException("target is not a handle");
            }
            sds.move(rel(name), t.sds, rel(targetName));
        }

        @Override
        public void delete(String name) throws IOException {
            sds.deleteFile(rel(name));
        }

        @Override
        public void deleteDirectory(String name) throws IOException {
            sds.deleteDirectory(rel(name));
        }

        @Override
        public void sync() {
            try (SeekableByteChannel ch = sds.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
                if (ch instanceof FileChannel fc) {
                    fc.force(true);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not supported here: the rename is still atomic
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public void close() {
            try {
                sds.close();
            } catch (IOException e) {
                // nothing was written through the handle itself
            }
        }
    }

    /** The unsafe fallback: paths resolved anew by every operation (links are still not followed at the end). */
    final class Plain implements Dir {
        private final Path path;

        Plain(Path path) {
            this.path = path;
        }

        private Path at(String name) {
            checkName(name);
            return path.resolve(name);
        }

        @Override
        public Dir child(String name) throws IOException {
            if (name.equals(".")) {
                return new Plain(path);
            }
            BasicFileAttributes a = Files.readAttributes(at(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                throw new NotDirectoryException(at(name).toString());
            }
            return new Plain(at(name));
        }

        @Override
        public Optional<BasicFileAttributes> attrs(String name) throws IOException {
            try {
                return Optional.of(Files.readAttributes(at(name), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public FileChannel open(String name, Set<? extends OpenOption> options) throws IOException {
            return FileChannel.open(at(name), noFollow(options));
        }

        @Override
        public void createDirectory(String name) throws IOException {
            Files.createDirectory(at(name));
        }

        @Override
        public void move(String name, Dir target, String targetName) throws IOException {
            Files.move(at(name), ((Plain) target).at(targetName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void delete(String name) throws IOException {
            Files.delete(at(name));
        }

        @Override
        public void deleteDirectory(String name) throws IOException {
            Files.delete(at(name));
        }

        @Override
        public void sync() {
            FileOps.syncDirectory(path);
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
