// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.EncodedRequest;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ExchangeOutcome;
import io.github.bitsj.protocol.ExchangeOutcome.TransportFailure;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The client's one way onto the wire, on {@code java.net.http}: a BITS_POST built from {@link Packets#encode} with
 * the client's headers (MC-BUP §2.2.1), its answer decoded with {@link Packets#decodeResponse} (MC-BUP §2.2.1.2) into an
 * {@link ExchangeOutcome}, and the ranged GET of a reply (MC-BUP §3.3.5.2.6). Challenges are recognised, each request's
 * {@code Authorization} made and its answer checked through the {@link Credentials} seam; whether to answer a
 * challenge is the protocol's decision. Thread-safe.
 */
final class Transport {

    /**
     * An exchange's outcome, and the exception behind a transport failure (kept as the cause of what is reported).
     *
     * @param outcome what came back
     * @param cause the exception, for a transport failure
     */
    record Exchanged(ExchangeOutcome outcome, Optional<Throwable> cause) {}

    /**
     * A BITS_POST on its way: the answer's future, and the {@link System#nanoTime()} by which its headers are due.
     *
     * @param response the answer, its headers only (cancelling it aborts the exchange)
     * @param deadline when waiting for it ends with a time-out
     */
    record Pending(CompletableFuture<HttpResponse<InputStream>> response, long deadline) {}

    /** Headers a custom header may not set: the protocol's, and those of the reply GET. */
    private static final Set<String> PROTOCOL_HEADERS = Stream.of(
            BitsHeaders.PACKET_TYPE, BitsHeaders.SUPPORTED_PROTOCOLS, BitsHeaders.SESSION_ID,
            BitsHeaders.CONTENT_NAME, BitsHeaders.CONTENT_RANGE, BitsHeaders.CONTENT_ENCODING, "Range",
            "If-Unmodified-Since").map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private final HttpClients http;
    private final List<HeaderField> headers;
    private final String userAgent;
    private final Duration requestTimeout;
    private final Credentials credentials;

    Transport(HttpClients http, List<HeaderField> headers, String userAgent, Duration requestTimeout,
            Credentials credentials) {
        this.http = http;
        this.headers = List.copyOf(headers);
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.credentials = credentials;
    }

    void close() {
        http.close();
    }

    /**
     * Checks a header to send on every request, as {@code SetCustomHeaders} does on Windows (MC-BUP §2.2.1).
     *
     * @return the header
     * @throws IllegalArgumentException if the name is not a legal header name, is one the protocol or the JDK client
     *     controls, the value holds CR/LF, or the headers would exceed 16 KB (BG_E_STRING_TOO_LONG)
     */
    static HeaderField checkCustomHeader(List<HeaderField> existing, String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (PROTOCOL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header set by the protocol: " + Urls.escape(name));
        }
        // Let the JDK's own validation (token syntax, restricted names, CR/LF) speak first.
        HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        int total = name.length() + value.length() + 4;
        for (HeaderField f : existing) {
            total += f.name().length() + f.value().length() + 4;
        }
        if (total > ClientLimits.MAX_CUSTOM_HEADER_BYTES) {
            throw new IllegalArgumentException("custom headers exceed 16 KB (BG_E_STRING_TOO_LONG)");
        }
        return HeaderField.of(name, value);
    }

    /**
     * The answer to a BITS_POST is an Ack, which has no body (MC-BUP §2.2.1.2): the exchange ends with the response
     * headers. A declared empty body is read (the connection stays alive); any other body (one without a length that
     * the server never ends, as SimpleBITSServer's 500 does, or a web server's error page) is left as an unread stream
     * that {@link #receive} closes, which drops that connection. So the request timeout, which ends once the headers
     * arrive, bounds the whole exchange. (Closing the stream inside the handler instead races with the JDK client's
     * delivery of the response, which then fails with the dropped connection's IOException.)
     */
    static final HttpResponse.BodyHandler<InputStream> ACK_HEADERS = info ->
            info.headers().firstValueAsLong(BitsHeaders.CONTENT_LENGTH).orElse(-1) == 0
                    ? HttpResponse.BodySubscribers.replacing(InputStream.nullInputStream())
                    : HttpResponse.BodySubscribers.ofInputStream();

    /**
     * Sends {@code request} with {@code body} (a Fragment's bytes between position and limit, or null), its answer due
     * within the request timeout.
     *
     * <p>The time limit is kept by the waiting thread ({@link #receive}), not by the JDK client's request timeout: that
     * one registers a timer with the client's selector thread and wakes it on every request, one of the hand-offs
     * between threads that bound the client's fragment rate (issue #14). The body goes out as one buffer
     * ({@link BufferPublisher#WHOLE}): each further item costs the JDK client a round of demand between its threads.
     */
    Pending send(URI uri, Request request, ByteBuffer body, boolean withCredentials) {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        EncodedRequest enc = Packets.encode(request);
        HttpRequest.BodyPublisher publisher = body == null || !body.hasRemaining()
                ? HttpRequest.BodyPublishers.noBody()
                : new BufferPublisher(body, BufferPublisher.WHOLE);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(enc.method(), publisher);
        for (HeaderField h : enc.headers()) {
            b.header(h.name(), h.value());
        }
        return new Pending(sendAsync(b, uri, withCredentials, null, ACK_HEADERS), deadline);
    }

    /** Waits for a sent request (abortable through {@code control}, until its deadline) and decodes its answer. */
    Exchanged receive(URI uri, Request request, Pending pending, JobControl control) throws InterruptedException {
        try {
            HttpResponse<InputStream> resp = await(pending.response(), control, pending.deadline());
            abandon(resp.body());
            return new Exchanged(outcome(request, resp), Optional.empty());
        } catch (IOException e) {
            return new Exchanged(new ExchangeOutcome.TransportFailed(kind(e), describe(uri, request, e)),
                    Optional.of(e));
        }
    }

    Exchanged exchange(URI uri, Request request, ByteBuffer body, boolean withCredentials, JobControl control)
            throws InterruptedException {
        return receive(uri, request, send(uri, request, body, withCredentials), control);
    }

    /**
     * One exchange that ends within {@code limit} whatever happens (connect, send, headers), for the best-effort
     * Cancel-Session after a failure; one that does not is a transport timeout.
     */
    Exchanged exchangeWithin(URI uri, Request request, boolean withCredentials, Duration limit)
            throws InterruptedException {
        Duration timeout = limit.compareTo(requestTimeout) < 0 ? limit : requestTimeout;
        CompletableFuture<HttpResponse<InputStream>> f = send(uri, request, null, withCredentials).response();
        CompletableFuture<HttpResponse<InputStream>> limited = f.copy().orTimeout(timeout.toMillis(),
                TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
                    if (e != null) {
                        f.cancel(true);   // stop the connect or the wait in the JDK client too
                    }
                });
        return receive(uri, request, new Pending(limited, System.nanoTime() + timeout.toNanos()),
                JobControl.detached());
    }

    /** Starts a ranged GET of a reply from {@code from} (MC-BUP §3.3.5.2.6), conditional once a part is held. */
    CompletableFuture<HttpResponse<InputStream>> getReply(URI uri, long from, Optional<String> ifUnmodifiedSince,
            boolean withCredentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET()
                .header("Accept-Encoding", "identity")
                .header("Range", "bytes=" + from + "-");
        if (from > 0) {
            ifUnmodifiedSince.ifPresent(v -> b.header("If-Unmodified-Since", v));
        }
        return sendAsync(b, uri, withCredentials, requestTimeout, HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Adds the common headers and, when asked, the credentials' {@code Authorization}, sends, and has the credentials
     * check the answer (Negotiate's mutual authentication) before anyone sees it: an answer that is not believed
     * completes the future with an {@link AuthenticationFailure}, its body closed unread. Cancelling the future
     * aborts the exchange. A null {@code timeout} sets no JDK request timeout (the caller keeps the time).
     */
    private CompletableFuture<HttpResponse<InputStream>> sendAsync(HttpRequest.Builder b, URI uri,
            boolean withCredentials, Duration timeout, HttpResponse.BodyHandler<InputStream> handler) {
        if (timeout != null) {
            b.timeout(timeout);
        }
        b.header("User-Agent", userAgent);
        for (HeaderField h : headers) {
            b.header(h.name(), h.value());
        }
        Credentials.Attempt attempt;
        try {
            attempt = withCredentials ? credentials.authorize(uri).orElse(null) : null;
        } catch (AuthenticationFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        if (attempt != null) {
            b.header("Authorization", attempt.authorization());
        }
        CompletableFuture<HttpResponse<InputStream>> sent;
        try {
            sent = http.forUri(uri).sendAsync(b.build(), handler);
        } catch (RuntimeException e) {   // e.g. a closed client
            if (attempt != null) {
                attempt.close();
            }
            return CompletableFuture.failedFuture(new IOException(e.getMessage(), e));
        }
        if (attempt == null) {
            return sent;
        }
        CompletableFuture<HttpResponse<InputStream>> checked = sent.handle((resp, failure) -> {
            try {
                if (failure != null) {
                    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                }
                attempt.verify(resp.statusCode(), resp.headers());
                return resp;
            } catch (AuthenticationFailure e) {
                abandon(resp.body());   // the answer is not believed: its body is not read
                throw new CompletionException(e);
            } finally {
                attempt.close();
            }
        });
        checked.whenComplete((r, t) -> {
            if (checked.isCancelled()) {
                sent.cancel(true);
            }
        });
        return checked;
    }

    /** Closes an Ack's body unread: nothing if it was empty, else the JDK client drops the connection. */
    private static void abandon(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }

    private ExchangeOutcome outcome(Request request, HttpResponse<InputStream> resp) {
        Decoded<Response> d = Packets.decodeResponse(request, resp.statusCode(),
                name -> resp.headers().allValues(name));
        return switch (d) {
            case Decoded.Ok<Response> ok when ok.value() instanceof ErrorAck e
                    && credentials.answers(e.status(), resp.headers()) -> new ExchangeOutcome.Challenged(e);
            case Decoded.Ok<Response> ok -> new ExchangeOutcome.Answered(ok.value());
            case Decoded.Err<Response> err -> new ExchangeOutcome.Invalid(resp.statusCode(), err.error());
        };
    }

    /**
     * Waits for an exchange that {@link JobControl#cancel()} can abort; an aborted one is an {@link IOException}.
     *
     * @throws InterruptedException if the thread is interrupted (the exchange is aborted)
     */
    static <T> T await(CompletableFuture<T> f, JobControl control) throws IOException, InterruptedException {
        return await(f, control, Long.MAX_VALUE);
    }

    /**
     * As {@link #await(CompletableFuture, JobControl)}, aborting the exchange with an {@link HttpTimeoutException}
     * when it has not completed by {@code deadline} ({@link System#nanoTime()}; {@link Long#MAX_VALUE}: none).
     */
    static <T> T await(CompletableFuture<T> f, JobControl control, long deadline)
            throws IOException, InterruptedException {
        control.track(f);
        try {
            if (deadline == Long.MAX_VALUE) {
                return f.get();
            }
            try {
                return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);   // abort the exchange in the JDK client (its connection is dropped)
                throw new HttpTimeoutException("no response within the time limit");
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re && !(re instanceof CancellationException)) {
                throw re;   // a bug, not a transport failure
            }
            if (c instanceof TimeoutException) {
                throw new HttpTimeoutException("no response within the time limit");
            }
            throw new IOException(c);
        } catch (CancellationException e) {
            throw new IOException("exchange aborted by cancel", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } finally {
            control.untrack();
        }
    }

    static TransportFailure kind(IOException e) {
        if (e instanceof AuthenticationFailure a) {
            return a.kind().reaction;
        }
        if (e.getMessage() != null && e.getMessage().startsWith("too many authentication attempts")) {
            // the JDK gave up answering challenges with the configured Authenticator: credentials rejected
            return TransportFailure.CREDENTIALS_REJECTED;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GeneralSecurityException || t instanceof SSLPeerUnverifiedException) {
                return TransportFailure.UNTRUSTED_CERTIFICATE;   // certificate, path, trust anchors
            }
        }
        return e instanceof HttpTimeoutException ? TransportFailure.TIMEOUT : TransportFailure.CONNECTION;
    }

    private static String describe(URI uri, Request request, IOException e) {
        String what = request.type().wireName() + " to " + Urls.escape(String.valueOf(uri.getRawAuthority()));
        if (e instanceof AuthenticationFailure) {
            return Urls.escape(e.getMessage()) + " (sending " + what + ")";
        }
        return switch (kind(e)) {
            case CREDENTIALS_REJECTED -> "credentials rejected sending " + what + ": HTTP 401";
            case UNTRUSTED_CERTIFICATE -> "TLS certificate not trusted sending " + what + ": " + message(e);
            case TIMEOUT, CONNECTION -> "transport failure sending " + what + ": " + message(e);
        };
    }

    /** The first message in the cause chain, escaped (STYLE §2.5). */
    static String message(Throwable e) {
        String msg = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getClass().getSimpleName() + ": " + t.getMessage();
                break;
            }
        }
        return Urls.escape(msg);
    }
}
