// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.bitsj.server.kdc.NegotiateServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny com.sun.net.httpserver server on loopback that authenticates every request with {@link SpnegoAcceptor} and
 * {@link PrincipalAllowList}, for the Negotiate tests of this module (curl, a raw GSS-API client) and of bits-client
 * (its initiator over java.net.http), before the BITS handler uses them:
 * <ul>
 *   <li>no {@code Authorization: Negotiate}: 401 with the challenges of the configured schemes;</li>
 *   <li>a refused token: 401 with the challenges, and the refusal recorded ({@link #refusals()});</li>
 *   <li>an authenticated principal outside the allow-list: 403;</li>
 *   <li>otherwise 200, the principal as the body, and {@code WWW-Authenticate: Negotiate <token>} when the mechanism
 *       gave a final token (RFC 4559 §5).</li>
 * </ul>
 * The request body is drained only for authenticated requests.
 */
public final class NegotiateTestServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final SpnegoAcceptor acceptor;
    private final PrincipalAllowList allow;
    private final List<String> challenges;
    private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();

    private NegotiateTestServer(SpnegoAcceptor acceptor, PrincipalAllowList allow, List<String> challenges)
            throws IOException {
        this.acceptor = acceptor;
        this.allow = allow;
        this.challenges = challenges;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a server.
     *
     * @param keytab           the service keytab
     * @param servicePrincipal the service principal, or {@code *}
     * @param allowList        allow-list entries, comma-separated ({@code *}, {@code @REALM}, {@code user@REALM})
     * @param schemes          the offered schemes, {@code negotiate}, {@code basic} or {@code negotiate,basic}
     * @return the running server
     * @throws IOException if the keytab is unusable or the server cannot bind
     */
    public static NegotiateTestServer start(Path keytab, String servicePrincipal, String allowList, String schemes)
            throws IOException {
        return new NegotiateTestServer(SpnegoAcceptor.fromKeytab(keytab, servicePrincipal),
                PrincipalAllowList.parse(allowList), AuthSchemes.challenges(AuthSchemes.parse(schemes), "BITS"));
    }

    /**
     * {@return the server's acceptor as a function, for scripted servers in other modules' tests: an
     * {@code Authorization} value to the accepted principal and mutual-authentication reply token, or empty when
     * refused}
     *
     * @param keytab           the service keytab
     * @param servicePrincipal the service principal, or {@code *}
     * @throws IOException if the keytab is unusable
     */
    public static Function<String, Optional<NegotiateServer.Accepted>> acceptor(Path keytab, String servicePrincipal)
            throws IOException {
        SpnegoAcceptor acceptor = SpnegoAcceptor.fromKeytab(keytab, servicePrincipal);
        return value -> SpnegoAcceptor.negotiateToken(value).flatMap(token -> switch (acceptor.accept(token)) {
            case SpnegoAcceptor.Outcome.Accepted a -> Optional.of(new NegotiateServer.Accepted(a.principal(),
                    a.responseToken()));
            case SpnegoAcceptor.Outcome.Refused r -> Optional.empty();
        });
    }

    /** {@return {@code http://localhost:<port>/}: the host name the service principal HTTP/localhost goes with} */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    /** {@return the reasons of the refused tokens so far, oldest first: {@code REASON} or {@code REASON/krbErrorCode}} */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> auth = ex.getRequestHeaders().get("Authorization");
            Optional<String> token = auth == null || auth.size() != 1
                    ? Optional.empty() : SpnegoAcceptor.negotiateToken(auth.get(0));
            if (token.isEmpty()) {
                challenge(ex);
                return;
            }
            switch (acceptor.accept(token.get())) {
                case SpnegoAcceptor.Outcome.Refused r -> {
                    refusals.add(r.krbErrorCode() == 0 ? r.reason().name() : r.reason() + "/" + r.krbErrorCode());
                    challenge(ex);
                }
                case SpnegoAcceptor.Outcome.Accepted a -> {
                    a.responseToken().ifPresent(t -> ex.getResponseHeaders().add("WWW-Authenticate", "Negotiate " + t));
                    if (!allow.allows(a.principal())) {
                        ex.sendResponseHeaders(403, -1);
                        return;
                    }
                    try (InputStream in = ex.getRequestBody()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    byte[] body = a.principal().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }

    private void challenge(HttpExchange ex) throws IOException {
        for (String c : challenges) {
            ex.getResponseHeaders().add("WWW-Authenticate", c);
        }
        ex.sendResponseHeaders(401, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
