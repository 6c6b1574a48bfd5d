// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import io.github.bitsj.server.internal.NegotiateTestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The entry point other modules' tests use for {@link NegotiateTestServer}: bits-client's tests are compiled against
 * the bits-server module, whose {@code .internal} package they cannot see, so they reach the server's Negotiate
 * classes through this class of a package the module does not have. (The tests run on the class path, where the
 * test-jar's {@code .internal} classes and the main jar's share one package.)
 */
public final class NegotiateServer implements AutoCloseable {
    private final NegotiateTestServer server;

    private NegotiateServer(NegotiateTestServer server) {
        this.server = server;
    }

    /**
     * Starts a loopback HTTP server that authenticates every request with the server's Negotiate acceptor.
     *
     * @param keytab           the service keytab
     * @param servicePrincipal the service principal, or {@code *}
     * @param allowList        allow-list entries, comma-separated ({@code *}, {@code @REALM}, {@code user@REALM})
     * @param schemes          the offered schemes: {@code negotiate}, {@code basic} or {@code negotiate,basic}
     * @return the running server
     * @throws IOException if the keytab is unusable or the server cannot bind
     * @see NegotiateTestServer
     */
    public static NegotiateServer start(Path keytab, String servicePrincipal, String allowList, String schemes)
            throws IOException {
        return new NegotiateServer(NegotiateTestServer.start(keytab, servicePrincipal, allowList, schemes));
    }

    /**
     * An accepted Negotiate token.
     *
     * @param principal  the client principal, {@code user@REALM}
     * @param replyToken the mutual-authentication reply for {@code WWW-Authenticate: Negotiate <token>}
     */
    public record Accepted(String principal, Optional<String> replyToken) {}

    /**
     * {@return bits-server's Negotiate acceptor as a function (for scripted servers): an {@code Authorization} value
     * to what it accepted, or empty when it refused the token}
     *
     * @param keytab           the service keytab
     * @param servicePrincipal the service principal, or {@code *}
     * @throws IOException if the keytab is unusable
     */
    public static Function<String, Optional<Accepted>> acceptor(Path keytab, String servicePrincipal)
            throws IOException {
        return NegotiateTestServer.acceptor(keytab, servicePrincipal);
    }

    /** {@return {@code http://localhost:<port>/}} */
    public URI uri() {
        return server.uri();
    }

    /** {@return the reasons of refused tokens so far: {@code REASON} or {@code REASON/krbErrorCode}} */
    public List<String> refusals() {
        return server.refusals();
    }

    @Override
    public void close() {
        server.close();
    }
}
