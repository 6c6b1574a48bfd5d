// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.server.BitsServerConfig;
import java.util.List;
import java.util.Objects;

/**
 * The authentication seam the handler calls before anything else (digest §9): HTTP Basic today, another scheme
 * (e.g. Negotiate) beside it later. A rejected request is answered 401 with the challenge headers and its body is
 * never read.
 */
interface Authenticator {

    /**
     * Authenticates a request.
     *
     * @param headers the request headers
     * @return the principal, or the challenge
     */
    Outcome authenticate(HeaderLookup headers);

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
    }

    /** Everyone is the anonymous principal {@code ""}. */
    Authenticator ANONYMOUS = headers -> new Outcome.Accepted("", List.of());

    /** {@return the authenticator a configuration asks for} */
    static Authenticator of(BitsServerConfig config) {
        return config.users().<Authenticator>map(u -> new BasicAuthenticator(u, config.realm())).orElse(ANONYMOUS);
    }
}
