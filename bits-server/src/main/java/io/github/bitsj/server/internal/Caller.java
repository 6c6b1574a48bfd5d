// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.github.bitsj.protocol.HeaderLookup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a BITS request, and to which URL: what the server application's call needs (SDK: Notification Protocol for Server Applications, SDK: Setting Permissions on Virtual Directories).
 *
 * @param principal the authenticated principal ({@code ""} when anonymous)
 * @param requestUrl the request's absolute URL: scheme, the {@code Host} the client sent (a malformed one is replaced
 *     by the address the request came in on), raw path and query
 * @param basicAuthorization the client's {@code Authorization: Basic …} value, kept only where the directory forwards
 *     it to its server application; never logged, never persisted
 * @param client the client's address key ({@link AddressLimits#keyOf})
 * @param remote the client's address and port, for log lines ({@link #remote(HttpExchange)})
 * @param startNanos when the request's handling began ({@link System#nanoTime()}), for durations in log lines
 */
record Caller(String principal, URI requestUrl, Optional<String> basicAuthorization, String client, String remote,
        long startNanos) {

    /** {@return the caller of an exchange} */
    static Caller of(HttpExchange ex, HeaderLookup headers, String principal, boolean keepBasic) {
        String scheme = ex instanceof HttpsExchange ? "https" : "http";
        List<String> hosts = headers.values("Host");
        String host = hosts.size() == 1 && isHost(hosts.get(0)) ? hosts.get(0) : local(ex.getLocalAddress());
        URI url = URI.create(scheme + "://" + host + HttpQuirks.target(ex)); // Router checked the target's syntax
        Optional<String> basic = Optional.empty();
        List<String> auth = headers.values("Authorization");
        if (keepBasic && auth.size() == 1 && auth.get(0).regionMatches(true, 0, "Basic ", 0, 6)) {
            basic = Optional.of(auth.get(0));
        }
        return new Caller(principal, url, basic, AddressLimits.keyOf(ex.getRemoteAddress()), remote(ex),
                System.nanoTime());
    }

    /** {@return the milliseconds since the request's handling began} */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** {@return the remote address and port of an exchange, {@code 192.0.2.7:50123} or {@code [2001:db8::7]:50123}} */
    static String remote(HttpExchange ex) {
        InetSocketAddress a = ex.getRemoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : local(a);
    }

    /** A {@code Host} value we repeat in URLs: a name, IPv4 or bracketed IPv6 address, optionally with a port. */
    static boolean isHost(String h) {
        if (h.isEmpty() || h.length() > 255) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
            if (!ok) {
                return false;
            }
        }
        try {
            URI u = new URI("http://" + h + "/");
            return u.getHost() != null && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String local(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        int pct = ip.indexOf('%');
        if (pct >= 0) {
            ip = ip.substring(0, pct);
        }
        return (ip.indexOf(':') >= 0 ? "[" + ip.toLowerCase(Locale.ROOT) + "]" : ip) + ":" + a.getPort();
    }
}
