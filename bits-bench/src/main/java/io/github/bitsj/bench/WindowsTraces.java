// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header sets the Windows BITS client and IIS really send, as captured in MC-BUP §4 ([T4.1], [T4.2]) and
 * as MC-BUP §4.1 and the SDK packet pages show them (MC-BUP §2.2.2–§2.2.11). Every benchmark decodes exactly these, so the numbers speak about
 * the traffic a server will see, companion headers ({@code Accept}, {@code User-Agent}, {@code Host},
 * {@code Connection}) included.
 */
final class WindowsTraces {
    private WindowsTraces() {}

    /** The request target of [T4.1]. */
    static final String TARGET = "/upload/2000mb-rfc2119.txt";

    /** The session id IIS handed out in [T4.1]. */
    static final String SESSION = "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}";

    /** MC-BUP §2.2.4: Ping. */
    static final List<HeaderField> PING = fields(
            "Accept", "*/*",
            "BITS-Packet-Type", "Ping",
            "User-Agent", "Microsoft BITS/6.7",
            "Host", "frankcao8",
            "Content-Length", "0",
            "Connection", "Keep-Alive");

    /** MC-BUP §2.2.2: Create-Session. */
    static final List<HeaderField> CREATE_SESSION = fields(
            "Accept", "*/*",
            "BITS-Packet-Type", "Create-Session",
            "BITS-Supported-Protocols", "{7df0354d-249b-430f-820d-3d2a9bef4931}",
            "Content-Name", "rfc2119.txt",
            "User-Agent", "Microsoft BITS/6.7",
            "Host", "frankcao8",
            "Content-Length", "0",
            "Connection", "Keep-Alive");

    /** MC-BUP §2.2.6: a 1 MiB Fragment in the middle of a 1 GiB file, shaped like [T4.1]'s. */
    static final List<HeaderField> FRAGMENT = fields(
            "Accept", "*/*",
            "BITS-Packet-Type", "Fragment",
            "BITS-Session-Id", SESSION,
            "Content-Name", "rfc2119.txt",
            "Content-Range", "bytes 1048576-2097151/1073741824",
            "User-Agent", "Microsoft BITS/6.7",
            "Host", "frankcao8",
            "Content-Length", "1048576",
            "Connection", "Keep-Alive");

    /** MC-BUP §2.2.8: Close-Session. */
    static final List<HeaderField> CLOSE_SESSION = fields(
            "Accept", "*/*",
            "BITS-Packet-Type", "Close-Session",
            "BITS-Session-Id", SESSION,
            "Content-Name", "rfc2119.txt",
            "User-Agent", "Microsoft BITS/6.7",
            "Host", "frankcao8",
            "Content-Length", "0",
            "Connection", "Keep-Alive");

    /** MC-BUP §2.2.10: Cancel-Session (no trace published; the companions of Close-Session). */
    static final List<HeaderField> CANCEL_SESSION = fields(
            "Accept", "*/*",
            "BITS-Packet-Type", "Cancel-Session",
            "BITS-Session-Id", SESSION,
            "Content-Name", "rfc2119.txt",
            "User-Agent", "Microsoft BITS/6.7",
            "Host", "frankcao8",
            "Content-Length", "0",
            "Connection", "Keep-Alive");

    /** MC-BUP §2.2.5: the Ping Ack of IIS 6. */
    static final List<HeaderField> PING_ACK = fields(
            "Date", "Mon, 18 Jun 2007 21:02:02 GMT",
            "Server", "Microsoft-IIS/6.0",
            "Pragma", "no-cache",
            "BITS-Packet-Type", "Ack",
            "Content-Length", "0");

    /** MC-BUP §2.2.3: the Create-Session Ack of [T4.1] (without the web-farm lines). */
    static final List<HeaderField> CREATE_SESSION_ACK = fields(
            "Date", "Mon, 18 Jun 2007 21:11:57 GMT",
            "Server", "Microsoft-IIS/6.0",
            "Pragma", "no-cache",
            "BITS-Packet-Type", "Ack",
            "BITS-Protocol", "{7df0354d-249b-430f-820d-3d2a9bef4931}",
            "BITS-Session-Id", SESSION,
            "Content-Length", "0",
            "Accept-encoding", "identity");

    /** MC-BUP §2.2.7: a Fragment Ack. */
    static final List<HeaderField> FRAGMENT_ACK = fields(
            "Date", "Mon, 18 Jun 2007 21:02:01 GMT",
            "Server", "Microsoft-IIS/6.0",
            "Pragma", "no-cache",
            "BITS-Packet-Type", "Ack",
            "Content-Length", "0",
            "BITS-Received-Content-Range", "2097152");

    /** MC-BUP §2.2.9: a Close-Session Ack. */
    static final List<HeaderField> CLOSE_SESSION_ACK = PING_ACK;

    /** MC-BUP §2.2.1.2: an error Ack (unknown session, 500). */
    static final List<HeaderField> ERROR_ACK = fields(
            "Date", "Mon, 18 Jun 2007 21:02:01 GMT",
            "Server", "Microsoft-IIS/6.0",
            "Pragma", "no-cache",
            "BITS-Packet-Type", "Ack",
            "BITS-Error-Code", "0x8020001F",
            "BITS-Error-Context", "0x5",
            "Content-Length", "0");

    private static List<HeaderField> fields(String... nameValue) {
        List<HeaderField> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            out.add(HeaderField.of(nameValue[i], nameValue[i + 1]));
        }
        return List.copyOf(out);
    }

    /**
     * {@return a case-insensitive, allocation-free lookup over {@code fields}} Like the server's lambda over
     * {@code com.sun.net.httpserver.Headers} but without that class's per-call name normalisation (a new
     * {@code char[]} and {@code String} per lookup), so a benchmark measures the codec and not the HTTP stack's map:
     * a hash lookup by the exact spelling (the codec asks with the {@code BitsHeaders} constants, the traces use
     * the same spelling), falling back to a case-insensitive search.
     *
     * @param fields the header fields
     */
    static HeaderLookup lookup(List<HeaderField> fields) {
        Map<String, List<String>> ci = multiMap(fields);
        Map<String, List<String>> exact = new java.util.HashMap<>();
        for (HeaderField f : fields) {
            exact.put(f.name(), ci.get(f.name()));
        }
        return name -> {
            List<String> v = exact.get(name);
            return v != null ? v : ci.getOrDefault(name, List.of());
        };
    }

    /** {@return the fields as an unmodifiable case-insensitive multi-map} */
    static Map<String, List<String>> multiMap(List<HeaderField> fields) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HeaderField f : fields) {
            map.computeIfAbsent(f.name(), k -> new ArrayList<>(1)).add(f.value());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }
}
