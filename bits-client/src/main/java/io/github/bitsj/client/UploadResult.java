// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished upload job reports.
 *
 * @param bytes the file size, all of it acknowledged by the server
 * @param sessionId the {@code BITS-Session-Id} of the session that completed
 * @param target the URL the last packets went to (the host id's node, digest §8, or the original URL)
 * @param replyFile the file the reply was written to (upload-reply jobs, digest §6.5.6)
 * @param replyBytes the reply's size (0 for a plain upload or an empty reply)
 * @param replyData the reply itself, read-only, for a job built with {@link UploadJob.Builder#replyInMemory()}
 * @param elapsed the wall time of the job
 * @param fragments how many Fragment packets were sent
 * @param sessions how many sessions this run created: 1, more if the server lost one (digest §1.5), 0 if it
 *     resumed a session persisted by an earlier run
 * @param retries how many transient errors were retried
 */
public record UploadResult(long bytes, String sessionId, URI target, Optional<Path> replyFile, long replyBytes,
        Optional<ByteBuffer> replyData, Duration elapsed, int fragments, int sessions, int retries) {

    /**
     * Validates the result.
     *
     * @throws NullPointerException if a reference component is null
     */
    public UploadResult {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(replyFile, "replyFile");
        Objects.requireNonNull(replyData, "replyData");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** {@return the mean upload rate in bytes per second over the whole job} */
    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytes * 1e9 / nanos;
    }
}
