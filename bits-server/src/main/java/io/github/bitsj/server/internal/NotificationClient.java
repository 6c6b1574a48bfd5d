// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.FinishOutcome;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.internal.BuildInfo;
import io.github.bitsj.server.NotificationType;
import io.github.bitsj.server.ServerApplication;
import java.io.FileNotFoundException;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notifies a server application over HTTP, as IIS's BITS back end does (SDK: Notification Protocol for Server Applications, MC-BUP §3.3): one {@code POST}
 * to the notification URL (relative to the upload URL's directory, the upload URL's query appended, SDK: BITS IIS Extension Properties),
 * by reference (the request and reply file paths in headers, no body, SDK: Notification Protocol for Server Applications) or by value (the upload as the
 * body, the response body as the reply, SDK: Notification Protocol for Server Applications), on {@code java.net.http} with HTTP/1.1. The whole exchange,
 * reply body included, is bounded by the application's timeout (MC-BUP §3.3.6).
 */
final class NotificationClient implements ServerApp {

    /** The notification's {@code User-Agent} (IIS sends {@code BITSExts 1.5}, MC-BUP §2.2). */
    static final String USER_AGENT = "bitsj/" + BuildInfo.VERSION;

    private final ServerApplication app;
    private final Optional<String> serviceAuthorization;
    /** Made at the first notification: an HTTP client costs a selector thread and, once per JVM, TLS set-up. */
    private HttpClient http;
    private boolean closed;

    NotificationClient(ServerApplication app) {
        this.app = app;
        this.serviceAuthorization = app.credentials().map(NotificationClient::basic);
    }

    private synchronized HttpClient http() {
        if (http == null && !closed) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(app.timeout())
                    .build();
        }
        return http;
    }

    private static String basic(PasswordAuthentication c) {
        char[] pw = c.getPassword();
        char[] both = new char[c.getUserName().length() + 1 + pw.length];
        c.getUserName().getChars(0, c.getUserName().length(), both, 0);
        both[c.getUserName().length()] = ':';
        System.arraycopy(pw, 0, both, c.getUserName().length() + 1, pw.length);
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(both));
        byte[] raw = new byte[utf8.remaining()];
        utf8.get(raw);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(pw, '\0');
            Arrays.fill(both, '\0');
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * {@return where the notification goes: the configured URL, resolved against the upload URL if relative (SDK
     * BITS IIS Extension Properties: relative to the upload URL's directory), with the upload URL's query string appended}
     */
    static URI target(String configured, URI uploadUrl) {
        URI base = URI.create(configured);
        URI resolved = base.isAbsolute() ? base : uploadUrl.resolve(base);
        String query = uploadUrl.getRawQuery();
        if (query == null || query.isEmpty()) {
            return resolved;
        }
        return URI.create(resolved + (resolved.getRawQuery() == null ? "?" : "&") + query);
    }

    @Override
    public Answer call(Call call) throws InterruptedException {
        URI target = target(app.url().orElseThrow(), call.url());
        Duration timeout = app.timeout();
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Accept", "*/*")
                .header(BitsHeaders.ORIGINAL_REQUEST_URL, call.url().toASCIIString())
                .header("User-Agent", USER_AGENT);
        Optional<String> auth = app.forwardsCredentials() ? call.basicAuthorization() : serviceAuthorization;
        auth.ifPresent(v -> b.header("Authorization", v));
        HttpResponse.BodyHandler<Void> body;
        try {
            if (app.type() == NotificationType.BY_REFERENCE) {
                b.header(BitsHeaders.REQUEST_DATAFILE_NAME, call.requestFile().toAbsolutePath().toString())
                        .header(BitsHeaders.RESPONSE_DATAFILE_NAME, call.replyFile().toAbsolutePath().toString())
                        .POST(HttpRequest.BodyPublishers.noBody());
                body = HttpResponse.BodyHandlers.discarding();
            } else {
                b.POST(HttpRequest.BodyPublishers.ofFile(call.requestFile()));
                body = info -> info.statusCode() == 200 && info.headers().firstValue(BitsHeaders.STATIC_RESPONSE_URL)
                        .isEmpty()
                        ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(call.replyFile()),
                                p -> null)
                        : HttpResponse.BodySubscribers.discarding();
            }
        } catch (FileNotFoundException | IllegalArgumentException e) {
            // the request file is gone, or a path cannot be a header value: nothing the application could answer
            LogEvent.NOTIFICATION_NOT_SENT.log("session", call.sessionId(), "error", e.getClass().getSimpleName());
            return new Answer.Failure(new FinishOutcome.Failed(Kind.INTERNAL_ERROR));
        }
        HttpClient client = http();
        if (client == null) { // the server is stopping
            return new Answer.Failure(new FinishOutcome.ApplicationUnreachable());
        }
        CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(b.build(), body);
        HttpResponse<Void> resp;
        try {
            resp = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            return new Answer.Failure(new FinishOutcome.ApplicationTimedOut());
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return new Answer.Failure(e.getCause() instanceof HttpTimeoutException
                    ? new FinishOutcome.ApplicationTimedOut() : new FinishOutcome.ApplicationUnreachable());
        }
        return answer(resp);
    }

    /** The application's answer (SDK: Handling Server Application Errors, MC-BUP §2.2.13, §3.3.5.3). */
    static Answer answer(HttpResponse<?> resp) {
        if (resp.statusCode() != 200) {
            return new Answer.Failure(new FinishOutcome.ApplicationFailed(resp.statusCode()));
        }
        List<String> statics = resp.headers().allValues(BitsHeaders.STATIC_RESPONSE_URL);
        if (statics.size() > 1 || (statics.size() == 1 && !isAbsoluteHttpUrl(statics.get(0)))) {
            return new Answer.Failure(new FinishOutcome.ApplicationResponseInvalid());
        }
        boolean copy = resp.headers().firstValue(BitsHeaders.COPY_FILE_TO_DESTINATION).isPresent();
        return new Answer.Success(statics.stream().findFirst(), copy);
    }

    /** {@return whether a {@code BITS-Static-Response-URL} is the absolute URL it must be (MC-BUP §2.2.13.2)} */
    static boolean isAbsoluteHttpUrl(String v) {
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.shutdownNow();
        }
    }
}
