// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.FinishDecision;
import io.github.bitsj.protocol.FinishOutcome;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.ServerDecisions;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView;
import io.github.bitsj.server.CompletedUpload;
import io.github.bitsj.server.CompletionListener;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Finishes uploads whose every byte is held (MC-BUP §3.2.1.4 NOTIFY, §7.2 row 12, §7.5), with the session's lock held:
 * commits a plain upload (MC-BUP §3.3.5.2.4), or hands it to the directory's server application (SDK: Notification Protocol for Server Applications) and keeps its
 * reply; then asks {@link ServerDecisions#decideFinish} for the final Ack and the next state, and carries that out.
 * After a success the request data goes unless it was committed, the reply stays until the session ends (decision
 * D15), and the completion listener hears of a commit.
 */
final class Finisher {

    private final UploadDirectory config;
    private final SessionArea area;
    private final ServerApp app;
    private final boolean durable;
    private final Metrics.Directory metrics;

    Finisher(UploadDirectory config, SessionArea area, ServerApp app, boolean durable, Metrics.Directory metrics) {
        this.config = config;
        this.metrics = metrics;
        this.area = area;
        this.app = app;
        this.durable = durable;
    }

    /** {@return whether a server application answers uploads here (they are upload-reply uploads)} */
    boolean notifies() {
        return app != null;
    }

    /**
     * Finishes an upload (lock held; the session is receiving and holds every byte).
     *
     * @param caller the request that finished it (its host makes the reply URL, decision D11)
     * @return the final Ack and next state, as decided
     * @throws IOException on an unexpected I/O failure
     */
    FinishDecision finish(Session s, SessionId echo, Caller caller) throws IOException {
        SessionView before = s.view();
        return app == null ? commit(s, echo, before, caller) : notify(s, echo, before, caller);
    }

    private FinishDecision commit(Session s, SessionId echo, SessionView before, Caller caller) throws IOException {
        Result<Destinations.Destination> committed = area.commit(s);
        if (committed instanceof Result.Err<Destinations.Destination>(Kind k)) {
            LogEvent.COMMIT_FAILED.log("session", s.id(), "kind", k);
            return ServerDecisions.decideFinish(before, echo, new FinishOutcome.Failed(k));
        }
        committed(s, caller);
        return ServerDecisions.decideFinish(before, echo, new FinishOutcome.Committed());
    }

    private void committed(Session s, Caller caller) {
        LogEvent.SESSION_COMMITTED.log("session", s.id(), "destination", s.destination().relative(), "bytes",
                s.total(), "client", caller.remote(), "principal", s.owner(), "duration_ms",
                Math.max(0, System.currentTimeMillis() - s.created()));
        metrics.committed(s.total());
        Events.committed(s.id().value(), s.destination().relative(), s.total());
        config.completionListener().ifPresent(l -> tell(l, new CompletedUpload(s.destination().file(), s.total(),
                s.owner(), s.id().value(), url(s, null), query(url(s, null)), s.destination().relative(),
                Optional.empty())));
    }

    /** The listener runs on its own virtual thread: it never delays the final Ack nor fails the upload. */
    private static void tell(CompletionListener listener, CompletedUpload u) {
        Thread.ofVirtual().name("bits-completion-listener").start(() -> {
            try {
                listener.completed(u);
            } catch (Throwable t) {
                LogEvent.LISTENER_FAILED.log(t, "session", u.sessionId(), "error", t.getClass().getName());
            }
        });
    }

    private FinishDecision notify(Session s, SessionId echo, SessionView before, Caller caller) throws IOException {
        Path reply = area.replyFile(s);
        Files.deleteIfExists(reply);
        URI url = url(s, caller);
        ServerApp.Answer answer;
        try {
            answer = app.call(new ServerApp.Call(area.staging(s), reply, s.total(), s.owner(), s.id().value(), url,
                    s.destination().relative(), caller.basicAuthorization()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping; the client's next Fragment notifies again
            answer = new ServerApp.Answer.Failure(new FinishOutcome.ApplicationUnreachable());
        }
        FinishOutcome outcome;
        Optional<String> token = Optional.empty();
        boolean copied = false;
        boolean persistedPending = false;
        switch (answer) {
            case ServerApp.Answer.Failure f -> outcome = f.outcome();
            case ServerApp.Answer.Success ok -> {
                String replyUrl;
                if (ok.staticUrl().isPresent()) {
                    Files.deleteIfExists(reply); // the application serves it; nothing of ours to keep
                    replyUrl = ok.staticUrl().get();
                } else {
                    if (!Files.exists(reply, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createFile(reply); // no reply: an empty one (decision D10)
                    }
                    token = Optional.of(ReplyPaths.newToken(s.key()));
                    replyUrl = ReplyPaths.url(caller.requestUrl(), config.urlPrefix(), config.sessionDirectoryName(),
                            token.get());
                }
                outcome = new FinishOutcome.Replied(replyUrl);
                if (ok.copyToDestination()) {
                    // recorded before the commit, so a crash right after it is recovered with the reply (SessionArea)
                    s.reply(Optional.of(replyUrl), token);
                    area.persist(s);
                    persistedPending = true;
                    Result<Destinations.Destination> placed = area.hasStaging(s)
                            ? area.place(s) : Result.err(Kind.INVALID_APPLICATION_RESPONSE); // it deleted the data
                    if (placed instanceof Result.Err<Destinations.Destination>(Kind k)) {
                        LogEvent.COMMIT_FAILED.log("session", s.id(), "kind", k);
                        outcome = new FinishOutcome.Failed(k);
                    } else {
                        copied = true;
                    }
                }
            }
        }
        FinishDecision d = ServerDecisions.decideFinish(before, echo, outcome);
        switch (d) {
            case FinishDecision.Finished f -> {
                metrics.notification(true);
                if (durable && token.isPresent()) {
                    try (FileChannel ch = FileChannel.open(reply, StandardOpenOption.WRITE)) {
                        ch.force(true); // the reply is on disk before the final Ack that names it
                    }
                }
                s.reply(f.replyUrl(), token);
                s.finished();
                area.persist(s);
                area.deleteStaging(s); // D15: the request data goes after a success
                LogEvent.SESSION_NOTIFIED.log("session", s.id(), "reply", token.isPresent() ? "served" : "static",
                        "copied", copied);
                if (copied) {
                    committed(s, caller);
                }
            }
            case FinishDecision.Unfinished u -> {
                metrics.notification(false);
                s.reply(Optional.empty(), Optional.empty());
                Files.deleteIfExists(reply);
                if (persistedPending) {
                    area.persist(s);
                }
                LogEvent.NOTIFICATION_FAILED.log("session", s.id(), "status", u.ack().status(), "kind",
                        u.rule().map(Kind::name).orElse("APPLICATION_STATUS"));
            }
        }
        return d;
    }

    /** The upload URL named at Create-Session, else (an older record) the URL of the finishing request. */
    private static URI url(Session s, Caller caller) {
        if (!s.url().isEmpty()) {
            return URI.create(s.url());
        }
        if (caller != null) {
            return caller.requestUrl();
        }
        try {
            return new URI("http", "localhost", "/" + s.destination().relative(), null);
        } catch (java.net.URISyntaxException e) {
            return URI.create("http://localhost/");
        }
    }

    private static Optional<String> query(URI url) {
        return Optional.ofNullable(url.getRawQuery());
    }
}
