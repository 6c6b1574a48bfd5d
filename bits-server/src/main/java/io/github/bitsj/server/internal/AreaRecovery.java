// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView.State;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a {@link SessionArea} back after a restart (MC-BUP §3.2.7: sessions survive the server), and lists it for
 * tests. Runs before the server takes requests.
 */
final class AreaRecovery {
    private static final String META = SessionArea.META;
    private static final String STAGING = SessionArea.STAGING;

    private final SessionArea sessions;
    private final UploadDirectory config;
    private final Path root;
    private final Path area;

    AreaRecovery(SessionArea sessions, UploadDirectory config, Path root, Path area) {
        this.sessions = sessions;
        this.config = config;
        this.root = root;
        this.area = area;
    }

    /**
     * {@return the ids of the sessions that have a directory in the area, and whether each still has a staging file;
     * read-only (for tests, which must not know the layout)}
     *
     * @throws IOException if the area cannot be listed
     */
    Map<SessionId, Optional<Path>> onDisk() throws IOException {
        Map<SessionId, Optional<Path>> found = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(area)) {
            for (Path dir : ds) {
                String name = dir.getFileName().toString();
                if (SessionDirNames.isSessionDirName(name) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Path staging = dir.resolve(STAGING);
                    found.put(SessionId.ofGuid(SessionDirNames.keyOf(name)),
                            Files.exists(staging, LinkOption.NOFOLLOW_LINKS) ? Optional.of(staging) : Optional.empty());
                }
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ recovery

    /**
     * Reads back every session of the area (after a restart): unreadable or tampered ones are deleted, entries it
     * did not create are left alone.
     *
     * @return the sessions found
     * @throws IOException if the area cannot be listed
     */
    List<Session> recover() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(area)) {
            for (Path p : ds) {
                dirs.add(p);
            }
        }
        List<Session> found = new ArrayList<>();
        for (Path dir : dirs) {
            if (dir.getFileName().toString().equals(AreaClaim.FILE)) {
                continue; // the running server's claim on the area (D56)
            }
            if (!SessionDirNames.isSessionDirName(dir.getFileName().toString())
                    || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // not ours (e.g. a session area pointed at an existing folder): never delete what we did not create
                LogEvent.SESSION_AREA_FOREIGN_ENTRY_IGNORED.log();
                continue;
            }
            Optional<Session> s = load(dir);
            if (s.isEmpty()) {
                LogEvent.SESSION_DISCARDED.log("dir", dir.getFileName(), "reason", "unreadable");
                FileOps.deleteTree(dir);
                continue;
            }
            found.add(s.get());
            LogEvent.SESSION_RECOVERED.log("session", s.get().id(), "state", SessionRecord.stateName(s.get().state()),
                    "received", s.get().received());
        }
        return found;
    }

    Optional<Session> load(Path dir) { // package-private: SharedState reads sessions back (farm)
        try {
            String name = dir.getFileName().toString();
            UUID uuid = SessionDirNames.keyOf(name);
            Path meta = dir.resolve(META);
            if (!Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Optional<SessionRecord> read;
            try (InputStream in = Files.newInputStream(meta)) {
                read = SessionRecord.read(in);
            }
            if (read.isEmpty() || !SessionId.ofGuid(uuid).value().equals(read.get().id())) {
                return Optional.empty();
            }
            SessionRecord r = read.get();
            Optional<Destinations.Destination> d = fromRelative(r.destination());
            long total = r.total();
            Path staging = dir.resolve(STAGING);
            if (d.isEmpty() || total < -1 || total > config.maxUploadSize()
                    || (r.state() == State.FINISHED && total < 0) || Files.isSymbolicLink(staging)) {
                return Optional.empty();
            }
            Destinations.Destination dest = d.get();
            if (r.state() == State.RECEIVING && total >= 0 && !Files.exists(staging, LinkOption.NOFOLLOW_LINKS)
                    && r.stagingKey().isPresent() && r.stagingKey().equals(FileOps.fileKey(dest.file()))) {
                // a crash after the commit's rename or link, before its record: the destination is our staging file
                Session s = r.restore(Session.recovered(uuid, dest, r.owner(), r.created(), State.FINISHED,
                        total, total, r.updated(), r.stagingKey()));
                sessions.persist(s);
                return Optional.of(s);
            }
            long received;
            long last = r.updated();
            if (r.state() == State.RECEIVING) {
                if (!Files.exists(staging)) {
                    Files.createFile(staging);
                }
                long size = Files.size(staging);
                received = total < 0 ? 0 : Math.min(size, total);
                if (size > received) {
                    try (FileChannel ch = FileChannel.open(staging, StandardOpenOption.WRITE)) {
                        ch.truncate(received);
                    }
                }
                last = Math.max(last, Files.getLastModifiedTime(staging).toMillis());
            } else {
                received = Math.max(0, total);
                Files.deleteIfExists(staging);
            }
            return Optional.of(r.restore(Session.recovered(uuid, dest, r.owner(), r.created(), r.state(), total,
                    received, last, r.stagingKey())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Destinations.Destination> fromRelative(String rel) {
        // the same rules as a request's path (a tampered metadata file must not point outside the root)
        return switch (Destinations.resolve(root, config.sessionDirectoryName(),
                rel.isEmpty() ? List.of() : List.of(rel.split("/", -1)))) {
            case Result.Ok<Destinations.Destination> ok -> Optional.of(ok.value());
            case Result.Err<Destinations.Destination> err -> Optional.empty();
        };
    }
}
