// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** File-system helpers of the {@link SessionArea} that know nothing of its layout. */
final class FileOps {

    private FileOps() {}

    /** Deletes a directory with everything in it; a failure is logged, not thrown (the sweeper goes on). */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LogEvent.SESSION_CLEANUP_FAILED.log("dir", dir.getFileName(), "error", e.getClass().getSimpleName());
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
