// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.internal.Ascii;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The conditional and range rules of a {@code GET} or {@code HEAD} of a file (RFC 9110 §13.2.2, §14): what BITS
 * needs of a reply or download server (MC-BUP §3.3.5.2.6 item 4; SDK <i>HTTP Requirements for BITS Downloads</i>: single
 * byte ranges, {@code Content-Length}, {@code Last-Modified}, and {@code If-Unmodified-Since}, which Windows sends
 * beside {@code Range}). A pure function of the request headers and the file's validators.
 */
final class ByteRanges {
    /** IMF-fixdate, RFC 9110 §5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private ByteRanges() {}

    /**
     * A file as served.
     *
     * @param length its size in bytes
     * @param lastModified its modification time, whole seconds since the epoch (HTTP dates have no more)
     * @param etag its strong entity tag, quoted
     */
    record Resource(long length, long lastModified, String etag) {}

    /** What to answer. */
    sealed interface Answer {
        /** 200 with the whole file. */
        record Whole() implements Answer {}

        /**
         * 206 with bytes {@code first..last}.
         *
         * @param first the first byte
         * @param last the last byte
         */
        record Part(long first, long last) implements Answer {}

        /** 304: the client's copy is current ({@code If-None-Match}, {@code If-Modified-Since}). */
        record NotModified() implements Answer {}

        /** 412: a precondition failed ({@code If-Match}, {@code If-Unmodified-Since}). */
        record PreconditionFailed() implements Answer {}

        /** 416 with {@code Content-Range: bytes *}{@code /length}: no byte of the range exists. */
        record Unsatisfiable() implements Answer {}
    }

    /**
     * Decides a {@code GET} ({@code head == false}) or {@code HEAD}: the preconditions in RFC 9110 §13.2.2's order,
     * then the {@code Range} (GET only, RFC 9110 §14.2), honoured only if {@code If-Range} matches. A syntactically
     * invalid or multi-part {@code Range} is ignored (the whole file is sent), as RFC 9110 §14.2 allows.
     *
     * @param head whether this is a HEAD
     * @param headers the request headers by name (case-insensitive)
     * @param r the file
     * @return the answer
     */
    static Answer decide(boolean head, Function<String, List<String>> headers, Resource r) {
        List<String> ifMatch = headers.apply("If-Match");
        if (!ifMatch.isEmpty()) {
            if (!matches(ifMatch, r.etag(), true)) {
                return new Answer.PreconditionFailed();
            }
        } else {
            Optional<Long> since = date(headers.apply("If-Unmodified-Since"));
            if (since.isPresent() && r.lastModified() > since.get()) {
                return new Answer.PreconditionFailed();
            }
        }
        List<String> ifNoneMatch = headers.apply("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            if (matches(ifNoneMatch, r.etag(), false)) {
                return new Answer.NotModified();
            }
        } else {
            Optional<Long> since = date(headers.apply("If-Modified-Since"));
            if (since.isPresent() && r.lastModified() <= since.get()) {
                return new Answer.NotModified();
            }
        }
        List<String> range = headers.apply("Range");
        if (head || range.size() != 1 || !ifRangeHolds(headers.apply("If-Range"), r)) {
            return new Answer.Whole();
        }
        return range(range.get(0), r.length());
    }

    /** {@code If-Range}: an entity tag must match strongly, a date exactly (RFC 9110 §13.1.5). */
    private static boolean ifRangeHolds(List<String> ifRange, Resource r) {
        if (ifRange.isEmpty()) {
            return true;
        }
        String v = ifRange.get(0).strip();
        if (ifRange.size() > 1) {
            return false;
        }
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(r.etag());
        }
        return date(List.of(v)).filter(d -> d == r.lastModified()).isPresent();
    }

    /** A single {@code bytes=} range: {@code a-b}, {@code a-} or {@code -n}. */
    private static Answer range(String value, long length) {
        String v = value.strip();
        if (!v.regionMatches(true, 0, "bytes=", 0, 6) || v.indexOf(',') >= 0) {
            return new Answer.Whole(); // another unit, or several ranges: ignored
        }
        String spec = v.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Answer.Whole();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            long suffix = Ascii.parseDecimal(b);
            if (suffix < 0) {
                return new Answer.Whole();
            }
            if (suffix == 0 || length == 0) {
                return new Answer.Unsatisfiable();
            }
            return new Answer.Part(Math.max(0, length - suffix), length - 1);
        }
        long first = Ascii.parseDecimal(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Ascii.parseDecimal(b);
        if (first < 0 || last < 0 || last < first) {
            return new Answer.Whole(); // invalid: ignored (RFC 9110 §14.2)
        }
        if (first >= length) {
            return new Answer.Unsatisfiable();
        }
        return new Answer.Part(first, Math.min(last, length - 1));
    }

    /** {@code If-Match} (strong comparison) or {@code If-None-Match} (weak comparison) against our tag. */
    private static boolean matches(List<String> fields, String etag, boolean strong) {
        String opaque = etag.substring(etag.indexOf('"'));
        for (String field : fields) {
            for (String t : field.split(",")) {
                String tag = t.strip();
                if (tag.equals("*")) {
                    return true;
                }
                if (strong ? tag.equals(etag) : tag.substring(tag.startsWith("W/") ? 2 : 0).equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An HTTP date in seconds, if the (single) value is one; anything else is ignored (RFC 9110 §13.1.3). */
    private static Optional<Long> date(List<String> values) {
        if (values.size() != 1) {
            return Optional.empty();
        }
        String v = values.get(0).strip();
        for (DateTimeFormatter f : List.of(HTTP_DATE, DateTimeFormatter.RFC_1123_DATE_TIME)) {
            try {
                return Optional.of(Instant.from(f.parse(v)).getEpochSecond());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    /** {@return a time as an IMF-fixdate} */
    static String format(long epochSeconds) {
        return HTTP_DATE.format(Instant.ofEpochSecond(epochSeconds));
    }
}
