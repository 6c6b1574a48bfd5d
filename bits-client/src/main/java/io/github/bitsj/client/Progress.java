// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of an upload's progress, reported after each Fragment Ack.
 *
 * @param totalBytes the file size
 * @param bytesSent fragment body bytes put on the wire so far, resends included
 * @param bytesAcknowledged the server's {@code BITS-Received-Content-Range} (digest §7.3)
 * @param bytesPerSecond the acknowledged rate of this run (bytes per second)
 * @param elapsed time since the job started
 * @param fragmentSize the fragment size the client uses now
 */
public record Progress(long totalBytes, long bytesSent, long bytesAcknowledged, double bytesPerSecond,
        Duration elapsed, int fragmentSize) {

    /**
     * Validates the snapshot.
     *
     * @throws NullPointerException if elapsed is null
     */
    public Progress {
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** {@return the acknowledged fraction, 0.0–1.0 (1.0 for the empty file)} */
    public double fraction() {
        return totalBytes == 0 ? 1.0 : (double) bytesAcknowledged / totalBytes;
    }
}
