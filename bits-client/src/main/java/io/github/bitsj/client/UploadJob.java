// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.internal.Ascii;
import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.ProtocolError;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upload (or upload-reply) job: the MC-BUP client state machine of digest §1.7, run by {@link #run()} on the
 * calling thread, and cancellable from any other thread with {@link #cancel()}.
 *
 * <p>What it does, in the words of the digest:
 * <ul>
 *   <li>Ping before the first Create-Session, after a {@code BITS-Host-Id} and whenever it resumes after an error
 *       (§2.1, §10 Q26); Create-Session offering {@link ProtocolId#BITS_1_5_UPLOAD};</li>
 *   <li>each Fragment read from the file at the server-given offset with an exact {@code Content-Length} (§2.3);
 *       on 200 or 416 it continues from {@code BITS-Received-Content-Range}, backwards or forwards (§7.3);</li>
 *   <li>{@code BG_E_SESSION_NOT_FOUND} starts a new session from byte 0 (§1.5 case 2); 413 halves the fragment,
 *       never below 5 KiB (§5.2);</li>
 *   <li>{@code BITS-Host-Id} sends every later packet to that host (scheme, port, path and query kept), and the
 *       fallback timer sends them back to the original host once the node has failed for
 *       {@code BITS-Host-Id-Fallback-Timeout} seconds (§8);</li>
 *   <li>upload-reply: the {@code BITS-Reply-URL} of the final Ack is downloaded with ranged GETs that resume and send
 *       {@code If-Unmodified-Since}, then Close-Session (§6.5.6);</li>
 *   <li>every failure is transient or fatal (§5.2); transient ones are retried after the policy's delay until no
 *       byte has been acknowledged for the no-progress timeout; Close- and Cancel-Session are re-sent on 5xx unless
 *       the session is gone (§2.4, §2.5);</li>
 *   <li>a file whose size or modification time changes fails the job with BG_E_LOCAL_FILE_CHANGED (§7.6).</li>
 * </ul>
 *
 * <p>A job runs once.
 */
public final class UploadJob {

    /** Consecutive Fragment Acks that do not move past the fragment's start before BG_E_NO_PROGRESS (§5.2). */
    static final int MAX_STALLED_ACKS = 8;
    /** Session restarts in a row without progress before a restart counts as a transient error. */
    static final int MAX_QUICK_RESTARTS = 3;
    /** Cancel-Session is re-sent for at most this long (digest §1.6). */
    static final Duration MAX_CANCEL_RETRY = Duration.ofHours(24);
    /** The largest reply kept in memory, as {@code GetReplyData} does (digest §5.5): 1 MiB. */
    static final long MAX_REPLY_DATA = 1024 * 1024;

    private enum State { PING, CREATE_SESSION, FRAGMENT, GET_REPLY, CLOSE_SESSION, DONE }

    private final BitsClient client;
    private final Path file;
    private final URI origin;
    private Path replyFile;                // a temporary file for an in-memory reply
    private final boolean replyInMemory;
    private final Path stateFile;
    private final ProgressListener listener;
    private final System.Logger log;
    private final Optional<String> contentName;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final CountDownLatch cancelLatch = new CountDownLatch(1);
    private volatile CompletableFuture<?> inFlight;
    private volatile SessionId currentSession;

    // ---- machine state (confined to the running thread)
    private State state = State.PING;
    private URI current;
    private SessionId session;
    private String hostId;
    private long fallbackNanos = -1;       // -1: never fall back
    private long fallbackStart = -1;       // clock nanos when the timer started, -1 when stopped
    private long offset;                   // next byte to send = last acknowledged offset
    private long total;
    private String replyUrl;
    private boolean replyStarted;
    private long replyHave;
    private String replyLastModified;
    private long replyBytes;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer spare;              // the prefetched next fragment, or null for a one-fragment file
    private long spareOffset = -1;
    private int spareLen;
    private FragmentSizer sizer;
    private long bytesSent;
    private long startNanos;
    private long runStartOffset;
    private long lastProgressNanos;
    private long lastPersistNanos;
    private int attempt;
    private int stalls;
    private int quickRestarts;
    private int fragments;
    private int sessions;
    private int retries;
    private boolean auth;                  // send the configured credentials preemptively (after a challenge)
    private boolean cancelHandled;

    private UploadJob(Builder b) {
        this.client = b.client;
        this.file = b.file;
        this.origin = b.target;
        this.replyFile = b.replyFile;
        this.replyInMemory = b.replyInMemory;
        this.stateFile = b.stateFile;
        this.listener = b.listener;
        this.log = client.logger;
        this.current = origin;
        this.contentName = contentNameOf(file);
    }

    /**
     * Requests cancellation: an exchange in flight is aborted, the running {@link #run()} sends Cancel-Session
     * (re-sent on 5xx, digest §2.5) and then throws {@link CancellationException}. Safe to call from any thread, any
     * number of times; a job cancelled before it runs never touches the network.
     */
    public void cancel() {
        if (cancelRequested.compareAndSet(false, true)) {
            cancelLatch.countDown();
            CompletableFuture<?> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    /** {@return true once {@link #cancel()} has been called} */
    public boolean isCancelled() {
        return cancelRequested.get();
    }

    /** {@return the session the job is using now, if it has one} */
    public Optional<String> sessionId() {
        SessionId s = currentSession;
        return s == null ? Optional.empty() : Optional.of(s.value());
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
        if (cancelRequested.get()) {
            throw new CancellationException("cancelled before it started");
        }
        try (SourceFile src = SourceFile.open(file)) {
            if (replyInMemory) {
                replyFile = Files.createTempFile("bitsj-reply", ".bin");
            }
            UploadResult r = execute(src);
            return replyInMemory ? inMemory(r) : r;
        } catch (InterruptedException e) {
            try {
                persist(true);   // paused, not cancelled: a later run may resume the session
            } catch (IOException ignored) {
                // the interrupt is what the caller needs to see
            }
            throw e;
        } finally {
            if (replyInMemory && replyFile != null) {
                Files.deleteIfExists(replyFile);
            }
        }
    }

    private UploadResult inMemory(UploadResult r) throws IOException {
        if (r.replyBytes() > MAX_REPLY_DATA) {
            // GetReplyData's rule (digest §5.5): larger replies belong in a file
            throw new BitsClientException("the upload completed, but the reply (" + r.replyBytes()
                    + " bytes) exceeds the in-memory limit of 1 MiB; use replyTo(Path)", 0,
                    Optional.of(HResult.BG_E_TOO_LARGE), Optional.of(ErrorContext.LOCAL_FILE), Optional.empty(),
                    Optional.empty(), false, null);
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(replyFile)).asReadOnlyBuffer();
        return new UploadResult(r.bytes(), r.sessionId(), r.target(), Optional.empty(), r.replyBytes(),
                Optional.of(data), r.elapsed(), r.fragments(), r.sessions(), r.retries());
    }

    private long now() {
        java.time.Instant i = client.clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private UploadResult execute(SourceFile src) throws IOException, InterruptedException {
        total = src.size();
        sizer = new FragmentSizer(client.fragmentPolicy);
        startNanos = now();
        lastProgressNanos = startNanos;
        resumeFromStateFile(src);
        runStartOffset = offset;
        log.log(Level.DEBUG, () -> "event=job_started bytes=" + total + " resume=" + (session != null));
        while (state != State.DONE) {
            checkCancelled();
            State failedIn = state;
            try {
                step(src);
            } catch (BitsClientException e) {
                onFailure(e, failedIn);
            } catch (CancellationException e) {
                checkCancelled();
                throw e;
            } catch (IOException e) {
                if (e instanceof LocalIOException local) {
                    throw local.io;   // a local file cannot be written: not the server's fault, no retry
                }
                onFailure(transport(e, failedIn), failedIn);
            }
        }
        deleteStateFile();
        Duration elapsed = Duration.ofNanos(now() - startNanos);
        log.log(Level.DEBUG, () -> "event=job_completed bytes=" + total + " millis=" + elapsed.toMillis()
                + " fragments=" + fragments + " sessions=" + sessions + " retries=" + retries);
        return new UploadResult(total, session.value(), current, Optional.ofNullable(replyFile), replyBytes,
                Optional.empty(), elapsed, fragments, sessions, retries);
    }

    // ------------------------------------------------------------------------------------------------ the machine

    private void step(SourceFile src) throws IOException, InterruptedException {
        switch (state) {
            case PING -> {
                Response r = exchange(new Ping(), null);
                if (r instanceof ErrorAck e) {
                    throw failure(e, "Ping");
                }
                state = session == null ? State.CREATE_SESSION : State.FRAGMENT;
            }
            case CREATE_SESSION -> createSession();
            case FRAGMENT -> fragment(src);
            case GET_REPLY -> {
                downloadReply();
                state = State.CLOSE_SESSION;
            }
            case CLOSE_SESSION -> {
                Response r = exchange(new CloseSession(session, contentName()), null);
                if (r instanceof ErrorAck e) {
                    if (e.isSessionNotFound()) {
                        // digest §10 Q25: the final Ack had R = total, so the upload is done; the server forgot it.
                        log.log(Level.DEBUG, "event=close_session_not_found");
                    } else if (e.status() >= 500) {
                        throw failure(e, "Close-Session", true);   // digest §2.4: resend on 5xx
                    } else {
                        throw failure(e, "Close-Session", false);  // never resend on 1xx-4xx
                    }
                }
                log.log(Level.DEBUG, () -> "event=session_closed session=" + session.value());
                state = State.DONE;
            }
            case DONE -> throw new AssertionError();
        }
    }

    private void createSession() throws IOException, InterruptedException {
        Response r = exchange(new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), contentName()), null);
        if (r instanceof ErrorAck e) {
            throw failure(e, "Create-Session");
        }
        CreateSessionAck ack = (CreateSessionAck) r;
        session = ack.sessionId();
        currentSession = session;
        sessions++;
        offset = 0;
        log.log(Level.DEBUG, () -> "event=session_created session=" + ack.sessionId().value()
                + " host_id=" + ack.hostId().isPresent());
        if (ack.hostId().isPresent()) {
            String h = ack.hostId().get();
            URI rewritten;
            try {
                rewritten = Urls.withHost(origin, h);
            } catch (IllegalArgumentException ex) {
                throw invalid(ProtocolError.Kind.MALFORMED_HEADER, "BITS-Host-Id is not a usable host", null);
            }
            hostId = h;
            current = rewritten;
            fallbackNanos = ack.hostIdFallbackTimeout().isPresent()
                    && ack.hostIdFallbackTimeout().getAsLong() < CreateSessionAck.MAX_FALLBACK_TIMEOUT
                    ? TimeUnit.SECONDS.toNanos(ack.hostIdFallbackTimeout().getAsLong()) : -1;
            fallbackStart = -1;
            state = State.PING;   // digest §8 step 3: Ping the node before the first Fragment
        } else {
            state = State.FRAGMENT;
        }
        persist(true);
    }

    private void fragment(SourceFile src) throws IOException, InterruptedException {
        src.checkUnchanged();
        long first = offset;
        int len = sizer.next(total - first);
        ContentRange range = total == 0 ? ContentRange.EMPTY_FILE : ContentRange.ofLength(first, len, total);
        if (buffer.capacity() < len) {
            // Direct buffers as large as the largest fragment the job can send: growing them step by step would
            // leave the old ones to the GC's cleaner and briefly double the direct memory.
            int cap = (int) Math.max(len, Math.min(client.fragmentPolicy.maxSize(), total));
            buffer = null;
            spare = null;
            buffer = allocate(cap, true);
            spare = cap < total ? allocate(cap, false) : null;   // no prefetch when direct memory is short
            spareOffset = -1;
        }
        if (spare != null && spareOffset == first && spareLen >= len) {
            ByteBuffer t = buffer;   // the previous exchange prefetched this fragment
            buffer = spare;
            spare = t;
            buffer.clear().limit(len);
        } else {
            buffer.clear().limit(len);
            src.read(first, buffer);
            buffer.flip();
        }
        spareOffset = -1;
        Fragment f = new Fragment(session, range, contentName(), Optional.empty());
        long t0 = System.nanoTime();
        Response r;
        try {
            fragments++;
            bytesSent += len;
            CompletableFuture<HttpResponse<Void>> pending = Exchanges.start(client, current, f, buffer, auth);
            prefetch(src, first + len, len);
            r = Exchanges.decode(f, challenged(await(pending, this), f, buffer));
        } catch (IOException | RuntimeException e) {
            // The failed exchange may still hold the buffer; never refill it under the JDK's feet.
            buffer = allocate(buffer.capacity(), true);
            sizer.onError();
            throw e;
        }
        long nanos = System.nanoTime() - t0;
        if (r instanceof ErrorAck e) {
            if (e.isSessionNotFound()) {
                restartSession();
                return;
            }
            if (e.status() == 413) {
                if (!sizer.onTooLarge(len)) {
                    throw failure(e, "Fragment (413 at the 5 KiB floor)", false);
                }
                log.log(Level.DEBUG, () -> "event=fragment_too_large bytes=" + len + " next=" + sizer.current());
                return;
            }
            sizer.onError();
            throw failure(e, "Fragment");
        }
        FragmentAck ack = (FragmentAck) r;
        fallbackStart = -1;   // digest §8 step 4: a successful Fragment Ack resets the fallback timer
        long received = ack.receivedOffset();
        if (received == first + len && ack.status() == 200) {
            sizer.onAck(len, nanos);
        } else {
            log.log(Level.DEBUG, () -> "event=fragment_resync status=" + ack.status() + " sent=" + first
                    + " expected=" + (first + len) + " received=" + received);
        }
        if (received > first || (total == 0 && received == 0)) {
            stalls = 0;
            attempt = 0;
            quickRestarts = 0;
            lastProgressNanos = now();
        } else if (++stalls >= MAX_STALLED_ACKS) {
            stalls = 0;
            throw new BitsClientException("the server's acknowledged offset does not advance", ack.status(),
                    Optional.of(HResult.BG_E_NO_PROGRESS), Optional.empty(), Optional.empty(),
                    Optional.of(f.type()), true, null);
        }
        offset = received;
        listener.onProgress(progress());
        if (offset == total) {
            replyUrl = ack.replyUrl().orElse(null);
            state = replyFile != null ? State.GET_REPLY : State.CLOSE_SESSION;   // plain upload: ignore the URL
            persist(true);
        } else {
            persist(false);
        }
    }

    /**
     * A direct buffer (the socket writes it without a copy), or, when {@code -XX:MaxDirectMemorySize} (by default the
     * heap size) leaves no room, a heap buffer if {@code required}, else null.
     */
    private static ByteBuffer allocate(int capacity, boolean required) {
        try {
            return ByteBuffer.allocateDirect(capacity);
        } catch (OutOfMemoryError e) {   // "Cannot reserve … bytes of direct buffer memory": recoverable
            return required ? ByteBuffer.allocate(capacity) : null;
        }
    }

    /**
     * While a fragment travels, reads the one most likely to follow (it starts where this one ends, and an adaptive
     * policy at most doubles the size), so the next request need not wait for the disk. A resync or a failure simply
     * discards it.
     */
    private void prefetch(SourceFile src, long next, int len) {
        if (spare == null || next >= total) {
            return;
        }
        int n = (int) Math.min(Math.min(spare.capacity(), 2L * len), total - next);
        try {
            spare.clear().limit(n);
            src.read(next, spare);
            spare.flip();
            spareOffset = next;
            spareLen = n;
        } catch (IOException e) {
            spareOffset = -1;   // the real read reports it
        }
    }

    private void restartSession() throws BitsClientException {
        log.log(Level.DEBUG, () -> "event=session_lost session=" + session.value() + " offset=" + offset);
        session = null;
        currentSession = null;
        offset = 0;
        state = State.CREATE_SESSION;
        if (++quickRestarts > MAX_QUICK_RESTARTS) {
            quickRestarts = 0;
            throw new BitsClientException("the server keeps losing the session", 500,
                    Optional.of(HResult.BG_E_SESSION_NOT_FOUND), Optional.of(ErrorContext.REMOTE_FILE),
                    Optional.empty(), Optional.empty(), true, null);
        }
    }

    private Progress progress() {
        long elapsed = Math.max(1, now() - startNanos);
        double rate = (offset - runStartOffset) * 1e9 / elapsed;
        return new Progress(total, bytesSent, offset, Math.max(0, rate), Duration.ofNanos(elapsed), sizer.current());
    }

    private Optional<String> contentName() {
        return contentName;
    }

    /**
     * {@code Content-Name}: the local file name (digest §2.2), sent when it is a legal value in plain ASCII (the JDK
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

    // ------------------------------------------------------------------------------------------------ failures

    private void onFailure(BitsClientException f, State failedIn) throws IOException, InterruptedException {
        if (!f.isTransient()) {
            deleteStateFile();
            log.log(Level.WARNING, () -> "event=job_failed status=" + f.status() + " error=" + f.errorCode()
                    .map(HResult::wire).orElse("none") + " transient=false");
            throw f;
        }
        long now = now();
        if (hostId != null && fallbackStart < 0) {
            fallbackStart = now;   // digest §8 step 4
        }
        attempt++;
        Duration noProgress = client.retryPolicy.noProgressTimeout();
        long idle = now - lastProgressNanos;
        if (noProgress.isZero() || idle >= noProgress.toNanos()) {
            persist(true);   // keep the session for a later run (digest §1.5)
            log.log(Level.WARNING, () -> "event=job_failed status=" + f.status() + " error=" + f.errorCode()
                    .map(HResult::wire).orElse("none") + " transient=true");
            throw f.asGivenUp();
        }
        Duration delay = client.retryPolicy.delay(attempt);
        Duration left = noProgress.minusNanos(idle);
        if (delay.compareTo(left) > 0) {
            delay = left;
        }
        retries++;
        Duration d = delay;
        log.log(Level.DEBUG, () -> "event=transient_error status=" + f.status() + " error=" + f.errorCode()
                .map(HResult::wire).orElse("none") + " retry_millis=" + d.toMillis());
        listener.onRetry(f, delay);
        if (cancelLatch.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
            return;   // the loop sees the cancel
        }
        if (hostId != null && fallbackStart >= 0 && fallbackNanos >= 0 && now() - fallbackStart >= fallbackNanos) {
            log.log(Level.DEBUG, "event=host_fallback");
            hostId = null;
            current = origin;
            fallbackStart = -1;
            fallbackNanos = -1;
            persist(true);
        }
        state = switch (failedIn) {
            case CLOSE_SESSION, GET_REPLY -> failedIn;
            default -> State.PING;   // digest §1.5: resume with a Ping, then the fragment at the believed offset
        };
    }

    private BitsClientException failure(ErrorAck e, String what) {
        return failure(e, what, Classifier.isTransient(e.status(), e.errorCode()));
    }

    private BitsClientException failure(ErrorAck e, String what, boolean isTransient) {
        StringBuilder m = new StringBuilder(what).append(" failed: HTTP ").append(e.status());
        if (e.errorCode().isPresent()) {
            m.append(", BITS-Error-Code ").append(e.errorCode().get());
        } else {
            m.append(" (").append(HResult.ofHttpStatus(e.status())).append(')');   // as Windows reports it
        }
        e.context().ifPresent(c -> m.append(", context ").append(c.wire()).append(' ').append(c.name()));
        return new BitsClientException(m.toString(), e.status(), e.errorCode(), e.context(), Optional.empty(),
                Optional.of(packetOf(what)), isTransient, null);
    }

    private io.github.bitsj.protocol.PacketType packetOf(String what) {
        for (io.github.bitsj.protocol.PacketType t : io.github.bitsj.protocol.PacketType.values()) {
            if (what.startsWith(t.wireName())) {
                return t;
            }
        }
        return io.github.bitsj.protocol.PacketType.FRAGMENT;
    }

    private static BitsClientException invalid(ProtocolError.Kind kind, String detail, Integer status) {
        return new BitsClientException("invalid server response: " + detail, status == null ? 0 : status,
                Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), Optional.empty(), Optional.of(kind),
                Optional.empty(), true, null);
    }

    private BitsClientException transport(IOException e, State in) {
        if (e.getMessage() != null && e.getMessage().startsWith("too many authentication attempts")) {
            // the JDK gave up answering challenges with the configured Authenticator: credentials rejected
            return new BitsClientException("credentials rejected in " + in + ": HTTP 401", 401,
                    Optional.of(HResult.ofHttpStatus(401)), Optional.empty(), Optional.empty(), Optional.empty(),
                    false, e);
        }
        String msg = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getClass().getSimpleName() + ": " + t.getMessage();
                break;
            }
        }
        // A certificate the client does not trust will not become trusted by retrying: fatal, as on Windows.
        boolean certificate = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            certificate |= t instanceof java.security.GeneralSecurityException   // certificate, path, trust anchors
                    || t instanceof javax.net.ssl.SSLPeerUnverifiedException;
        }
        return new BitsClientException((certificate ? "TLS certificate not trusted in " : "transport failure in ")
                + in + " with " + current.getRawAuthority() + ": " + Urls.escape(msg),
                BitsClientException.NO_STATUS, Optional.empty(), Optional.of(ErrorContext.GENERAL_TRANSPORT),
                Optional.empty(), Optional.empty(), !certificate, e);
    }

    private void checkCancelled() throws IOException, InterruptedException {
        if (!cancelRequested.get()) {
            return;
        }
        if (cancelHandled) {
            throw new CancellationException("upload cancelled");
        }
        cancelHandled = true;   // one Cancel-Session (with its own resends), however the cancel surfaces
        Thread.interrupted();   // a cancelled exchange may leave the flag; the cancel itself must still go out
        SessionId s = session;
        if (s != null) {
            try {
                Exchanges.cancelSession(client, current, s.value());
            } finally {
                deleteStateFile();
            }
        } else {
            deleteStateFile();
        }
        log.log(Level.DEBUG, "event=job_cancelled");
        throw new CancellationException("upload cancelled");
    }

    // ------------------------------------------------------------------------------------------------ transport

    private Response exchange(Request request, ByteBuffer body) throws IOException, InterruptedException {
        return Exchanges.decode(request,
                challenged(await(Exchanges.start(client, current, request, body, auth), this), request, body));
    }

    /**
     * digest §1.7 ERROR / §9: on a 401 Basic challenge, supply the configured credentials once and resend; if they
     * were already supplied, the 401 stands (a fatal 4xx). Later requests of the job send them preemptively.
     */
    private HttpResponse<Void> challenged(HttpResponse<Void> resp, Request request, ByteBuffer body)
            throws IOException, InterruptedException {
        if (resp.statusCode() != 401 || auth || !Exchanges.basicChallenge(client, resp)) {
            return resp;
        }
        auth = true;
        return await(Exchanges.start(client, current, request, body, true), this);
    }

    /** Waits for an exchange that {@link #cancel()} can abort. */
    private static <T> T await(CompletableFuture<T> f, UploadJob job) throws IOException, InterruptedException {
        job.inFlight = f;
        if (job.cancelRequested.get()) {
            f.cancel(true);
        }
        try {
            return Exchanges.await(f);
        } finally {
            job.inFlight = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ reply

    /** An I/O failure on the local reply file, which retrying will not cure. */
    private static final class LocalIOException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient IOException io;

        LocalIOException(IOException io) {
            super(io);
            this.io = io;
        }
    }

    private void downloadReply() throws IOException, InterruptedException {
        if (!replyStarted) {
            replyStarted = true;
            replyHave = 0;
            replyLastModified = null;
            try {
                Files.newByteChannel(replyFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING).close();
            } catch (IOException e) {
                throw new LocalIOException(e);
            }
        }
        if (replyUrl == null) {
            // digest §10 Q10: no reply URL means an empty reply.
            replyBytes = 0;
            return;
        }
        URI uri;
        try {
            uri = Urls.resolveReply(origin, replyUrl);
        } catch (IllegalArgumentException e) {
            throw invalid(ProtocolError.Kind.MALFORMED_HEADER, "BITS-Reply-URL cannot be resolved", null);
        }
        int restarts = 0;
        while (true) {
            checkCancelled();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(client.requestTimeout)
                    .header("User-Agent", client.userAgent)
                    .header("Accept-Encoding", "identity")
                    .header("Range", "bytes=" + replyHave + "-");
            for (HeaderField h : client.headers) {
                b.header(h.name(), h.value());
            }
            if (auth && client.basicAuthorization != null) {
                b.header("Authorization", client.basicAuthorization);   // the same job, the same credentials (§9)
            }
            if (replyHave > 0 && replyLastModified != null) {
                b.header("If-Unmodified-Since", replyLastModified);
            }
            HttpResponse<InputStream> resp = await(
                    client.http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()), this);
            try (InputStream in = resp.body()) {
                int status = resp.statusCode();
                resp.headers().firstValue("Last-Modified").ifPresent(v -> replyLastModified = v);
                if (status == 412 && restarts++ < 3) {
                    // the reply changed since the first block: start over
                    replyHave = 0;
                    replyLastModified = null;
                    truncateReply(0);
                    continue;
                }
                if (status == 416) {
                    // nothing more to read: the reply is empty or complete
                    long size = unsatisfiedSize(resp);
                    if (size == replyHave || (replyHave == 0 && size < 0)) {
                        replyBytes = replyHave;
                        return;
                    }
                    throw new BitsClientException("reply download refused the range: HTTP 416", status,
                            Optional.of(HResult.BG_E_INSUFFICIENT_RANGE_SUPPORT), Optional.empty(), Optional.empty(),
                            Optional.empty(), true, null);
                }
                long expectTotal;
                if (status == 206) {
                    Optional<String> cr = resp.headers().firstValue("Content-Range");
                    Decoded<ContentRange> range = cr.map(ContentRange::parse).orElse(null);
                    if (!(range instanceof Decoded.Ok<ContentRange> ok) || ok.value().first() != replyHave) {
                        throw invalid(ProtocolError.Kind.MALFORMED_HEADER,
                                "reply 206 without a matching Content-Range", 206);
                    }
                    expectTotal = ok.value().total();
                } else if (status == 200) {
                    if (replyHave != 0) {
                        replyHave = 0;
                        truncateReply(0);
                    }
                    expectTotal = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                } else {
                    StringBuilder m = new StringBuilder("reply download failed: HTTP ").append(status);
                    throw new BitsClientException(m.toString(), status, Optional.of(HResult.ofHttpStatus(status)),
                            Optional.empty(), Optional.empty(), Optional.empty(),
                            Classifier.isTransient(status, Optional.empty()), null);
                }
                copy(in);
                lastProgressNanos = now();
                attempt = 0;
                if (status == 200 || replyHave >= expectTotal) {
                    if (expectTotal >= 0 && replyHave != expectTotal) {
                        throw invalid(ProtocolError.Kind.INVALID_SERVER_RESPONSE, "reply body shorter than announced",
                                status);
                    }
                    replyBytes = replyHave;
                    log.log(Level.DEBUG, () -> "event=reply_downloaded bytes=" + replyBytes);
                    return;
                }
            }
        }
    }

    private static long unsatisfiedSize(HttpResponse<?> resp) {
        String v = resp.headers().firstValue("Content-Range").orElse("");
        int slash = v.lastIndexOf('/');
        return slash < 0 ? -1 : Ascii.parseDecimal(v, slash + 1, v.length()); // -1 (Ascii.INVALID) if not digits
    }

    private void copy(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (FileChannel out = openReply()) {
            while (true) {
                int n = in.read(chunk);   // a transport failure here is transient; keep what was written
                if (n < 0) {
                    return;
                }
                ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n);
                try {
                    while (bb.hasRemaining()) {
                        out.write(bb, replyHave + bb.position());
                    }
                } catch (IOException e) {
                    throw new LocalIOException(e);
                }
                replyHave += n;
            }
        }
    }

    private FileChannel openReply() throws LocalIOException {
        try {
            return FileChannel.open(replyFile, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new LocalIOException(e);
        }
    }

    private void truncateReply(long size) throws LocalIOException {
        try (FileChannel ch = openReply()) {
            ch.truncate(size);
        } catch (LocalIOException e) {
            throw e;
        } catch (IOException e) {
            throw new LocalIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ persistence

    private void resumeFromStateFile(SourceFile src) {
        if (stateFile == null) {
            return;
        }
        Optional<JobStateFile> saved = JobStateFile.read(stateFile);
        if (saved.isEmpty()) {
            return;
        }
        JobStateFile s = saved.get();
        boolean same = s.origin().equals(origin) && s.file().equals(file.toAbsolutePath().toString())
                && s.size() == src.size() && s.modified().equals(src.modified().toString())
                && s.acknowledged() >= 0 && s.acknowledged() <= src.size();
        if (!same || !(SessionId.parse(s.sessionId()) instanceof Decoded.Ok<SessionId> ok)) {
            log.log(Level.DEBUG, "event=state_file_ignored");
            return;
        }
        session = ok.value();
        currentSession = session;
        offset = s.acknowledged();
        if (!s.hostId().isEmpty()) {
            try {
                current = Urls.withHost(origin, s.hostId());
                hostId = s.hostId();
                fallbackNanos = s.fallbackSeconds() < 0 ? -1 : TimeUnit.SECONDS.toNanos(s.fallbackSeconds());
            } catch (IllegalArgumentException e) {
                current = origin;
            }
        }
        state = State.PING;   // digest §1.5: resume = Ping, then the fragment at the believed offset
        log.log(Level.DEBUG, () -> "event=job_resumed session=" + session.value() + " offset=" + offset);
    }

    private void persist(boolean force) throws IOException {
        if (stateFile == null || session == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastPersistNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastPersistNanos = now;
        try {
            new JobStateFile(origin, file.toAbsolutePath().toString(), total,
                    Files.getLastModifiedTime(file).toString(), session.value(), hostId == null ? "" : hostId,
                    fallbackNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toSeconds(fallbackNanos), offset).write(stateFile);
        } catch (IOException e) {
            throw new LocalIOException(e);
        }
    }

    private void deleteStateFile() {
        if (stateFile != null) {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException e) {
                log.log(Level.WARNING, "event=state_file_not_deleted");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Describes an {@link UploadJob}; obtained from {@link BitsClient#newJob(Path, URI)}. */
    public static final class Builder {
        private final BitsClient client;
        private final Path file;
        private final URI target;
        private Path replyFile;
        private boolean replyInMemory;
        private Path stateFile;
        private ProgressListener listener = ProgressListener.NONE;

        Builder(BitsClient client, Path file, URI target) {
            this.client = client;
            this.file = Objects.requireNonNull(file, "file");
            this.target = Urls.requireHttp(target);
        }

        /**
         * Makes this an upload-reply job (digest §1.4): the reply is written to {@code replyFile}.
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
         * the upload completed (digest §5.5), so use {@link #replyTo(Path)} for large replies.
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
         * file resumes the session instead of starting over (as Windows BITS does across reboots, digest §1.5).
         * The file is deleted when the job completes, fails fatally or is cancelled.
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

        /** {@return the job, not yet running} */
        public UploadJob build() {
            return new UploadJob(this);
        }
    }
}
