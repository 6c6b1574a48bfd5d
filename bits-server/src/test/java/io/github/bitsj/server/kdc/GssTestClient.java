// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
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
 * A Kerberos initiator written directly against the JDK's GSS-API, independent of bits-client's, for driving the
 * server side in tests: logs in from a ticket cache, makes SPNEGO or raw Kerberos tokens for a service, processes the
 * server's reply token, and can copy a Subject's tickets with a forged end time (the encrypted ticket keeps its real
 * one), which is how a client with an expired ticket — a wrong clock, a stale cache — is reproduced.
 */
public final class GssTestClient {
    /** SPNEGO, RFC 4178. */
    public static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    /** Kerberos V5, RFC 4121. */
    public static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    private static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

    private GssTestClient() {}

    /**
     * Logs in from a ticket cache file (Krb5LoginModule with {@code useTicketCache}, configured in code).
     *
     * @param cache the cache, from {@link MitKdc#kinit}
     * @return the Subject holding the TGT
     * @throws LoginException if the cache has no usable TGT
     */
    public static Subject login(Path cache) throws LoginException {
        Map<String, String> options = new HashMap<>();
        options.put("useTicketCache", "true");
        options.put("ticketCache", cache.toString());
        options.put("doNotPrompt", "true");
        Configuration cfg = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext lc = new LoginContext("bitsj-test", new Subject(), callbacks -> {
            throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0]);
        }, cfg);
        lc.login();
        return lc.getSubject();
    }

    /** An initiator context in progress. */
    public static final class Handshake {
        private final GSSContext ctx;
        private final byte[] token;

        private Handshake(GSSContext ctx, byte[] token) {
            this.ctx = ctx;
            this.token = token;
        }

        /** {@return the first token, base64} */
        public String token() {
            return Base64.getEncoder().encodeToString(token);
        }

        /**
         * Processes the acceptor's reply token.
         *
         * @param base64 the token from {@code WWW-Authenticate: Negotiate <token>}
         * @return whether the context is now established (the server proved it holds the service key)
         * @throws GSSException if the token is not a valid reply
         */
        public boolean finish(String base64) throws GSSException {
            byte[] in = Base64.getDecoder().decode(base64);
            byte[] out = ctx.initSecContext(in, 0, in.length);
            if (out != null && out.length > 0) {
                throw new IllegalStateException("a third leg was asked for");
            }
            return ctx.isEstablished();
        }

        /** {@return whether the context is established} */
        public boolean established() {
            return ctx.isEstablished();
        }
    }

    /**
     * Starts a context with a service and returns its first token.
     *
     * @param subject          the client, from {@link #login(Path)}
     * @param servicePrincipal the service, {@code HTTP/host@REALM}
     * @param mech             {@link #SPNEGO} or {@link #KRB5}
     * @param mutual           whether to ask for mutual authentication
     * @return the handshake
     * @throws GSSException if no token can be made (no TGT, unknown service...)
     */
    public static Handshake start(Subject subject, String servicePrincipal, Oid mech, boolean mutual)
            throws GSSException {
        GSSManager m = GSSManager.getInstance();
        GSSName service = m.createName(servicePrincipal, KRB5_PRINCIPAL_NAME);
        try {
            return Subject.callAs(subject, () -> {
                GSSContext ctx = m.createContext(service, mech, null, GSSContext.DEFAULT_LIFETIME);
                ctx.requestMutualAuth(mutual);
                ctx.requestCredDeleg(false);
                byte[] t = ctx.initSecContext(new byte[0], 0, 0);
                return new Handshake(ctx, t);
            });
        } catch (CompletionException e) {
            if (e.getCause() instanceof GSSException g) {
                throw g;
            }
            throw e;
        }
    }

    /**
     * {@return a copy of the Subject whose Kerberos tickets claim to end at {@code endTime}} The ticket bytes and
     * session keys are the real ones, so a service still sees the real end time inside the encrypted ticket.
     *
     * @param subject a logged-in Subject (after a {@link #start} that put the service ticket in it)
     * @param endTime the claimed end time
     */
    public static Subject withClaimedEndTime(Subject subject, Date endTime) {
        Subject copy = new Subject();
        copy.getPrincipals().addAll(subject.getPrincipals(KerberosPrincipal.class));
        for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
            copy.getPrivateCredentials().add(new KerberosTicket(t.getEncoded(), t.getClient(), t.getServer(),
                    t.getSessionKey().getEncoded(), t.getSessionKeyType(), t.getFlags(), t.getAuthTime(),
                    t.getStartTime(), endTime, t.getRenewTill(), t.getClientAddresses()));
        }
        return copy;
    }

    /**
     * {@return the latest end time of the Subject's tickets}
     *
     * @param subject a logged-in Subject
     */
    public static Date ticketsEnd(Subject subject) {
        Date end = new Date(0);
        for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
            if (t.getEndTime().after(end)) {
                end = t.getEndTime();
            }
        }
        return end;
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
