// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static io.github.bitsj.protocol.PacketsDecodeRequestTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HResult}: MC-BUP §2.2.1.2, SDK: BITS Return Values, decision D21. */
class HResultTest {

    @Test
    void constantsHaveTheValuesAndNamesOfDigest53() {
        Map<HResult, String> expected = Map.ofEntries(
                Map.entry(HResult.S_OK, "0x00000000 S_OK"),
                Map.entry(HResult.E_INVALIDARG, "0x80070057 E_INVALIDARG"),
                Map.entry(HResult.E_ACCESSDENIED, "0x80070005 E_ACCESSDENIED"),
                Map.entry(HResult.E_FAIL, "0x80004005 E_FAIL"),
                Map.entry(HResult.ERROR_FILE_NOT_FOUND, "0x80070002 ERROR_FILE_NOT_FOUND"),
                Map.entry(HResult.ERROR_PATH_NOT_FOUND, "0x80070003 ERROR_PATH_NOT_FOUND"),
                Map.entry(HResult.ERROR_DISK_FULL, "0x80070070 ERROR_DISK_FULL"),
                Map.entry(HResult.ERROR_DISK_TOO_FRAGMENTED, "0x80070112 ERROR_DISK_TOO_FRAGMENTED"),
                Map.entry(HResult.ERROR_TOO_MANY_SESS, "0x80070045 ERROR_TOO_MANY_SESS"),
                Map.entry(HResult.ERROR_SHUTDOWN_IN_PROGRESS, "0x8007045B ERROR_SHUTDOWN_IN_PROGRESS"),
                Map.entry(HResult.BG_E_SESSION_NOT_FOUND, "0x8020001F BG_E_SESSION_NOT_FOUND"),
                Map.entry(HResult.BG_E_TOO_LARGE, "0x80200020 BG_E_TOO_LARGE"),
                Map.entry(HResult.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH, "0x80200022 BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH"),
                Map.entry(HResult.BG_E_SERVER_EXECUTE_ENABLE, "0x80200023 BG_E_SERVER_EXECUTE_ENABLE"),
                Map.entry(HResult.BG_E_INVALID_SERVER_RESPONSE, "0x8020001B BG_E_INVALID_SERVER_RESPONSE"),
                Map.entry(HResult.BG_E_NO_PROGRESS, "0x80200024 BG_E_NO_PROGRESS"),
                Map.entry(HResult.BG_E_LOCAL_FILE_CHANGED, "0x8020001D BG_E_LOCAL_FILE_CHANGED"),
                Map.entry(HResult.BG_E_TOO_MANY_FILES, "0x8020001C BG_E_TOO_MANY_FILES"),
                Map.entry(HResult.BG_E_ERROR_CONTEXT_REMOTE_APPLICATION,
                        "0x8020001E BG_E_ERROR_CONTEXT_REMOTE_APPLICATION"),
                Map.entry(HResult.BG_E_NETWORK_DISCONNECTED, "0x80200010 BG_E_NETWORK_DISCONNECTED"),
                Map.entry(HResult.BG_E_INSUFFICIENT_HTTP_SUPPORT, "0x80200012 BG_E_INSUFFICIENT_HTTP_SUPPORT"),
                Map.entry(HResult.BG_E_INSUFFICIENT_RANGE_SUPPORT, "0x80200013 BG_E_INSUFFICIENT_RANGE_SUPPORT"),
                Map.entry(HResult.BG_E_MISSING_FILE_SIZE, "0x80200011 BG_E_MISSING_FILE_SIZE"),
                Map.entry(HResult.BG_E_STRING_TOO_LONG, "0x80200021 BG_E_STRING_TOO_LONG"),
                Map.entry(HResult.ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED,
                        "0x80072F0C ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED"));
        expected.forEach((h, s) -> {
            assertEquals(s, h.toString());
            assertEquals(s.substring(0, 10), h.wire());
            assertEquals(Optional.of(s.substring(11)), h.name());
            assertEquals(h, HResult.parse(h.wire(), DecodeOptions.strict()).orElseThrow());
        });
    }

    @Test
    void httpStatusCodes() {
        HResult notFound = HResult.ofHttpStatus(404);
        assertEquals(0x80190194, notFound.value());
        assertEquals("0x80190194", notFound.wire());
        assertEquals(Optional.of("BG_E_HTTP_ERROR_404"), notFound.name());
        assertEquals("0x80190194 BG_E_HTTP_ERROR_404", notFound.toString());
        assertEquals(Optional.of("BG_E_HTTP_ERROR_100"), HResult.ofHttpStatus(100).name());
        assertEquals(Optional.of("BG_E_HTTP_ERROR_599"), HResult.ofHttpStatus(599).name());
        assertEquals(Optional.empty(), new HResult(0x80190000 + 600).name());
        assertEquals(Optional.empty(), new HResult(0x80190000 + 99).name());
        assertEquals(Optional.empty(), new HResult(0x80180194).name());
        assertThrows(IllegalArgumentException.class, () -> HResult.ofHttpStatus(99));
        assertThrows(IllegalArgumentException.class, () -> HResult.ofHttpStatus(600));
    }

    @Test
    void unnamedValuesAndFailureBit() {
        HResult h = new HResult(0x12AB);
        assertEquals("0x000012AB", h.wire());
        assertEquals("0x000012AB", h.toString());
        assertEquals(Optional.empty(), h.name());
        assertFalse(h.isFailure());
        assertFalse(HResult.S_OK.isFailure());
        assertTrue(HResult.E_INVALIDARG.isFailure());
        assertEquals("0xFFFFFFFF", new HResult(-1).wire());
    }

    @Test
    void wireFormsDoNotDependOnTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            for (String tag : new String[] {"ar-SA", "th-TH-u-nu-thai", "hi-IN-u-nu-deva", "tr-TR"}) {
                java.util.Locale.setDefault(java.util.Locale.forLanguageTag(tag));
                assertEquals("0x8020001F", HResult.BG_E_SESSION_NOT_FOUND.wire());
                assertEquals("0x5", ErrorContext.REMOTE_FILE.wire());
                assertEquals("bytes 10-19/4892", new ContentRange(10, 19, 4892).wire());
                assertEquals("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}",
                        SessionId.ofGuid(java.util.UUID.fromString("a0ff5911-4144-45b3-bf27-27afc8ec8a67")).value());
                assertEquals(List.of(HeaderField.of("Pragma", "no-cache"), HeaderField.of("BITS-Packet-Type", "Ack"),
                        HeaderField.of("BITS-Received-Content-Range", "4892")),
                        Packets.encode(new FragmentAck(200, 4892, Optional.empty(), Optional.empty())).headers());
                assertEquals(new HResult(0x8020001F), HResult.parse("0x8020001f").orElseThrow());
            }
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x8020001F", "0X8020001F", "0x8020001f", "8020001F", "x8020001F", "x8020001f"})
    void lenientSpellings(String text) {
        assertEquals(HResult.BG_E_SESSION_NOT_FOUND, HResult.parse(text).orElseThrow());
    }

    @Test
    void shortForms() {
        assertEquals(HResult.S_OK, HResult.parse("0").orElseThrow());
        assertEquals(HResult.S_OK, HResult.parse("0x0").orElseThrow());
        assertEquals(new HResult(5), HResult.parse("0x5", DecodeOptions.strict()).orElseThrow());
        assertError(HResult.parse("0", DecodeOptions.strict()), Kind.MALFORMED_HEADER, "BITS-Error-Code");
        assertError(HResult.parse("x5", DecodeOptions.strict()), Kind.MALFORMED_HEADER, "BITS-Error-Code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "x", "0x123456789", "123456789", "0x8020001G", "-0x1", "+0x1", " 0x1", "0x1 ",
        "0x\u0661", "X8020001F", "0xx1", "00x1", "0x-1", "0x80 20"})
    void rejected(String text) {
        assertError(HResult.parse(text), Kind.MALFORMED_HEADER, "BITS-Error-Code");
    }
}
