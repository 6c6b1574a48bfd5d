// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.internal.Ascii;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/** URL rules of the client: host-id rewriting (SDK: BITS IIS Extension Properties (BITSHostId)) and reply-URL resolution (MC-BUP §3.3.5.2.6, decision D11). */
final class Urls {
    private Urls() {}

    static URI requireHttp(URI target) {
        Objects.requireNonNull(target, "target");
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!target.isAbsolute() || target.isOpaque() || target.getHost() == null
                || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("need an absolute http or https URL with a host: "
                    + escape(target.toString()));
        }
        return target;
    }

    /**
     * Replaces the host of {@code origin} with a {@code BITS-Host-Id}, keeping scheme, port, path and query
     * (SDK: BITS IIS Extension Properties (BITSHostId) step 2). An IPv6 literal gets brackets; a {@code host:port} value is accepted leniently and its port
     * used (decision D13).
     */
    static URI withHost(URI origin, String hostId) {
        String host = hostId;
        int port = origin.getPort();
        if (hostId.startsWith("[")) {
            int close = hostId.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed IPv6 literal");
            }
            host = hostId.substring(0, close + 1);
            if (close + 1 < hostId.length()) {
                port = parsePort(hostId.substring(close + 1));
            }
        } else {
            int first = hostId.indexOf(':');
            if (first >= 0 && first == hostId.lastIndexOf(':')) {
                host = hostId.substring(0, first);
                port = parsePort(hostId.substring(first));
            } else if (first >= 0) {
                host = "[" + hostId + "]";
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        StringBuilder sb = new StringBuilder(origin.getScheme()).append("://");
        if (origin.getRawUserInfo() != null) {
            sb.append(origin.getRawUserInfo()).append('@');
        }
        sb.append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        sb.append(origin.getRawPath() == null || origin.getRawPath().isEmpty() ? "/" : origin.getRawPath());
        if (origin.getRawQuery() != null) {
            sb.append('?').append(origin.getRawQuery());
        }
        return URI.create(sb.toString());
    }

    private static int parsePort(String colonPort) {
        if (colonPort.length() < 2 || colonPort.length() > 6 || colonPort.charAt(0) != ':') {
            throw new IllegalArgumentException("bad port");
        }
        long p = Ascii.parseDecimal(colonPort, 1, colonPort.length());
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("bad port");
        }
        return (int) p;
    }

    /**
     * Resolves a {@code BITS-Reply-URL} (MC-BUP §3.3.5.2.6, decision D11): an absolute http(s) URL is used as is; an IIS-style
     * relative path has its backslashes turned into slashes, unsafe characters ({@code { }}, spaces, …)
     * percent-encoded, and is resolved against the original remote URL (RFC 3986).
     */
    static URI resolveReply(URI origin, String replyUrl) {
        String s = encodeUnsafe(replyUrl.replace('\\', '/'));
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return requireHttp(URI.create(s));
        }
        return origin.resolve(URI.create(s));
    }

    private static String encodeUnsafe(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
            if (safe) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Escapes controls and truncates, for messages that mention untrusted text (STYLE §2.5). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.length() < s.length() && sb.length() >= 200 ? sb + "..." : sb.toString();
    }
}
