// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.ClientFailure;
import io.github.bitsj.protocol.ClientReaction;
import io.github.bitsj.protocol.ClientReactions;
import io.github.bitsj.protocol.ClientState;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.ExchangeOutcome;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.JobView;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.ProtocolError;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The MC-BUP client state machine of one job (MC-BUP §3.1.1.2), run on the job's thread: each step sends one packet (or
 * downloads the reply), asks {@link ClientReactions} what to do about the answer, and carries the reaction out. It
 * decides nothing about the protocol itself; it keeps the job's state data, the fragment buffers, the host route, the
 * retry loop and the persisted state in step with the reactions. Used once, by {@link UploadJob#run()}.
 */
final class JobMachine {
    private final BitsClient client;
    private final Transport transport;
    private final UploadJob.Spec spec;
    private final JobControl control;
    private final System.Logger log;
    private final HostRoute route;
    private final JobPersistence persistence;
    private final RetryLoop retry;
    private final FragmentSizer sizer;

    private ClientState state = ClientState.START;
    private SessionId session;
    private long total;
    private long offset;                   // next byte to send = last acknowledged offset
    private boolean uploadComplete;        // a Fragment Ack said R = total
    private boolean emptyAsFragment;       // D9: the empty file after Create+Close said "no file"
    private Optional<String> replyUrl = Optional.empty();
    private long replyBytes;
    private boolean credentialsSent;       // after a challenge, with every request (MC-BUP §3.1.1.2 ERROR)
    private int stalls;
    private int quickRestarts;
    private int lastLength;                // the last fragment's length and Ack time, for the sizer
    private long lastNanos;
    private Throwable lastCause;           // the exception behind the last transport failure
    private long startNanos;
    private long runStartOffset;
    private long bytesSent;
    private int fragments;
    private int sessions;
    private int retries;

    JobMachine(BitsClient client, UploadJob.Spec spec, JobControl control) {
        this.client = client;
        this.transport = client.transport;
        this.spec = spec;
        this.control = control;
        this.log = client.logger;
        this.route = new HostRoute(spec.origin());
        this.persistence = new JobPersistence(spec.stateFile(), spec.origin(), spec.file(), log);
        this.retry = new RetryLoop(client.retryPolicy, client.clock, client.retryPolicy.noProgressTimeout());
        this.sizer = new FragmentSizer(client.fragmentPolicy);
    }

    UploadResult run() throws IOException, InterruptedException {
        try (SourceFile src = SourceFile.open(spec.file())) {
            Path replyFile = spec.replyInMemory() ? Files.createTempFile("bitsj-reply", ".bin")
                    : spec.replyFile().orElse(null);
            try {
                UploadResult r = execute(src, replyFile);
                return spec.replyInMemory() ? ReplyDownload.inMemory(r, replyFile) : r;
            } catch (InterruptedException e) {
                persistence.paused(src, session, route, offset);   // a later run may resume
                throw e;
            } finally {
                if (spec.replyInMemory()) {
                    Files.deleteIfExists(replyFile);
                }
            }
        }
    }

    private UploadResult execute(SourceFile src, Path replyFile) throws IOException, InterruptedException {
        total = src.size();
        FragmentBuffers buffers = new FragmentBuffers(src, client.fragmentPolicy.maxSize());
        ReplyDownload reply = replyFile == null ? null
                : new ReplyDownload(transport, route.origin(), replyFile, control, retry::progressed, log);
        startNanos = retry.now();
        resume(src);
        runStartOffset = offset;
        log.log(Level.DEBUG, () -> "event=job_started bytes=" + total + " resume=" + (session != null));
        while (true) {
            if (control.isCancelled()) {   // Cancel-Session, with its own resends (MC-BUP §2.2.10)
                throw SessionCanceller.cancelled(client, log, route.current(), session, credentialsSent, persistence);
            }
            ClientReaction r = switch (state) {
                case PING -> exchange(new Ping(), null);
                case CREATE_SESSION -> createSession(src);
                case FRAGMENT -> fragment(src, buffers);
                case GET_REPLY -> download(reply);
                case COMPLETE -> exchange(new CloseSession(session, spec.contentName()), null);
                case CANCEL -> throw new IllegalStateException("Cancel-Session is sent by SessionCanceller");
            };
            if (control.isCancelled()) {
                continue;   // whatever came back, the cancel goes first
            }
            if (r instanceof ClientReaction.Done done) {
                if (done.sessionWasGone()) {
                    log.log(Level.DEBUG, "event=close_session_not_found");   // decision D25
                }
                log.log(Level.DEBUG, () -> "event=session_closed session=" + session.value());
                break;
            }
            apply(r, src);
        }
        persistence.delete();
        Duration elapsed = Duration.ofNanos(retry.now() - startNanos);
        log.log(Level.DEBUG, () -> "event=job_completed bytes=" + total + " millis=" + elapsed.toMillis()
                + " fragments=" + fragments + " sessions=" + sessions + " retries=" + retries);
        return UploadResult.newBuilder().bytes(total).sessionId(session.value()).target(route.current())
                .replyFile(Optional.ofNullable(spec.replyInMemory() ? null : replyFile)).replyBytes(replyBytes)
                .elapsed(elapsed).counts(fragments, sessions, retries).build();
    }

    // ------------------------------------------------------------------------------------------------ the steps

    /** One exchange and its reaction; a challenge is answered at once with the credentials (MC-BUP §3.1.1.2 ERROR). */
    private ClientReaction exchange(Request request, ByteBuffer body) throws InterruptedException {
        return settle(request, body, transport.exchange(route.current(), request, body, credentialsSent, control));
    }

    private ClientReaction settle(Request request, ByteBuffer body, Transport.Exchanged x)
            throws InterruptedException {
        while (true) {
            lastCause = x.cause().orElse(null);
            ClientReaction r = ClientReactions.react(view(), request, x.outcome());
            if (!(r instanceof ClientReaction.Authenticate)) {
                if (r instanceof ClientReaction.Proceed && x.outcome() instanceof ExchangeOutcome.Answered(
                        CreateSessionAck ack)) {
                    return sessionCreated((CreateSession) request, ack, r);
                }
                return r;
            }
            credentialsSent = true;
            x = transport.exchange(route.current(), request, body, true, control);
        }
    }

    private JobView view() {
        return new JobView(session != null, uploadComplete, spec.wantsReply(), credentialsSent, stalls,
                quickRestarts, total == 0 && !emptyAsFragment);
    }

    private ClientReaction createSession(SourceFile src) throws IOException, InterruptedException {
        // Content-Name goes on Fragment and Close-Session only, as Windows since Vista SP1 sends it (MC-BUP <5>, D7)
        ClientReaction r = exchange(new CreateSession(List.of(ProtocolId.BITS_1_5_UPLOAD), Optional.empty()), null);
        if (r instanceof ClientReaction.Proceed && session != null) {
            persistence.save(src, session, route, offset, true);
        }
        return r;
    }

    /** Stores the new session; a host id moves later packets to that node (SDK: BITS IIS Extension Properties (BITSHostId) steps 1–3). */
    private ClientReaction sessionCreated(CreateSession request, CreateSessionAck ack, ClientReaction proceed) {
        session = ack.sessionId();
        control.session(session);
        sessions++;
        offset = 0;
        uploadComplete = false;
        log.log(Level.DEBUG, () -> "event=session_created session=" + ack.sessionId().value()
                + " host_id=" + ack.hostId().isPresent());
        if (ack.hostId().isPresent() && !route.follow(ack.hostId().get(), ack.hostIdFallbackTimeout())) {
            return ClientReactions.react(view(), request, new ExchangeOutcome.Invalid(ack.status(), new ProtocolError(
                    ProtocolError.Kind.MALFORMED_HEADER, BitsHeaders.HOST_ID, "not a usable host")));
        }
        return proceed;
    }

    private ClientReaction fragment(SourceFile src, FragmentBuffers buffers) throws InterruptedException {
        Optional<ClientFailure> changed = src.changed();
        if (changed.isPresent()) {
            return ClientReactions.afterFailure(changed.get(), ClientState.FRAGMENT);
        }
        long first = offset;
        int len = sizer.next(total - first);
        try {
            if (!buffers.fill(first, len)) {
                return ClientReactions.afterFailure(
                        ClientFailure.localFileChanged("the file became shorter during the upload"),
                        ClientState.FRAGMENT);
            }
        } catch (IOException e) {
            lastCause = e;
            return ClientReactions.afterFailure(ClientFailure.localReadFailed(Transport.message(e)),
                    ClientState.FRAGMENT);
        }
        ContentRange range = total == 0 ? ContentRange.EMPTY_FILE : ContentRange.ofLength(first, len, total);
        Fragment f = new Fragment(session, range, spec.contentName(), Optional.empty());
        fragments++;
        bytesSent += len;
        long t0 = System.nanoTime();
        Transport.Pending pending = transport.send(route.current(), f, buffers.body(), credentialsSent);
        buffers.prefetch(first + len, len);
        Transport.Exchanged x = transport.receive(route.current(), f, pending, control);
        if (x.outcome() instanceof ExchangeOutcome.TransportFailed) {
            buffers.discard();
        }
        ClientReaction r = settle(f, buffers.body(), x);
        lastLength = len;
        lastNanos = System.nanoTime() - t0;
        return r;
    }

    private ClientReaction download(ReplyDownload reply) throws IOException, InterruptedException {
        return switch (reply.run(replyUrl, credentialsSent)) {
            case ReplyDownload.Result.Complete c -> {
                replyBytes = c.bytes();
                yield new ClientReaction.Proceed(ClientState.COMPLETE);
            }
            case ReplyDownload.Result.Failed f -> {
                lastCause = f.cause().orElse(null);
                yield ClientReactions.afterFailure(f.failure(), ClientState.GET_REPLY);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ reactions

    private void apply(ClientReaction reaction, SourceFile src) throws IOException, InterruptedException {
        switch (reaction) {
            case ClientReaction.Proceed p -> state = p.next();
            case ClientReaction.Advance a -> {
                route.acknowledged();
                sizer.onAck(lastLength, lastNanos);
                progressed();
                moveTo(src, a.offset(), a.next(), a.replyUrl());
            }
            case ClientReaction.Resync s -> {
                route.acknowledged();
                log.log(Level.DEBUG, () -> "event=fragment_resync sent=" + offset + " expected=" + (offset + lastLength)
                        + " received=" + s.offset());
                if (s.progressed()) {
                    progressed();
                } else {
                    stalls++;
                }
                moveTo(src, s.offset(), s.next(), s.replyUrl());
            }
            case ClientReaction.EmptyFileAsFragment e -> {
                log.log(Level.DEBUG, "event=empty_file_as_fragment");   // D9: a new session, one empty Fragment
                emptyAsFragment = true;
                forgetSession();
            }
            case ClientReaction.RestartSession rs -> {
                log.log(Level.DEBUG, () -> "event=session_lost session=" + (session == null ? "none" : session.value())
                        + " offset=" + offset);
                forgetSession();
                if (rs.waitFirst().isPresent()) {
                    quickRestarts = 0;
                    waitAndResume(src, rs.waitFirst().get(), ClientState.START);
                } else {
                    quickRestarts++;
                }
            }
            case ClientReaction.ShrinkFragment s -> {
                sizer.limitTo(s.size());
                log.log(Level.DEBUG, () -> "event=fragment_too_large bytes=" + lastLength + " next=" + s.size());
            }
            case ClientReaction.RetryLater r -> {
                if (state == ClientState.FRAGMENT) {
                    sizer.onError();
                }
                if (r.failure().errorCode().equals(Optional.of(HResult.BG_E_NO_PROGRESS))) {
                    stalls = 0;
                }
                waitAndResume(src, r.failure(), ClientState.START);   // MC-BUP §3.1.5.1.4: Ping, then the acked offset
            }
            case ClientReaction.Resend r -> waitAndResume(src, r.failure(), state);
            case ClientReaction.Fail f -> {
                persistence.delete();
                cancelAfterFailure();
                log.log(Level.WARNING, () -> "event=job_failed status=" + f.failure().status() + " error="
                        + f.failure().errorCode().map(HResult::wire).orElse("none") + " transient=false");
                throw BitsClientException.of(f.failure(), lastCause);
            }
            case ClientReaction.Authenticate a -> throw new IllegalStateException("answered in settle()");
            case ClientReaction.Done d -> throw new IllegalStateException("handled by the loop");
        }
    }

    /** The session is gone: Create-Session from byte 0 next. */
    private void forgetSession() {
        session = null;
        control.session(null);
        offset = 0;
        uploadComplete = false;
        state = ClientState.CREATE_SESSION;
    }

    /** After a fatal failure or giving up: Cancel-Session, best effort and bounded (unless the job keeps it). */
    private void cancelAfterFailure() {
        if (session != null && spec.cancelOnFailure()) {
            SessionCanceller.bestEffort(transport, log, route.current(), session, credentialsSent);
        }
    }

    private void moveTo(SourceFile src, long next, ClientState then, Optional<String> reply) throws IOException {
        offset = next;
        Progress p = progress();
        control.progress(p);
        spec.listener().onProgress(p);
        if (then != ClientState.FRAGMENT) {
            uploadComplete = true;
            replyUrl = reply;
            state = then;
            persistence.save(src, session, route, offset, true);
        } else {
            persistence.save(src, session, route, offset, false);
        }
    }

    private void progressed() {
        stalls = 0;
        quickRestarts = 0;
        retry.progressed();
    }

    /**
     * Waits the retry delay after a transient failure, then resumes in {@code resumeAt}; gives up (keeping the
     * session for a later run, MC-BUP §3.1.5.1.4) when the no-progress timeout has run out.
     */
    private void waitAndResume(SourceFile src, ClientFailure failure, ClientState resumeAt)
            throws IOException, InterruptedException {
        route.failed(retry.now());   // SDK: BITS IIS Extension Properties (BITSHostId) step 4: the fallback timer starts
        Optional<Duration> delay = retry.nextDelay();
        BitsClientException reported = BitsClientException.of(failure, lastCause);
        if (delay.isEmpty()) {
            persistence.save(src, session, route, offset, true);
            if (spec.stateFile().isEmpty()) {
                cancelAfterFailure();   // with a state file the session is kept for a later run
            }
            log.log(Level.WARNING, () -> "event=job_failed status=" + failure.status() + " error="
                    + failure.errorCode().map(HResult::wire).orElse("none") + " transient=true");
            throw reported.givenUp();
        }
        Duration d = delay.get();
        retries++;
        log.log(Level.DEBUG, () -> "event=transient_error status=" + failure.status() + " error="
                + failure.errorCode().map(HResult::wire).orElse("none") + " retry_millis=" + d.toMillis());
        spec.listener().onRetry(reported, d);
        if (control.awaitCancel(d)) {
            return;   // the loop sees the cancel
        }
        if (route.fallBackIfExpired(retry.now())) {
            log.log(Level.DEBUG, "event=host_fallback");
            persistence.save(src, session, route, offset, true);
        }
        state = resumeAt;
    }

    private Progress progress() {
        long elapsed = Math.max(1, retry.now() - startNanos);
        double rate = (offset - runStartOffset) * 1e9 / elapsed;
        return new Progress(total, bytesSent, offset, Math.max(0, rate), Duration.ofNanos(elapsed), sizer.current());
    }

    // ------------------------------------------------------------------------------------------------ edges

    private void resume(SourceFile src) {
        persistence.resume(src).ifPresent(saved -> {
            session = saved.session();
            control.session(session);
            offset = saved.acknowledged();
            if (!saved.hostId().isEmpty()) {
                route.restore(saved.hostId(), saved.fallbackSeconds());
            }
            state = ClientState.START;   // MC-BUP §3.1.5.1.4: resume = Ping, then the fragment at the believed offset
            log.log(Level.DEBUG, () -> "event=job_resumed session=" + session.value() + " offset=" + offset);
            spec.listener().onResume(session.value(), offset);
        });
    }
}
