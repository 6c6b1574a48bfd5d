// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;
import java.util.Objects;

/** A snapshot of an upload's progress, reported after each Fragment Ack. Immutable. */
public final class Progress {
    private final long totalBytes;
    private final long bytesSent;
    private final long bytesAcknowledged;
    private final double bytesPerSecond;
    private final Duration elapsed;
    private final int fragmentSize;

    Progress(long totalBytes, long bytesSent, long bytesAcknowledged, double bytesPerSecond, Duration elapsed,
            int fragmentSize) {
        this.totalBytes = totalBytes;
        this.bytesSent = bytesSent;
        this.bytesAcknowledged = bytesAcknowledged;
        this.bytesPerSecond = bytesPerSecond;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.fragmentSize = fragmentSize;
    }

    /** {@return the file size} */
    public long totalBytes() {
        return totalBytes;
    }

    /** {@return fragment body bytes put on the wire so far, resends included} */
    public long bytesSent() {
        return bytesSent;
    }

    /** {@return the server's {@code BITS-Received-Content-Range} (MC-BUP §2.2.7.2)} */
    public long bytesAcknowledged() {
        return bytesAcknowledged;
    }

    /** {@return the acknowledged rate of this run, in bytes per second} */
    public double bytesPerSecond() {
        return bytesPerSecond;
    }

    /** {@return the time since the job started} */
    public Duration elapsed() {
        return elapsed;
    }

    /** {@return the fragment size the client uses now} */
    public int fragmentSize() {
        return fragmentSize;
    }

    /** {@return the acknowledged fraction, 0.0–1.0 (1.0 for the empty file)} */
    public double fraction() {
        return totalBytes == 0 ? 1.0 : (double) bytesAcknowledged / totalBytes;
    }

    @Override
    public String toString() {
        return "Progress[" + bytesAcknowledged + "/" + totalBytes + " bytes, sent=" + bytesSent + ", rate="
                + (long) bytesPerSecond + " B/s, elapsed=" + elapsed + ", fragmentSize=" + fragmentSize + "]";
    }
}
