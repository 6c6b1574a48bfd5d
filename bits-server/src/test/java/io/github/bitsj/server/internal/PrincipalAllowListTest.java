// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PrincipalAllowList}: users, realms, anyone authenticated, exact matching. */
class PrincipalAllowListTest {
    @Test
    void usersAreMatchedExactly() {
        PrincipalAllowList l = PrincipalAllowList.parse("alice@EXAMPLE.COM,HOST1$@EXAMPLE.COM");
        assertTrue(l.allows("alice@EXAMPLE.COM"));
        assertTrue(l.allows("HOST1$@EXAMPLE.COM"));
        assertFalse(l.allows("bob@EXAMPLE.COM"));
        assertFalse(l.allows("Alice@EXAMPLE.COM"), "case matters: Kerberos names are case-sensitive");
        assertFalse(l.allows("alice@example.com"), "so are realms");
        assertFalse(l.allows("alice@EXAMPLE.COM.EVIL"));
        assertFalse(l.allows("alice"));
    }

    @Test
    void realmEntriesAdmitEveryPrincipalOfThatRealmOnly() {
        PrincipalAllowList l = PrincipalAllowList.parse("@EXAMPLE.COM");
        assertTrue(l.allows("alice@EXAMPLE.COM"));
        assertTrue(l.allows("HTTP/web.example.com@EXAMPLE.COM"));
        assertFalse(l.allows("alice@PARTNER.EXAMPLE"));
        assertFalse(l.allows("alice@SUB.EXAMPLE.COM"));
        assertFalse(l.allows("EXAMPLE.COM"));
        assertFalse(l.allows("@EXAMPLE.COM"), "no name");
        // an escaped @ belongs to the name, not the realm separator
        assertTrue(l.allows("a\\@b@EXAMPLE.COM"));
    }

    @Test
    void starAdmitsAnyAuthenticatedPrincipal() {
        PrincipalAllowList l = PrincipalAllowList.parse("*");
        assertTrue(l.allows("alice@EXAMPLE.COM"));
        assertTrue(l.allows("anyone@ANYWHERE"));
    }

    @Test
    void emptyListAdmitsNoOne() {
        PrincipalAllowList l = PrincipalAllowList.of(List.of());
        assertFalse(l.allows("alice@EXAMPLE.COM"));
    }

    @Test
    void entriesKeepTheirOrder() {
        assertEquals(List.of("@B", "a@A", "*"), PrincipalAllowList.parse("@B,a@A,*").entries());
        assertEquals("@B,a@A,*", PrincipalAllowList.parse("@B,a@A,*").toString());
    }

    @Test
    void malformedEntriesAreRejected() {
        for (String bad : new String[] {"", "alice", "alice@", "@", "@A@B", "a b@R", "a@R\n", ",", "a@R,", "**x"}) {
            assertThrows(IllegalArgumentException.class, () -> PrincipalAllowList.parse(bad), bad);
        }
    }
}
