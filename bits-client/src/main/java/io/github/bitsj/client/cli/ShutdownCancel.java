// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.UploadJob;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT, or SIGTERM) does to a running upload: a shutdown hook cancels the job, which sends
 * Cancel-Session so the server does not keep the session (gobits and bad2beef never expire one), or, with
 * {@code --state}, interrupts it, which keeps the session and saves the state for a later run. The hook then waits
 * for the command to finish and print its last lines (how to resume), at most {@link #WAIT}: the cancel is best effort
 * and bounded. It then ends the process with the command's exit code (4, cancelled) rather than the JVM's 130 for a
 * signal: {@code System.exit} blocks once shutdown has begun, so the hook halts with the code the command returned.
 * A signal before the upload starts (at the password prompt) ends the process as usual, restoring the terminal.
 */
final class ShutdownCancel {
    /** How long the hook lets the command finish after the signal. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "bits-client-shutdown");
    private volatile UploadJob job;
    private volatile Thread runner;
    private volatile boolean keepSession;
    private volatile int exitCode = Main.CANCELLED;

    private ShutdownCancel() {
    }

    /** {@return a hook registered with the runtime, until {@link #finished()}} */
    static ShutdownCancel install() {
        ShutdownCancel s = new ShutdownCancel();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /**
     * The job a signal stops from now on, run by the calling thread.
     *
     * @param running the job
     * @param keep whether to keep the session (interrupt) rather than cancel it
     */
    void watch(UploadJob running, boolean keep) {
        this.keepSession = keep;
        this.runner = Thread.currentThread();
        this.job = running;
    }

    /**
     * The command has finished (and printed what it had to): the hook is not needed any more.
     *
     * @param code the command's exit code, which a running hook ends the process with
     */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }

    private void onSignal() {
        UploadJob j = job;
        if (j == null) {
            return;   // nothing started: the JVM's own shutdown (the console's hook restores echo)
        }
        if (keepSession) {
            runner.interrupt();   // the job saves its state; the session stays for a later run
        } else {
            j.cancel();           // Cancel-Session, then the command prints "cancelled"
        }
        try {
            finished.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(exitCode);
    }
}
