// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.UploadDirectory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication seam the handler calls before anything else (SDK: Authentication), one per upload directory: anonymous,
 * HTTP Basic ({@link BasicAuthenticator}), or Negotiate with or without Basic ({@link NegotiateAuthenticator}). A
 * rejected request is answered 401 with the challenge headers, a refused principal 403; neither body is ever read.
 */
interface Authenticator {

    /**
     * Authenticates a request.
     *
     * @param headers the request headers
     * @param client the client's address key ({@link AddressLimits#keyOf}), for the login back-off
     * @return the principal, or the challenge
     */
    Outcome authenticate(HeaderLookup headers, String client);

    /** What authentication decided. */
    sealed interface Outcome {
        /**
         * The request may proceed.
         *
         * @param principal the principal that owns the sessions it creates ({@code ""} when anonymous)
         * @param responseHeaders headers to add to the answer (none for Basic)
         */
        record Accepted(String principal, List<HeaderField> responseHeaders) implements Outcome {
            public Accepted {
                Objects.requireNonNull(principal, "principal");
                responseHeaders = List.copyOf(responseHeaders);
            }
        }

        /**
         * The request is answered 401 with these headers ({@code WWW-Authenticate} challenges).
         *
         * @param challenge the headers
         */
        record Challenged(List<HeaderField> challenge) implements Outcome {
            public Challenged {
                challenge = List.copyOf(challenge);
            }
        }

        /**
         * The request is answered 403: the principal authenticated but may not upload here.
         *
         * @param principal the principal
         * @param responseHeaders headers to add to the answer (the mutual-authentication token)
         */
        record Forbidden(String principal, List<HeaderField> responseHeaders) implements Outcome {
            public Forbidden {
                Objects.requireNonNull(principal, "principal");
                responseHeaders = List.copyOf(responseHeaders);
            }
        }

        /**
         * The request is answered 503 without checking its credentials: logins from its address or for its user
         * failed too often ({@link LoginThrottle}, D44), or no password check could start in time.
         *
         * @param retryAfterSeconds when to try again, at least 1
         */
        record Throttled(long retryAfterSeconds) implements Outcome {}
    }

    /** Everyone is the anonymous principal {@code ""}. */
    Authenticator ANONYMOUS = (headers, client) -> new Outcome.Accepted("", List.of());

    /**
     * {@return the authenticator of one directory}
     *
     * @param directory the directory
     * @param basic the server's Basic authenticator, when it has users
     * @param negotiate the server's Negotiate acceptor, when it has a keytab
     * @throws IllegalStateException if the directory needs what the server lacks (the configuration checks that)
     */
    static Authenticator of(UploadDirectory directory, Optional<BasicAuthenticator> basic,
            Optional<SpnegoAcceptor> negotiate) {
        Set<AuthScheme> schemes = directory.auth().effectiveSchemes(basic.isPresent());
        if (schemes.contains(AuthScheme.NEGOTIATE)) {
            return new NegotiateAuthenticator(negotiate.orElseThrow(),
                    PrincipalAllowList.of(directory.auth().allowedPrincipals()),
                    schemes.contains(AuthScheme.BASIC) ? Optional.of(basic.orElseThrow()) : Optional.empty());
        }
        return schemes.contains(AuthScheme.BASIC) ? basic.orElseThrow() : ANONYMOUS;
    }
}
