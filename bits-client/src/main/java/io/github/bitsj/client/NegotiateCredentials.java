// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSException;

/**
 * Negotiate (RFC 4559) credentials: a fresh SPNEGO token for {@code HTTP/<host>} of the URL each request goes to
 * (the {@code BITS-Host-Id} node after a switch, SDK: BITS IIS Extension Properties (BITSHostId)), and the check of the server's mutual-authentication
 * reply on its answer.
 *
 * <p><b>Every request carries a token.</b> A server may authenticate each request (bits-server does: its HTTP
 * engine has no connection identity), and a Kerberos authenticator is accepted once (replay cache), so no token is
 * reused. The service ticket is kept in the login's Subject, so the KDC is asked once per host and ticket lifetime.
 *
 * <p><b>Mutual authentication.</b> Tokens ask for it. An answer carrying {@code WWW-Authenticate: Negotiate <token>}
 * must complete the context; a 2xx answer without one is not believed either (a server that cannot prove it holds
 * the service key must not be able to acknowledge data it never stored). An error answer without a token is taken
 * as it is: it only makes the job retry or fail. Either failure is fatal, as an untrusted certificate is.
 */
final class NegotiateCredentials implements Credentials {
    private static final String SCHEME = "Negotiate";

    private final SpnegoInitiator initiator;

    NegotiateCredentials(SpnegoInitiator initiator) {
        this.initiator = initiator;
    }

    @Override
    public boolean answers(int status, HttpHeaders headers) {
        if (status != 401) {
            return false;
        }
        for (String v : headers.allValues("WWW-Authenticate")) {
            if (v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                    && (v.length() == SCHEME.length() || v.charAt(SCHEME.length()) == ' ')) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Attempt> authorize(URI target) throws AuthenticationFailure {
        SpnegoInitiator.Handshake h;
        try {
            h = initiator.start(target.getHost());
        } catch (LoginException e) {
            throw new AuthenticationFailure(AuthenticationFailure.Kind.NO_CREDENTIALS,
                    "Negotiate: no Kerberos credentials from the " + initiator.description() + ": " + e.getMessage(),
                    e);
        } catch (GSSException e) {
            boolean unreachable = kdcUnreachable(e);
            throw new AuthenticationFailure(unreachable ? AuthenticationFailure.Kind.KDC_UNREACHABLE
                    : AuthenticationFailure.Kind.NO_CREDENTIALS, "Negotiate: no ticket for HTTP/"
                    + SpnegoInitiator.serviceHost(target.getHost()) + (unreachable ? " (KDC unreachable)" : "")
                    + ": " + e.getMessage(), e);
        }
        return Optional.of(new NegotiateAttempt(h));
    }

    /** A network failure under the GSS failure: the KDC did not answer; it may later. */
    static boolean kdcUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Negotiate credentials from the " + initiator.description();   // never a token
    }

    /** One request's context. */
    private static final class NegotiateAttempt implements Attempt {
        private final SpnegoInitiator.Handshake handshake;

        NegotiateAttempt(SpnegoInitiator.Handshake handshake) {
            this.handshake = handshake;
        }

        @Override
        public String authorization() {
            return handshake.authorization();
        }

        @Override
        public void verify(int status, HttpHeaders headers) throws AuthenticationFailure {
            if (status == 401) {
                return;   // the token was refused: the challenge is the protocol's business
            }
            List<String> values = headers.allValues("WWW-Authenticate");
            boolean verified;
            try {
                verified = handshake.verify(values);
            } catch (GSSException e) {
                throw new AuthenticationFailure(AuthenticationFailure.Kind.SERVER_NOT_VERIFIED,
                        "the server's Negotiate reply does not prove its identity (HTTP " + status + "): "
                                + e.getMessage(), e);
            }
            if (!verified && status >= 200 && status < 300) {
                throw new AuthenticationFailure(AuthenticationFailure.Kind.SERVER_NOT_VERIFIED,
                        "the server answered HTTP " + status + " without Negotiate's mutual-authentication reply",
                        null);
            }
        }

        @Override
        public void close() {
            handshake.close();
        }
    }
}
