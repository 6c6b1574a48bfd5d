// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a finished upload job reports; returned by {@link UploadJob#run()}. Immutable. */
public final class UploadResult {
    private final long bytes;
    private final String sessionId;
    private final URI target;
    private final Optional<Path> replyFile;
    private final long replyBytes;
    private final Optional<ByteBuffer> replyData;
    private final Duration elapsed;
    private final int fragments;
    private final int sessions;
    private final int retries;

    private UploadResult(Builder b) {
        this.bytes = b.bytes;
        this.sessionId = Objects.requireNonNull(b.sessionId, "sessionId");
        this.target = Objects.requireNonNull(b.target, "target");
        this.replyFile = b.replyFile;
        this.replyBytes = b.replyBytes;
        this.replyData = b.replyData;
        this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
        this.fragments = b.fragments;
        this.sessions = b.sessions;
        this.retries = b.retries;
    }

    static Builder newBuilder() {
        return new Builder();
    }

    /** {@return the file size, all of it acknowledged by the server} */
    public long bytes() {
        return bytes;
    }

    /** {@return the {@code BITS-Session-Id} of the session that completed} */
    public String sessionId() {
        return sessionId;
    }

    /** {@return the URL the last packets went to (the host id's node, SDK: BITS IIS Extension Properties (BITSHostId), or the original URL)} */
    public URI target() {
        return target;
    }

    /** {@return the file the reply was written to (upload-reply jobs, MC-BUP §3.3.5.2.6)} */
    public Optional<Path> replyFile() {
        return replyFile;
    }

    /** {@return the reply's size (0 for a plain upload or an empty reply)} */
    public long replyBytes() {
        return replyBytes;
    }

    /** {@return the reply itself, read-only, for a job built with {@link UploadJob.Builder#replyInMemory()}} */
    public Optional<ByteBuffer> replyData() {
        return replyData.map(ByteBuffer::asReadOnlyBuffer);
    }

    /** {@return the wall time of the job} */
    public Duration elapsed() {
        return elapsed;
    }

    /** {@return how many Fragment packets were sent} */
    public int fragments() {
        return fragments;
    }

    /**
     * {@return how many sessions this run created: 1, more if the server lost one (MC-BUP §3.1.5.1.4), 0 if it resumed a
     * session persisted by an earlier run}
     */
    public int sessions() {
        return sessions;
    }

    /** {@return how many transient errors were retried} */
    public int retries() {
        return retries;
    }

    /** {@return the mean upload rate in bytes per second over the whole job} */
    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytes * 1e9 / nanos;
    }

    @Override
    public String toString() {
        return "UploadResult[bytes=" + bytes + ", sessionId=" + sessionId + ", target=" + target + ", replyBytes="
                + replyBytes + ", elapsed=" + elapsed + ", fragments=" + fragments + ", sessions=" + sessions
                + ", retries=" + retries + "]";
    }

    /** Collects a result inside the library. */
    static final class Builder {
        private long bytes;
        private String sessionId;
        private URI target;
        private Optional<Path> replyFile = Optional.empty();
        private long replyBytes;
        private Optional<ByteBuffer> replyData = Optional.empty();
        private Duration elapsed;
        private int fragments;
        private int sessions;
        private int retries;

        private Builder() {
        }

        Builder bytes(long v) {
            this.bytes = v;
            return this;
        }

        Builder sessionId(String v) {
            this.sessionId = v;
            return this;
        }

        Builder target(URI v) {
            this.target = v;
            return this;
        }

        Builder replyFile(Optional<Path> v) {
            this.replyFile = Objects.requireNonNull(v);
            return this;
        }

        Builder replyBytes(long v) {
            this.replyBytes = v;
            return this;
        }

        Builder replyData(ByteBuffer v) {
            this.replyData = Optional.of(v.asReadOnlyBuffer());
            return this;
        }

        Builder elapsed(Duration v) {
            this.elapsed = v;
            return this;
        }

        Builder counts(int fragments, int sessions, int retries) {
            this.fragments = fragments;
            this.sessions = sessions;
            this.retries = retries;
            return this;
        }

        UploadResult build() {
            return new UploadResult(this);
        }
    }
}
