// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.Test;

/** The parts of {@link SpnegoInitiator} that need no KDC (the rest: {@link SpnegoInitiatorKdcTest}). */
class SpnegoInitiatorTest {
    @Test
    void serviceHostOfAUrlHost() {
        assertEquals("bits.example.com", SpnegoInitiator.serviceHost("BITS.Example.com"));
        assertEquals("bits.example.com", SpnegoInitiator.serviceHost("bits.example.com."));
        assertEquals("::1", SpnegoInitiator.serviceHost("[::1]"));
        assertEquals("localhost", SpnegoInitiator.serviceHost("localhost"));
    }

    @Test
    void replyTokenIsTheFirstNegotiateValue() throws GSSException {
        assertArrayEquals(new byte[] {1, 2, 3}, SpnegoInitiator.Handshake.replyToken(
                List.of("Basic realm=\"x\"", "negotiate AQID", "Negotiate BBBB")).orElseThrow());
        assertEquals(Optional.empty(), SpnegoInitiator.Handshake.replyToken(List.of("Negotiate", "Basic abc")));
        assertThrows(GSSException.class, () -> SpnegoInitiator.Handshake.replyToken(List.of("Negotiate ***")));
    }

    @Test
    void descriptionsNameTheSourceNeverASecret() {
        assertTrue(SpnegoInitiator.fromKeytab(Path.of("/etc/bits.keytab"), "svc@EXAMPLE.COM").description()
                .contains("/etc/bits.keytab"));
        assertTrue(SpnegoInitiator.fromTicketCache(Optional.empty(), Optional.empty()).description()
                .contains("default"));
    }
}
