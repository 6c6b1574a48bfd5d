// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The client side of HTTP Negotiate (RFC 4559): makes the SPNEGO token for {@code Authorization: Negotiate <token>}
 * addressed to the service {@code HTTP/<host>} (RFC 4559 §4.1: the host-based service name {@code HTTP@host}), and
 * checks the server's mutual-authentication reply.
 *
 * <p><b>Credentials</b> come from a JAAS login with the JDK's {@code Krb5LoginModule}, configured in code through a
 * {@link Configuration} instance (no JAAS file, no {@code java.security.auth.login.config}):
 * <ul>
 *   <li>{@linkplain #fromTicketCache the user's ticket cache}, filled by {@code kinit} (or by Windows logon when the
 *       cache is exported): {@code useTicketCache}; without an explicit file, the JDK reads {@code KRB5CCNAME} (a
 *       {@code FILE:} cache) or {@code /tmp/krb5cc_<uid>}. The JDK reads file caches only, not KEYRING or KCM;</li>
 *   <li>{@linkplain #fromKeytab a keytab and principal}, for unattended jobs: {@code useKeyTab}.</li>
 * </ul>
 * The login happens at the first token; when the ticket-granting ticket has expired (or the cache was renewed by a
 * new {@code kinit}) the next token logs in again. Service tickets are kept in the login's Subject by the JDK, so the
 * KDC is asked once per service and ticket lifetime, not once per request.
 *
 * <p>The Kerberos configuration (realms, KDCs) is the JVM's: {@code java.security.krb5.conf}, a JVM-global system
 * property read at the first use of Kerberos in the JVM.
 *
 * <p>Thread-safe: each {@link #start} makes its own {@link GSSContext}.
 */
final class SpnegoInitiator {
    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final String LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final String SCHEME = "Negotiate";

    private final Map<String, String> options;
    private final String description;
    private final GSSManager manager = GSSManager.getInstance();
    private Subject subject; // guarded by this

    private SpnegoInitiator(Map<String, String> options, String description) {
        this.options = Map.copyOf(options);
        this.description = description;
    }

    /**
     * Credentials from a ticket cache.
     *
     * @param cache     the cache file; empty: {@code KRB5CCNAME} ({@code FILE:} only) or the platform default
     * @param principal the principal expected in the cache; empty: whichever the cache holds
     * @return the initiator (no login yet)
     */
    static SpnegoInitiator fromTicketCache(Optional<Path> cache, Optional<String> principal) {
        Map<String, String> o = new HashMap<>();
        o.put("useTicketCache", "true");
        o.put("doNotPrompt", "true");
        cache.ifPresent(c -> o.put("ticketCache", c.toString()));
        principal.ifPresent(p -> o.put("principal", p));
        return new SpnegoInitiator(o, "ticket cache " + cache.map(Path::toString).orElse("(default)"));
    }

    /**
     * Credentials from a keytab.
     *
     * @param keytab    the keytab file
     * @param principal the client principal whose key it holds, {@code name@REALM}
     * @return the initiator (no login yet)
     */
    static SpnegoInitiator fromKeytab(Path keytab, String principal) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> o = new HashMap<>();
        o.put("useKeyTab", "true");
        o.put("keyTab", keytab.toString());
        o.put("principal", principal);
        o.put("storeKey", "false");
        o.put("doNotPrompt", "true");
        return new SpnegoInitiator(o, "keytab " + keytab + " for " + principal);
    }

    /** {@return where the credentials come from, for messages} */
    String description() {
        return description;
    }

    /**
     * {@return the host of a URL as a service instance: without the brackets of an IPv6 literal, lower case}
     *
     * @param host the URL's host
     */
    static String serviceHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // a fully-qualified "host." names the same service
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /**
     * Starts a context with {@code HTTP/<host>} and makes the first token.
     *
     * @param host the host of the URL being requested (after any BITS-Host-Id switch)
     * @return the handshake, holding the {@code Authorization} value
     * @throws LoginException if no credentials can be had (no or expired ticket cache, unreadable keytab)
     * @throws GSSException   if no token can be made (unknown service principal, KDC unreachable...)
     */
    Handshake start(String host) throws LoginException, GSSException {
        GSSName service = manager.createName("HTTP@" + serviceHost(host), GSSName.NT_HOSTBASED_SERVICE);
        Subject s = subject();
        try {
            return start(s, service);
        } catch (GSSException e) {
            if (e.getMajor() != GSSException.NO_CRED) {
                throw e;
            }
            // The JDK drops expired tickets from the Subject: log in again (a renewed cache, a fresh keytab login).
            return start(relogin(s), service);
        }
    }

    private Handshake start(Subject s, GSSName service) throws GSSException {
        try {
            return Subject.callAs(s, () -> {
                GSSContext ctx = manager.createContext(service, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
                try {
                    ctx.requestMutualAuth(true);
                    ctx.requestCredDeleg(false);
                    byte[] token = ctx.initSecContext(new byte[0], 0, 0);
                    return new Handshake(ctx, SCHEME + " " + Base64.getEncoder().encodeToString(token));
                } catch (GSSException | RuntimeException e) {
                    ctx.dispose();
                    throw e;
                }
            });
        } catch (CompletionException e) {
            if (e.getCause() instanceof GSSException g) {
                throw g;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private synchronized Subject subject() throws LoginException {
        if (subject == null) {
            subject = login();
        }
        return subject;
    }

    private synchronized Subject relogin(Subject failed) throws LoginException {
        if (subject == failed) { // another thread may have logged in again already
            subject = login();
        }
        return subject;
    }

    private Subject login() throws LoginException {
        Configuration cfg = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(LOGIN_MODULE,
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        // doNotPrompt: a callback means a password prompt; this client never asks for a Kerberos password.
        LoginContext lc = new LoginContext("bitsj-client", new Subject(), callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0], "no prompting");
        }, cfg);
        lc.login();
        return lc.getSubject();
    }

    /**
     * One request's context: the {@code Authorization} value to send, and the check of the server's reply.
     * {@link #close()} releases it.
     */
    static final class Handshake implements AutoCloseable {
        private final GSSContext ctx;
        private final String authorization;

        private Handshake(GSSContext ctx, String authorization) {
            this.ctx = ctx;
            this.authorization = authorization;
        }

        /** {@return {@code Negotiate <base64 token>}} */
        String authorization() {
            return authorization;
        }

        /**
         * Checks the final token of a successful response (RFC 4559 §5: {@code WWW-Authenticate: Negotiate <token>}).
         *
         * @param wwwAuthenticate the response's {@code WWW-Authenticate} values
         * @return true if the server proved it holds the service key (mutual authentication); false if it sent no
         *         token
         * @throws GSSException if it sent a token that does not verify: the response cannot be trusted
         */
        boolean verify(List<String> wwwAuthenticate) throws GSSException {
            Optional<byte[]> token = replyToken(wwwAuthenticate);
            if (token.isEmpty()) {
                return false;
            }
            byte[] t = token.get();
            byte[] out = ctx.initSecContext(t, 0, t.length);
            if (out != null && out.length > 0 || !ctx.isEstablished()) {
                throw new GSSException(GSSException.DEFECTIVE_TOKEN, -1,
                        "the server's Negotiate reply does not complete the context");
            }
            if (!ctx.getMutualAuthState()) {
                // a SPNEGO "accept-completed" without the Kerberos AP-REP proves nothing about the server
                throw new GSSException(GSSException.BAD_MIC, -1,
                        "the server's Negotiate reply completes the context without mutual authentication");
            }
            return true;
        }

        /** The token of the first {@code Negotiate <token>} value, if any. */
        static Optional<byte[]> replyToken(List<String> wwwAuthenticate) throws GSSException {
            for (String v : wwwAuthenticate) {
                if (v.length() > SCHEME.length() && v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                        && v.charAt(SCHEME.length()) == ' ') {
                    try {
                        return Optional.of(Base64.getDecoder().decode(v.substring(SCHEME.length() + 1).strip()));
                    } catch (IllegalArgumentException e) {
                        throw new GSSException(GSSException.DEFECTIVE_TOKEN, -1,
                                "the server's Negotiate reply is not base64");
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            try {
                ctx.dispose();
            } catch (GSSException e) {
                // nothing to release that matters
            }
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
