// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a client's Kerberos credentials for Negotiate come from ({@link BitsClient.Builder#negotiate}): the user's
 * ticket cache, filled by {@code kinit} (or a Windows logon exported to a file cache), or a keytab for unattended
 * jobs (a service account's, or a machine account's from {@code msktutil}). Immutable.
 *
 * <p>The login happens at the first request that needs a token, with the JDK's {@code Krb5LoginModule} configured in
 * code (no JAAS file). The JDK reads file ticket caches only ({@code FILE:}), not {@code KEYRING:} or {@code KCM:}
 * caches; {@code kinit -c FILE:/path} makes one. The Kerberos configuration (realms, KDCs) is the JVM's:
 * {@code java.security.krb5.conf}, read once, at the first use of Kerberos in the JVM (else {@code /etc/krb5.conf}).
 */
public final class KerberosLogin {
    private final Optional<Path> cache;
    private final Optional<Path> keytab;
    private final Optional<String> principal;

    private KerberosLogin(Optional<Path> cache, Optional<Path> keytab, Optional<String> principal) {
        this.cache = cache;
        this.keytab = keytab;
        this.principal = principal;
    }

    /**
     * {@return the default ticket cache: {@code KRB5CCNAME} (a {@code FILE:} cache), else {@code /tmp/krb5cc_<uid>}}
     */
    public static KerberosLogin defaultTicketCache() {
        return new KerberosLogin(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return the ticket cache in this file}
     *
     * @param cache the cache file
     */
    public static KerberosLogin ticketCache(Path cache) {
        return new KerberosLogin(Optional.of(Objects.requireNonNull(cache, "cache")), Optional.empty(),
                Optional.empty());
    }

    /**
     * {@return a login with a principal's key from a keytab}
     *
     * @param keytab the keytab file
     * @param principal the client principal whose key it holds, {@code name@REALM}
     */
    public static KerberosLogin keytab(Path keytab, String principal) {
        return new KerberosLogin(Optional.empty(), Optional.of(Objects.requireNonNull(keytab, "keytab")),
                Optional.of(checked(principal)));
    }

    /**
     * {@return this ticket-cache login, failing unless the cache holds this principal}
     *
     * @param principal the principal, {@code name@REALM}
     * @throws IllegalStateException on a keytab login, which names its principal already
     */
    public KerberosLogin expectingPrincipal(String principal) {
        if (keytab.isPresent()) {
            throw new IllegalStateException("a keytab login names its principal already");
        }
        return new KerberosLogin(cache, keytab, Optional.of(checked(principal)));
    }

    private static String checked(String principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal.isEmpty() || !principal.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException("not a principal name");
        }
        return principal;
    }

    /** {@return a new initiator (its own login Subject) for one client} */
    SpnegoInitiator initiator() {
        return keytab.isPresent() ? SpnegoInitiator.fromKeytab(keytab.get(), principal.orElseThrow())
                : SpnegoInitiator.fromTicketCache(cache, principal);
    }

    @Override
    public String toString() {
        return keytab.map(k -> "keytab " + k).orElseGet(() -> "ticket cache " + cache.map(Path::toString)
                .orElse("(default)")) + principal.map(p -> " for " + p).orElse("");
    }
}
