// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.SessionId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The thread-safe link between a public {@link UploadJob} handle and the machine running on the job's thread:
 * the cancel request, the exchange in flight that a cancel aborts, and what the handle reports (session, progress).
 */
final class JobControl {
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final CountDownLatch cancelLatch = new CountDownLatch(1);
    private volatile CompletableFuture<?> inFlight;
    private volatile SessionId session;
    private volatile Progress progress;

    /** {@return a control nobody cancels, for a stand-alone exchange such as {@link BitsClient#cancelSession}} */
    static JobControl detached() {
        return new JobControl();
    }

    /** Requests cancellation: wakes a retry wait and aborts the exchange in flight. Idempotent. */
    void cancel() {
        if (cancelRequested.compareAndSet(false, true)) {
            cancelLatch.countDown();
            CompletableFuture<?> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    boolean isCancelled() {
        return cancelRequested.get();
    }

    /**
     * Waits for {@code delay} unless cancelled first.
     *
     * @return true if the wait ended because of a cancel
     */
    boolean awaitCancel(Duration delay) throws InterruptedException {
        return cancelLatch.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Makes {@code f} the exchange a cancel aborts (at once if the cancel came first). */
    void track(CompletableFuture<?> f) {
        inFlight = f;
        if (cancelRequested.get()) {
            f.cancel(true);
        }
    }

    void untrack() {
        inFlight = null;
    }

    Optional<SessionId> session() {
        return Optional.ofNullable(session);
    }

    void session(SessionId id) {
        this.session = id;
    }

    Optional<Progress> progress() {
        return Optional.ofNullable(progress);
    }

    void progress(Progress p) {
        this.progress = p;
    }
}
