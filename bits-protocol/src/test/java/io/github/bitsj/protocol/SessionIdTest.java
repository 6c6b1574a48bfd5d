// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SessionId}: MC-BUP §2.2.3, §2.2, decision D20. */
class SessionIdTest {

    @Test
    void iisFormOfAGuid() {
        SessionId id = SessionId.ofGuid(UUID.fromString("a0ff5911-4144-45b3-bf27-27afc8ec8a67"));
        assertEquals("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}", id.value());
        assertEquals(id.value(), id.toString());
        assertTrue(id.isGuid());
        assertEquals(Vectors.T41_SESSION, id);
    }

    @Test
    void randomIdsAreUpperCaseGuidsAndDistinct() {
        Set<SessionId> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            SessionId id = SessionId.random();
            assertTrue(id.isGuid());
            assertEquals(id.value(), id.value().toUpperCase(java.util.Locale.ROOT));
            assertEquals(38, id.value().length());
            assertTrue(seen.add(id));
        }
    }

    @Test
    void equalityIsExactAndMatchKeyIgnoresCase() {
        SessionId upper = new SessionId("{ABC-def}");
        SessionId lower = new SessionId("{abc-DEF}");
        assertNotEquals(upper, lower);
        assertEquals("{ABC-DEF}", upper.matchKey());
        assertEquals(upper.matchKey(), lower.matchKey());
        assertEquals("{ABC-1}", new SessionId("{ABC-1}").matchKey());
        assertFalse(upper.isGuid());
    }

    @Test
    void opaqueFormsSeenFromOtherServers() {
        for (String v : new String[] {"a0ff5911-4144-45b3-bf27-27afc8ec8a67", "1234567890", "/sessions/x~y", "!",
            "x".repeat(100)}) {
            assertEquals(v, SessionId.parse(v).orElseThrow().value());
            assertEquals(v, new SessionId(v).value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67} ", "a\tb", "a\r\nb", "caf\u00e9",
        "\u0000", "\u007f"})
    void rejected(String v) {
        assertError(SessionId.parse(v), Kind.MALFORMED_HEADER, "BITS-Session-Id");
        assertThrows(IllegalArgumentException.class, () -> new SessionId(v));
    }

    @Test
    void lengthLimit() {
        assertError(SessionId.parse("x".repeat(101)), Kind.MALFORMED_HEADER, "BITS-Session-Id");
        assertThrows(IllegalArgumentException.class, () -> new SessionId("x".repeat(101)));
        assertThrows(NullPointerException.class, () -> new SessionId(null));
    }
}
