// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView.State;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The session area of one upload directory (SDK: BITS IIS Extension Properties), the only code that knows its layout:
 * {@code <root>/<sessionDirectoryName>/<32 hex digits>/} holds {@code session.properties} (id, destination, owner,
 * total, state, timestamps, the staging file's identity) and {@code request.bin}, the staging file. The received
 * offset is the staging file's length: fragments are written in order from the received offset, so the file always
 * holds a contiguous prefix, and a restarted server resumes exactly where the durable bytes end.
 */
final class SessionArea {
    static final String META = "session.properties";
    static final String STAGING = "request.bin";
    private static final String REPLY = "reply.bin";

    private final UploadDirectory config;
    private final Path root;
    private final Path area;
    private final boolean durable;
    private final FragmentWriter writer;
    /** The storage root, open for the server's lifetime: every file operation starts from this handle (D47). */
    private final Dir rootDir;
    /** The session area's handle (D56). */
    private final AreaHandle areaDir;
    /** Writes the session records (D56). */
    private final RecordWriter records;
    /** This server's claim on the area: its only user, or one node of a farm (D56); null for an inspection. */
    private final AreaClaim claim;

    private SessionArea(UploadDirectory config, Path root, Path area, boolean durable, FragmentWriter writer,
            Dir rootDir, AreaHandle areaDir, AreaClaim claim) {
        this.config = config;
        this.root = root;
        this.area = area;
        this.durable = durable;
        this.writer = writer;
        this.rootDir = rootDir;
        this.areaDir = areaDir;
        this.claim = claim;
        this.records = new RecordWriter(durable, config.farm());
    }

    /**
     * Opens (creating if needed) the storage root and its session area.
     * @param allowUnsafe whether a platform without {@code SecureDirectoryStream} is accepted (D47)
     * @throws IOException if they cannot be created, the session area is a symbolic link, or the platform cannot
     *     act relative to an open directory and {@code allowUnsafe} is off
     */
    static SessionArea open(UploadDirectory config, boolean durable, BufferPool buffers, boolean allowUnsafe)
            throws IOException {
        return open(config, durable, buffers, allowUnsafe, true);
    }

    /**
     * Opens a session area without claiming it (D56): for tools and tests that look at the area of a running server.
     * @throws IOException as {@link #open(UploadDirectory, boolean, BufferPool, boolean)}
     */
    static SessionArea inspect(UploadDirectory config, BufferPool buffers) throws IOException {
        return open(config, false, buffers, false, false);
    }

    private static SessionArea open(UploadDirectory config, boolean durable, BufferPool buffers, boolean allowUnsafe,
            boolean claimIt) throws IOException {
        Files.createDirectories(config.storageRoot());
        Path root = config.storageRoot().toRealPath();
        Path area = root.resolve(config.sessionDirectoryName());
        if (Files.isSymbolicLink(area)) {
            throw new IOException("session area must not be a symbolic link: " + area);
        }
        Files.createDirectories(area);
        AreaClaim claim = claimIt ? AreaClaim.take(area, config.farm()) : null;
        Dir rootDir = null;
        AreaHandle areaDir = null;
        try {
            rootDir = FileOps.seam(root, Dir.open(root, allowUnsafe));
            areaDir = AreaHandle.open(rootDir, config.sessionDirectoryName());
            return new SessionArea(config, root, area, durable, new FragmentWriter(buffers, durable), rootDir,
                    areaDir, claim);
        } catch (IOException | RuntimeException e) {
            if (areaDir != null) {
                areaDir.close();
            }
            if (rootDir != null) {
                rootDir.close();
            }
            if (claim != null) {
                claim.close();
            }
            throw e;
        }
    }

    void close() { // the server is stopping: release the handles and the claim on the area
        areaDir.close();
        rootDir.close();
        if (claim != null) {
            claim.close();
        }
    }

    /** {@return the real storage root: the destination namespace} */
    Path root() {
        return root;
    }

    /** {@return the session's directory, opened from the root without following links (the caller closes it)} */
    private Dir dirOf(Session s) throws IOException {
        return areaDir.in(a -> a.child(SessionDirNames.of(s.key())));
    }

    private Path dir(Session s) {
        return area.resolve(SessionDirNames.of(s.key()));
    }

    /** {@return the request data: the staging file (MC-BUP §3.2.1 request file), for a server application} */
    Path staging(Session s) {
        return dir(s).resolve(STAGING);
    }

    /** {@return where the server application's reply is kept (MC-BUP §3.2.1 response file)} */
    Path replyFile(Session s) {
        return dir(s).resolve(REPLY);
    }

    boolean hasStaging(Session s) throws IOException {
        try (Dir d = dirOf(s)) {
            return d.isFile(STAGING);
        }
    }

    /** Deletes the staging file if there is one. @throws IOException on failure */
    void deleteStaging(Session s) throws IOException {
        try (Dir d = dirOf(s)) {
            d.deleteIfExists(STAGING);
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Checks a new session's destination through open directories (D47): the parents exist, are directories and no
     * links; the name is no link, no directory, and (overwrites off) free.
     * @return the destination, or the rule it breaks
     * @throws IOException on an unexpected I/O failure
     */
    Result<Destinations.Destination> check(Destinations.Destination d) throws IOException {
        Result<Dir> parent = Destinations.openParent(rootDir, d);
        if (parent instanceof Result.Err<Dir>(Kind k)) {
            return Result.err(k);
        }
        try (Dir p = ((Result.Ok<Dir>) parent).value()) {
            Kind k = Destinations.checkEntry(p, d.name(), config.allowOverwrites());
            return k == null ? Result.ok(d) : Result.err(k);
        }
    }

    /**
     * Creates the files of a new session: claims a fresh directory, creates the empty staging file, persists. A
     * failure leaves nothing behind.
     * @param url the upload URL as the client named it (MC-BUP §3.3.5.2.2 {@code BITS-Original-Request-URL})
     * @param inUse session ids that may not be minted (kept by tombstones whose directory is gone)
     * @throws IOException if the session area cannot be written
     */
    Session create(Destinations.Destination destination, String owner, String url, Predicate<SessionId> inUse)
            throws IOException {
        UUID uuid;
        String name;
        Dir a;
        // No lock: creating the directory is the atomic claim of the id (a taken name fails with
        // FileAlreadyExistsException), so concurrent Create-Sessions do not queue behind each other's mkdir.
        while (true) {
            uuid = UUID.randomUUID();
            if (inUse.test(SessionId.ofGuid(uuid))) {
                continue;
            }
            name = SessionDirNames.of(uuid);
            String n = name;
            try {
                a = areaDir.in(x -> {
                    x.createDirectory(n);
                    return x;
                });
                break;
            } catch (FileAlreadyExistsException e) {
                // taken (a crash leftover or a concurrent creator): draw again
            }
        }
        Session s = Session.created(uuid, destination, owner, System.currentTimeMillis());
        s.url(url);
        try (Dir d = a.child(name)) {
            d.open(STAGING, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
            s.stagingKey(key(d, STAGING));
            records.persistNew(s, d);
        } catch (IOException | RuntimeException e) {
            removeDir(a, name);
            throw e;
        }
        return s;
    }

    private static Optional<String> key(Dir d, String name) throws IOException {
        return d.attrs(name).filter(BasicFileAttributes::isRegularFile).map(BasicFileAttributes::fileKey)
                .map(Object::toString);
    }

    void fixTotal(Session s, long total) throws IOException { // the first accepted fragment's (lock held)
        s.fixTotal(total);
        persist(s);
    }

    /**
     * Stores a fragment's new bytes (lock held): skips {@code skip} bytes of the body, then writes {@code length}
     * bytes at the received offset.
     * @return the new received offset, or {@link Kind#DISK_FULL}
     * @throws ClientGone if the body ends early or the connection fails
     * @throws IOException on an unexpected I/O failure
     */
    Result<Long> write(Session s, InputStream body, long skip, long length) throws IOException {
        FragmentWriter.skip(body, skip);
        if (length == 0) {
            return Result.ok(s.received());
        }
        try (Dir d = dirOf(s); FileChannel ch = d.open(STAGING, Set.of(StandardOpenOption.WRITE))) {
            return writer.copy(s, body, ch, length);
        }
    }

    /**
     * Commits a complete upload to its destination (MC-BUP §3.2.5.1; lock held, {@code received == total}): see
     * {@link #place}; then records the session as finished.
     * @return the destination, or the rule that failed
     * @throws IOException on an unexpected I/O failure
     */
    Result<Destinations.Destination> commit(Session s) throws IOException {
        Result<Destinations.Destination> placed = place(s);
        if (placed instanceof Result.Ok<Destinations.Destination>) {
            State before = s.state();
            s.finished(); // keeps its session slot until Close-Session
            try {
                persist(s);
            } catch (IOException | RuntimeException e) {
                s.end(before); // placed but not recorded: a retry finds the file placed (its identity) and records
                throw e;
            }
        }
        return placed;
    }

    /**
     * The commit's file-system step, relative to open directories only (D47): the parent is opened segment by segment
     * without following links and checked; then the staging file is renamed onto the name in that open directory
     * (overwrites on: replacing a file there; off: onto a placeholder just created exclusively, so an existing name
     * is never replaced). Not yet recorded, so a crash right after it is recovered by the staging file's identity.
     */
    Result<Destinations.Destination> place(Session s) throws IOException {
        Destinations.Destination d = s.destination();
        try (Dir sd = dirOf(s)) {
            Result<Dir> parent = Destinations.openParent(rootDir, d);
            if (parent instanceof Result.Err<Dir>(Kind k)) {
                return Result.err(k);
            }
            try (Dir p = ((Result.Ok<Dir>) parent).value()) {
                if (!sd.isFile(STAGING)) {
                    if (s.stagingKey().isPresent() && s.stagingKey().equals(key(p, d.name()))) {
                        return Result.ok(d); // placed before, not recorded (the record failed): it is ours
                    }
                    if (s.total() != 0) {
                        return Result.err(Kind.INTERNAL_ERROR); // the data is gone: never commit something else
                    }
                    sd.open(STAGING, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
                }
                Kind broken = Destinations.checkEntry(p, d.name(), config.allowOverwrites());
                if (broken != null) {
                    return Result.err(broken);
                }
                if (durable) {
                    try (FileChannel ch = sd.open(STAGING, Set.of(StandardOpenOption.WRITE))) {
                        ch.force(true);
                    }
                }
                if (!config.allowOverwrites()) {
                    try {
                        p.open(d.name(), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
                    } catch (FileAlreadyExistsException e) {
                        return Result.err(Kind.DESTINATION_EXISTS);
                    }
                }
                try {
                    sd.move(STAGING, p, d.name());
                } catch (IOException | RuntimeException e) {
                    if (!config.allowOverwrites()) {
                        p.deleteIfExists(d.name()); // our empty placeholder
                    }
                    if (p.attrs(d.name()).map(BasicFileAttributes::isDirectory).orElse(false)) {
                        return Result.err(Kind.DESTINATION_IS_DIRECTORY);
                    }
                    throw e;
                }
                if (durable) {
                    p.sync();
                }
            }
        }
        return Result.ok(d);
    }

    /**
     * Ends a session (lock held): records the tombstone first, then deletes the staging file and the reply (MC-BUP
     * §3.2.5.3; D48). If the tombstone cannot be written (a full disk), the session's record is deleted instead, so
     * nothing of it comes back after a restart; only if that fails too does the end fail, the session unchanged.
     */
    void end(Session s, State to) throws IOException {
        Dir d;
        try {
            d = dirOf(s);
        } catch (NoSuchFileException e) {
            s.end(to); // nothing of it on disk that could come back
            return;
        }
        State before = s.state();
        s.end(to);
        try (d) {
            try {
                records.persist(s, d);
            } catch (IOException | RuntimeException e) {
                try {
                    d.deleteIfExists(META);
                } catch (IOException | RuntimeException f) {
                    s.end(before);
                    e.addSuppressed(f);
                    throw e;
                }
                LogEvent.SESSION_RECORD_REMOVED.log("session", s.id(), "reason", e.getClass().getSimpleName());
            }
            d.deleteIfExists(STAGING);
            d.deleteIfExists(REPLY);
            d.deleteIfExists(META + ".tmp");
        }
    }

    /** Deletes a session's directory with everything in it (the sweeper, MC-BUP §3.2.7). */
    void delete(Session s) {
        removeDir(areaDir.current(), SessionDirNames.of(s.key())); // logs a failure itself
    }

    /** Removes a session directory through its handle: the record first (then it can never come back). */
    private static void removeDir(Dir areaDir, String name) {
        try (Dir d = areaDir.child(name)) {
            for (String f : List.of(META, STAGING, REPLY, META + ".tmp", SessionLock.FILE)) { // farm: the lock file too
                d.deleteIfExists(f);
            }
            areaDir.deleteDirectory(name);
        } catch (IOException | RuntimeException e) {
            LogEvent.SESSION_CLEANUP_FAILED.log("dir", name, "error", e.getClass().getSimpleName());
        }
    }

    // ----------------------------------------------------------------------------------------------- metadata

    /** Persists a session's record ({@link RecordWriter}); the caller holds its lock or owns it alone. */
    void persist(Session s) throws IOException {
        try (Dir d = dirOf(s)) {
            records.persist(s, d);
        }
    }

    /** {@return the ids of the sessions with a directory, and their staging files (for tests)} @throws IOException */
    Map<SessionId, Optional<Path>> onDisk() throws IOException {
        return new AreaRecovery(this, config, root, area).onDisk();
    }

    /** {@return the sessions of the area, read back after a restart (see {@link AreaRecovery})} @throws IOException */
    List<Session> recover() throws IOException {
        return new AreaRecovery(this, config, root, area).recover();
    }
}
