// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.SessionId;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The sessions of one upload directory and their on-disk session area (digest §6.3):
 * {@code <root>/<sessionDirectoryName>/<32 hex digits>/} holds {@code session.properties} (id, destination,
 * owner, total, state, timestamps, the staging file's identity) and {@code request.bin} (the staging file). The
 * received offset is the staging file's length: fragments are written in order from the received offset, so the
 * file always holds a contiguous prefix, and a restarted server resumes exactly where the durable bytes end.
 */
public final class SessionStore {
    static final System.Logger LOG = System.getLogger("io.github.bitsj.server");
    private static final String META = "session.properties";

    private final UploadDirectory config;
    private final Path root;
    private final Path area;
    private final SessionLimits limits;
    private final boolean durable;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    private SessionStore(UploadDirectory config, Path root, Path area, SessionLimits limits, boolean durable) {
        this.config = config;
        this.root = root;
        this.area = area;
        this.limits = limits;
        this.durable = durable;
    }

    /**
     * Opens (creating if needed) the storage root and session area and recovers persisted sessions.
     *
     * @param config  the directory
     * @param limits  the shared session counter
     * @param durable fsync metadata and data
     * @return the store
     * @throws IOException if the root cannot be created or read
     */
    public static SessionStore open(UploadDirectory config, SessionLimits limits, boolean durable)
            throws IOException {
        Files.createDirectories(config.storageRoot());
        Path root = config.storageRoot().toRealPath();
        Path area = root.resolve(config.sessionDirectoryName());
        if (Files.isSymbolicLink(area)) {
            throw new IOException("session area must not be a symbolic link: " + area);
        }
        Files.createDirectories(area);
        SessionStore store = new SessionStore(config, root, area, limits, durable);
        store.recover();
        return store;
    }

    /** {@return the directory configuration} */
    public UploadDirectory config() {
        return config;
    }

    /** {@return the real storage root} */
    public Path root() {
        return root;
    }

    private String limitKey(String owner) {
        return config.urlPrefix() + "\u0000" + owner;
    }

    /**
     * Creates a session for a destination, unless a session limit is reached.
     *
     * @param destination the checked destination
     * @param owner       the principal
     * @return the new session, or null when a limit is reached
     * @throws IOException if the session area cannot be written
     */
    public Session create(Destinations.Destination destination, String owner) throws IOException {
        int perPrincipal = owner.isEmpty() ? Integer.MAX_VALUE : config.maxSessionsPerPrincipal();
        if (!limits.acquire(limitKey(owner), perPrincipal, false)) {
            return null;
        }
        boolean ok = false;
        try {
            UUID uuid;
            Path dir;
            // No lock: creating the directory is the atomic claim of the id (a taken name fails with
            // FileAlreadyExistsException), so concurrent Create-Sessions do not queue behind each other's mkdir.
            while (true) {
                uuid = UUID.randomUUID();
                if (sessions.containsKey(SessionId.ofGuid(uuid).matchKey())) {
                    continue; // a tombstone whose directory is already gone keeps its id
                }
                dir = area.resolve(Session.dirName(uuid));
                try {
                    Files.createDirectory(dir);
                    break;
                } catch (FileAlreadyExistsException e) {
                    // taken (a crash leftover or a concurrent creator): draw again
                }
            }
            Session s = new Session(uuid, destination, owner, dir, System.currentTimeMillis());
            Files.createFile(s.staging);
            s.stagingKey = fileKey(s.staging);
            persist(s);
            sessions.put(s.id.matchKey(), s);
            ok = true;
            return s;
        } finally {
            if (!ok) {
                limits.release(limitKey(owner));
            }
        }
    }

    /**
     * Finds a session by id for a principal; someone else's session is not found (digest §9).
     *
     * @param id    the session id
     * @param owner the principal
     * @return the session, or null
     */
    public Session find(SessionId id, String owner) {
        Session s = sessions.get(id.matchKey());
        if (s == null || !s.owner.equals(owner)) {
            return null;
        }
        if (!s.state.isTerminal()
                && System.currentTimeMillis() - s.lastActivity >= config.sessionTimeout().toMillis()) {
            return null; // expired; the sweeper removes it (digest §6.6)
        }
        return s;
    }

    /**
     * Persists a session's metadata atomically (write, then rename).
     *
     * @param s the session (caller holds its lock or owns it exclusively)
     * @throws IOException if it cannot be written
     */
    void persist(Session s) throws IOException {
        Properties p = new Properties();
        p.setProperty("version", "1");
        p.setProperty("id", s.id.value());
        p.setProperty("destination", s.destination.relative());
        p.setProperty("owner", s.owner);
        p.setProperty("total", Long.toString(s.total));
        p.setProperty("received", Long.toString(s.received));
        p.setProperty("state", s.state.name());
        p.setProperty("created", Long.toString(s.created));
        p.setProperty("updated", Long.toString(System.currentTimeMillis()));
        if (s.stagingKey != null) {
            p.setProperty("staging-key", s.stagingKey);
        }
        Path tmp = s.dir.resolve(META + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "bits-server session");
        }
        if (durable) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, s.dir.resolve(META), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, s.dir.resolve(META), StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            syncDirectory(s.dir);
        }
    }

    /** Makes a rename or new entry in a directory durable (Linux and macOS allow fsync on a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform (e.g. Windows): the rename is still atomic
        }
    }

    /**
     * Fixes the total at the first fragment and persists it.
     *
     * @param s     the session (lock held)
     * @param total the total
     * @throws IOException if the metadata cannot be written
     */
    void fixTotal(Session s, long total) throws IOException {
        s.total = total;
        persist(s);
    }

    /**
     * Commits a complete upload to its destination (digest §6.4): re-checks the destination, then an atomic
     * rename (overwrites on) or a hard link that fails if the name exists (overwrites off).
     *
     * @param s the session (lock held, {@code received == total})
     * @return null on success, else the error kind
     * @throws IOException on an unexpected I/O failure
     */
    Kind commit(Session s) throws IOException {
        Destinations.Destination d = s.destination;
        if (!Files.exists(s.staging, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(s.staging);
        }
        Kind k = Destinations.check(root, d, config.allowOverwrites());
        if (k == Kind.DESTINATION_EXISTS && Files.isSameFile(d.file(), s.staging)) {
            k = null; // a crash between link and state change: the link is ours
        }
        if (k != null) {
            return k;
        }
        if (durable) {
            try (FileChannel ch = FileChannel.open(s.staging, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        try {
            if (config.allowOverwrites()) {
                Files.move(s.staging, d.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                if (!Files.exists(d.file(), LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createLink(d.file(), s.staging);
                    } catch (UnsupportedOperationException e) {
                        Files.move(s.staging, d.file(), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                Files.deleteIfExists(s.staging);
            }
        } catch (FileAlreadyExistsException e) {
            return Kind.DESTINATION_EXISTS;
        } catch (NoSuchFileException e) {
            return Kind.DESTINATION_NOT_FOUND;
        } catch (IOException e) {
            if (Files.isDirectory(d.file(), LinkOption.NOFOLLOW_LINKS)) {
                return Kind.DESTINATION_IS_DIRECTORY;
            }
            throw e;
        }
        if (durable) {
            syncDirectory(d.file().getParent());
        }
        s.state = Session.State.COMMITTED; // keeps its session slot until Close-Session
        persist(s);
        return null;
    }

    /**
     * Ends a session (Close or Cancel): deletes the staging file, keeps a tombstone, frees the slot.
     *
     * @param s     the session (lock held)
     * @param state CLOSED or CANCELLED
     * @throws IOException if the tombstone cannot be written
     */
    void end(Session s, Session.State state) throws IOException {
        boolean wasOpen = !s.state.isTerminal();
        s.state = state;
        Files.deleteIfExists(s.staging);
        persist(s);
        if (wasOpen) {
            limits.release(limitKey(s.owner));
        }
    }

    /**
     * Removes idle sessions and old tombstones with their files (digest §6.6).
     *
     * @param now the current time in epoch milliseconds
     * @return the number of sessions removed
     */
    public int sweep(long now) {
        long timeout = config.sessionTimeout().toMillis();
        long tombstoneTtl = Math.min(timeout, 3_600_000L);
        int removed = 0;
        for (Session s : sessions.values()) {
            long idle = now - s.lastActivity;
            boolean expired = s.state.isTerminal() ? idle >= tombstoneTtl : idle >= timeout;
            if (!expired || !tryLock(s)) {
                continue; // busy sessions are not idle; the next run looks again
            }
            try {
                if (now - s.lastActivity < (s.state.isTerminal() ? tombstoneTtl : timeout)) {
                    continue;
                }
                boolean wasOpen = !s.state.isTerminal();
                sessions.remove(s.id.matchKey(), s);
                if (wasOpen) {
                    limits.release(limitKey(s.owner));
                    LOG.log(Level.INFO, "event=session_expired session={0} idle_ms={1}", s.id, idle);
                }
                s.state = Session.State.CANCELLED;
                deleteTree(s.dir);
                removed++;
            } finally {
                s.lock.unlock();
            }
        }
        return removed;
    }

    private static boolean tryLock(Session s) {
        try {
            return s.lock.tryLock(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@return the open (non-tombstone) sessions} */
    public int openSessions() {
        int n = 0;
        for (Session s : sessions.values()) {
            if (!s.state.isTerminal()) {
                n++;
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) {
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

    // ------------------------------------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(area)) {
            for (Path p : ds) {
                dirs.add(p);
            }
        }
        int recovered = 0;
        for (Path dir : dirs) {
            if (!isSessionDirName(dir.getFileName().toString())
                    || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // not ours (e.g. a session area pointed at an existing folder): never delete what we did not create
                LOG.log(Level.WARNING, "event=session_area_foreign_entry_ignored");
                continue;
            }
            Session s = load(dir);
            if (s == null) {
                LOG.log(Level.WARNING, "event=session_discarded dir={0} reason=unreadable", dir.getFileName());
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(dir);
                } else {
                    Files.deleteIfExists(dir);
                }
                continue;
            }
            if (!s.state.isTerminal()) {
                limits.acquire(limitKey(s.owner), config.maxSessionsPerPrincipal(), true);
            }
            sessions.put(s.id.matchKey(), s);
            recovered++;
            LOG.log(Level.INFO, "event=session_recovered session={0} state={1} received={2}", s.id, s.state,
                    s.received);
        }
        if (recovered > 0) {
            LOG.log(Level.INFO, "event=sessions_recovered prefix={0} count={1}", config.urlPrefix(), recovered);
        }
    }

    /** {@return whether a name has the form of {@link Session#dirName}: 32 lower-case hex digits} */
    private static boolean isSessionDirName(String name) {
        return name.length() == 32 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private Session load(Path dir) {
        try {
            String name = dir.getFileName().toString();
            if (!isSessionDirName(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            UUID uuid = new UUID(Long.parseUnsignedLong(name.substring(0, 16), 16),
                    Long.parseUnsignedLong(name.substring(16), 16));
            Path meta = dir.resolve(META);
            if (!Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                p.load(in);
            }
            if (!"1".equals(p.getProperty("version"))
                    || !SessionId.ofGuid(uuid).value().equals(p.getProperty("id"))) {
                return null;
            }
            Destinations.Destination d = fromRelative(p.getProperty("destination", ""));
            String owner = p.getProperty("owner");
            Session.State state = Session.State.valueOf(p.getProperty("state", ""));
            long total = Long.parseLong(p.getProperty("total", ""));
            long created = Long.parseLong(p.getProperty("created", ""));
            long updated = Long.parseLong(p.getProperty("updated", ""));
            if (d == null || owner == null || total < -1 || total > config.maxUploadSize()) {
                return null;
            }
            Session s = new Session(uuid, d, owner, dir, created);
            s.state = state;
            s.total = total;
            s.stagingKey = p.getProperty("staging-key");
            long last = updated;
            if (Files.isSymbolicLink(s.staging)) {
                return null;
            }
            if (state == Session.State.RECEIVING && total >= 0 && !Files.exists(s.staging, LinkOption.NOFOLLOW_LINKS)
                    && s.stagingKey != null && s.stagingKey.equals(fileKey(d.file()))) {
                // a crash after the commit's rename or link, before its record: the destination is our staging file
                s.state = Session.State.COMMITTED;
                s.received = total;
                s.lastActivity = last;
                persist(s);
                return s;
            }
            if (state == Session.State.RECEIVING) {
                if (!Files.exists(s.staging)) {
                    Files.createFile(s.staging);
                }
                long size = Files.size(s.staging);
                long keep = total < 0 ? 0 : Math.min(size, total);
                if (size > keep) {
                    try (FileChannel ch = FileChannel.open(s.staging, StandardOpenOption.WRITE)) {
                        ch.truncate(keep);
                    }
                }
                s.received = keep;
                last = Math.max(last, Files.getLastModifiedTime(s.staging).toMillis());
            } else {
                s.received = Math.max(0, total);
                Files.deleteIfExists(s.staging);
            }
            s.lastActivity = last;
            return s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@return a regular file's identity as text, or null if it is missing, no regular file, or has none} */
    private static String fileKey(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object key = a.isRegularFile() ? a.fileKey() : null;
            return key == null ? null : key.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private Destinations.Destination fromRelative(String rel) {
        // the same rules as a request's path (a tampered metadata file must not point outside the root)
        Destinations.Mapped m = Destinations.resolve(root, config.sessionDirectoryName(),
                rel.isEmpty() ? List.of() : List.of(rel.split("/", -1)));
        return m.failed() ? null : m.destination();
    }
}
