// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PacketType}: MC-BUP §2.2.1, §2.2.1.2, §2.2. */
class PacketTypeTest {

    @Test
    void wireNamesAsWindowsWritesThem() {
        assertEquals(List.of("Ping", "Create-Session", "Fragment", "Close-Session", "Cancel-Session", "Ack"),
                java.util.Arrays.stream(PacketType.values()).map(PacketType::wireName).toList());
        for (PacketType t : PacketType.values()) {
            assertEquals(t != PacketType.ACK, t.isRequest());
            assertEquals(Optional.of(t), PacketType.fromWire(t.wireName(), false));
            assertEquals(Optional.of(t), PacketType.fromWire(t.wireName().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(Optional.of(t), PacketType.fromWire(t.wireName().toLowerCase(java.util.Locale.ROOT), true));
        }
    }

    @Test
    void capitalsOfMcBupOnlyWhenCaseInsensitive() {
        assertEquals(Optional.of(PacketType.CREATE_SESSION), PacketType.fromWire("CREATE-SESSION"));
        assertEquals(Optional.empty(), PacketType.fromWire("CREATE-SESSION", false));
        assertEquals(Optional.of(PacketType.ACK), PacketType.fromWire("ACK", true));
        assertEquals(Optional.empty(), PacketType.fromWire("ACK", false));
    }

    @Test
    void unknownValues() {
        for (String s : new String[] {"", "Ack ", "Pin", "Pingg", "Create Session", "Fragment\u0000", "\u0130ng"}) {
            assertEquals(Optional.empty(), PacketType.fromWire(s), s);
        }
        // Only ASCII letters fold: the Kelvin sign is not a 'K', the dotless i is not an 'i'.
        assertFalse(PacketType.fromWire("P\u0131ng").isPresent());
        assertTrue(PacketType.fromWire("pInG").isPresent());
    }
}
