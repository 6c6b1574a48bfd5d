// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.util.HashSet;
import java.util.Set;

/** The checks a {@link BitsServerConfig} passes when it is built (kept apart to keep the class short). */
final class ServerConfigRules {
    private ServerConfigRules() {}

    /**
     * Checks {@code c}: at least one directory, distinct prefixes, disjoint storage roots, sane limits, and every
     * scheme a directory requires has what it needs (Basic a users file, Negotiate a keytab).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void check(BitsServerConfig c) {
        if (c.directories().isEmpty()) {
            throw new IllegalArgumentException("at least one upload directory is needed");
        }
        Set<String> prefixes = new HashSet<>();
        for (UploadDirectory d : c.directories()) {
            if (!prefixes.add(d.urlPrefix())) {
                throw new IllegalArgumentException("duplicate URL prefix: " + d.urlPrefix());
            }
        }
        UploadDirectoryRules.checkDisjointRoots(c.directories().stream().map(UploadDirectory::storageRoot).toList());
        if (c.maxSessions() < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1");
        }
        if (c.sweepInterval().toMillis() < 100) {
            throw new IllegalArgumentException("sweepInterval must be at least 100 ms");
        }
        if (c.shutdownGrace().isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative");
        }
        String realm = c.realm();
        if (realm.isEmpty() || !realm.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')) {
            throw new IllegalArgumentException("realm must be printable ASCII without quotes");
        }
        for (UploadDirectory d : c.directories()) {
            Set<AuthScheme> schemes = d.auth().effectiveSchemes(c.users().isPresent());
            if (schemes.contains(AuthScheme.BASIC) && c.users().isEmpty()) {
                throw new IllegalArgumentException("Basic authentication on " + d.urlPrefix() + " needs users");
            }
            if (schemes.contains(AuthScheme.NEGOTIATE) && c.keytab().isEmpty()) {
                throw new IllegalArgumentException("Negotiate authentication on " + d.urlPrefix()
                        + " needs a keytab");
            }
        }
        if (c.servicePrincipal().isPresent() && c.keytab().isEmpty()) {
            throw new IllegalArgumentException("a service principal needs a keytab");
        }
        c.servicePrincipal().ifPresent(p -> {
            if (p.isEmpty() || !p.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                throw new IllegalArgumentException("the service principal must be visible ASCII");
            }
        });
    }
}
