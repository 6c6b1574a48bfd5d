// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.ProtocolId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upload (or upload-reply) job: a handle on the MC-BUP client state machine of MC-BUP §3.1.1.2, which
 * {@link #run()} runs on the calling thread and {@link #cancel()} stops from any other thread; {@link #progress()}
 * and {@link #sessionId()} report on it meanwhile.
 *
 * <p>What the job does, in the words of MC-BUP and the SDK:
 * <ul>
 *   <li>Ping before the first Create-Session, after a {@code BITS-Host-Id} and whenever it resumes after an error
 *       (MC-BUP §2.2.4, decision D26); Create-Session offering {@link ProtocolId#BITS_1_5_UPLOAD};</li>
 *   <li>each Fragment read from the file at the server-given offset with an exact {@code Content-Length} (MC-BUP §2.2.6);
 *       on 200 or 416 it continues from {@code BITS-Received-Content-Range}, backwards or forwards (MC-BUP §2.2.7.2);</li>
 *   <li>{@code BG_E_SESSION_NOT_FOUND} starts a new session from byte 0 (MC-BUP §3.1.5.1.4 case 2); 413 halves the fragment,
 *       never below 5 KiB (MC-BUP §3.1.5.1.7);</li>
 *   <li>{@code BITS-Host-Id} sends every later packet to that host (scheme, port, path and query kept), and the
 *       fallback timer sends them back to the original host once the node has failed for
 *       {@code BITS-Host-Id-Fallback-Timeout} seconds (SDK: BITS IIS Extension Properties (BITSHostId));</li>
 *   <li>upload-reply: the {@code BITS-Reply-URL} of the final Ack is downloaded with ranged GETs that resume and send
 *       {@code If-Unmodified-Since}, then Close-Session (§6.5.6);</li>
 *   <li>every failure is transient or fatal (MC-BUP §3.1.5.1.7); transient ones are retried after the policy's delay until no
 *       byte has been acknowledged for the no-progress timeout; Close- and Cancel-Session are re-sent on 5xx unless
 *       the session is gone (MC-BUP §2.2.8, MC-BUP §2.2.10);</li>
 *   <li>a file whose size or modification time changes fails the job with BG_E_LOCAL_FILE_CHANGED (MC-BUP §3.1.5.1.4);</li>
 *   <li>the empty file goes as Create-Session + Close-Session, and as one Fragment {@code bytes 0--1/0} in a new
 *       session only if the server answers that Close-Session that it holds no file (decision D9);</li>
 *   <li>{@code Content-Name} goes on every Fragment and on Close-Session, as Windows sends it (MC-BUP §2.2.1, MC-BUP §2.2.6, MC-BUP §2.2.8);</li>
 *   <li>after a fatal failure, or when it gives up, the job sends Cancel-Session once, bounded to a few seconds, so
 *       the server does not keep the session (see {@link Builder#cancelSessionOnFailure(boolean)}).</li>
 * </ul>
 * Every one of these decisions is made by {@link io.github.bitsj.protocol.ClientReactions}; the job carries them out.
 *
 * <p>A job runs once.
 */
public final class UploadJob {

    /** What a job was built with. */
    record Spec(Path file, URI origin, Optional<Path> replyFile, boolean replyInMemory, Optional<Path> stateFile,
            ProgressListener listener, Optional<String> contentName, boolean cancelOnFailure) {
        boolean wantsReply() {
            return replyInMemory || replyFile.isPresent();
        }
    }

    private final BitsClient client;
    private final Spec spec;
    private final JobControl control = new JobControl();
    private final AtomicBoolean started = new AtomicBoolean();

    private UploadJob(BitsClient client, Spec spec) {
        this.client = client;
        this.spec = spec;
    }

    /**
     * Requests cancellation: an exchange in flight is aborted, the running {@link #run()} sends Cancel-Session
     * (re-sent on 5xx, MC-BUP §2.2.10) and then throws {@link CancellationException}. Safe to call from any thread, any
     * number of times; a job cancelled before it runs never touches the network.
     */
    public void cancel() {
        control.cancel();
    }

    /** {@return true once {@link #cancel()} has been called} */
    public boolean isCancelled() {
        return control.isCancelled();
    }

    /** {@return the session the job is using now, if it has one} */
    public Optional<String> sessionId() {
        return control.session().map(s -> s.value());
    }

    /** {@return the progress after the latest Fragment Ack, if there was one} */
    public Optional<Progress> progress() {
        return control.progress();
    }

    /**
     * Runs the job to its end on the calling thread.
     *
     * @return what happened
     * @throws BitsClientException if the server refused the job (fatal status), transient errors lasted beyond the
     *     no-progress timeout ({@link BitsClientException#isTransient()}), the server broke the protocol, or the
     *     local file changed
     * @throws IOException if the local file (or the reply file) cannot be read or written
     * @throws InterruptedException if the calling thread is interrupted; the session is left for a later resume
     * @throws CancellationException if {@link #cancel()} was called (after Cancel-Session was sent)
     * @throws IllegalStateException if the job was already run
     */
    public UploadResult run() throws IOException, InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a job runs once");
        }
        if (control.isCancelled()) {
            throw new CancellationException("cancelled before it started");
        }
        return new JobMachine(client, spec, control).run();
    }

    /**
     * {@code Content-Name}: the local file name (MC-BUP §2.2.2), sent when it is a legal value in plain ASCII (the JDK
     * client sends header values as ISO-8859-1, so other names are left out; the header is optional and servers
     * ignore it, MC-BUP &lt;11&gt;).
     */
    private static Optional<String> contentNameOf(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String s = name.toString();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7E) {
                return Optional.empty();
            }
        }
        // the protocol module owns the rule (length, forbidden characters, no outer spaces)
        return BitsHeaders.isValidContentName(s) ? Optional.of(s) : Optional.empty();
    }

    /** Describes an {@link UploadJob}; obtained from {@link BitsClient#newJob(Path, URI)}. */
    public static final class Builder {
        private final BitsClient client;
        private final Path file;
        private final URI target;
        private Path replyFile;
        private boolean replyInMemory;
        private Path stateFile;
        private ProgressListener listener = ProgressListener.NONE;
        private boolean cancelOnFailure = true;

        Builder(BitsClient client, Path file, URI target) {
            this.client = client;
            this.file = Objects.requireNonNull(file, "file");
            this.target = Urls.requireHttp(target);
        }

        /**
         * Makes this an upload-reply job (MC-BUP §1.3.3, §4.2): the reply is written to {@code replyFile}.
         *
         * @param replyFile where to write the reply
         * @return this builder
         * @throws NullPointerException if replyFile is null
         */
        public Builder replyTo(Path replyFile) {
            this.replyFile = Objects.requireNonNull(replyFile, "replyFile");
            this.replyInMemory = false;
            return this;
        }

        /**
         * Makes this an upload-reply job whose reply is returned in {@link UploadResult#replyData()}, as
         * {@code GetReplyData} does on Windows; a reply larger than 1 MiB fails the job with BG_E_TOO_LARGE after
         * the upload completed (MC-BUP §3.1.2), so use {@link #replyTo(Path)} for large replies.
         *
         * @return this builder
         */
        public Builder replyInMemory() {
            this.replyFile = null;
            this.replyInMemory = true;
            return this;
        }

        /**
         * Persists the job's session in {@code stateFile} so that a later job with the same file, URL and state
         * file resumes the session instead of starting over (as Windows BITS does across reboots, MC-BUP §3.1.5.1.4).
         * The file is deleted when the job completes, fails fatally or is cancelled; when the job gives up after
         * transient errors or is interrupted, the file and the session on the server are kept.
         *
         * @param stateFile the state file
         * @return this builder
         * @throws NullPointerException if stateFile is null
         */
        public Builder stateFile(Path stateFile) {
            this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if listener is null
         */
        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets whether the job sends Cancel-Session when it fails fatally or gives up after transient errors
         * (default true): one attempt, bounded to a few seconds, whose outcome does not change the failure reported.
         * Servers such as gobits and bad2beef never expire sessions, so an abandoned one would stay forever. A job
         * with a {@link #stateFile(Path) state file} keeps the session when it gives up, for a later run to resume.
         *
         * @param cancel whether to cancel the session after a failure
         * @return this builder
         */
        public Builder cancelSessionOnFailure(boolean cancel) {
            this.cancelOnFailure = cancel;
            return this;
        }

        /** {@return the job, not yet running} */
        public UploadJob build() {
            return new UploadJob(client, new Spec(file, target, Optional.ofNullable(replyFile), replyInMemory,
                    Optional.ofNullable(stateFile), listener, contentNameOf(file), cancelOnFailure));
        }
    }
}
