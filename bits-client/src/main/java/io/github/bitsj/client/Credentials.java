// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The one seam for answering HTTP authentication challenges (MC-BUP §3.1.1.2 ERROR, §9): which challenges the client's
 * credentials answer, and the {@code Authorization} value they send. When to send them is the protocol's decision
 * ({@link io.github.bitsj.protocol.ClientReactions}: once after a challenge, then with every request of the job).
 * Basic ({@link #basic}) and Negotiate ({@link NegotiateCredentials}).
 */
interface Credentials {

    /**
     * The authorization of one request: the {@code Authorization} value it carries, and the check of its response
     * (Negotiate's mutual authentication). Closed once the response is in, or the exchange failed.
     */
    interface Attempt extends AutoCloseable {
        /** {@return the {@code Authorization} value} */
        String authorization();

        /**
         * Checks the response to the request that carried {@link #authorization()}.
         *
         * @param status the HTTP status
         * @param headers the response headers
         * @throws AuthenticationFailure if the response must not be believed (the server did not prove its identity)
         */
        default void verify(int status, HttpHeaders headers) throws AuthenticationFailure {
        }

        @Override
        default void close() {
        }
    }

    /** No credentials: no challenge is answered, no {@code Authorization} is sent. */
    Credentials NONE = new Credentials() {
        @Override
        public boolean answers(int status, HttpHeaders headers) {
            return false;
        }

        @Override
        public Optional<Attempt> authorize(URI target) {
            return Optional.empty();
        }
    };

    /** {@return true if a response with this status and headers is a challenge these credentials answer} */
    boolean answers(int status, HttpHeaders headers);

    /**
     * Prepares the authorization of one request.
     *
     * @param target the URL the request goes to (after any {@code BITS-Host-Id} switch)
     * @return the attempt, or empty to send no {@code Authorization}
     * @throws AuthenticationFailure if no credentials can be had for it
     */
    Optional<Attempt> authorize(URI target) throws AuthenticationFailure;

    /**
     * {@return Basic credentials (RFC 7617) for one user: they answer a 401 with a {@code Basic} challenge}
     *
     * @throws IllegalArgumentException if the user name contains ':'
     */
    static Credentials basic(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user name cannot contain ':'");
        }
        CharBuffer chars = CharBuffer.allocate(user.length() + 1 + password.length);
        chars.put(user).put(':').put(password).flip();
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(chars);
        byte[] raw = new byte[utf8.remaining()];
        utf8.get(raw);
        String value = "Basic " + Base64.getEncoder().encodeToString(raw);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        Optional<Attempt> attempt = Optional.of(() -> value);
        return new Credentials() {
            @Override
            public boolean answers(int status, HttpHeaders headers) {
                if (status != 401) {
                    return false;
                }
                for (String v : headers.allValues("WWW-Authenticate")) {
                    if (v.regionMatches(true, 0, "Basic", 0, 5)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Optional<Attempt> authorize(URI target) {
                return attempt;
            }

            @Override
            public String toString() {
                return "Basic credentials";   // never the value
            }
        };
    }
}
