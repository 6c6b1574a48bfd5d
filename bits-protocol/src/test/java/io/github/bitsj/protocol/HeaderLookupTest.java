// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HeaderLookup#of} and {@link HeaderLookup#ofMap}: case-insensitive names (MC-BUP §2.2). */
class HeaderLookupTest {

    @Test
    void ofMatchesNamesInAnyCaseInArrivalOrder() {
        List<HeaderField> fields = new ArrayList<>(List.of(HeaderField.of("BITS-Packet-Type", "a"),
                HeaderField.of("Accept-encoding", "identity"), HeaderField.of("bits-packet-type", "b"),
                HeaderField.of("BITS-PACKET-TYPE", "c")));
        HeaderLookup h = HeaderLookup.of(fields);
        fields.clear(); // copied
        assertEquals(List.of("a", "b", "c"), h.values("Bits-Packet-Type"));
        assertEquals(List.of("identity"), h.values("ACCEPT-ENCODING"));
        assertEquals(List.of(), h.values("BITS-Session-Id"));
        assertEquals(List.of(), h.values("BITS-Packet-Typ"));
        // Only ASCII case folds (no Unicode look-alikes).
        assertEquals(List.of(), HeaderLookup.of(List.of(HeaderField.of("BITS-Packet-Type", "x")))
                .values("BITS-Pac\u212Aet-Type"));
        assertThrows(NullPointerException.class, () -> HeaderLookup.of(null));
    }

    @Test
    void ofMapMergesKeysThatDifferOnlyInCase() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("BITS-Session-Id", List.of("1"));
        map.put("bits-session-id", List.of("2", "3"));
        map.put("Content-Length", Arrays.asList("0", null));
        map.put(null, List.of("ignored"));
        map.put("X-Null", null);
        HeaderLookup h = HeaderLookup.ofMap(map);
        assertEquals(List.of("1", "2", "3"), h.values("Bits-Session-ID"));
        assertEquals(List.of("0"), h.values("content-length"));
        assertEquals(List.of(), h.values("X-Null"));
        assertEquals(List.of(), h.values("Absent"));
        assertThrows(NullPointerException.class, () -> HeaderLookup.ofMap(null));
    }

    @Test
    void aMapLikeTheJdkServerGivesDecodes() {
        // The JDK server re-cases names to "Bits-packet-type" (STYLE §1.4).
        Map<String, List<String>> map = new HashMap<>();
        map.put("Bits-packet-type", List.of("Fragment"));
        map.put("Bits-session-id", List.of("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}"));
        map.put("Content-range", List.of("bytes 0-4891/4892"));
        map.put("Content-length", List.of("4892"));
        Fragment f = (Fragment) Packets.decodeRequest("BITS_POST", "/u", HeaderLookup.ofMap(map)).orElseThrow();
        assertEquals(new ContentRange(0, 4891, 4892), f.range());
    }
}
