// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ContentRange}: MC-BUP §2.2.6.1 and the empty file of decision D9. */
class ContentRangeTest {

    @Test
    void valuesOfTheTrace() {
        ContentRange r = new ContentRange(0, 4891, 4892);
        assertEquals(4892, r.length());
        assertTrue(r.isFinal());
        assertFalse(r.isEmptyFile());
        assertEquals("bytes 0-4891/4892", r.wire());
        assertEquals(r.wire(), r.toString());
        assertEquals(r, ContentRange.parse("bytes 0-4891/4892").orElseThrow());
        assertEquals(r, ContentRange.ofLength(0, 4892, 4892));
    }

    @Test
    void digestExampleOf73() {
        // "fragment 128-212 -> 213"
        ContentRange r = new ContentRange(128, 212, 1000);
        assertEquals(85, r.length());
        assertEquals(213, r.first() + r.length());
        assertFalse(r.isFinal());
    }

    @Test
    void emptyFile() {
        ContentRange e = ContentRange.EMPTY_FILE;
        assertEquals(new ContentRange(0, -1, 0), e);
        assertEquals(0, e.length());
        assertTrue(e.isEmptyFile());
        assertTrue(e.isFinal());
        assertEquals("bytes 0--1/0", e.wire());
        assertSame(ContentRange.EMPTY_FILE, ContentRange.ofLength(0, 0, 0));
        for (String form : new String[] {"bytes 0--1/0", "bytes */0", "bytes 0-0/0"}) {
            assertEquals(e, ContentRange.parse(form).orElseThrow());
            assertEquals(e, ContentRange.parse(form, DecodeOptions.strict()).orElseThrow());
        }
    }

    @Test
    void constructorInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(5, 4, 10));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(-2, -1, 0));
        assertEquals(Long.MAX_VALUE, new ContentRange(0, Long.MAX_VALUE - 1, Long.MAX_VALUE).length());
    }

    @Test
    void ofLengthInvariants() {
        assertEquals(new ContentRange(10, 19, 20), ContentRange.ofLength(10, 10, 20));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.ofLength(0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.ofLength(0, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.ofLength(5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.ofLength(0, 11, 10));
        assertThrows(ArithmeticException.class, () -> ContentRange.ofLength(Long.MAX_VALUE, 3, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bytes 1-2/3", "BYTES 1-2/3"})
    void unitCaseIsANamedLeniency(String text) {
        assertEquals(new ContentRange(1, 2, 3), ContentRange.parse(text).orElseThrow());
        assertError(ContentRange.parse(text, DecodeOptions.strict()), Kind.MALFORMED_HEADER, "Content-Range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes 1-2/3 ", " bytes 1-2/3", "bytes\t1-2/3", "bytes 1-2/3/3", "bytes 1--2/3",
        "bytes 1-2-2/3", "bytes -1-2/3", "bytes 1-2/-3", "bytes 1-2/3x", "bytesx1-2/3", "byte 1-2/3", "bytes ",
        "bytes 1-2/", "bytes 9223372036854775807-9223372036854775807/9223372036854775807"})
    void rejected(String text) {
        assertError(ContentRange.parse(text), Kind.MALFORMED_HEADER, "Content-Range");
    }

    @Test
    void parsesACharSequenceSlice() {
        StringBuilder sb = new StringBuilder("bytes 7-8/9");
        assertEquals(new ContentRange(7, 8, 9), ContentRange.parse(sb).orElseThrow());
    }
}
