// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP response exactly as it arrived: the status line, every header line in order and in the server's own case,
 * how its body was framed, and a bounded, escaped excerpt of the body (Acks have none, MC-BUP §2.2.1.2).
 *
 * @param version the HTTP version of the status line, e.g. {@code HTTP/1.1}
 * @param status the status code
 * @param headers the header fields in arrival order, names as sent
 * @param framing how the body length was determined
 * @param bodyLength the number of body bytes read
 * @param bodyExcerpt the first bytes of the body, escaped, for reports
 * @param closes true if the server announced or performed the end of the connection with this response
 */
record RawResponse(String version, int status, List<HeaderField> headers, Framing framing, long bodyLength,
        String bodyExcerpt, boolean closes) {

    /** How the body's end was found (RFC 9112 §6.3). */
    enum Framing {
        /** {@code Content-Length}. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** Neither: the body ran until the connection closed (or the read timed out). */
        UNTIL_CLOSE
    }

    RawResponse {
        headers = List.copyOf(headers);
    }

    /** {@return a case-insensitive view of the headers, for the protocol codec} */
    HeaderLookup lookup() {
        return HeaderLookup.of(headers);
    }

    /** {@return every value of the named header (case-insensitive name)} */
    List<String> values(String name) {
        return lookup().values(name);
    }

    /** {@return the first value of the named header, OWS-trimmed} */
    Optional<String> first(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0).strip());
    }

    /** {@return true for 2xx} */
    boolean isSuccess() {
        return status >= 200 && status <= 299;
    }

    /**
     * {@return the header names this response carries that look like a misspelling of {@code name} (edit distance 1-3,
     * case-insensitive), e.g. {@code Bits-Recieved-Content-Range} for {@code BITS-Received-Content-Range}}
     *
     * @param name the expected header name
     */
    List<String> nearMisses(String name) {
        List<String> out = new ArrayList<>();
        for (HeaderField f : headers) {
            int d = distance(f.name().toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (d > 0 && d <= 3 && !out.contains(f.name())) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** {@return a one-line description for failure reasons: status, BITS headers, content type, body size} */
    String describe() {
        StringBuilder sb = new StringBuilder(version.equals("HTTP/1.1") ? "" : version + " ").append(status);
        String[] shown = {BitsHeaders.PACKET_TYPE, BitsHeaders.ERROR_CODE, BitsHeaders.ERROR_CONTEXT,
            BitsHeaders.RECEIVED_CONTENT_RANGE, "Content-Type"};
        for (String name : shown) {
            for (String v : values(name)) {
                sb.append(", ").append(name).append(": ").append(Text.escape(v, 60));
            }
        }
        if (values(BitsHeaders.PACKET_TYPE).isEmpty()) {
            sb.append(", no BITS-Packet-Type");
        }
        if (bodyLength > 0) {
            sb.append(", ").append(bodyLength).append("-byte body \"").append(bodyExcerpt).append('"');
        }
        return sb.toString();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
