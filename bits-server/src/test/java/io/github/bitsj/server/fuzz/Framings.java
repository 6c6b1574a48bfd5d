// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import static io.github.bitsj.server.fuzz.Targets.pick;

import io.github.bitsj.server.fuzz.FuzzRequest.Framing;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * The HTTP-level mutations of {@link RequestGenerator}: {@code Content-Length} ({@code cl.*}),
 * {@code Transfer-Encoding} ({@code te.*}), header syntax, count and size ({@code hdr.*}) and bodies
 * ({@code body.*}).
 */
final class Framings {
    private Framings() {}

    static Draft mutate(RequestGenerator g, String category, Draft given) {
        Random r = g.random();
        Draft d = given;
        if (d == null) {
            d = switch (category) {
                case "hdr.protocols-garbage", "hdr.protocols-multi" -> g.base("Create-Session");
                case "body.long-on-ping" -> g.base("Ping");
                case "body.long-fragment" -> g.base("Fragment");
                case "body.on-close" -> g.base(r.nextBoolean() ? "Close-Session" : "Cancel-Session");
                default -> category.startsWith("cl.") || category.startsWith("te.")
                        ? g.base(r.nextInt(3) == 0 ? "Ping" : "Fragment") : g.randomBase();
            };
        }
        if (category.startsWith("cl.")) {
            return length(g, category, d);
        }
        if (category.startsWith("te.")) {
            return coding(g, category, d, given == null);
        }
        if (category.startsWith("body.")) {
            switch (category) {
                case "body.long-on-ping" -> d.body = g.bytes(64 * 1024 + r.nextInt(448 * 1024));
                case "body.long-fragment" -> {
                    int len = 256 * 1024 + r.nextInt(768 * 1024);
                    d.set("Content-Range", "bytes 0-" + (len - 1) + "/" + (len + r.nextInt(2) * r.nextInt(9999)));
                    d.body = g.bytes(len);
                }
                case "body.on-close" -> d.body = g.bytes(1 + r.nextInt(4096));
                default -> throw new IllegalArgumentException(category);
            }
            return d;
        }
        return header(g, category, d);
    }

    private static Draft length(RequestGenerator g, String category, Draft d) {
        Random r = g.random();
        int n = d.body.length;
        switch (category) {
            case "cl.missing" -> {
                d.autoLength = false;
                d.body = new byte[0];
            }
            case "cl.missing-with-body" -> {
                d.autoLength = false;
                if (n == 0) {
                    d.body = g.bytes(1 + r.nextInt(64));
                }
                d.framing = Framing.BROKEN;
            }
            case "cl.smaller" -> {
                if (n < 2) {
                    d.body = g.bytes(2 + r.nextInt(64));
                }
                d.autoLength = false;
                d.header("Content-Length", String.valueOf(r.nextInt(d.body.length)));
                d.framing = Framing.BROKEN;
            }
            case "cl.larger" -> {
                d.autoLength = false;
                d.header("Content-Length", String.valueOf(n + 1 + r.nextInt(100_000)));
                d.framing = Framing.OPEN_BODY;
            }
            case "cl.negative" -> {
                d.autoLength = false;
                d.body = new byte[0];
                d.header("Content-Length", pick(r, "-1", "-5", "-9223372036854775808", "-0001"));
            }
            case "cl.garbage" -> {
                d.autoLength = false;
                String[][] values = {{"abc", "0"}, {"0x10", "0"}, {"+5", "5"}, {"5 5", "5"}, {"5.0", "5"},
                    {"99999999999999999999", "0"}, {"", "0"}, {"1e3", "0"}, {"\t7 ", "7"}, {"0005", "5"},
                    {"5,", "5"}, {"\u00b5", "0"}};
                String[] v = values[r.nextInt(values.length)];
                d.header("Content-Length", v[0]);
                d.body = g.bytes(Integer.parseInt(v[1]));
            }
            case "cl.duplicate-same" -> {
                d.autoLength = false;
                d.header("Content-Length", String.valueOf(n)).header("Content-Length", String.valueOf(n));
            }
            case "cl.duplicate-diff" -> {
                d.autoLength = false;
                d.header("Content-Length", String.valueOf(n)).header("Content-Length", String.valueOf(n + 7));
            }
            case "cl.list" -> {
                d.autoLength = false;
                d.header("Content-Length", n + ", " + n);
            }
            case "cl.short-for-range" -> {
                // a Fragment whose body (correctly framed) is shorter than its Content-Range says
                int len = 2 + r.nextInt(4000);
                d.set("Content-Range", "bytes 0-" + (len - 1) + "/" + len);
                d.body = g.bytes(r.nextInt(len));
            }
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }

    private static Draft coding(RequestGenerator g, String category, Draft d, boolean alone) {
        Random r = g.random();
        byte[] raw = d.body.length > 0 ? d.body : g.bytes(1 + r.nextInt(300));
        d.autoLength = false;
        switch (category) {
            case "te.chunked" -> {
                d.header("Transfer-Encoding", "chunked");
                d.body = chunked(r, raw);
            }
            case "te.unsupported" -> {
                String v = pick(r, "gzip", "gzip, chunked", "chunked, gzip", "identity", "deflate", "br",
                        "x-custom", "compress, chunked", "chunked;q=1", "gzip,chunked", "chunked, chunked");
                d.header("Transfer-Encoding", v);
                d.body = v.endsWith("chunked") ? chunked(r, raw) : raw;
                if (alone) {
                    // issue 9: an unsupported transfer coding is 400 + E_INVALIDARG, as an Ack
                    d.expected = RequestGenerator.expect(400, RequestGenerator.INVALID_ARG);
                }
            }
            case "te.chunked-case" -> {
                d.header("Transfer-Encoding", pick(r, "CHUNKED", "Chunked", "chunKed"));
                d.body = chunked(r, raw);
            }
            case "te.duplicate" -> {
                d.header("Transfer-Encoding", "chunked").header("Transfer-Encoding", "chunked");
                d.body = chunked(r, raw);
            }
            case "te.with-cl" -> {
                d.body = chunked(r, raw);
                d.header("Transfer-Encoding", "chunked").header("Content-Length", String.valueOf(d.body.length));
            }
            case "te.chunked-bad" -> {
                d.header("Transfer-Encoding", "chunked");
                d.body = RequestGenerator.ascii(pick(r, "zz\r\nabc\r\n0\r\n\r\n", "5\r\nabc\r\n0\r\n\r\n",
                        "-1\r\nabc\r\n0\r\n\r\n", "ffffffffffffffffffff\r\nab\r\n0\r\n\r\n",
                        "3\r\nabcdef\r\n0\r\n\r\n", "3;" + "e".repeat(10_000) + "\r\nabc\r\n0\r\n\r\n",
                        "0x3\r\nabc\r\n0\r\n\r\n", "\r\n\r\n"));
            }
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }

    static byte[] chunked(Random r, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(data.length + 64);
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, 1 + r.nextInt(Math.max(1, data.length)));
            b.writeBytes(RequestGenerator.ascii(Integer.toHexString(n) + (r.nextInt(8) == 0 ? ";ext=1" : "")
                    + "\r\n"));
            b.write(data, pos, n);
            b.writeBytes(RequestGenerator.ascii("\r\n"));
            pos += n;
        }
        b.writeBytes(RequestGenerator.ascii(r.nextInt(8) == 0 ? "0\r\nX-Trailer: 1\r\n\r\n" : "0\r\n\r\n"));
        return b.toByteArray();
    }

    private static Draft header(RequestGenerator g, String category, Draft d) {
        Random r = g.random();
        switch (category) {
            case "hdr.huge-value" -> d.header(pick(r, "X-Fuzz", "BITS-Supported-Protocols", "User-Agent", "Cookie"),
                    "v".repeat(8 * 1024 + r.nextInt(56 * 1024)));
            case "hdr.oversize" -> d.header("X-Fuzz", "v".repeat(400 * 1024 + r.nextInt(200 * 1024)));
            case "hdr.many", "hdr.too-many" -> {
                int n = category.equals("hdr.many") ? 100 + r.nextInt(90) : 201 + r.nextInt(200);
                for (int i = 0; i < n; i++) {
                    d.header(r.nextInt(10) == 0 ? "X-Same" : "X-F-" + i, g.token(1 + r.nextInt(20)));
                }
            }
            case "hdr.bad-name" -> d.lines.add(r.nextInt(d.lines.size() + 1), pick(r, "X Fuzz", "X(Fuzz)", "X@F",
                    "", "X\u00e9", "BITS-Packet-Type\t", "X\u0000Y", "[X]", "X/Y", "X\"Y") + ": v");
            case "hdr.no-colon" -> d.lines.add(r.nextInt(d.lines.size() + 1), pick(r, "XFuzzNoColon", "X Fuzz",
                    "BITS-Packet-Type Ping", "\u00e9"));
            case "hdr.space-before-colon" -> {
                int i = d.indexOf("BITS-Packet-Type");
                String line = i >= 0 ? d.lines.remove(i) : "BITS-Packet-Type: Ping";
                d.lines.add(line.replaceFirst(":", pick(r, " :", "\t:", "  :")));
            }
            case "hdr.obs-fold" -> {
                if (r.nextBoolean()) {
                    d.lines.add("X-Fold: a" + d.eol + pick(r, " b", "\tb", "  "));
                } else {
                    int i = d.indexOf("BITS-Packet-Type");
                    String v = i >= 0 ? d.value("BITS-Packet-Type") : "Ping";
                    d.remove("BITS-Packet-Type");
                    d.lines.add("BITS-Packet-Type:" + d.eol + " " + v);
                }
            }
            case "hdr.ctl-in-value" -> d.header(pick(r, "X-Fuzz", "BITS-Packet-Type", "BITS-Session-Id"),
                    pick(r, "a\u0000b", "a\u0001b", "a\u007fb", "a\rb", "Ping\u0000", "\u001b[31m", "a\u000bb"));
            case "hdr.non-ascii" -> d.header(pick(r, "X-Fuzz", "User-Agent", "BITS-Original-Request-URL"),
                    pick(r, "\u00e9\u00ff", "\u00c3\u00a9", "caf\u00e9", "\u00ff".repeat(300)));
            case "hdr.expect-continue" -> d.header("Expect", pick(r, "100-continue", "100-Continue", "102-processing",
                    "something"));
            case "hdr.connection-close" -> d.header("Connection", pick(r, "close", "Close", "keep-alive, close",
                    "upgrade", "keep-alive"));
            case "hdr.protocols-garbage" -> d.set("BITS-Supported-Protocols", pick(r, "", "{bad}",
                    RequestGenerator.PROTOCOL.substring(1, 37), "{7df0354d-249b-430f-820d-3d2a9bef4932}",
                    RequestGenerator.PROTOCOL + " " + RequestGenerator.PROTOCOL, "{" + "a".repeat(5000) + "}",
                    (g.guid() + " ").repeat(300), RequestGenerator.PROTOCOL.toUpperCase(), "{{}}", "\u00e9"));
            case "hdr.protocols-multi" -> {
                d.remove("BITS-Supported-Protocols");
                if (r.nextBoolean()) {
                    d.header("BITS-Supported-Protocols", g.guid())
                            .header("BITS-Supported-Protocols", RequestGenerator.PROTOCOL);
                } else {
                    d.header("BITS-Supported-Protocols", g.guid() + pick(r, " ", ",", ", ", " , ")
                            + RequestGenerator.PROTOCOL);
                }
            }
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }
}
