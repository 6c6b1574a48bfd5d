// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between engines behind {@code com.sun.net.httpserver}, handled in one place so the handlers read the
 * same request on each:
 * <ul>
 * <li>the request target: the JDK gives the raw target, Jetty an absolute URI; both become raw path and query;
 * <li>list headers: Jetty splits every header value at commas into separate values ({@code {a},{b}} of
 *     {@code BITS-Supported-Protocols} becomes two); they are joined back into one comma list, as RFC 9110 §5.3
 *     allows for a list header sent on several lines;
 * <li>repeated response headers: Jetty's exchange keeps only the last value of a name, so on Jetty they are sent
 *     as one comma-joined field (RFC 9110 §5.3; e.g. two {@code WWW-Authenticate} challenges);
 * <li>the header line count: the JDK engine enforces it while parsing, Jetty has no such limit, so it is checked
 *     here (the header size bounds the parsing cost on both).
 * </ul>
 *
 * @param jetty whether the engine is Jetty's
 * @param maxHeaderCount most request header values (checked here on Jetty)
 */
public record HttpQuirks(boolean jetty, int maxHeaderCount) {

    /** The request attribute with the request's header fields as received, where the engine provides it (Jetty). */
    public static final String RAW_HEADERS = "io.github.bitsj.rawHeaders";

    /** The request attribute with the raw path and query, where the engine provides it (Jetty). */
    public static final String RAW_TARGET = "io.github.bitsj.rawTarget";

    /** {@return the request's header fields: as received where the engine keeps them, else the engine's view} */
    static Headers headers(HttpExchange ex) {
        return ex.getAttribute(RAW_HEADERS) instanceof Headers h ? h : ex.getRequestHeaders();
    }

    /** {@return the raw path of the request target} */
    static String path(HttpExchange ex) {
        String t = target(ex);
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** {@return the raw path and query of the request target} */
    static String target(HttpExchange ex) {
        if (ex.getAttribute(RAW_TARGET) instanceof String t) {
            return t;
        }
        URI u = ex.getRequestURI();
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
    }

    /** {@return whether the request has more header values than allowed (only counted on Jetty)} */
    boolean tooManyHeaders(Headers headers) {
        if (!jetty) {
            return false;
        }
        int n = 0;
        for (List<String> v : headers.values()) {
            n += v.size();
        }
        return n > maxHeaderCount;
    }

    /** {@return a look-up over the request headers; see the class comment for the joins} */
    HeaderLookup lookup(Headers headers) {
        // Scan the entries rather than Headers.get: get() normalises the name into a new String on every call, and
        // the codec looks up about seven names per Fragment (bits-bench decodeFragmentJdkHeaders: 832 -> 152 B/op).
        return name -> {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    List<String> v = e.getValue();
                    boolean join = v.size() > 1 && (jetty || name.equalsIgnoreCase(BitsHeaders.SUPPORTED_PROTOCOLS));
                    return join ? List.of(String.join(", ", v)) : v;
                }
            }
            return List.of();
        };
    }

    /** {@return the response fields to send: as they are, or on Jetty with repeated names joined} */
    List<HeaderField> responseFields(List<HeaderField> fields) {
        if (!jetty) {
            return fields;
        }
        Map<String, HeaderField> byName = new LinkedHashMap<>();
        for (HeaderField f : fields) {
            String key = f.name().toLowerCase(java.util.Locale.ROOT);
            HeaderField prev = byName.get(key);
            byName.put(key, prev == null ? f : HeaderField.of(prev.name(), prev.value() + ", " + f.value()));
        }
        return new ArrayList<>(byName.values());
    }
}
