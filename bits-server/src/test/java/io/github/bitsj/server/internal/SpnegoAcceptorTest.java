// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.Test;

/** The parts of {@link SpnegoAcceptor} that need no KDC (the rest: {@link SpnegoAcceptorKdcTest}). */
class SpnegoAcceptorTest {
    @Test
    void negotiateHeaderParsing() {
        assertEquals(Optional.of("YII="), SpnegoAcceptor.negotiateToken("Negotiate YII="));
        assertEquals(Optional.of("YII="), SpnegoAcceptor.negotiateToken("negotiate   YII="));
        assertEquals(Optional.of("YII="), SpnegoAcceptor.negotiateToken("NEGOTIATE YII="));
        assertEquals(Optional.empty(), SpnegoAcceptor.negotiateToken("Basic YWxpY2U6eA=="));
        assertEquals(Optional.empty(), SpnegoAcceptor.negotiateToken("Negotiate"));
        assertEquals(Optional.empty(), SpnegoAcceptor.negotiateToken("NegotiateYII="));
        assertEquals(Optional.empty(), SpnegoAcceptor.negotiateToken("Negotiate\tYII="));
        assertEquals(Optional.empty(), SpnegoAcceptor.negotiateToken(null));
    }

    @Test
    void gssErrorTextForTheLogIsBoundedPrintableAscii() {
        GSSException e = new GSSException(GSSException.FAILURE, -1, "line\r\nbreak\u0000\u00e9" + "x".repeat(500));
        String t = SpnegoAcceptor.text(e);
        assertTrue(t.length() <= 200, t);
        assertTrue(t.chars().allMatch(c -> c >= 0x20 && c < 0x7f), t);
    }

    @Test
    void kerberosErrorCodeComesOnlyFromTheJdkKerberosExceptionsMessage() {
        // Not a sun.security.krb5 exception: its text is not trusted for a code.
        assertEquals(0, SpnegoAcceptor.krbErrorCode(new GSSException(GSSException.FAILURE, -1, "Ticket expired (32)")));
        assertEquals(0, SpnegoAcceptor.krbErrorCode(new RuntimeException("x (32)")));
    }
}
