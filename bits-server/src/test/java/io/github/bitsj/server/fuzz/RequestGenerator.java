// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import io.github.bitsj.server.fuzz.FuzzRequest.Expected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the random (stateless) requests of the fuzz run from a seed: a BITS packet to an upload prefix with one
 * mutation, named by its category (methods, targets, packet types, session ids, ranges, lengths, transfer codings,
 * header syntax and size, request lines, bodies), or a few mutations at once ({@code combo}). Every category is
 * listed with its weight in {@link #CATEGORIES}. Where MC-BUP or our decisions fix the exact answer, the request
 * carries it ({@link FuzzRequest.Expected}): a path outside every prefix is 404 + {@code 0x80070003}, an
 * unsupported transfer coding 400 + {@code E_INVALIDARG}, a session id the server never minted 500 +
 * {@code BG_E_SESSION_NOT_FOUND} (MC-BUP §3.2.5.2.3; issue 9).
 */
public final class RequestGenerator {
    /** The BITS 1.5 upload protocol GUID, as a client offers it in {@code BITS-Supported-Protocols}. */
    static final String PROTOCOL = "{7df0354d-249b-430f-820d-3d2a9bef4931}";
    static final String NOT_FOUND = "0x8020001F";
    static final String PATH_NOT_FOUND = "0x80070003";
    static final String INVALID_ARG = "0x80070057";
    /** Names of files that traversal attempts try to create; none may exist anywhere after the run. */
    public static final String ESCAPE_MARKER = "bitsj-fuzz-escape-";

    /** Every category and its weight (per mille, roughly). */
    static final List<Weighted> CATEGORIES = List.of(
            w("valid.ping", 40), w("valid.create", 50), w("valid.fragment", 60), w("valid.close", 20),
            w("valid.cancel", 20),
            w("method.get", 20), w("method.head", 10), w("method.put", 15), w("method.post", 10),
            w("method.options", 8), w("method.delete", 5), w("method.lowercase", 10), w("method.junk", 10),
            w("method.long", 3),
            w("target.other-prefix", 20), w("target.outside", 30), w("target.prefix-exact", 8),
            w("target.prefix-case", 8), w("target.traversal", 40), w("target.encoded", 30), w("target.long", 15),
            w("target.bad-uri", 10), w("target.absolute", 8), w("target.query", 10), w("target.asterisk", 3),
            w("ptype.case", 15), w("ptype.unknown", 15), w("ptype.empty", 8), w("ptype.duplicate", 10),
            w("ptype.missing", 10), w("ptype.ack", 5), w("ptype.long", 5),
            w("sid.live-case", 10), w("sid.ended", 15), w("sid.unknown-guid", 20), w("sid.garbage", 20),
            w("sid.long", 15), w("sid.nonvisible", 10), w("sid.empty", 8), w("sid.duplicate", 10),
            w("sid.missing", 10),
            w("range.valid", 20), w("range.overlap", 10), w("range.gap", 10), w("range.garbage", 25),
            w("range.huge", 10), w("range.total-mismatch", 10), w("range.empty-file", 8), w("range.missing", 10),
            w("range.duplicate", 8), w("range.reversed", 8), w("range.on-other-packet", 5),
            w("cl.missing", 10), w("cl.missing-with-body", 8), w("cl.smaller", 8), w("cl.larger", 8),
            w("cl.negative", 10),
            w("cl.garbage", 15), w("cl.duplicate-same", 8), w("cl.duplicate-diff", 8), w("cl.list", 5),
            w("cl.short-for-range", 10),
            w("te.chunked", 15), w("te.unsupported", 20), w("te.chunked-case", 5), w("te.duplicate", 5),
            w("te.with-cl", 8), w("te.chunked-bad", 5),
            w("hdr.huge-value", 8), w("hdr.oversize", 2), w("hdr.many", 6), w("hdr.too-many", 3),
            w("hdr.bad-name", 10), w("hdr.no-colon", 8), w("hdr.space-before-colon", 5), w("hdr.obs-fold", 8),
            w("hdr.ctl-in-value", 5), w("hdr.non-ascii", 8), w("hdr.expect-continue", 10),
            w("hdr.connection-close", 10), w("hdr.protocols-garbage", 15), w("hdr.protocols-multi", 8),
            w("line.http10", 10), w("line.bad-version", 8), w("line.extra-spaces", 5), w("line.lf-only", 10),
            w("line.junk", 8),
            w("body.long-on-ping", 8), w("body.long-fragment", 10), w("body.on-close", 5),
            w("combo", 30));

    /** A category and its weight. @param name the category @param weight its weight */
    record Weighted(String name, int weight) {}

    private static Weighted w(String name, int weight) {
        return new Weighted(name, weight);
    }

    private static final int TOTAL_WEIGHT = CATEGORIES.stream().mapToInt(Weighted::weight).sum();

    private final Random r;
    private final SessionPool pool;
    private final List<String> escapeVectors;
    private final String authority;
    private int serial;

    /**
     * @param r the seeded randomness
     * @param pool the session ids random packets may name
     * @param escapeVectors known path-escape targets (each is sent as a Create-Session)
     * @param authority {@code host:port} of the server, for absolute-form targets
     */
    public RequestGenerator(Random r, SessionPool pool, List<String> escapeVectors, String authority) {
        this.r = r;
        this.pool = pool;
        this.escapeVectors = List.copyOf(escapeVectors);
        this.authority = authority;
    }

    /** {@return the next random request} */
    public FuzzRequest next() {
        int pick = r.nextInt(TOTAL_WEIGHT);
        for (Weighted c : CATEGORIES) {
            pick -= c.weight();
            if (pick < 0) {
                return build(c.name());
            }
        }
        throw new IllegalStateException();
    }

    /** {@return a request of this category} @param category one of {@link #CATEGORIES} */
    public FuzzRequest build(String category) {
        Draft d = mutate(category, null);
        return d.build(category);
    }

    /** {@return a Ping to the first prefix} */
    public static FuzzRequest ping() {
        return new Draft("/upload/ping").header("BITS-Packet-Type", "Ping").build("ping");
    }

    // ---------------------------------------------------------------- base packets

    String name() {
        return "fz" + (++serial) + "-" + token(1 + r.nextInt(8)) + (r.nextBoolean() ? ".bin" : "");
    }

    String inside() {
        return switch (r.nextInt(10)) {
            case 0, 1 -> "/other/sub/" + name();
            case 2 -> "/upload/sub/" + name();
            case 3 -> "/upload/nosuchdir/" + name();
            default -> "/upload/" + name();
        };
    }

    String token(int n) {
        String a = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(a.charAt(r.nextInt(a.length())));
        }
        return sb.toString();
    }

    String guid() {
        return "{" + new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT) + "}";
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    int bodyLength() {
        return switch (r.nextInt(20)) {
            case 0 -> 0;
            case 1, 2 -> 1 + r.nextInt(16);
            case 3 -> 16 * 1024 + r.nextInt(48 * 1024);
            default -> 1 + r.nextInt(2048);
        };
    }

    /** A session packet names a live session of the pool (at its own target, mostly), else an unknown id. */
    private void nameSession(Draft d) {
        SessionPool.Live l = pool.pick(r);
        if (l == null) {
            d.session = guid();
        } else {
            d.session = l.id();
            if (r.nextInt(4) != 0) {
                d.target = l.target();
            }
        }
        d.header("BITS-Session-Id", d.session);
    }

    Draft base(String packet) {
        Draft d = new Draft(inside());
        d.packet = packet;
        d.header("BITS-Packet-Type", packet);
        switch (packet) {
            case "Create-Session" -> d.header("BITS-Supported-Protocols", PROTOCOL);
            case "Fragment" -> {
                nameSession(d);
                int len = bodyLength();
                if (len == 0) {
                    d.header("Content-Range", "bytes 0--1/0");
                } else {
                    long first = r.nextInt(3) == 0 ? r.nextInt(8192) : 0;
                    long total = first + len + (r.nextBoolean() ? 0 : r.nextInt(100_000));
                    d.header("Content-Range", "bytes " + first + "-" + (first + len - 1) + "/" + total);
                    d.body = bytes(len);
                }
            }
            case "Close-Session", "Cancel-Session" -> nameSession(d);
            default -> {
                // Ping: nothing more
            }
        }
        return d;
    }

    Draft randomBase() {
        return base(switch (r.nextInt(10)) {
            case 0, 1 -> "Ping";
            case 2, 3 -> "Create-Session";
            case 4, 5, 6 -> "Fragment";
            case 7, 8 -> "Close-Session";
            default -> "Cancel-Session";
        });
    }

    Draft sessionPacket() {
        return base(switch (r.nextInt(3)) {
            case 0 -> "Fragment";
            case 1 -> "Close-Session";
            default -> "Cancel-Session";
        });
    }

    // ---------------------------------------------------------------- mutations

    /** Applies one category's mutation to {@code d} (a new base packet when null). */
    Draft mutate(String category, Draft given) {
        String family = category.substring(0, category.indexOf('.') < 0 ? category.length() : category.indexOf('.'));
        return switch (family) {
            case "valid" -> given != null ? given : base(switch (category) {
                case "valid.ping" -> "Ping";
                case "valid.create" -> "Create-Session";
                case "valid.fragment" -> "Fragment";
                case "valid.close" -> "Close-Session";
                default -> "Cancel-Session";
            });
            case "method", "target", "line" -> Targets.mutate(this, category, given != null ? given : randomBase());
            case "ptype", "sid", "range" -> Fields.mutate(this, category, given);
            case "cl", "te", "hdr", "body" -> Framings.mutate(this, category, given);
            case "combo" -> combo();
            default -> throw new IllegalArgumentException(category);
        };
    }

    private Draft combo() {
        List<String> safe = new ArrayList<>();
        for (Weighted c : CATEGORIES) {
            String n = c.name();
            // never combine the categories that carry an exact expected answer or break the framing on purpose
            if (!n.startsWith("valid") && !n.equals("combo") && !n.equals("target.outside")
                    && !n.equals("te.unsupported") && !n.startsWith("sid.") && !n.startsWith("cl.")
                    && !n.startsWith("te.") && !n.equals("line.junk") && !n.equals("line.lf-only")
                    && !n.equals("hdr.too-many")
                    && !n.equals("hdr.oversize") && !n.equals("range.on-other-packet")) {
                safe.add(n);
            }
        }
        Draft d = randomBase();
        int n = 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String part = safe.get(r.nextInt(safe.size()));
            d = mutate(part, d);
            d.parts.add(part);
        }
        d.expected = null;
        return d;
    }

    /** {@return a traversal target: a known vector, or {@code ../} in some encoding toward a marker name} */
    String traversal() {
        if (r.nextInt(3) == 0) {
            return escapeVectors.get(r.nextInt(escapeVectors.size()));
        }
        String[] up = {"../", "..%2f", "..%2F", "%2e%2e/", "%2E%2E%2F", "..\\", "..%5c", ".%2e/", "%252e%252e/",
            "..;/", "....//", "%c0%ae%c0%ae/"};
        String step = up[r.nextInt(up.length)];
        String prefix = r.nextInt(4) == 0 ? "/other/sub/" : "/upload/" + (r.nextBoolean() ? "sub/" : "");
        return prefix + step.repeat(1 + r.nextInt(4)) + ESCAPE_MARKER + (++serial);
    }

    String visible(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x21 + r.nextInt(0x7e - 0x21 + 1)));
        }
        return sb.toString();
    }

    Random random() {
        return r;
    }

    SessionPool pool() {
        return pool;
    }

    String authority() {
        return authority;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Expected expect(int status, String code) {
        return new Expected(status, code);
    }
}
