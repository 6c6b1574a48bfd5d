// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/**
 * A fresh {@code Negotiate <token>} per request from a logged-in Subject ({@link GssTestClient}, the JDK's own
 * initiator, independent of bits-client), remembering the last handshake so that the server's mutual-authentication
 * reply to it can be checked. For {@code RawBitsClient.withAuthorization}. Not thread-safe.
 */
public final class Negotiator implements Supplier<String> {
    private final Subject subject;
    private final String service;
    private final Oid mech;
    private GssTestClient.Handshake last;
    private String lastValue;

    /**
     * @param subject the client, from {@link GssTestClient#login}
     * @param service the service principal, {@code HTTP/host@REALM}
     */
    public Negotiator(Subject subject, String service) {
        this(subject, service, GssTestClient.SPNEGO);
    }

    /**
     * @param subject the client
     * @param service the service principal
     * @param mech    {@link GssTestClient#SPNEGO} or {@link GssTestClient#KRB5}
     */
    public Negotiator(Subject subject, String service, Oid mech) {
        this.subject = subject;
        this.service = service;
        this.mech = mech;
    }

    @Override
    public String get() {
        try {
            last = GssTestClient.start(subject, service, mech, true);
        } catch (GSSException e) {
            throw new IllegalStateException("no token for " + service + ": " + e.getMessage(), e);
        }
        lastValue = "Negotiate " + last.token();
        return lastValue;
    }

    /** {@return the last value handed out (for replaying it)} */
    public String lastValue() {
        return lastValue;
    }

    /**
     * {@return whether the last request's context is established by the reply token among these
     * {@code WWW-Authenticate} values, i.e. the server proved it holds the service key} False if there is no
     * {@code Negotiate <token>} value.
     *
     * @param wwwAuthenticate the response's {@code WWW-Authenticate} values
     * @throws GSSException if the token does not verify
     */
    public boolean verify(List<String> wwwAuthenticate) throws GSSException {
        for (String v : wwwAuthenticate) {
            if (v.regionMatches(true, 0, "Negotiate ", 0, 10)) {
                Base64.getDecoder().decode(v.substring(10).strip()); // must be base64
                return last.finish(v.substring(10).strip());
            }
        }
        return false;
    }
}
