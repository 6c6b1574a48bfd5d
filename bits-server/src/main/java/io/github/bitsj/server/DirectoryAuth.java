// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.server.internal.PrincipalAllowList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may upload to one {@link UploadDirectory} (SDK: Authentication): the authentication schemes it requires, as IIS sets them
 * per virtual directory, and which Kerberos principals it admits once authenticated.
 *
 * <ul>
 *   <li>{@link #serverDefault()} (the default): Basic when the server has {@linkplain BitsServerConfig#users() users},
 *       otherwise anonymous;</li>
 *   <li>{@link #anonymous()}: no authentication, even when the server has users;</li>
 *   <li>{@link #of(Set, List)}: Negotiate, Basic or both. A principal authenticated by Negotiate must match the
 *       allow-list, else 403 + {@code E_ACCESSDENIED}: {@code *} (any authenticated principal, the default),
 *       {@code @REALM} (any principal of that realm) or {@code name@REALM} (that principal, a machine account
 *       {@code HOST1$@REALM} included), matched exactly, case included. A Basic user is admitted by being in the
 *       users file.</li>
 * </ul>
 * Sessions belong to the principal that created them ({@code user@REALM} for Negotiate, the user name for Basic):
 * another principal naming that session gets {@code BG_E_SESSION_NOT_FOUND}.
 */
public final class DirectoryAuth {
    /** The default allow-list: any authenticated principal. */
    public static final List<String> DEFAULT_ALLOWED_PRINCIPALS = List.of("*");

    private static final DirectoryAuth SERVER_DEFAULT = new DirectoryAuth(Optional.empty(),
            DEFAULT_ALLOWED_PRINCIPALS);
    private static final DirectoryAuth ANONYMOUS = new DirectoryAuth(Optional.of(Set.of()),
            DEFAULT_ALLOWED_PRINCIPALS);

    private final Optional<Set<AuthScheme>> schemes;
    private final List<String> allowedPrincipals;

    private DirectoryAuth(Optional<Set<AuthScheme>> schemes, List<String> allowedPrincipals) {
        this.schemes = schemes;
        this.allowedPrincipals = allowedPrincipals;
    }

    /** {@return Basic when the server has users, otherwise anonymous (the default)} */
    public static DirectoryAuth serverDefault() {
        return SERVER_DEFAULT;
    }

    /** {@return no authentication for this directory} */
    public static DirectoryAuth anonymous() {
        return ANONYMOUS;
    }

    /**
     * Requires these schemes, admitting any authenticated principal.
     *
     * @param schemes one or both schemes
     * @return the setting
     * @throws IllegalArgumentException if {@code schemes} is empty
     */
    public static DirectoryAuth of(Set<AuthScheme> schemes) {
        return of(schemes, DEFAULT_ALLOWED_PRINCIPALS);
    }

    /**
     * Requires these schemes and admits the Negotiate principals of the allow-list.
     *
     * @param schemes           one or both schemes
     * @param allowedPrincipals {@code *}, {@code @REALM} or {@code name@REALM} entries; empty admits no Negotiate
     *                          principal
     * @return the setting
     * @throws IllegalArgumentException if {@code schemes} is empty or an entry is malformed (the message names its
     *                                  position)
     */
    public static DirectoryAuth of(Set<AuthScheme> schemes, List<String> allowedPrincipals) {
        Objects.requireNonNull(schemes, "schemes");
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("at least one authentication scheme (or anonymous())");
        }
        PrincipalAllowList.of(allowedPrincipals); // validates
        return new DirectoryAuth(Optional.of(Collections.unmodifiableSet(EnumSet.copyOf(schemes))),
                List.copyOf(allowedPrincipals));
    }

    /** {@return the schemes required here ({@code Optional.empty()}: the server's default; empty: anonymous)} */
    public Optional<Set<AuthScheme>> schemes() {
        return schemes;
    }

    /**
     * {@return the schemes required here on a server with or without users}
     *
     * @param serverHasUsers whether the server has a users file ({@link BitsServerConfig#users()})
     */
    public Set<AuthScheme> effectiveSchemes(boolean serverHasUsers) {
        return schemes.orElse(serverHasUsers ? Set.of(AuthScheme.BASIC) : Set.of());
    }

    /** {@return the allow-list for principals authenticated by Negotiate (default {@code *})} */
    public List<String> allowedPrincipals() {
        return allowedPrincipals;
    }

    @Override
    public String toString() {
        return "DirectoryAuth[" + schemes.map(Object::toString).orElse("server default") + " allow="
                + String.join(",", allowedPrincipals) + "]";
    }
}
