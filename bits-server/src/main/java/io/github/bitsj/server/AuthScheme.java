// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP authentication scheme an upload directory can require (SDK: Authentication), as IIS offers them per virtual
 * directory. A 401 challenges with every scheme the directory offers, Negotiate first.
 */
public enum AuthScheme {
    /**
     * Negotiate (RFC 4559): SPNEGO with Kerberos, the Windows domain sign-on of IIS's "Windows authentication".
     * Needs the server's keytab ({@link BitsServerConfig.Builder#keytab}); NTLM is not offered.
     */
    NEGOTIATE,
    /** Basic (RFC 7617): a user name and password checked against {@link BitsServerConfig#users()}; use HTTPS. */
    BASIC;

    /**
     * Parses the command line's spelling: scheme names separated by commas, in any case ({@code negotiate},
     * {@code basic}, {@code negotiate,basic}).
     *
     * @param text the names
     * @return the schemes, never empty, unmodifiable
     * @throws IllegalArgumentException if a name is unknown, repeated or empty
     */
    public static Set<AuthScheme> parse(String text) {
        EnumSet<AuthScheme> set = EnumSet.noneOf(AuthScheme.class);
        int from = 0;
        while (true) {
            int comma = text.indexOf(',', from);
            String name = text.substring(from, comma < 0 ? text.length() : comma).strip()
                    .toLowerCase(Locale.ROOT);
            AuthScheme s = switch (name) {
                case "negotiate" -> NEGOTIATE;
                case "basic" -> BASIC;
                default -> throw new IllegalArgumentException(
                        "unknown authentication scheme (expected negotiate, basic or negotiate,basic)");
            };
            if (!set.add(s)) {
                throw new IllegalArgumentException("authentication scheme listed twice: " + name);
            }
            if (comma < 0) {
                return Collections.unmodifiableSet(set);
            }
            from = comma + 1;
        }
    }
}
