// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP authentication schemes an upload directory can offer (digest §9), their command-line spelling
 * ({@code negotiate}, {@code basic}, {@code negotiate,basic}) and the {@code WWW-Authenticate} challenges of a 401.
 */
final class AuthSchemes {
    private AuthSchemes() {}

    /** An authentication scheme. */
    enum Scheme {
        /** RFC 4559: SPNEGO/Kerberos, as IIS's "Windows authentication" with the Negotiate provider. */
        NEGOTIATE,
        /** RFC 7617: user name and password; only sensible over HTTPS. */
        BASIC
    }

    /**
     * Parses a comma-separated list of scheme names, case-insensitively.
     *
     * @param text e.g. {@code negotiate,basic}
     * @return the schemes, never empty
     * @throws IllegalArgumentException if a name is unknown, repeated or empty
     */
    static Set<Scheme> parse(String text) {
        EnumSet<Scheme> set = EnumSet.noneOf(Scheme.class);
        int from = 0;
        while (true) {
            int comma = text.indexOf(',', from);
            String name = text.substring(from, comma < 0 ? text.length() : comma).strip()
                    .toLowerCase(Locale.ROOT);
            Scheme s = switch (name) {
                case "negotiate" -> Scheme.NEGOTIATE;
                case "basic" -> Scheme.BASIC;
                default -> throw new IllegalArgumentException(
                        "unknown authentication scheme (expected negotiate, basic or negotiate,basic)");
            };
            if (!set.add(s)) {
                throw new IllegalArgumentException("authentication scheme listed twice: " + name);
            }
            if (comma < 0) {
                return set;
            }
            from = comma + 1;
        }
    }

    /**
     * {@return the {@code WWW-Authenticate} values of a 401, one header each, Negotiate first} Clients use the first
     * scheme they support, and Negotiate is the stronger one (RFC 9110 §11.6.1 allows several challenges; one header
     * per challenge avoids clients that split a combined value badly on the commas inside Basic's parameters).
     *
     * @param schemes the offered schemes
     * @param realm   the Basic realm (quotes and backslashes must not occur in it)
     */
    static List<String> challenges(Set<Scheme> schemes, String realm) {
        List<String> out = new ArrayList<>(2);
        if (schemes.contains(Scheme.NEGOTIATE)) {
            out.add("Negotiate");
        }
        if (schemes.contains(Scheme.BASIC)) {
            out.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        }
        return out;
    }
}
