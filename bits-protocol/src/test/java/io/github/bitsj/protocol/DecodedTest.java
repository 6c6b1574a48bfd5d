// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import org.junit.jupiter.api.Test;

/** {@link Decoded} helpers. */
class DecodedTest {

    @Test
    void ok() {
        Decoded<String> d = Decoded.ok("v");
        assertTrue(d.isOk());
        assertEquals("v", d.orElseThrow());
        assertEquals(new Decoded.Ok<>("v"), d);
        assertThrows(IllegalStateException.class, d::error);
        assertEquals(Decoded.ok(1), d.map(String::length));
        assertThrows(NullPointerException.class, () -> Decoded.ok(null));
    }

    @Test
    void err() {
        Decoded<String> d = Decoded.err(Kind.MISSING_HEADER, "BITS-Session-Id", "needed");
        assertFalse(d.isOk());
        assertEquals(new ProtocolError(Kind.MISSING_HEADER, "BITS-Session-Id", "needed"), d.error());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::orElseThrow);
        assertTrue(e.getMessage().contains("MISSING_HEADER"));
        Decoded<Integer> mapped = d.map(s -> {
            throw new AssertionError("not called on an error");
        });
        assertSame(d, mapped);
        assertThrows(NullPointerException.class, () -> new Decoded.Err<String>(null));
    }

    @Test
    void patternMatching() {
        Decoded<Request> d = Packets.decodeRequest("BITS_POST", "/u", HeaderLookup.of(java.util.List.of(
                HeaderField.of("BITS-Packet-Type", "Ping"), HeaderField.of("Content-Length", "0"))));
        String what = switch (d) {
            case Decoded.Ok<Request>(Ping p) -> "ping";
            case Decoded.Ok<Request>(var other) -> "other";
            case Decoded.Err<Request>(var error) -> error.kind().name();
        };
        assertEquals("ping", what);
    }
}
