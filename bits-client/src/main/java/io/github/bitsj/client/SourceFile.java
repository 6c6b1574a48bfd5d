// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientFailure;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The file being uploaded: positional reads of one fragment at a time (never the whole file in memory), and the
 * consistency check of MC-BUP §3.1.5.1.4 / SDK file-transfer-consistency: size and modification time must not change while
 * the job runs, else the job fails with BG_E_LOCAL_FILE_CHANGED.
 */
final class SourceFile implements Closeable {
    private final Path path;
    private final long size;
    private final FileTime modified;
    private FileChannel channel;

    private SourceFile(Path path, long size, FileTime modified) throws IOException {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    static SourceFile open(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new IOException("not a regular file: " + path);
        }
        return new SourceFile(path, a.size(), a.lastModifiedTime());
    }

    long size() {
        return size;
    }

    FileTime modified() {
        return modified;
    }

    /** {@return why the job must fail with BG_E_LOCAL_FILE_CHANGED, if the file changed since it was opened} */
    Optional<ClientFailure> changed() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of(ClientFailure.localFileChanged("the file can no longer be read"));
        }
        if (a.size() != size || !a.lastModifiedTime().equals(modified)) {
            return Optional.of(ClientFailure.localFileChanged("size or modification time changed during the upload"));
        }
        return Optional.empty();
    }

    /**
     * Fills {@code bb} (from its position to its limit) with the bytes at {@code position}.
     *
     * @return false if the file ended first (it became shorter during the upload)
     * @throws IOException if the file cannot be read
     */
    boolean read(long position, ByteBuffer bb) throws IOException {
        if (!channel.isOpen()) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        int start = bb.position();
        while (bb.hasRemaining()) {
            int n = channel.read(bb, position + bb.position() - start);
            if (n < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
