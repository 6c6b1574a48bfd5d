// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.server.AuthScheme;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Negotiate (RFC 4559) for one upload directory, with Basic beside it when the directory offers both (SDK: Authentication).
 *
 * <ul>
 *   <li>no {@code Authorization}, several, or one of a scheme not offered: 401 with a {@code WWW-Authenticate} per
 *       offered scheme, Negotiate first;</li>
 *   <li>{@code Negotiate <token>}: {@link SpnegoAcceptor#accept}; a refused token (NTLM, a wrong or expired ticket,
 *       a replay, a ticket for another service) is logged with its reason, never the token, and answered 401; an
 *       accepted principal outside the directory's {@link PrincipalAllowList} is answered 403; otherwise the request
 *       proceeds as {@code user@REALM}, and its answer carries {@code WWW-Authenticate: Negotiate <token>}, the
 *       mutual-authentication reply (RFC 4559 §5), on success and on error alike;</li>
 *   <li>{@code Basic …} when offered: the users file, as {@link BasicAuthenticator}. A Basic user name containing
 *       {@code @} is refused here, so that no users-file entry can pass for a Kerberos principal and take over its
 *       sessions.</li>
 * </ul>
 * Every request is authenticated on its own: com.sun.net.httpserver gives a handler no connection identity to keep a
 * context on (see {@link SpnegoAcceptor}).
 */
final class NegotiateAuthenticator implements Authenticator {

    private final SpnegoAcceptor acceptor;
    private final PrincipalAllowList allow;
    private final Optional<BasicAuthenticator> basic;
    private final Outcome.Challenged challenge;

    NegotiateAuthenticator(SpnegoAcceptor acceptor, PrincipalAllowList allow, Optional<BasicAuthenticator> basic) {
        this.acceptor = acceptor;
        this.allow = allow;
        this.basic = basic;
        EnumSet<AuthScheme> offered = EnumSet.of(AuthScheme.NEGOTIATE);
        basic.ifPresent(b -> offered.add(AuthScheme.BASIC));
        List<HeaderField> headers = new ArrayList<>();
        for (String c : AuthSchemes.challenges(offered, basic.map(BasicAuthenticator::realm).orElse(""))) {
            headers.add(HeaderField.of("WWW-Authenticate", c));
        }
        this.challenge = new Outcome.Challenged(headers);
    }

    @Override
    public Outcome authenticate(HeaderLookup headers, String client) {
        List<String> auth = headers.values("Authorization");
        if (auth.isEmpty()) {
            LogEvent.AUTH_CHALLENGED.log("scheme", "negotiate");
            return challenge;
        }
        if (auth.size() > 1) {
            return failed("any", "several_authorization_headers", "");
        }
        String value = auth.get(0);
        Optional<String> token = SpnegoAcceptor.negotiateToken(value);
        if (token.isPresent()) {
            return negotiate(token.get());
        }
        if (basic.isPresent() && value.regionMatches(true, 0, "Basic ", 0, 6)) {
            Outcome o = basic.get().verify(value, client);
            if (o instanceof Outcome.Challenged) {
                return failed("basic", "bad_credentials", "");
            }
            if (o instanceof Outcome.Accepted a && a.principal().indexOf('@') >= 0) {
                return failed("basic", "user_name_with_at", "a Basic user name may not look like a Kerberos principal");
            }
            return o;
        }
        return failed("other", "scheme_not_offered", "");
    }

    private Outcome negotiate(String token) {
        return switch (acceptor.accept(token)) {
            case SpnegoAcceptor.Outcome.Refused r -> failed("negotiate", r.reason().name(), r.krbErrorCode(),
                    r.detail());
            case SpnegoAcceptor.Outcome.Accepted a -> {
                List<HeaderField> mutual = a.responseToken()
                        .map(t -> List.of(HeaderField.of("WWW-Authenticate", "Negotiate " + t)))
                        .orElse(List.of());
                if (!allow.allows(a.principal())) {
                    LogEvent.AUTH_DENIED.log("principal", a.principal());
                    yield new Outcome.Forbidden(a.principal(), mutual);
                }
                yield new Outcome.Accepted(a.principal(), mutual);
            }
        };
    }

    private Outcome failed(String scheme, String reason, String detail) {
        return failed(scheme, reason, 0, detail);
    }

    private Outcome failed(String scheme, String reason, int krbError, String detail) {
        List<Object> kv = new ArrayList<>(List.of("scheme", scheme, "reason", reason));
        if (krbError != 0) {
            kv.addAll(List.of("krb_error", krbError));
        }
        if (!detail.isEmpty()) {
            kv.addAll(List.of("detail", logSafe(detail)));
        }
        LogEvent.AUTH_FAILED.log(kv.toArray());
        return challenge;
    }

    /** A name or text for a log line: printable ASCII without quotes, at most 256 characters. */
    static String logSafe(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 256));
        for (int i = 0; i < s.length() && sb.length() < 256; i++) {
            char c = s.charAt(i);
            sb.append(c > 0x20 && c < 0x7f && c != '"' || c == ' ' ? c : '?');
        }
        return sb.toString();
    }
}
