// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test support: turns a text block of raw HTTP head lines (request line or status line, then {@code Name: value}
 * lines, each optionally ending in CR) into a {@link HeaderLookup}, as an HTTP stack would hand it to the codec, and
 * compares encoder output with the BITS headers of a vector.
 */
final class Wire {
    private Wire() {}

    /** A parsed request head. */
    record RawRequest(String method, String target, List<HeaderField> fields) {
        HeaderLookup headers() {
            return HeaderLookup.of(fields);
        }
    }

    /** A parsed response head. */
    record RawResponse(int status, List<HeaderField> fields) {
        HeaderLookup headers() {
            return HeaderLookup.of(fields);
        }
    }

    static RawRequest request(String text) {
        List<String> lines = lines(text);
        String[] requestLine = lines.get(0).split(" ");
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            throw new IllegalArgumentException("bad request line in vector: " + lines.get(0));
        }
        return new RawRequest(requestLine[0], requestLine[1], fields(lines));
    }

    static RawResponse response(String text) {
        List<String> lines = lines(text);
        String statusLine = lines.get(0);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IllegalArgumentException("bad status line in vector: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12)); // test vector text, not wire input
        return new RawResponse(status, fields(lines));
    }

    /** The head's lines without line terminators, up to the blank line that ends the head. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isEmpty()) {
                break;
            }
            out.add(l);
        }
        return out;
    }

    private static List<HeaderField> fields(List<String> lines) {
        List<HeaderField> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad header line in vector: " + line);
            }
            out.add(HeaderField.of(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return out;
    }

    /** A header list plus one more field. */
    static List<HeaderField> plus(List<HeaderField> fields, String name, String value) {
        List<HeaderField> out = new ArrayList<>(fields);
        out.add(HeaderField.of(name, value));
        return out;
    }

    /** The header lines the codec owns (BITS-*, the Content-* headers it reads, Accept-Encoding, Pragma). */
    static boolean codecOwned(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("bits-") || n.equals("content-name") || n.equals("content-range")
                || n.equals("content-encoding") || n.equals("accept-encoding") || n.equals("pragma");
    }

    /**
     * Asserts that {@code encoded} are exactly the codec-owned lines of the vector, in order, names compared
     * case-insensitively and values exactly.
     */
    static void assertSameBitsHeaders(List<HeaderField> vector, List<HeaderField> encoded) {
        assertEquals(normalise(vector.stream().filter(f -> codecOwned(f.name())).toList()), normalise(encoded));
    }

    private static List<String> normalise(List<HeaderField> fields) {
        return fields.stream().map(f -> f.name().toLowerCase(Locale.ROOT) + ": " + f.value()).toList();
    }
}
