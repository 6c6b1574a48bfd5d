// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.EncodedRequest;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A request as exact bytes. Well-formed packets start from the protocol's encoder ({@link Packets#encode(Request)})
 * wrapped in the envelope the Windows client sends ([T4.1], MC-BUP §2.2.1: {@code Accept}, the BITS headers,
 * {@code User-Agent}, {@code Host}, {@code Content-Length}, {@code Connection: Keep-Alive}); the mutators then break
 * exactly one thing: a header's name or value, the body, {@code Content-Length} (omitted, wrong, duplicated) or the
 * transfer coding.
 */
final class RawRequest {
    static final String USER_AGENT = "bitsj-check/1";

    private String method = BitsHeaders.METHOD;
    private final String target;
    private final List<HeaderField> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    /** null: the body's length; "": no Content-Length at all; otherwise the exact text sent. */
    private String contentLength;
    private boolean chunked;
    private boolean hostGiven;
    private String label;

    private RawRequest(String target) {
        this.target = target;
    }

    /**
     * {@return a well-formed request for a packet, as the protocol's encoder writes it}
     *
     * @param packet the packet
     * @param target the request target
     */
    static RawRequest of(Request packet, String target) {
        EncodedRequest e = Packets.encode(packet);
        RawRequest r = new RawRequest(target);
        r.method = e.method();
        r.headers.add(HeaderField.of("Accept", "*/*"));
        r.headers.addAll(e.headers());
        r.headers.add(HeaderField.of("User-Agent", USER_AGENT));
        r.label = packet.type().wireName();
        return r;
    }

    /**
     * {@return a request with nothing but the given headers (plus Host and Content-Length when the build adds them)}
     *
     * @param target the request target
     * @param nameValues header names and values, alternating
     */
    static RawRequest raw(String target, String... nameValues) {
        RawRequest r = new RawRequest(target);
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            r.headers.add(HeaderField.of(nameValues[i], nameValues[i + 1]));
        }
        r.label = "request";
        for (HeaderField f : r.headers) {
            if (f.name().equalsIgnoreCase(BitsHeaders.PACKET_TYPE)) {
                r.label = f.value();
            }
        }
        return r;
    }

    /** {@return a short description for failure reasons, e.g. {@code Fragment bytes 0-9/10 to /up/x}} */
    String describe() {
        StringBuilder sb = new StringBuilder(label);
        for (HeaderField f : headers) {
            if (f.name().equalsIgnoreCase(BitsHeaders.CONTENT_RANGE)) {
                sb.append(" (").append(Text.escape(f.value(), 60)).append(')');
            }
        }
        return sb.append(" to ").append(Text.escape(target, 120)).toString();
    }

    /**
     * {@return this request with a header appended}
     *
     * @param name the name, sent as given
     * @param value the value, sent as given
     */
    RawRequest header(String name, String value) {
        headers.add(HeaderField.of(name, value));
        if (name.equalsIgnoreCase("Host")) {
            hostGiven = true;
        }
        return this;
    }

    /**
     * {@return this request with the value of the named header replaced (or the header appended)}
     *
     * @param name the name, matched case-insensitively
     * @param value the new value
     */
    RawRequest set(String name, String value) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                headers.set(i, HeaderField.of(headers.get(i).name(), value));
                return this;
            }
        }
        return header(name, value);
    }

    /**
     * {@return this request without the named header}
     *
     * @param name the name, matched case-insensitively
     */
    RawRequest remove(String name) {
        headers.removeIf(f -> f.name().equalsIgnoreCase(name));
        return this;
    }

    /**
     * {@return this request with every header name rewritten (to test that names are matched case-insensitively)}
     *
     * @param rename the new spelling of a name
     */
    RawRequest renameHeaders(UnaryOperator<String> rename) {
        headers.replaceAll(f -> HeaderField.of(rename.apply(f.name()), f.value()));
        return this;
    }

    /**
     * {@return this request with a body}
     *
     * @param bytes the body, sent as is
     */
    RawRequest body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    /**
     * {@return this request with an exact {@code Content-Length} text, whatever the body's length}
     *
     * @param text the value sent
     */
    RawRequest contentLength(String text) {
        this.contentLength = text;
        return this;
    }

    /** {@return this request without {@code Content-Length} (RFC 9112 §6.3: then the body is empty)} */
    RawRequest noContentLength() {
        this.contentLength = "";
        return this;
    }

    /** {@return this request with the body sent as one chunk of {@code Transfer-Encoding: chunked}} */
    RawRequest chunked() {
        this.chunked = true;
        this.contentLength = "";
        return this;
    }

    /**
     * {@return this request with the method replaced}
     *
     * @param m the method token
     */
    RawRequest method(String m) {
        this.method = m;
        return this;
    }

    /**
     * {@return the exact bytes: request line, headers, {@code Host} (unless set), {@code Content-Length},
     * {@code Connection: Keep-Alive}, body}
     *
     * @param host the {@code Host} value
     */
    byte[] bytes(String host) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (HeaderField f : headers) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        if (!hostGiven) {
            sb.append("Host: ").append(host).append("\r\n");
        }
        if (chunked) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (contentLength == null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (!contentLength.isEmpty()) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        if (headers.stream().noneMatch(f -> f.name().equalsIgnoreCase("Connection"))) {
            sb.append("Connection: Keep-Alive\r\n");
        }
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + body.length + 16);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            if (body.length > 0) {
                out.writeBytes((Integer.toHexString(body.length).toUpperCase(Locale.ROOT) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(body);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }
}
