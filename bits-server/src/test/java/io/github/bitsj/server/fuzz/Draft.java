// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import io.github.bitsj.server.fuzz.FuzzRequest.Expected;
import io.github.bitsj.server.fuzz.FuzzRequest.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request under construction: request line, header lines (kept as raw lines so that malformed ones survive),
 * body and how {@code Content-Length} is added. Rendered in ISO-8859-1, so chars 0x80-0xFF go out as single bytes.
 */
final class Draft {
    String method = "BITS_POST";
    String target;
    String version = "HTTP/1.1";
    /** Raw header lines without their line end, in order. */
    final List<String> lines = new ArrayList<>();
    byte[] body = new byte[0];
    /** Add {@code Content-Length: body.length} at render time (false when a mutation controls it). */
    boolean autoLength = true;
    String eol = "\r\n";
    Framing framing = Framing.CLEAN;
    Expected expected;
    String packet;
    String session;
    /** Whether the request line is one a server parses as method, target and version. */
    boolean wellFormedLine = true;
    /** The mutations applied, for a {@code combo}. */
    final List<String> parts = new ArrayList<>();
    /** A whole replacement for the request line (junk), or null. */
    String rawRequestLine;

    Draft(String target) {
        this.target = target;
    }

    Draft header(String name, String value) {
        lines.add(name + ": " + value);
        return this;
    }

    /** {@return the index of the first line with this header name (any case), or -1} */
    int indexOf(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** Removes every line with this header name. */
    Draft remove(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        lines.removeIf(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix));
        return this;
    }

    /** Replaces the value of every line with this header name, or adds it. */
    Draft set(String name, String value) {
        remove(name);
        return header(name, value);
    }

    String value(String name) {
        int i = indexOf(name);
        return i < 0 ? null : lines.get(i).substring(lines.get(i).indexOf(':') + 1).strip();
    }

    FuzzRequest build(String category) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256 + body.length);
        StringBuilder sb = new StringBuilder();
        sb.append(rawRequestLine != null ? rawRequestLine : method + " " + target + " " + version).append(eol);
        sb.append("Host: 127.0.0.1").append(eol);
        for (String l : lines) {
            sb.append(l).append(eol);
        }
        if (autoLength) {
            sb.append("Content-Length: ").append(body.length).append(eol);
        }
        sb.append(eol);
        b.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(body);
        if (!eol.equals("\r\n")) {
            // bare-LF lines: a server that does not take LF as a line end sees the head end here (and answers
            // instead of waiting); one that does sees blank lines before the next request (RFC 9112 §2.2)
            b.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        boolean bitsPost = rawRequestLine == null && wellFormedLine && "BITS_POST".equals(method)
                && (version.equals("HTTP/1.1") || version.equals("HTTP/1.0"));
        String connection = String.valueOf(value("Connection")).toLowerCase(Locale.ROOT);
        boolean closeRequested = connection.contains("close") || !eol.equals("\r\n")
                || (version.equals("HTTP/1.0") && !connection.contains("keep-alive"));
        return new FuzzRequest(category, b.toByteArray(), bitsPost, "HEAD".equals(method) && rawRequestLine == null,
                framing, expected, packet, session, target, closeRequested, List.copyOf(parts));
    }
}
