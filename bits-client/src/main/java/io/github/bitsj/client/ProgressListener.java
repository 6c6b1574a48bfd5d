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
     * Called after every Fragment Ack (MC-BUP §2.2.7).
     *
     * @param progress the snapshot
     */
    void onProgress(Progress progress);

    /**
     * Called once, before the first exchange, when the job resumes a session its state file saved: a later run
     * continues the same session rather than starting over.
     *
     * @param sessionId the session
     * @param offset the bytes the server had acknowledged when the state was saved
     */
    default void onResume(String sessionId, long offset) {
    }

    /**
     * Called when a transient error (MC-BUP §3.1.5.1.7) will be retried after {@code delay}.
     *
     * @param cause the error
     * @param delay the wait before the retry
     */
    default void onRetry(BitsClientException cause, Duration delay) {
    }
}
