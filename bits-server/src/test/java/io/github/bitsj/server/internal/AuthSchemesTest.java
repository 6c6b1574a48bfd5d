// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.bitsj.server.AuthScheme;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuthSchemes}: the {@code --auth} spelling and the 401 challenges. */
class AuthSchemesTest {
    @Test
    void parsesTheThreeForms() {
        assertEquals(EnumSet.of(AuthScheme.NEGOTIATE), AuthSchemes.parse("negotiate"));
        assertEquals(EnumSet.of(AuthScheme.BASIC), AuthSchemes.parse("Basic"));
        assertEquals(EnumSet.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC), AuthSchemes.parse("negotiate,basic"));
        assertEquals(EnumSet.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC), AuthSchemes.parse("basic, NEGOTIATE"));
    }

    @Test
    void rejectsUnknownRepeatedAndEmpty() {
        for (String bad : new String[] {"", "ntlm", "negotiate,", "basic,basic", "digest", "negotiate;basic"}) {
            assertThrows(IllegalArgumentException.class, () -> AuthSchemes.parse(bad), bad);
        }
    }

    @Test
    void challengesPutNegotiateFirstOneHeaderEach() {
        assertEquals(List.of("Negotiate"), AuthSchemes.challenges(EnumSet.of(AuthScheme.NEGOTIATE), "BITS"));
        assertEquals(List.of("Basic realm=\"BITS\", charset=\"UTF-8\""),
                AuthSchemes.challenges(EnumSet.of(AuthScheme.BASIC), "BITS"));
        assertEquals(List.of("Negotiate", "Basic realm=\"R\", charset=\"UTF-8\""),
                AuthSchemes.challenges(EnumSet.of(AuthScheme.BASIC, AuthScheme.NEGOTIATE), "R"));
    }
}
