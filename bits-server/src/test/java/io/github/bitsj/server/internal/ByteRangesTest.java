// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bitsj.server.internal.ByteRanges.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The conditional and range rules as a pure function (RFC 9110 §13.2.2, §14; MC-BUP §3.3.5.2.6 item 4). */
class ByteRangesTest {
    private static final long T = 784_111_777L; // Sun, 06 Nov 1994 08:49:37 GMT
    private static final ByteRanges.Resource FILE = new ByteRanges.Resource(1000, T, "\"abc\"");

    private static Answer get(String... headers) {
        return ByteRanges.decide(false, lookup(headers), FILE);
    }

    private static Function<String, List<String>> lookup(String... headers) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            m.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return name -> m.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Test
    void datesAreImfFixdates() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", ByteRanges.format(T));
    }

    @Test
    void singleRanges() {
        assertEquals(new Answer.Whole(), get());
        assertEquals(new Answer.Part(0, 0), get("Range", "bytes=0-0"));
        assertEquals(new Answer.Part(10, 999), get("Range", "bytes=10-"));
        assertEquals(new Answer.Part(990, 999), get("Range", "bytes=-10"));
        assertEquals(new Answer.Part(5, 999), get("Range", "Bytes=5-100000"));
        assertEquals(new Answer.Unsatisfiable(), get("Range", "bytes=1000-1001"));
        assertEquals(new Answer.Unsatisfiable(), get("Range", "bytes=-0"));
        assertEquals(new Answer.Unsatisfiable(), ByteRanges.decide(false, lookup("Range", "bytes=0-"),
                new ByteRanges.Resource(0, T, "\"e\"")));
    }

    @Test
    void invalidOrMultipleRangesAreIgnored() {
        for (String r : new String[] {"bytes=5-1", "bytes=a-b", "items=0-1", "bytes=0-1,3-4", "bytes=+1-2", "bytes"}) {
            assertEquals(new Answer.Whole(), get("Range", r), r);
        }
        assertEquals(new Answer.Whole(), get("Range", "bytes=0-1", "Range", "bytes=2-3"), "two Range fields");
        assertEquals(new Answer.Whole(), ByteRanges.decide(true, lookup("Range", "bytes=0-1"), FILE), "HEAD");
    }

    @Test
    void preconditionsInRfc9110Order() {
        assertEquals(new Answer.PreconditionFailed(), get("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:36 GMT"));
        assertEquals(new Answer.Part(0, 9), get("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT",
                "Range", "bytes=0-9"));
        assertEquals(new Answer.Whole(), get("If-Unmodified-Since", "yesterday"), "an invalid date is ignored");
        assertEquals(new Answer.PreconditionFailed(), get("If-Match", "\"x\", W/\"abc\""), "If-Match is strong");
        assertEquals(new Answer.Whole(), get("If-Match", "\"x\", \"abc\""));
        assertEquals(new Answer.Whole(), get("If-Match", "*", "If-Unmodified-Since", "Sun, 06 Nov 1994 08:00:00 GMT"),
                "If-Match wins over If-Unmodified-Since");
        assertEquals(new Answer.NotModified(), get("If-None-Match", "W/\"abc\""), "If-None-Match is weak");
        assertEquals(new Answer.NotModified(), get("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(new Answer.Whole(), get("If-Modified-Since", "Sun, 06 Nov 1994 08:49:36 GMT"));
        assertEquals(new Answer.Whole(), get("If-None-Match", "\"other\"", "If-Modified-Since",
                "Sun, 06 Nov 1994 08:49:37 GMT"), "If-None-Match wins over If-Modified-Since");
    }

    @Test
    void ifRangeNeedsAStrongMatchOrTheExactDate() {
        assertEquals(new Answer.Part(0, 9), get("Range", "bytes=0-9", "If-Range", "\"abc\""));
        assertEquals(new Answer.Whole(), get("Range", "bytes=0-9", "If-Range", "\"old\""));
        assertEquals(new Answer.Whole(), get("Range", "bytes=0-9", "If-Range", "W/\"abc\""));
        assertEquals(new Answer.Part(0, 9), get("Range", "bytes=0-9", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(new Answer.Whole(), get("Range", "bytes=0-9", "If-Range", "Sun, 06 Nov 1994 08:49:38 GMT"));
    }
}
