// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ProtocolId}: MC-BUP §1.3, §2.2.2, §2.2 ({@code guid} syntax). */
class ProtocolIdTest {

    @Test
    void theOnlyProtocol() {
        assertEquals("{7df0354d-249b-430f-820d-3d2a9bef4931}", ProtocolId.BITS_1_5_UPLOAD.wire());
        assertEquals(ProtocolId.BITS_1_5_UPLOAD.wire(), ProtocolId.BITS_1_5_UPLOAD.toString());
        assertEquals(0x7df0354d249b430fL, ProtocolId.BITS_1_5_UPLOAD.guid().getMostSignificantBits());
        assertEquals(0x820d3d2a9bef4931L, ProtocolId.BITS_1_5_UPLOAD.guid().getLeastSignificantBits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{7df0354d-249b-430f-820d-3d2a9bef4931}", "{7DF0354D-249B-430F-820D-3D2A9BEF4931}",
        "{7Df0354d-249B-430f-820D-3d2a9bEf4931}"})
    void parsesEitherCaseAndFormatsLowerCase(String text) {
        ProtocolId id = ProtocolId.parse(text).orElseThrow();
        assertEquals(ProtocolId.BITS_1_5_UPLOAD, id);
        assertEquals("{7df0354d-249b-430f-820d-3d2a9bef4931}", id.wire());
    }

    @Test
    void extremes() {
        assertEquals(new ProtocolId(new UUID(0, 0)),
                ProtocolId.parse("{00000000-0000-0000-0000-000000000000}").orElseThrow());
        assertEquals(new ProtocolId(new UUID(-1, -1)),
                ProtocolId.parse("{FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF}").orElseThrow());
        assertEquals("{ffffffff-ffff-ffff-ffff-ffffffffffff}", new ProtocolId(new UUID(-1, -1)).wire());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{1-2-3-4-5}", "7df0354d-249b-430f-820d-3d2a9bef4931",
        "{7df0354d-249b-430f-820d-3d2a9bef4931} ", " {7df0354d-249b-430f-820d-3d2a9bef4931}",
        "{7df0354d-249b-430f-820d-3d2a9bef493g}", "{7df0354d-249b-430f-820d-3d2a9bef4931]",
        "[7df0354d-249b-430f-820d-3d2a9bef4931}", "{7df0354d-249b-430f-820d-3d2a9bef4931}}",
        "{7df0354d-249b-430f+820d-3d2a9bef4931}", "{7df0354d-249b-430f-820d-3d2a9bef\u0664931}",
        "{+df0354d-249b-430f-820d-3d2a9bef4931}", "{7df0354d-249b-430f-820d-3d2a-bef4931}",
        "{7df0354-d249b-430f-820d-3d2a9bef4931}", "{{7df0354d-249b-430f-820d-3d2a9bef4931}"})
    void rejected(String text) {
        assertError(ProtocolId.parse(text), Kind.MALFORMED_HEADER, "BITS-Supported-Protocols");
    }

    @Test
    void parseNamesTheHeaderItWasGiven() {
        assertError(ProtocolId.parse("x", 0, 1, "BITS-Protocol"), Kind.MALFORMED_HEADER, "BITS-Protocol");
        assertEquals(ProtocolId.BITS_1_5_UPLOAD,
                ProtocolId.parse("a {7df0354d-249b-430f-820d-3d2a9bef4931} b", 2, 40, "BITS-Protocol").orElseThrow());
        assertNull(ProtocolId.parseGuid("7df0354d-249b-430f-820d-3d2a9bef493", 0, 35));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> new ProtocolId(null));
    }
}
