// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DirectoryAuth} and the configuration rules that tie it to the server's users and keytab (SDK: Authentication). */
class DirectoryAuthTest {
    private static final UserStore USERS = UserStore.parse(List.of(UserStore.hashLine("u", "p".toCharArray())));

    private static BitsServerConfig.Builder config(DirectoryAuth auth) {
        return BitsServerConfig.newBuilder()
                .addDirectory(UploadDirectory.newBuilder("/upload", Path.of("up")).auth(auth).build());
    }

    @Test
    void theDefaultIsBasicWithUsersElseAnonymousAsBefore() {
        DirectoryAuth d = UploadDirectory.newBuilder("/u", Path.of("u")).build().auth();
        assertEquals(DirectoryAuth.serverDefault(), d);
        assertEquals(Optional.empty(), d.schemes());
        assertEquals(Set.of(AuthScheme.BASIC), d.effectiveSchemes(true));
        assertEquals(Set.of(), d.effectiveSchemes(false));
        assertEquals(List.of("*"), d.allowedPrincipals());
        assertEquals(Set.of(), DirectoryAuth.anonymous().effectiveSchemes(true), "anonymous even with users");
    }

    @Test
    void schemesAndAllowListAreValidatedWhenMade() {
        DirectoryAuth d = DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC),
                List.of("alice@EXAMPLE.COM", "@PARTNER.EXAMPLE"));
        assertEquals(Set.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC), d.effectiveSchemes(false));
        assertEquals(List.of("alice@EXAMPLE.COM", "@PARTNER.EXAMPLE"), d.allowedPrincipals());
        assertThrows(IllegalArgumentException.class, () -> DirectoryAuth.of(Set.of()));
        for (String bad : new String[] {"alice", "", "a b@R", "@", "alice@"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE), List.of(bad)), bad);
        }
        assertThrows(UnsupportedOperationException.class, () -> d.allowedPrincipals().add("x@Y"));
        assertThrows(UnsupportedOperationException.class, () -> d.schemes().orElseThrow().add(AuthScheme.BASIC));
    }

    @Test
    void aSchemeWithoutWhatItNeedsIsAConfigurationError() {
        DirectoryAuth negotiate = DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE));
        DirectoryAuth basic = DirectoryAuth.of(Set.of(AuthScheme.BASIC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(negotiate).build());
        assertTrue(e.getMessage().contains("needs a keytab"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config(basic).build());
        assertTrue(e.getMessage().contains("needs users"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> config(DirectoryAuth.anonymous()).servicePrincipal("HTTP/h@R").build());
        assertTrue(e.getMessage().contains("needs a keytab"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> config(negotiate).keytab(Path.of("k")).servicePrincipal("HTTP/h @R").build());
        BitsServerConfig ok = config(negotiate).keytab(Path.of("k")).servicePrincipal("*").build();
        assertEquals(Optional.of(Path.of("k")), ok.keytab());
        assertEquals(Optional.of("*"), ok.servicePrincipal());
        config(basic).users(USERS).build();
        config(DirectoryAuth.serverDefault()).build();
        config(DirectoryAuth.anonymous()).users(USERS).build();
    }
}
