// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.server.AuthScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code WWW-Authenticate} challenges of a 401 for the {@link AuthScheme}s an upload directory offers (SDK: Authentication).
 */
final class AuthSchemes {
    private AuthSchemes() {}

    /**
     * Parses a comma-separated list of scheme names, case-insensitively ({@link AuthScheme#parse}).
     *
     * @param text e.g. {@code negotiate,basic}
     * @return the schemes, never empty
     * @throws IllegalArgumentException if a name is unknown, repeated or empty
     */
    static Set<AuthScheme> parse(String text) {
        return AuthScheme.parse(text);
    }

    /**
     * {@return the {@code WWW-Authenticate} values of a 401, one header each, Negotiate first} Clients use the first
     * scheme they support, and Negotiate is the stronger one (RFC 9110 §11.6.1 allows several challenges; one header
     * per challenge avoids clients that split a combined value badly on the commas inside Basic's parameters).
     *
     * @param schemes the offered schemes
     * @param realm   the Basic realm (quotes and backslashes must not occur in it)
     */
    static List<String> challenges(Set<AuthScheme> schemes, String realm) {
        List<String> out = new ArrayList<>(2);
        if (schemes.contains(AuthScheme.NEGOTIATE)) {
            out.add("Negotiate");
        }
        if (schemes.contains(AuthScheme.BASIC)) {
            out.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        }
        return out;
    }
}
