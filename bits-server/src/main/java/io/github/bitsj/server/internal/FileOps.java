// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** File-system helpers of the {@link SessionArea} that know nothing of its layout. */
final class FileOps {
    private static final System.Logger LOG = System.getLogger("io.github.bitsj.server");

    /**
     * The test seam around the storage (D48): a wrapper for the open root of a storage root (by its real path), e.g.
     * one that fails writes as a full disk does. Empty in production.
     */
    static final Map<Path, UnaryOperator<Dir>> SEAMS = new ConcurrentHashMap<>();

    private FileOps() {}

    /** {@return the root as the seam has it: wrapped when a test registered a wrapper for it} */
    static Dir seam(Path root, Dir dir) {
        UnaryOperator<Dir> wrap = SEAMS.get(root);
        return wrap == null ? dir : wrap.apply(dir);
    }

    /**
     * {@return whether a failure is the storage being out of space or quota ({@code ENOSPC}, {@code EDQUOT}, Windows'
     * {@code ERROR_DISK_FULL}), anywhere in its causes}
     */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
            if (m == null && t instanceof FileSystemException) {
                m = t.getMessage();
            }
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left") || l.contains("not enough space") || l.contains("quota exceeded")
                        || l.contains("disk full")) {
                    return true;
                }
            }
            for (Throwable s : t.getSuppressed()) {
                if (isNoSpace(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Deletes a directory with everything in it; a failure is logged, not thrown (the sweeper goes on). */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "event=session_cleanup_failed dir={0} error={1}", dir.getFileName(),
                    e.getClass().getSimpleName());
        }
    }

    /** Makes a rename or new entry in a directory durable (Linux and macOS allow fsync on a directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform (e.g. Windows): the rename is still atomic
        }
    }

    /** {@return a regular file's identity as text; empty if it is missing, no regular file, or has none} */
    static Optional<String> fileKey(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.ofNullable(a.fileKey()).map(Object::toString) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
