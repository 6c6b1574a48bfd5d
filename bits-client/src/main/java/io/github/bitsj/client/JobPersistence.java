// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * When a job's state file ({@link JobStateFile}) is read, written and deleted, so that a run cut off by a crash or
 * an interrupt resumes the session on the next run (MC-BUP §3.1.5.1.4 case 1), as Windows BITS resumes across reboots.
 * A job without a state file persists nothing. Not thread-safe.
 */
final class JobPersistence {

    /**
     * A session a previous run left.
     *
     * @param session the session
     * @param acknowledged the last acknowledged offset
     * @param hostId the host id in use, or empty
     * @param fallbackSeconds its fallback timeout, -1 for never
     */
    record Saved(SessionId session, long acknowledged, String hostId, long fallbackSeconds) {}

    private final Optional<Path> stateFile;
    private final URI origin;
    private final String file;
    private final System.Logger log;
    private long lastWrite;

    JobPersistence(Optional<Path> stateFile, URI origin, Path file, System.Logger log) {
        this.stateFile = stateFile;
        this.origin = origin;
        this.file = file.toAbsolutePath().toString();
        this.log = log;
    }

    /** {@return the saved session, if the state file names one for this very file (same size and time) and URL} */
    Optional<Saved> resume(SourceFile src) {
        Optional<JobStateFile> saved = stateFile.flatMap(JobStateFile::read);
        if (saved.isEmpty()) {
            return Optional.empty();
        }
        JobStateFile s = saved.get();
        boolean same = s.origin().equals(origin) && s.file().equals(file) && s.size() == src.size()
                && s.modified().equals(src.modified().toString()) && s.acknowledged() >= 0
                && s.acknowledged() <= src.size();
        if (!same || !(SessionId.parse(s.sessionId()) instanceof Decoded.Ok<SessionId> ok)) {
            log.log(Level.DEBUG, "event=state_file_ignored");
            return Optional.empty();
        }
        return Optional.of(new Saved(ok.value(), s.acknowledged(), s.hostId(), s.fallbackSeconds()));
    }

    /**
     * Writes the state: always if {@code force}, else at most once a second.
     *
     * @throws IOException if the state file cannot be written (a local failure; the job stops)
     */
    void save(SourceFile src, SessionId session, HostRoute route, long acknowledged, boolean force)
            throws IOException {
        if (stateFile.isEmpty() || session == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastWrite < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastWrite = now;
        new JobStateFile(origin, file, src.size(), src.modified().toString(), session.value(),
                route.hostId().orElse(""), route.fallbackSeconds(), acknowledged).write(stateFile.get());
    }

    /** Saves the state of a job that was interrupted; a failure to write it is not reported (the interrupt is). */
    void paused(SourceFile src, SessionId session, HostRoute route, long acknowledged) {
        try {
            save(src, session, route, acknowledged, true);
        } catch (IOException ignored) {
            // the interrupt is what the caller needs to see
        }
    }

    /** Deletes the state: the job completed, failed fatally or was cancelled. */
    void delete() {
        if (stateFile.isPresent()) {
            try {
                Files.deleteIfExists(stateFile.get());
            } catch (IOException e) {
                log.log(Level.WARNING, "event=state_file_not_deleted");
            }
        }
    }
}
