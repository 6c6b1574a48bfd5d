// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import static io.github.bitsj.server.fuzz.Targets.pick;

import java.util.Locale;
import java.util.Random;

/**
 * The BITS header mutations of {@link RequestGenerator}: {@code BITS-Packet-Type} ({@code ptype.*}),
 * {@code BITS-Session-Id} ({@code sid.*}) and {@code Content-Range} ({@code range.*}).
 */
final class Fields {
    private Fields() {}

    static Draft mutate(RequestGenerator g, String category, Draft given) {
        Random r = g.random();
        if (category.startsWith("ptype.")) {
            return packetType(g, category, given != null ? given : g.randomBase());
        }
        if (category.startsWith("sid.")) {
            return sessionId(g, category, given);
        }
        Draft d = given != null ? given
                : g.base(category.equals("range.on-other-packet")
                        ? pick(r, "Ping", "Create-Session", "Close-Session", "Cancel-Session") : "Fragment");
        return range(g, category, d);
    }

    private static Draft packetType(RequestGenerator g, String category, Draft d) {
        Random r = g.random();
        String type = d.value("BITS-Packet-Type") == null ? "Ping" : d.value("BITS-Packet-Type");
        switch (category) {
            case "ptype.case" -> d.set("BITS-Packet-Type", switch (r.nextInt(3)) {
                case 0 -> type.toLowerCase(Locale.ROOT);
                case 1 -> type.toUpperCase(Locale.ROOT);
                default -> flipCase(r, type);
            });
            case "ptype.unknown" -> d.set("BITS-Packet-Type", pick(r, type + "x", "Create", "Session", "Ping Ping",
                    "Ping,Ping", "Ping, Fragment", "Fragment\u00e9", g.token(1 + r.nextInt(20)), "Create_Session"));
            case "ptype.empty" -> d.set("BITS-Packet-Type", "");
            case "ptype.duplicate" -> d.header("BITS-Packet-Type", r.nextBoolean() ? type : "Ping");
            case "ptype.missing" -> d.remove("BITS-Packet-Type");
            case "ptype.ack" -> d.set("BITS-Packet-Type", "Ack");
            case "ptype.long" -> d.set("BITS-Packet-Type", type + "x".repeat(1000 + r.nextInt(30_000)));
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }

    private static Draft sessionId(RequestGenerator g, String category, Draft given) {
        Random r = g.random();
        Draft d = given != null ? given : g.sessionPacket();
        boolean neverMinted = true;
        String id;
        switch (category) {
            case "sid.live-case" -> {
                String live = g.pool().live(r);
                id = (live != null ? live : g.guid()).toLowerCase(Locale.ROOT);
                neverMinted = false;
            }
            case "sid.ended" -> {
                String ended = g.pool().ended(r);
                id = ended != null ? ended : g.guid();
                neverMinted = false;
            }
            case "sid.unknown-guid" -> id = g.guid();
            case "sid.garbage" -> id = switch (r.nextInt(4)) {
                case 0 -> pick(r, "../../outside", "..%2f..%2foutside", "/tmp/x", "{..\\..}", "%00", "{}",
                        "{00000000-0000-0000-0000-000000000000", "con", "BITS-Sessions", ".", "..");
                case 1 -> g.guid().substring(1, 37); // unbraced
                default -> g.visible(1 + r.nextInt(100));
            };
            case "sid.long" -> id = r.nextBoolean() ? g.visible(101 + r.nextInt(20_000))
                    : "{" + g.guid().repeat(3 + r.nextInt(200)) + "}";
            case "sid.nonvisible" -> id = switch (r.nextInt(4)) {
                case 0 -> "{" + g.token(4) + " " + g.token(4) + "}";
                case 1 -> g.token(3) + "\t" + g.token(3);
                case 2 -> g.guid().replace('-', (char) (0x80 + r.nextInt(0x80)));
                default -> "\u00e9t\u00e9-" + g.token(6);
            };
            case "sid.empty" -> {
                id = "";
                neverMinted = false;
            }
            case "sid.duplicate" -> {
                String live = g.pool().live(r);
                d.header("BITS-Session-Id", r.nextBoolean() && live != null ? live : g.guid());
                return d;
            }
            case "sid.missing" -> {
                d.remove("BITS-Session-Id");
                return d;
            }
            default -> throw new IllegalArgumentException(category);
        }
        d.set("BITS-Session-Id", id);
        d.session = id;
        if (neverMinted && given == null) {
            // MC-BUP §3.2.5.2.3 (issue 9): an id the server could not have minted is simply not found
            d.expected = RequestGenerator.expect(500, RequestGenerator.NOT_FOUND);
        }
        return d;
    }

    private static Draft range(RequestGenerator g, String category, Draft d) {
        Random r = g.random();
        int len = 1 + r.nextInt(r.nextInt(8) == 0 ? 40_000 : 600);
        switch (category) {
            case "range.valid" -> {
                long first = r.nextInt(20_000);
                d.set("Content-Range", "bytes " + first + "-" + (first + len - 1) + "/" + (first + len + r.nextInt(9)));
                d.body = g.bytes(len);
            }
            case "range.overlap" -> {
                long first = r.nextInt(64);
                d.set("Content-Range", "bytes " + first + "-" + (first + len - 1) + "/" + (first + len + 4096));
                d.body = g.bytes(len);
            }
            case "range.gap" -> {
                long first = 100_000 + r.nextInt(1_000_000);
                d.set("Content-Range", "bytes " + first + "-" + (first + len - 1) + "/" + (first + len));
                d.body = g.bytes(len);
            }
            case "range.garbage" -> {
                d.set("Content-Range", pick(r, "bytes=0-4/5", "bytes 0-4", "bytes 0-4/*", "bytes */5",
                        "bytes -1-4/5", "bytes 0 - 4/5", "bytes 00-04/05", "items 0-4/5", "bytes 0-4/5, 5-9/10",
                        "bytes a-b/c", "", "bytes", "BYTES 0-4/5", "bytes 0-4/4", "bytes\t0-4/5", "bytes 0-4/5 x",
                        "bytes +0-+4/5", "bytes 0-4/-5", "bytes 0x0-0x4/5", "bytes 0-4//5", "bytes 0-4/5/5"));
                d.body = g.bytes(5);
            }
            case "range.huge" -> {
                d.set("Content-Range", pick(r, "bytes 0-4/99999999999999999999",
                        "bytes 9223372036854775803-9223372036854775807/9223372036854775807",
                        "bytes 9223372036854775806-9223372036854775810/9223372036854775811",
                        "bytes 1844674407370955-1844674407370959/1844674407370960",
                        "bytes 0-4/9223372036854775807", "bytes 18446744073709551615-4/5"));
                d.body = g.bytes(5);
            }
            case "range.total-mismatch" -> {
                d.set("Content-Range", "bytes 0-" + (len - 1) + "/" + pick(r, String.valueOf(len - 1), "0",
                        String.valueOf(len + 1 + r.nextInt(1000))));
                d.body = g.bytes(len);
            }
            case "range.empty-file" -> {
                d.set("Content-Range", "bytes 0--1/0");
                d.body = r.nextBoolean() ? new byte[0] : g.bytes(1 + r.nextInt(9));
            }
            case "range.missing" -> d.remove("Content-Range");
            case "range.duplicate" -> d.header("Content-Range", "bytes 0-" + (d.body.length + 1) + "/" + 999);
            case "range.reversed" -> {
                d.set("Content-Range", "bytes 9-5/10");
                d.body = g.bytes(5);
            }
            case "range.on-other-packet" -> {
                d.set("Content-Range", "bytes 0-4/5");
                d.body = g.bytes(r.nextBoolean() ? 5 : 0);
            }
            default -> throw new IllegalArgumentException(category);
        }
        return d;
    }

    static String flipCase(Random r, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
