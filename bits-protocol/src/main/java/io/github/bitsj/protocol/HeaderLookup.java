// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.internal.Ascii;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The seam between the codec and an HTTP stack: all values of a header, found by name <em>case-insensitively</em>
 * (MC-BUP §2.2: "Header names are case-insensitive"; the JDK server re-cases {@code BITS-Packet-Type} to
 * {@code Bits-packet-type}, IIS sends {@code Accept-encoding}).
 *
 * <p>Implemented by a lambda over {@code com.sun.net.httpserver.Headers} in the server and over
 * {@code java.net.http.HttpHeaders} in the client, so nothing is copied per request (STYLE §2.4).
 */
@FunctionalInterface
public interface HeaderLookup {

    /**
     * {@return every value of the named header in arrival order; empty (never null) when absent}
     *
     * @param name a header name; implementations match it case-insensitively
     */
    List<String> values(String name);

    /**
     * {@return a lookup over an ordered list of fields, matching names case-insensitively}
     *
     * @param fields the fields
     * @throws NullPointerException if {@code fields} is null
     */
    static HeaderLookup of(List<HeaderField> fields) {
        List<HeaderField> copy = List.copyOf(fields);
        return name -> {
            List<String> out = null;
            for (HeaderField f : copy) {
                if (Ascii.equalsIgnoreCase(f.name(), name)) {
                    if (out == null) {
                        out = new ArrayList<>(1);
                    }
                    out.add(f.value());
                }
            }
            return out == null ? List.of() : out;
        };
    }

    /**
     * {@return a lookup over a multi-map whose keys may be in any case}
     *
     * @param map header names to values; null keys are ignored
     * @throws NullPointerException if {@code map} is null
     */
    static HeaderLookup ofMap(Map<String, List<String>> map) {
        Objects.requireNonNull(map, "map");
        return name -> {
            List<String> out = null;
            for (Map.Entry<String, List<String>> e : map.entrySet()) {
                if (e.getKey() != null && Ascii.equalsIgnoreCase(e.getKey(), name) && e.getValue() != null) {
                    if (out == null) {
                        out = new ArrayList<>(e.getValue().size());
                    }
                    for (String v : e.getValue()) {
                        if (v != null) {
                            out.add(v);
                        }
                    }
                }
            }
            return out == null ? List.of() : out;
        };
    }
}
