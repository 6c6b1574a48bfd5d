// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView.State;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The session area of one upload directory (digest §6.3), the only code that knows its layout:
 * {@code <root>/<sessionDirectoryName>/<32 hex digits>/} holds {@code session.properties} (id, destination, owner,
 * total, state, timestamps, the staging file's identity) and {@code request.bin}, the staging file. The received
 * offset is the staging file's length: fragments are written in order from the received offset, so the file always
 * holds a contiguous prefix, and a restarted server resumes exactly where the durable bytes end.
 */
final class SessionArea {
    private static final System.Logger LOG = System.getLogger("io.github.bitsj.server");
    static final String META = "session.properties";
    private static final String STAGING = "request.bin";
    private static final String REPLY = "reply.bin";

    private final UploadDirectory config;
    private final Path root;
    private final Path area;
    private final boolean durable;
    private final FragmentWriter writer;

    private SessionArea(UploadDirectory config, Path root, Path area, boolean durable, FragmentWriter writer) {
        this.config = config;
        this.root = root;
        this.area = area;
        this.durable = durable;
        this.writer = writer;
    }

    /**
     * Opens (creating if needed) the storage root and its session area.
     *
     * @throws IOException if they cannot be created, or the session area is a symbolic link
     */
    static SessionArea open(UploadDirectory config, boolean durable, BufferPool buffers) throws IOException {
        Files.createDirectories(config.storageRoot());
        Path root = config.storageRoot().toRealPath();
        Path area = root.resolve(config.sessionDirectoryName());
        if (Files.isSymbolicLink(area)) {
            throw new IOException("session area must not be a symbolic link: " + area);
        }
        Files.createDirectories(area);
        return new SessionArea(config, root, area, durable, new FragmentWriter(buffers, durable));
    }

    /** {@return the real storage root: the destination namespace} */
    Path root() {
        return root;
    }

    private Path dir(Session s) {
        return area.resolve(dirName(s.key()));
    }

    /** {@return the request data: the staging file (digest §6.3 requestfile.bin)} */
    Path staging(Session s) {
        return dir(s).resolve(STAGING);
    }

    /** {@return where the server application's reply is kept (digest §6.3 responsefile.bin)} */
    Path replyFile(Session s) {
        return dir(s).resolve(REPLY);
    }

    private static String dirName(UUID uuid) {
        // HexFormat, not String.format: this runs once per Create-Session, and the format parser showed in profiles
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(uuid.getMostSignificantBits()) + hex.toHexDigits(uuid.getLeastSignificantBits());
    }

    private static UUID uuidOf(String dirName) {
        return new UUID(Long.parseUnsignedLong(dirName.substring(0, 16), 16),
                Long.parseUnsignedLong(dirName.substring(16), 16));
    }

    /** {@return whether a name has the form of {@link #dirName}: 32 lower-case hex digits} */
    private static boolean isSessionDirName(String name) {
        return name.length() == 32 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Creates the files of a new session: claims a fresh directory, creates the empty staging file, persists.
     *
     * @param url the upload URL as the client named it (for the server application, digest §6.5.2)
     * @param inUse session ids that may not be minted (kept by tombstones whose directory is gone)
     * @throws IOException if the session area cannot be written
     */
    Session create(Destinations.Destination destination, String owner, String url, Predicate<SessionId> inUse)
            throws IOException {
        UUID uuid;
        Path dir;
        // No lock: creating the directory is the atomic claim of the id (a taken name fails with
        // FileAlreadyExistsException), so concurrent Create-Sessions do not queue behind each other's mkdir.
        while (true) {
            uuid = UUID.randomUUID();
            if (inUse.test(SessionId.ofGuid(uuid))) {
                continue;
            }
            dir = area.resolve(dirName(uuid));
            try {
                Files.createDirectory(dir);
                break;
            } catch (FileAlreadyExistsException e) {
                // taken (a crash leftover or a concurrent creator): draw again
            }
        }
        Session s = Session.created(uuid, destination, owner, System.currentTimeMillis());
        s.url(url);
        Path staging = staging(s);
        Files.createFile(staging);
        s.stagingKey(FileOps.fileKey(staging));
        persist(s);
        return s;
    }

    /** Fixes the total at the first accepted fragment and persists it (lock held). */
    void fixTotal(Session s, long total) throws IOException {
        s.fixTotal(total);
        persist(s);
    }

    /**
     * Stores a fragment's new bytes (lock held): skips {@code skip} bytes of the body, then writes {@code length}
     * bytes at the received offset.
     *
     * @return the new received offset, or {@link Kind#DISK_FULL}
     * @throws ClientGone if the body ends early or the connection fails
     * @throws IOException on an unexpected I/O failure
     */
    Result<Long> write(Session s, InputStream body, long skip, long length) throws IOException {
        FragmentWriter.skip(body, skip);
        if (length == 0) {
            return Result.ok(s.received());
        }
        try (FileChannel ch = FileChannel.open(staging(s), StandardOpenOption.WRITE)) {
            return writer.copy(s, body, ch, length);
        }
    }

    /**
     * Commits a complete upload to its destination (digest §6.4; lock held, {@code received == total}): re-checks
     * the destination, then an atomic rename (overwrites on) or a hard link that fails if the name exists
     * (overwrites off); then records the session as finished.
     *
     * @return the destination, or the rule that failed
     * @throws IOException on an unexpected I/O failure
     */
    Result<Destinations.Destination> commit(Session s) throws IOException {
        Result<Destinations.Destination> placed = place(s);
        if (placed instanceof Result.Ok<Destinations.Destination>) {
            s.finished(); // keeps its session slot until Close-Session
            persist(s);
        }
        return placed;
    }

    /**
     * The commit's file-system step: the staging file becomes the destination file; not yet recorded, so a crash
     * right after it is recovered by the staging file's identity (see {@link #recover()}).
     */
    Result<Destinations.Destination> place(Session s) throws IOException {
        Destinations.Destination d = s.destination();
        Path staging = staging(s);
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(staging);
        }
        Result<Destinations.Destination> usable = Destinations.check(root, d, config.allowOverwrites());
        if (usable instanceof Result.Err<Destinations.Destination>(Kind k)
                && k == Kind.DESTINATION_EXISTS && Files.isSameFile(d.file(), staging)) {
            usable = Result.ok(d); // a crash between link and state change: the link is ours
        }
        if (usable instanceof Result.Err<Destinations.Destination> err) {
            return err;
        }
        if (durable) {
            try (FileChannel ch = FileChannel.open(staging, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        try {
            if (config.allowOverwrites()) {
                Files.move(staging, d.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                if (!Files.exists(d.file(), LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createLink(d.file(), staging);
                    } catch (UnsupportedOperationException e) {
                        Files.move(staging, d.file(), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                Files.deleteIfExists(staging);
            }
        } catch (FileAlreadyExistsException e) {
            return Result.err(Kind.DESTINATION_EXISTS);
        } catch (NoSuchFileException e) {
            return Result.err(Kind.DESTINATION_NOT_FOUND);
        } catch (IOException e) {
            if (Files.isDirectory(d.file(), LinkOption.NOFOLLOW_LINKS)) {
                return Result.err(Kind.DESTINATION_IS_DIRECTORY);
            }
            throw e;
        }
        if (durable) {
            FileOps.syncDirectory(d.file().getParent());
        }
        return Result.ok(d);
    }

    /** Ends a session (lock held): deletes the staging file and the reply (digest §10 Q15), persists the tombstone. */
    void end(Session s, State to) throws IOException {
        s.end(to);
        Files.deleteIfExists(staging(s));
        Files.deleteIfExists(replyFile(s));
        persist(s);
    }

    /** Deletes a session's directory with everything in it (the sweeper, digest §6.6). */
    void delete(Session s) {
        FileOps.deleteTree(dir(s));
    }

    // ----------------------------------------------------------------------------------------------- metadata

    /** Persists a session's metadata atomically (write, then rename); the caller holds its lock or owns it alone. */
    void persist(Session s) throws IOException {
        Path dir = dir(s);
        Path tmp = dir.resolve(META + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            SessionRecord.of(s, System.currentTimeMillis()).store(out, s.received());
        }
        if (durable) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            FileOps.syncDirectory(dir);
        }
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
                if (isSessionDirName(name) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Path staging = dir.resolve(STAGING);
                    found.put(SessionId.ofGuid(uuidOf(name)),
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
            if (!isSessionDirName(dir.getFileName().toString())
                    || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // not ours (e.g. a session area pointed at an existing folder): never delete what we did not create
                LOG.log(Level.WARNING, "event=session_area_foreign_entry_ignored");
                continue;
            }
            Optional<Session> s = load(dir);
            if (s.isEmpty()) {
                SharedState.discardUnreadable(dir, dir.resolve(META)); // farm hook: unless another node is creating it
                continue;
            }
            found.add(s.get());
            LOG.log(Level.INFO, "event=session_recovered session={0} state={1} received={2}", s.get().id(),
                    SessionRecord.stateName(s.get().state()), s.get().received());
        }
        return found;
    }

    /** {@return the session a directory holds, read back with the repairs of {@link #recover()}; or empty} */
    Optional<Session> load(Path dir) {
        try {
            String name = dir.getFileName().toString();
            UUID uuid = uuidOf(name);
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
                persist(s);
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
