// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The server side of HTTP Negotiate (RFC 4559): accepts a SPNEGO (RFC 4178) or raw Kerberos (RFC 4121) token from
 * {@code Authorization: Negotiate <base64>} with a service key from a keytab, and names the client principal
 * ({@code user@REALM}).
 *
 * <p><b>One round trip per request.</b> com.sun.net.httpserver gives a handler no way to tie state to a connection
 * (an {@code HttpExchange} has no connection identity, and a remote address and port can be reused by another client
 * after a close), so every request is authenticated on its own, as IIS does by default for Kerberos. Kerberos needs
 * only one token per request; exchanges that need a second leg (NTLM, NegoEx, a SPNEGO mechanism other than Kerberos
 * first) are refused with a reason naming why, before GSS-API sees them ({@link NegotiateTokens}).
 *
 * <p><b>Credentials.</b> The service key comes from a keytab through a private {@link Subject} holding a
 * {@link KeyTab} (the JDK's acceptor reads keys from the current Subject's private credentials), so no JAAS login
 * configuration file is needed. The keytab is re-read by the JDK when it changes on disk (key rotation).
 * The Kerberos configuration (realm of a principal without {@code @REALM}, clock skew) is the JVM's:
 * {@code java.security.krb5.conf}, a JVM-global system property read once, at the first use of Kerberos in the JVM.
 *
 * <p>Instances are thread-safe: each call creates and disposes its own {@link GSSContext}; the acceptor credential
 * is shared.
 */
final class SpnegoAcceptor {
    /** The SPNEGO mechanism, RFC 4178. */
    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    /** The Kerberos V5 mechanism, RFC 4121. */
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    /** The Kerberos principal name type, RFC 1964 §2.1.1. */
    static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");
    /** Service principal value meaning "any principal whose key is in the keytab". */
    static final String ANY_SERVICE_PRINCIPAL = "*";
    /**
     * Longest accepted token text: IIS's largest Kerberos token (MaxTokenSize 48000 bytes, KB 327825) in base64.
     * Tokens of domain users carry the PAC, which grows with group memberships.
     */
    static final int MAX_TOKEN_CHARS = 64 * 1024;

    private static final String SCHEME = "Negotiate";
    private static final String ANONYMOUS = "WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS";

    private final GSSManager manager;
    private final GSSCredential credential;
    private final String servicePrincipal;

    private SpnegoAcceptor(GSSManager manager, GSSCredential credential, String servicePrincipal) {
        this.manager = manager;
        this.credential = credential;
        this.servicePrincipal = servicePrincipal;
    }

    /** Why a Negotiate token was not accepted. */
    enum Reason {
        /** Not base64, too long, or not a GSS-API token of a mechanism the server offers. */
        MALFORMED,
        /** NTLM inside Negotiate; NTLM is not offered (the client found no Kerberos ticket for the service). */
        NTLM,
        /** A SPNEGO exchange that needs a second round trip (see {@link NegotiateTokens.Kind#NEEDS_ANOTHER_LEG}). */
        NEEDS_ANOTHER_LEG,
        /** Kerberos refused it: wrong or outdated service key, expired ticket, clock skew, replayed token... */
        REJECTED,
        /** The anonymous principal (RFC 8062), which identifies no one. */
        ANONYMOUS
    }

    /** The result of {@link #accept(String)}. */
    sealed interface Outcome {
        /**
         * The client proved to be {@code principal}.
         *
         * @param principal     the client principal, {@code name@REALM}
         * @param responseToken the final token for {@code WWW-Authenticate: Negotiate <token>} on the response
         *                      (RFC 4559 §5: carries the mutual-authentication reply when the client asked for one)
         */
        record Accepted(String principal, Optional<String> responseToken) implements Outcome {
            /** Checks the fields. */
            public Accepted {
                Objects.requireNonNull(principal, "principal");
                Objects.requireNonNull(responseToken, "responseToken");
            }
        }

        /**
         * The token was not accepted.
         *
         * @param reason       why
         * @param krbErrorCode the Kerberos error code (RFC 4120 §7.5.9, e.g. 32 ticket expired, 34 replay, 37 clock
         *                     skew, 44 key version not available) when the JDK reported one, else 0
         * @param detail       a short text for the log: printable ASCII, bounded, never the token
         */
        record Refused(Reason reason, int krbErrorCode, String detail) implements Outcome {
            /** Checks the fields. */
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    /**
     * Creates an acceptor for a service principal whose keys are in {@code keytab}.
     *
     * @param keytab           the keytab file (e.g. from {@code kadmin ktadd}, {@code ktpass} or {@code msktutil})
     * @param servicePrincipal {@code HTTP/host.example.com@REALM} (without {@code @REALM}: the default realm of the
     *                         Kerberos configuration), or {@value #ANY_SERVICE_PRINCIPAL} for any principal in the
     *                         keytab (a server known under several names)
     * @return the acceptor
     * @throws IOException              if the keytab cannot be read or holds no key for the principal
     * @throws IllegalArgumentException if the principal name is malformed or needs a default realm that the Kerberos
     *                                  configuration lacks
     */
    static SpnegoAcceptor fromKeytab(Path keytab, String servicePrincipal) throws IOException {
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(servicePrincipal, "servicePrincipal");
        if (!Files.isReadable(keytab) || Files.isDirectory(keytab)) {
            throw new IOException("keytab " + keytab + " is not a readable file");
        }
        File file = keytab.toFile();
        Subject subject = new Subject();
        String name;
        if (ANY_SERVICE_PRINCIPAL.equals(servicePrincipal)) {
            subject.getPrivateCredentials().add(KeyTab.getUnboundInstance(file));
            name = null;
        } else {
            KerberosPrincipal kp = new KerberosPrincipal(servicePrincipal, KerberosPrincipal.KRB_NT_PRINCIPAL);
            KeyTab kt = KeyTab.getInstance(kp, file);
            KerberosKey[] keys = kt.getKeys(kp);
            for (KerberosKey k : keys) {
                try {
                    k.destroy(); // only their presence was wanted; the acceptor reads the keytab itself
                } catch (DestroyFailedException e) {
                    // the copy is garbage anyway
                }
            }
            if (keys.length == 0) {
                throw new IOException("keytab " + keytab + " holds no key for " + kp.getName());
            }
            subject.getPrincipals().add(kp);
            subject.getPrivateCredentials().add(kt);
            name = kp.getName();
        }
        GSSManager manager = GSSManager.getInstance();
        try {
            GSSName gssName = name == null ? null : manager.createName(name, KRB5_PRINCIPAL_NAME, KRB5);
            // One credential for both mechanisms: the context picks the one named in each token's header.
            GSSCredential cred = Subject.callAs(subject, () -> manager.createCredential(gssName,
                    GSSCredential.INDEFINITE_LIFETIME, new Oid[] {SPNEGO, KRB5}, GSSCredential.ACCEPT_ONLY));
            return new SpnegoAcceptor(manager, cred, name == null ? ANY_SERVICE_PRINCIPAL : name);
        } catch (GSSException e) {
            throw new IOException("cannot use keytab " + keytab + " for " + servicePrincipal + ": " + text(e), e);
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause();
            throw new IOException("cannot use keytab " + keytab + " for " + servicePrincipal + ": "
                    + (c instanceof GSSException g ? text(g) : String.valueOf(c)), c);
        }
    }

    /** {@return the service principal this acceptor answers for, or {@value #ANY_SERVICE_PRINCIPAL}} */
    String servicePrincipal() {
        return servicePrincipal;
    }

    /**
     * {@return the token of an {@code Authorization} value of scheme Negotiate, if it is one} The scheme is matched
     * case-insensitively and followed by one or more spaces (RFC 9110 §11.4); the token is not decoded here.
     *
     * @param authorization an {@code Authorization} header value
     */
    static Optional<String> negotiateToken(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            return Optional.empty();
        }
        int i = SCHEME.length();
        while (i < authorization.length() && authorization.charAt(i) == ' ') {
            i++;
        }
        return Optional.of(authorization.substring(i));
    }

    /**
     * Accepts one Negotiate token.
     *
     * @param token the token text after {@code Negotiate } (see {@link #negotiateToken(String)})
     * @return the principal and the response token, or why not
     */
    Outcome accept(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return new Outcome.Refused(Reason.MALFORMED, 0, "token length " + token.length());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused(Reason.MALFORMED, 0, "token is not base64");
        }
        switch (NegotiateTokens.classify(bytes)) {
            case NTLM -> {
                return new Outcome.Refused(Reason.NTLM, 0,
                        "NTLM inside Negotiate; only Kerberos is offered (the client has no ticket for "
                                + servicePrincipal + ": check the SPN and that the client can reach its KDC)");
            }
            case NEEDS_ANOTHER_LEG -> {
                return new Outcome.Refused(Reason.NEEDS_ANOTHER_LEG, 0,
                        "SPNEGO without a Kerberos token first; multi-leg negotiation is not offered");
            }
            case MALFORMED -> {
                return new Outcome.Refused(Reason.MALFORMED, 0, "not a SPNEGO or Kerberos token");
            }
            case KERBEROS, SPNEGO_KERBEROS -> { }
        }
        GSSContext ctx = null;
        try {
            ctx = manager.createContext(credential);
            byte[] out = ctx.acceptSecContext(bytes, 0, bytes.length);
            if (!ctx.isEstablished()) {
                return new Outcome.Refused(Reason.NEEDS_ANOTHER_LEG, 0, "context not established in one leg");
            }
            GSSName src = ctx.getSrcName();
            String principal = src == null ? "" : src.toString();
            if (ctx.getAnonymityState() || principal.isEmpty() || ANONYMOUS.equals(principal)) {
                return new Outcome.Refused(Reason.ANONYMOUS, 0, "anonymous principal");
            }
            return new Outcome.Accepted(principal, out == null || out.length == 0
                    ? Optional.empty() : Optional.of(Base64.getEncoder().encodeToString(out)));
        } catch (GSSException e) {
            return new Outcome.Refused(Reason.REJECTED, krbErrorCode(e), text(e));
        } catch (RuntimeException e) {
            // A mechanism bug on hostile input must not escape as a 500 with a stack trace.
            return new Outcome.Refused(Reason.MALFORMED, 0, "token rejected by the mechanism: "
                    + e.getClass().getSimpleName());
        } finally {
            if (ctx != null) {
                try {
                    ctx.dispose();
                } catch (GSSException e) {
                    // nothing held worth reporting
                }
            }
        }
    }

    /**
     * The JDK reports Kerberos errors as a {@code GSSException} caused by a {@code sun.security.krb5.KrbException}
     * whose message is {@code "<text> (<code>)"}; the code is not reachable through exported API.
     */
    static int krbErrorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!t.getClass().getName().startsWith("sun.security.krb5.")) {
                continue;
            }
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            int open = m.indexOf(" (");
            int close = open < 0 ? -1 : m.indexOf(')', open);
            if (close > open + 2 && close - open <= 5) {
                int code = 0;
                for (int i = open + 2; i < close; i++) {
                    char c = m.charAt(i);
                    if (c < '0' || c > '9') {
                        code = -1;
                        break;
                    }
                    code = code * 10 + (c - '0');
                }
                if (code > 0) {
                    return code;
                }
            }
        }
        return 0;
    }

    /** A GSS error as printable ASCII, bounded: safe for a log line. */
    static String text(GSSException e) {
        String m = e.getMessage();
        StringBuilder sb = new StringBuilder(Math.min(m == null ? 0 : m.length(), 200));
        if (m != null) {
            for (int i = 0; i < m.length() && sb.length() < 200; i++) {
                char c = m.charAt(i);
                sb.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
        }
        return sb.toString();
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
