// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.util.Random;

/** The request-line mutations of {@link RequestGenerator}: methods ({@code method.*}), targets, versions. */
final class Targets {
    private Targets() {}

    private static final String[] OUTSIDE = {"/", "/nope/", "/uploadx/", "/uploa", "/other/", "/other/subx/",
        "/index.html", "/BITS-Sessions/", "/upload.bin", "/o/upload/"};

    static Draft mutate(RequestGenerator g, String category, Draft d) {
        Random r = g.random();
        switch (category) {
            case "method.get" -> {
                d.method = "GET";
                if (r.nextBoolean()) {
                    d.body = new byte[0];
                }
            }
            case "method.head" -> {
                d.method = "HEAD";
                d.body = new byte[0];
            }
            case "method.put" -> d.method = "PUT";
            case "method.post" -> d.method = "POST";
            case "method.options" -> d.method = "OPTIONS";
            case "method.delete" -> d.method = "DELETE";
            case "method.lowercase" -> d.method = r.nextBoolean() ? "bits_post" : "Bits_Post";
            case "method.junk" -> d.method = pick(r, "BITS_POSTX", "BITS-POST", "BITS@POST", "B", "PROPFIND",
                    "BITS_POST\u00e9", "\u0000BITS_POST", g.token(1 + r.nextInt(12)).toUpperCase());
            case "method.long" -> d.method = "BITS_POST" + "X".repeat(1000 + r.nextInt(8000));
            case "target.other-prefix" -> d.target = "/other/sub/" + g.name();
            case "target.outside" -> {
                String t = pick(r, OUTSIDE);
                d.target = t.endsWith("/") && !t.equals("/") ? t + g.name() : t;
                d.expected = RequestGenerator.expect(404, RequestGenerator.PATH_NOT_FOUND);
            }
            case "target.prefix-exact" -> d.target = pick(r, "/upload", "/upload/", "/other/sub", "/other/sub/",
                    "/upload//", "/other/sub/.");
            case "target.prefix-case" -> d.target = pick(r, "/UPLOAD/", "/Upload/", "/other/SUB/", "/OTHER/sub/")
                    + g.name();
            case "target.traversal" -> {
                d = r.nextInt(4) == 0 ? d : g.base("Create-Session");
                d.target = g.traversal();
            }
            case "target.encoded" -> {
                d = r.nextInt(3) == 0 ? d : g.base("Create-Session");
                d.target = encoded(g);
            }
            case "target.long" -> {
                d = r.nextInt(3) == 0 ? d : g.base("Create-Session");
                d.target = switch (r.nextInt(4)) {
                    case 0 -> "/upload/" + "a".repeat(200 + r.nextInt(8000));
                    case 1 -> "/upload/" + "d/".repeat(20 + r.nextInt(400)) + "x";
                    case 2 -> "/upload/" + "n".repeat(254 + r.nextInt(4));
                    default -> "/upload/" + "%41".repeat(100 + r.nextInt(2000));
                };
            }
            case "target.bad-uri" -> d.target = "/upload/" + pick(r, "a%zz", "a%", "a|b", "a{b}", "a\"b", "a<b>",
                    "a^b", "a`b", "%", "a%g1", "[x]", "a\\b", "a%%41");
            case "target.absolute" -> d.target = pick(r, "http://" + g.authority(), "http://evil.example",
                    "HTTP://" + g.authority(), "https://" + g.authority()) + "/upload/" + g.name();
            case "target.query" -> d.target = d.target + pick(r, "?x=1", "?../../x", "#frag", "?", "?a=%zz",
                    ";param", "?" + "q".repeat(2000));
            case "target.asterisk" -> d.target = "*";
            case "line.http10" -> {
                d.version = "HTTP/1.0";
                if (r.nextBoolean()) {
                    d.header("Connection", "keep-alive");
                }
            }
            case "line.bad-version" -> {
                d.version = pick(r, "HTTP/2.0", "HTTP/1.1x", "HTTP/9.9", "http/1.1", "HTTP/1", "HTTP/1.1 extra",
                        "XTTP/1.1", "HTTP/01.1");
                d.wellFormedLine = false;
            }
            case "line.extra-spaces" -> {
                d.rawRequestLine = pick(r, d.method + "  " + d.target + " " + d.version,
                        d.method + " " + d.target + " " + d.version + " ", " " + d.method + " " + d.target + " "
                                + d.version, d.method + "\t" + d.target + "\t" + d.version,
                        d.method + " " + d.target);
                d.wellFormedLine = false;
            }
            case "line.lf-only" -> {
                d.eol = "\n";
                // no CR in the body: the one CRLF pair is the terminator Draft adds, so an engine that ends lines
                // only at CRLF sees exactly one (odd) head and answers it, whatever the random body holds
                for (int i = 0; i < d.body.length; i++) {
                    if (d.body[i] == '\r') {
                        d.body[i] = 'r';
                    }
                }
            }
            case "line.junk" -> {
                d.rawRequestLine = junkLine(g);
                d.wellFormedLine = false;
            }
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }

    private static String encoded(RequestGenerator g) {
        Random r = g.random();
        StringBuilder sb = new StringBuilder("/upload/");
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(7)) {
                case 0 -> sb.append('%').append(String.format("%02X", r.nextInt(256)));
                case 1 -> sb.append(pick(r, "%C3%A9", "%E2%80%AE", "%F0%9F%98%80", "%C0%AF", "%ED%A0%80", "%FF%FE"));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x80))); // raw obs-text byte in the target
                case 3 -> sb.append(pick(r, "%20", "+", "%2B", "%00", "%0A", "%2F", "%5C", "%3A", "%2A", "%3F"));
                case 4 -> sb.append(pick(r, "CON", "nul", "com1.", "x.", ".", "..", "~1"));
                default -> sb.append(g.token(1 + r.nextInt(6)));
            }
        }
        return sb.toString();
    }

    private static String junkLine(RequestGenerator g) {
        Random r = g.random();
        return switch (r.nextInt(5)) {
            case 0 -> g.visible(1 + r.nextInt(60));
            case 1 -> "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003"; // a TLS ClientHello's start
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                int n = 1 + r.nextInt(200);
                for (int i = 0; i < n; i++) {
                    char c = (char) r.nextInt(256);
                    sb.append(c == '\r' || c == '\n' ? ' ' : c);
                }
                yield sb.toString();
            }
            case 3 -> "BITS_POST";
            default -> "GET / HTTP/1.1 " + g.visible(8);
        };
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
