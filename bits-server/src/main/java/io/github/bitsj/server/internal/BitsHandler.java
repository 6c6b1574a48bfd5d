// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.EncodedResponse;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code HttpHandler} of one upload directory: hands {@code GET} and {@code HEAD} of replies and downloads to the
 * {@link FileServer}; otherwise authenticates, checks the method, decodes with
 * {@link Packets#decodeRequest}, asks the {@link DirectoryService} for the one {@link Response}, and sends it in one
 * place, reading the rest of the body first or closing the connection after it. No exception escapes: an unexpected
 * fault is logged once and answered with 500 + {@code E_FAIL}.
 */
final class BitsHandler implements HttpHandler {
    private final DirectoryService directory;
    private final Authenticator authenticator;
    /** GET and HEAD of replies and downloads (MC-BUP §3.3.5.2.6). */
    private final FileServer files;
    private final InFlight inFlight;
    /** Requests in progress per client address (D43). */
    private final AddressLimits clients;
    private final boolean legacyErrorHeader;
    private final HttpQuirks quirks;
    /**
     * How much unread body is read and discarded before an answer, so that the client sees the answer (a 413 or
     * 416 lost to a connection reset would cost a Windows client its retry delay); larger bodies close the
     * connection.
     */
    private final long drainLimit;

    /**
     * What goes back: the status and headers, and whether the rest of the body may be read (else the connection
     * closes after the answer: an unauthenticated or refused body is never read).
     */
    private record Reply(EncodedResponse wire, boolean readBody, byte[] body) {
        Reply(EncodedResponse wire, boolean readBody) {
            this(wire, readBody, null);
        }
    }

    /** What a plain HTTP request (no BITS) to an upload URL is told, with 405 and {@code Allow: BITS_POST} (D54). */
    static final String NOT_BITS = """
            This is a BITS upload endpoint (Background Intelligent Transfer Service, MC-BUP).
            It accepts BITS_POST requests only. Upload a file to this URL with:
              bitsadmin /transfer job /upload <this URL> C:\\path\\file
              Start-BitsTransfer -TransferType Upload -Source C:\\path\\file -Destination <this URL>
              bits-client <file> <this URL>
            """;

    BitsHandler(DirectoryService directory, Authenticator authenticator, InFlight inFlight, AddressLimits clients,
            boolean legacyErrorHeader, HttpQuirks quirks) {
        this.quirks = quirks;
        this.directory = directory;
        this.authenticator = authenticator;
        this.files = new FileServer(directory, authenticator);
        this.inFlight = inFlight;
        this.clients = clients;
        this.legacyErrorHeader = legacyErrorHeader;
        this.drainLimit = Math.max(directory.config().maxFragmentSize(), 64L * 1024 * 1024);
    }

    @Override
    public void handle(HttpExchange ex) {
        if (!inFlight.enter()) {
            refuse(ex, Kind.SERVER_UNAVAILABLE);
            return;
        }
        String client = AddressLimits.keyOf(ex.getRemoteAddress());
        if (!clients.enter(client)) {
            inFlight.exit();
            LogEvent.REQUEST_REFUSED.log("limit", "requests_per_address", "client", Caller.remote(ex));
            refuse(ex, Kind.TOO_MANY_SESSIONS); // D43: transient for a BITS client, which retries later
            return;
        }
        try {
            handleAdmitted(ex);
        } finally {
            clients.exit(client);
        }
    }

    /** Answers a request the handler does not take in, without reading its body (the connection closes). */
    private void refuse(HttpExchange ex, Kind why) {
        try {
            send(ex, reply(why.toErrorAck(), List.of(), false));
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing to do
        } finally {
            ex.close();
        }
    }

    private void handleAdmitted(HttpExchange ex) {
        boolean sending = false;
        try {
            if (files.wants(ex)) {
                files.serve(ex);
                return;
            }
            Reply r = answer(ex);
            sending = true;
            try {
                send(ex, r);
            } catch (IOException e) {
                throw new ClientGone(e); // the client left before its answer: not a server fault
            }
        } catch (ClientGone e) {
            LogEvent.CLIENT_GONE.log("client", Caller.remote(ex), "error", e.getCause() == null ? "eof"
                    : e.getCause().getClass().getSimpleName());
            if (quirks.jetty() && !sending) {
                // a body cut off by Jetty's limits (data rate, idle timeout) on a connection that may still be open:
                // Jetty would complete the exchange with a bare 200, so answer 408 and close
                try {
                    send(ex, reply(ErrorAck.of(408, HResult.ofHttpStatus(408), ErrorContext.REMOTE_FILE), List.of(),
                            false));
                } catch (IOException | RuntimeException gone) {
                    // the connection is gone
                }
            }
        } catch (Throwable t) {
            LogEvent.REQUEST_FAILED.log(t, "client", Caller.remote(ex), "error", t.getClass().getName());
            if (!sending) {
                try {
                    send(ex, reply(Kind.INTERNAL_ERROR.toErrorAck(), List.of(), true));
                } catch (IOException | RuntimeException e) {
                    // connection is gone
                }
            }
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
        } finally {
            ex.close();
            inFlight.exit();
        }
    }

    private Reply answer(HttpExchange ex) throws IOException {
        Headers headers = HttpQuirks.headers(ex);
        if (quirks.tooManyHeaders(headers)) {
            return reply(ErrorAck.of(431, HResult.E_INVALIDARG, ErrorContext.REMOTE_FILE), List.of(), false);
        }
        HeaderLookup lookup = quirks.lookup(headers);
        String target = HttpQuirks.target(ex);
        String principal;
        List<HeaderField> extra;
        switch (authenticator.authenticate(lookup, AddressLimits.keyOf(ex.getRemoteAddress()))) {
            case Authenticator.Outcome.Challenged c -> {
                if (!lookup.values("Authorization").isEmpty()) {
                    directory.metrics().authFailure();
                }
                Optional<String> owner = ownerBySessionId(ex.getRequestMethod(), target, lookup);
                if (owner.isEmpty()) {
                    return reply(Kind.UNAUTHORIZED.toErrorAck(), c.challenge(), false);
                }
                principal = owner.get();
                extra = List.of();
            }
            case Authenticator.Outcome.Forbidden f -> {
                directory.metrics().authFailure();
                return reply(Kind.ACCESS_DENIED.toErrorAck(), f.responseHeaders(), false);
            }
            case Authenticator.Outcome.Throttled t -> { // D44: transient for a BITS client; no password was checked
                return reply(Kind.LOGIN_THROTTLED.toErrorAck(),
                        List.of(HeaderField.of("Retry-After", Long.toString(t.retryAfterSeconds()))), false);
            }
            case Authenticator.Outcome.Accepted a -> {
                principal = a.principal();
                extra = a.responseHeaders();
            }
        }
        String method = ex.getRequestMethod();
        if (!BitsHeaders.METHOD.equals(method)) {
            List<HeaderField> allow = new ArrayList<>(extra);
            allow.add(HeaderField.of("Allow", BitsHeaders.METHOD));
            if ("OPTIONS".equals(method)) {
                return new Reply(new EncodedResponse(204, allow), true);
            }
            Reply r = reply(Kind.METHOD_NOT_BITS_POST.toErrorAck(), allow, true);
            List<HeaderField> plain = new ArrayList<>(r.wire().headers());
            plain.add(HeaderField.of("Content-Type", "text/plain; charset=utf-8"));
            return new Reply(new EncodedResponse(r.wire().status(), plain), true,
                    "HEAD".equals(method) ? null : NOT_BITS.getBytes(StandardCharsets.UTF_8));
        }
        if (!directory.config().uploadsEnabled()) {
            return reply(Kind.UPLOADS_DISABLED.toErrorAck(), extra, true);
        }
        Caller caller = Caller.of(ex, lookup, principal, directory.config().serverApplication().forwardsCredentials());
        Response response = switch (Packets.decodeRequest(method, target, lookup)) {
            case Decoded.Err<Request> err -> {
                LogEvent.REQUEST_REJECTED.log("destination", ex.getRequestURI().getRawPath(), "kind",
                        err.error().kind(), "client", caller.remote(), "principal", principal, "duration_ms",
                        caller.elapsedMillis());
                yield withEchoedSessionId(err.error().kind().toErrorAck(), lookup);
            }
            case Decoded.Ok<Request> ok -> switch (ok.value()) {
                case Ping p -> new PingAck();
                case CreateSession c -> directory.create(c, HttpQuirks.path(ex), caller);
                case Fragment f -> directory.fragment(f, caller, ex.getRequestBody());
                case CloseSession c -> directory.close(c, caller);
                case CancelSession c -> directory.cancel(c, caller);
            };
        };
        return reply(response, extra, true);
    }

    /**
     * The session id as credential (D33): with the directory's option on, a Fragment, Close-Session or
     * Cancel-Session that carries no credentials at all continues the session it names as the principal that created
     * it. Anything else (other packets, wrong credentials, an unknown or anonymous session) stays challenged.
     */
    private Optional<String> ownerBySessionId(String method, String target, HeaderLookup headers) {
        if (!directory.config().sessionIdAsCredential() || !headers.values("Authorization").isEmpty()) {
            return Optional.empty();
        }
        return switch (Packets.decodeRequest(method, target, headers)) {
            case Decoded.Ok<Request>(Fragment f) -> directory.ownerOf(f.sessionId());
            case Decoded.Ok<Request>(CloseSession c) -> directory.ownerOf(c.sessionId());
            case Decoded.Ok<Request>(CancelSession c) -> directory.ownerOf(c.sessionId());
            default -> Optional.empty();
        };
    }

    /** A rejected request still echoes a well-formed {@code BITS-Session-Id} (MC-BUP §2.2.1.2). */
    private static ErrorAck withEchoedSessionId(ErrorAck ack, HeaderLookup headers) {
        List<String> v = headers.values(BitsHeaders.SESSION_ID);
        if (v.size() != 1) {
            return ack;
        }
        return switch (SessionId.parse(v.get(0))) {
            case Decoded.Ok<SessionId> ok -> ack.withSessionId(ok.value());
            case Decoded.Err<SessionId> err -> ack;
        };
    }

    private Reply reply(Response r, List<HeaderField> extra, boolean readBody) {
        if (r instanceof ErrorAck err) {
            directory.metrics().error(err);
        }
        EncodedResponse e = Packets.encode(r, legacyErrorHeader);
        if (extra.isEmpty()) {
            return new Reply(e, readBody);
        }
        List<HeaderField> all = new ArrayList<>(extra);
        all.addAll(e.headers());
        return new Reply(new EncodedResponse(e.status(), all), readBody);
    }

    /** The one place an answer goes out; every Ack is body-less ({@code -1}: STYLE §1.4 item 2). */
    private void send(HttpExchange ex, Reply r) throws IOException {
        Headers h = ex.getResponseHeaders();
        if (!r.readBody() || !drainRest(ex.getRequestBody(), drainLimit)) {
            // the body was not read to its end: say so, and the connection closes after this answer
            h.set("Connection", "close");
        }
        for (HeaderField f : quirks.responseFields(r.wire().headers())) {
            h.add(f.name(), f.value());
        }
        if (r.body() == null) {
            ex.sendResponseHeaders(r.wire().status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.wire().status(), r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    /**
     * Reads the unread rest of a body (up to {@code limit} bytes) so the answer reaches the client and the
     * keep-alive connection stays in sync; returns whether the body ended.
     */
    private static boolean drainRest(InputStream in, long limit) {
        try {
            if (in.read() < 0) {
                return true;
            }
            long left = limit;
            byte[] scratch = new byte[16 * 1024];
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }
}
