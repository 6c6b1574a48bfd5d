// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.server.UploadDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What crash and restart tests need from an upload directory's session area, through {@link SessionArea} itself, so
 * no test knows its layout (file names, directory names, metadata format). The read-only queries may run beside a
 * server; the crash windows and the tampering only while no server runs on the storage.
 */
public final class SessionAreaProbe implements AutoCloseable {
    private final UploadDirectory directory;
    private final SessionArea area;

    private SessionAreaProbe(UploadDirectory directory, SessionArea area) {
        this.directory = directory;
        this.area = area;
    }

    /**
     * {@return a probe of a directory's session area}
     *
     * @param directory the directory (its storage root and session area name)
     * @throws IOException if the area cannot be opened
     */
    public static SessionAreaProbe of(UploadDirectory directory) throws IOException {
        return new SessionAreaProbe(directory, SessionArea.inspect(directory, new BufferPool(1)));
    }

    /** {@return the sessions with files in the area (open ones and tombstones)} @throws IOException on failure */
    public int sessionsOnDisk() throws IOException {
        return area.onDisk().size();
    }

    /** {@return whether a session has files in the area} @param sessionId the id @throws IOException on failure */
    public boolean isOnDisk(String sessionId) throws IOException {
        return area.onDisk().containsKey(id(sessionId));
    }

    /** {@return how many sessions still have a staging file} @throws IOException on failure */
    public long stagingFiles() throws IOException {
        return area.onDisk().values().stream().filter(Optional::isPresent).count();
    }

    /**
     * {@return the bytes in a session's staging file: what its writes stored so far (0 when it has none)}
     *
     * @param sessionId the id
     * @throws IOException if the area cannot be read
     */
    public long stagedBytes(String sessionId) throws IOException {
        Optional<Path> staging = area.onDisk().getOrDefault(id(sessionId), Optional.empty());
        return staging.isPresent() ? Files.size(staging.get()) : 0;
    }

    /**
     * Replaces a session's staging file by a symbolic link to {@code target} (e.g. {@code /dev/full}, to make the
     * next write fail).
     *
     * @param sessionId the id
     * @param target the link's target
     * @throws IOException if the link cannot be made
     */
    public void linkStagingTo(String sessionId, Path target) throws IOException {
        Path staging = area.onDisk().get(id(sessionId)).orElseThrow();
        Files.delete(staging);
        Files.createSymbolicLink(staging, target);
    }

    /**
     * The crash window between the last write and the commit: writes {@code bytes} at the session's received offset
     * through the staging write, and stops there.
     *
     * @param sessionId the id
     * @param bytes the bytes
     * @throws IOException if the area cannot be read or written
     */
    public void writeWithoutCommit(String sessionId, byte[] bytes) throws IOException {
        Session s = recovered(sessionId);
        area.write(s, new ByteArrayInputStream(bytes), 0, bytes.length);
    }

    /**
     * The crash window between the commit's rename (or link and unlink) and its record: writes {@code bytes}, places
     * the staging file at the destination, and records nothing.
     *
     * @param sessionId the id
     * @param bytes the last bytes of the upload
     * @throws IOException if the area cannot be read or written
     */
    public void writeAndPlaceWithoutRecord(String sessionId, byte[] bytes) throws IOException {
        Session s = recovered(sessionId);
        area.write(s, new ByteArrayInputStream(bytes), 0, bytes.length);
        if (!(area.place(s) instanceof Result.Ok<Destinations.Destination>)) {
            throw new IllegalStateException("the destination is not usable");
        }
    }

    /**
     * Rewrites a session's persisted destination, as someone tampering with the metadata would.
     *
     * @param sessionId the id
     * @param relative the destination to record, unchecked
     * @throws IOException if the area cannot be read or written
     */
    public void tamperDestination(String sessionId, String relative) throws IOException {
        Session s = recovered(sessionId);
        area.persist(Session.recovered(s.key(), new Destinations.Destination(relative, area.root()), s.owner(),
                s.created(), s.state(), s.total(), s.received(), s.lastActivity(), s.stagingKey()));
    }

    /** Releases the probe's open storage root (a file system the test unmounts must not stay busy). */
    @Override
    public void close() {
        area.close();
    }

    private Session recovered(String sessionId) throws IOException {
        SessionId id = id(sessionId);
        return area.recover().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session " + sessionId + " in " + directory));
    }

    private static SessionId id(String sessionId) {
        return new SessionId(sessionId);
    }
}
