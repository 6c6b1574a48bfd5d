// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;

/**
 * Receives an upload job's events on the thread that runs the job. Implementations should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = p -> { };

    /**
     * Called after every Fragment Ack (digest §3.3).
     *
     * @param progress the snapshot
     */
    void onProgress(Progress progress);

    /**
     * Called when a transient error (digest §5.2) will be retried after {@code delay}.
     *
     * @param cause the error
     * @param delay the wait before the retry
     */
    default void onRetry(BitsClientException cause, Duration delay) {
    }
}
