// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ErrorContext}: MC-BUP §2.2.1.2, SDK: BG_ERROR_CONTEXT. */
class ErrorContextTest {

    @Test
    void valuesAndWireForms() {
        ErrorContext[] all = ErrorContext.values();
        assertEquals(9, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].value());
            assertEquals("0x" + i, all[i].wire());
            assertEquals(Optional.of(all[i]), ErrorContext.of(i));
            assertEquals(all[i], ErrorContext.parse(all[i].wire(), DecodeOptions.strict()).orElseThrow());
        }
        assertEquals("0x5", ErrorContext.REMOTE_FILE.wire());
        assertEquals("0x7", ErrorContext.REMOTE_APPLICATION.wire());
        assertEquals(Optional.empty(), ErrorContext.of(9));
        assertEquals(Optional.empty(), ErrorContext.of(-1));
    }

    @Test
    void lenientForms() {
        for (String s : new String[] {"5", "x5", "0X5", "0x00000005", "05"}) {
            assertEquals(ErrorContext.REMOTE_FILE, ErrorContext.parse(s, DecodeOptions.defaults()).orElseThrow());
        }
        assertError(ErrorContext.parse("5", DecodeOptions.strict()), Kind.MALFORMED_HEADER, "BITS-Error-Context");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "0x9", "0xA", "0x100000005", "five", "0x-5", " 0x5"})
    void rejected(String s) {
        assertError(ErrorContext.parse(s, DecodeOptions.defaults()), Kind.MALFORMED_HEADER, "BITS-Error-Context");
    }
}
