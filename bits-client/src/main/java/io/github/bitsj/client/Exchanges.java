// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.EncodedRequest;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One BITS_POST exchange on the JDK client: the request built from {@link Packets#encode(Request)} with the client's
 * headers, the response decoded with {@link Packets#decodeResponse} over {@code HttpHeaders} (digest §3.0), and the
 * stand-alone Cancel-Session of {@link BitsClient#cancelSession}.
 */
final class Exchanges {
    private Exchanges() {}

    static boolean basicChallenge(BitsClient client, HttpResponse<?> resp) {
        if (client.basicAuthorization == null) {
            return false;
        }
        for (String v : resp.headers().allValues("WWW-Authenticate")) {
            if (v.regionMatches(true, 0, "Basic", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    static CompletableFuture<HttpResponse<Void>> start(BitsClient client, URI uri, Request request,
            ByteBuffer body, boolean auth) {
        EncodedRequest enc = Packets.encode(request);
        HttpRequest.BodyPublisher publisher = body == null || !body.hasRemaining()
                ? HttpRequest.BodyPublishers.noBody()
                : new BufferPublisher(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(enc.method(), publisher)
                .timeout(client.requestTimeout)
                .header("User-Agent", client.userAgent);
        if (auth && client.basicAuthorization != null) {
            b.header("Authorization", client.basicAuthorization);
        }
        for (HeaderField h : client.headers) {
            b.header(h.name(), h.value());
        }
        for (HeaderField h : enc.headers()) {
            b.header(h.name(), h.value());
        }
        return client.http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    static Response decode(Request request, HttpResponse<Void> resp) throws BitsClientException {
        Decoded<Response> d = Packets.decodeResponse(request, resp.statusCode(),
                name -> resp.headers().allValues(name));
        return switch (d) {
            case Decoded.Ok<Response> ok -> ok.value();
            case Decoded.Err<Response> err -> throw new BitsClientException(
                    "invalid server response to " + request.type().wireName() + ": HTTP " + resp.statusCode() + ", "
                            + err.error().kind() + " " + err.error().header() + " (" + err.error().detail() + ")",
                    resp.statusCode(), Optional.of(HResult.BG_E_INVALID_SERVER_RESPONSE), Optional.empty(),
                    Optional.of(err.error().kind()), Optional.of(request.type()), true, null);
        };
    }

    static <T> T await(CompletableFuture<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof CancellationException ce) {
                throw ce;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    /**
     * Sends Cancel-Session (digest §2.5): resent on 5xx other than BG_E_SESSION_NOT_FOUND, for at most 24 h or the
     * no-progress timeout; never resent on 1xx-4xx; BG_E_SESSION_NOT_FOUND ends it.
     */
    static void cancelSession(BitsClient client, URI target, String sessionId) throws IOException,
            InterruptedException {
        Decoded<SessionId> id = SessionId.parse(sessionId);
        if (!(id instanceof Decoded.Ok<SessionId> ok)) {
            throw new IllegalArgumentException("not a legal session id");
        }
        CancelSession cancel = new CancelSession(ok.value(), Optional.empty());
        Duration limit = client.retryPolicy.noProgressTimeout().compareTo(UploadJob.MAX_CANCEL_RETRY) < 0
                ? client.retryPolicy.noProgressTimeout() : UploadJob.MAX_CANCEL_RETRY;
        long deadline = System.nanoTime() + limit.toNanos();
        int attempt = 0;
        boolean auth = false;
        while (true) {
            BitsClientException f;
            try {
                HttpResponse<Void> resp = await(start(client, target, cancel, null, auth));
                if (resp.statusCode() == 401 && !auth && basicChallenge(client, resp)) {
                    auth = true;
                    resp = await(start(client, target, cancel, null, true));
                }
                Response r = decode(cancel, resp);
                if (!(r instanceof ErrorAck e) || e.isSessionNotFound()) {
                    client.logger.log(Level.DEBUG, "event=session_cancelled");
                    return;   // digest §2.5: BG_E_SESSION_NOT_FOUND ends the cancel too
                }
                boolean resend = e.status() >= 500;
                StringBuilder m = new StringBuilder("Cancel-Session failed: HTTP ").append(e.status());
                e.errorCode().ifPresent(c -> m.append(", BITS-Error-Code ").append(c));
                f = new BitsClientException(m.toString(), e.status(), e.errorCode(), e.context(), Optional.empty(),
                        Optional.of(cancel.type()), resend, null);
                if (!resend) {
                    throw f;   // never resend on 1xx-4xx
                }
            } catch (BitsClientException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                f = e;
            } catch (IOException e) {
                f = new BitsClientException("transport failure sending Cancel-Session", 0, Optional.empty(),
                        Optional.of(ErrorContext.GENERAL_TRANSPORT), Optional.empty(), Optional.of(cancel.type()),
                        true, e);
            }
            Duration delay = client.retryPolicy.delay(++attempt);
            if (System.nanoTime() + delay.toNanos() > deadline) {
                throw f.asGivenUp();
            }
            Thread.sleep(delay);
        }
    }
}
