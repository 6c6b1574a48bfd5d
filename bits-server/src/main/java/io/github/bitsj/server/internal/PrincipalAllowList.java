// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Kerberos principals an upload directory admits once they have authenticated (SDK: Authentication: "the authenticated
 * user needs permission on the destination", 403 otherwise). Entries:
 * <ul>
 *   <li>{@code *} — any authenticated principal;</li>
 *   <li>{@code @REALM} — any principal of that realm ({@code @EXAMPLE.COM});</li>
 *   <li>{@code name@REALM} — that principal ({@code alice@EXAMPLE.COM}, a machine account {@code HOST1$@EXAMPLE.COM}).</li>
 * </ul>
 * Matching is exact, case included: Kerberos names and realms are case-sensitive (RFC 4120 §6.1, §6.2), and a
 * case-folding match could admit a different MIT principal. Active Directory returns the stored case of an account
 * name when the client asks for canonicalization, as Windows does, so an entry is written the way the account is.
 * An empty list admits no one.
 *
 * <p>Public only so that {@link io.github.bitsj.server.DirectoryAuth} can validate entries when it is built; the
 * package is not exported.
 */
public final class PrincipalAllowList {
    /** The entry admitting any authenticated principal. */
    static final String ANY = "*";

    private final List<String> entries;
    private final boolean any;
    private final Set<String> realms;
    private final Set<String> principals;

    private PrincipalAllowList(List<String> entries) {
        this.entries = List.copyOf(entries);
        Set<String> r = new HashSet<>();
        Set<String> p = new HashSet<>();
        boolean a = false;
        for (String e : entries) {
            if (e.equals(ANY)) {
                a = true;
            } else if (e.charAt(0) == '@') {
                r.add(e.substring(1));
            } else {
                p.add(e);
            }
        }
        this.any = a;
        this.realms = Set.copyOf(r);
        this.principals = Set.copyOf(p);
    }

    /**
     * Parses entries.
     *
     * @param entries the entries (see the class description)
     * @return the list
     * @throws IllegalArgumentException if an entry is empty, has no realm, an empty name or realm, or whitespace or
     *                                  control characters (the message names the entry's position only)
     */
    public static PrincipalAllowList of(Collection<String> entries) {
        List<String> list = new ArrayList<>(entries.size());
        int n = 0;
        for (String e : entries) {
            n++;
            Objects.requireNonNull(e, "entry");
            if (e.isEmpty() || !e.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
                throw new IllegalArgumentException("allow-list entry " + n
                        + ": empty, or has whitespace or control characters");
            }
            if (!e.equals(ANY)) {
                int at = realmSeparator(e);
                if (at < 0 || at == e.length() - 1) {
                    throw new IllegalArgumentException("allow-list entry " + n
                            + ": expected *, @REALM or name@REALM");
                }
                if (e.indexOf('@', at + 1) >= 0 || e.charAt(0) == '@' && e.indexOf('@', 1) >= 0) {
                    throw new IllegalArgumentException("allow-list entry " + n + ": more than one realm separator");
                }
            }
            list.add(e);
        }
        return new PrincipalAllowList(list);
    }

    /**
     * Parses a comma-separated list ({@code alice@EXAMPLE.COM,@PARTNER.EXAMPLE}), the command-line form.
     *
     * @param commaSeparated the entries separated by commas
     * @return the list
     * @throws IllegalArgumentException as {@link #of(Collection)}, and for an empty item
     */
    static PrincipalAllowList parse(String commaSeparated) {
        List<String> items = new ArrayList<>();
        int from = 0;
        while (true) {
            int comma = commaSeparated.indexOf(',', from);
            items.add(commaSeparated.substring(from, comma < 0 ? commaSeparated.length() : comma));
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return of(items);
    }

    /**
     * {@return whether {@code principal} is admitted}
     *
     * @param principal an authenticated principal, {@code name@REALM}
     */
    boolean allows(String principal) {
        if (any) {
            return true;
        }
        if (principals.contains(principal)) {
            return true;
        }
        int at = realmSeparator(principal);
        return at > 0 && realms.contains(principal.substring(at + 1));
    }

    /** {@return the entries, in the order given} */
    List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }

    /** The last {@code @} not escaped by a backslash (RFC 1964 §2.1.1 allows {@code \@} inside a name). */
    private static int realmSeparator(String name) {
        for (int i = name.length() - 1; i >= 0; i--) {
            if (name.charAt(i) == '@') {
                int backslashes = 0;
                for (int j = i - 1; j >= 0 && name.charAt(j) == '\\'; j--) {
                    backslashes++;
                }
                if (backslashes % 2 == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
