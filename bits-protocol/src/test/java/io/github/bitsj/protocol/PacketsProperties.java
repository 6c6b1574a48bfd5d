// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Codec properties (STYLE §2.9): {@code decode(encode(p)) == p} for every packet and Ack, and both decoders are total.
 * Seeded by {@link Props}; a failure prints the seed to replay.
 */
@Timeout(60)
class PacketsProperties {

    static final int TRIES = 1000;
    static final List<DecodeOptions> BOTH = List.of(DecodeOptions.defaults(), DecodeOptions.strict());

    static List<HeaderField> recased(Random r, List<HeaderField> fields) {
        List<HeaderField> out = new ArrayList<>(fields.size());
        for (HeaderField f : fields) {
            out.add(HeaderField.of(Gen.recase(r, f.name()), f.value()));
        }
        return out;
    }

    record Case<T>(long seed, T value) {}

    static <T> java.util.function.Function<Random, Case<T>> withSeed(java.util.function.Function<Random, T> gen) {
        return r -> {
            long seed = r.nextLong();
            return new Case<>(seed, gen.apply(r));
        };
    }

    @Test
    void requestRoundTrip() {
        Props.forAll(TRIES, withSeed(Gen::request), c -> {
            Request p = c.value();
            EncodedRequest e = Packets.encode(p);
            assertEquals("BITS_POST", e.method());
            assertEquals(p.contentLength(), e.contentLength());
            List<HeaderField> headers = Wire.plus(recased(new Random(c.seed()), e.headers()), "Content-Length",
                    Long.toString(e.contentLength()));
            for (DecodeOptions o : BOTH) {
                assertEquals(Decoded.ok(p), Packets.decodeRequest(e.method(), "/u/f.bin", HeaderLookup.of(headers), o));
            }
        });
    }

    @Test
    void responseRoundTrip() {
        Props.forAll(TRIES, withSeed(Gen::exchange), c -> {
            Gen.Exchange x = c.value();
            Random r = new Random(c.seed());
            EncodedResponse e = Packets.encode(x.ack(), r.nextBoolean());
            assertEquals(x.ack().status(), e.status());
            HeaderLookup headers = HeaderLookup.of(recased(r, e.headers()));
            for (DecodeOptions o : BOTH) {
                assertEquals(Decoded.ok(x.ack()), Packets.decodeResponse(x.sent(), e.status(), headers, o));
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ totality

    static final List<String> NAMES = List.of(BitsHeaders.PACKET_TYPE, BitsHeaders.SUPPORTED_PROTOCOLS,
            BitsHeaders.PROTOCOL, BitsHeaders.SESSION_ID, BitsHeaders.HOST_ID, BitsHeaders.HOST_ID_FALLBACK_TIMEOUT,
            BitsHeaders.RECEIVED_CONTENT_RANGE, BitsHeaders.REPLY_URL, BitsHeaders.ERROR_CODE,
            BitsHeaders.ERROR_CODE_LEGACY, BitsHeaders.ERROR_CONTEXT, BitsHeaders.CONTENT_NAME,
            BitsHeaders.CONTENT_RANGE, BitsHeaders.CONTENT_LENGTH, BitsHeaders.CONTENT_ENCODING,
            BitsHeaders.ACCEPT_ENCODING, BitsHeaders.PRAGMA, "Transfer-Encoding", "Host");

    /** A value that is often almost right for the header, else arbitrary, huge or empty. */
    static String value(Random r, String name) {
        return switch (r.nextInt(8)) {
            case 0 -> Props.anyString(r, 60);
            case 1 -> r.nextBoolean() ? "x".repeat(4097 + r.nextInt(64)) : Props.anyString(r, 6000);
            case 2 -> "";
            case 3 -> mutate(r, plausible(r, name));
            default -> plausible(r, name);
        };
    }

    static String plausible(Random r, String name) {
        return switch (name) {
            case BitsHeaders.PACKET_TYPE -> Gen.recase(r,
                    PacketType.values()[r.nextInt(PacketType.values().length)].wireName());
            case BitsHeaders.SUPPORTED_PROTOCOLS, BitsHeaders.PROTOCOL -> Gen.recase(r,
                    Packets.encode(Gen.createSession(r)).headers().get(1).value());
            case BitsHeaders.SESSION_ID -> Gen.sessionId(r).value();
            case BitsHeaders.CONTENT_RANGE -> r.nextInt(4) == 0 ? "bytes */0" : Gen.range(r).wire();
            case BitsHeaders.CONTENT_LENGTH, BitsHeaders.RECEIVED_CONTENT_RANGE, BitsHeaders.HOST_ID_FALLBACK_TIMEOUT ->
                    Long.toString(Props.anyOffset(r, r.nextBoolean() ? 20 : Long.MAX_VALUE));
            case BitsHeaders.ERROR_CODE, BitsHeaders.ERROR_CODE_LEGACY -> Gen.hresult(r).wire();
            case BitsHeaders.ERROR_CONTEXT -> ErrorContext.values()[r.nextInt(9)].wire();
            case BitsHeaders.CONTENT_NAME -> Gen.contentName(r).orElse("n");
            case BitsHeaders.CONTENT_ENCODING, BitsHeaders.ACCEPT_ENCODING -> Gen.recase(r, "identity");
            case BitsHeaders.HOST_ID -> Gen.of(r, Gen.HOST_CHARS, 1, 300);
            case BitsHeaders.REPLY_URL -> Gen.visible(r, 1, 2200);
            default -> Props.anyString(r, 30);
        };
    }

    static String mutate(Random r, String s) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            int at = sb.isEmpty() ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(4)) {
                case 0 -> sb.insert(at, Props.anyString(r, 3));
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> sb.setLength(Math.min(at, sb.length()));
                default -> sb.insert(at, "-+ /,0x{}*".charAt(r.nextInt(10)));
            }
        }
        return sb.toString();
    }

    /** Random edits of a valid header list: add, drop, duplicate, re-value, re-case. */
    static List<HeaderField> mangle(Random r, List<HeaderField> start) {
        List<HeaderField> h = new ArrayList<>(start);
        for (int i = r.nextInt(5); i > 0; i--) {
            int at = h.isEmpty() ? 0 : r.nextInt(h.size());
            switch (r.nextInt(6)) {
                case 0 -> {
                    String name = r.nextInt(4) == 0 ? Props.anyString(r, 20) : NAMES.get(r.nextInt(NAMES.size()));
                    h.add(HeaderField.of(Gen.recase(r, name), value(r, name)));
                }
                case 1 -> {
                    if (!h.isEmpty()) {
                        h.remove(at);
                    }
                }
                case 2 -> {
                    if (!h.isEmpty()) {
                        h.add(r.nextInt(h.size() + 1), h.get(at));
                    }
                }
                case 3 -> {
                    if (!h.isEmpty()) {
                        String name = h.get(at).name();
                        h.set(at, HeaderField.of(name, value(r, canonical(name))));
                    }
                }
                default -> {
                    if (!h.isEmpty()) {
                        h.set(at, HeaderField.of(Gen.recase(r, h.get(at).name()), h.get(at).value()));
                    }
                }
            }
        }
        return h;
    }

    static String canonical(String name) {
        for (String n : NAMES) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return name;
    }

    /** A header list from scratch: random names (real ones in random case) with random values. */
    static List<HeaderField> arbitrary(Random r) {
        List<HeaderField> h = new ArrayList<>();
        for (int i = r.nextInt(12); i > 0; i--) {
            String name = r.nextInt(5) == 0 ? Props.anyString(r, 20) : NAMES.get(r.nextInt(NAMES.size()));
            h.add(HeaderField.of(Gen.recase(r, name), value(r, name)));
        }
        return h;
    }

    static void assertWellFormed(Decoded<?> d) {
        assertNotNull(d);
        if (d instanceof Decoded.Err<?> err) {
            ProtocolError e = err.error();
            assertNotNull(e.kind());
            assertNotNull(e.header());
            assertTrue(e.detail().length() <= 300, e.detail());
            assertTrue(e.detail().chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7E), e.detail());
        }
    }

    record RequestCase(String method, String target, List<HeaderField> headers) {}

    static RequestCase requestCase(Random r) {
        String method = switch (r.nextInt(8)) {
            case 0 -> Props.anyString(r, 12);
            case 1 -> Gen.recase(r, "BITS_POST");
            default -> "BITS_POST";
        };
        String target = switch (r.nextInt(8)) {
            case 0 -> Props.anyString(r, 40);
            case 1 -> "/" + "a".repeat(2195 + r.nextInt(10));
            default -> "/u/f.bin";
        };
        List<HeaderField> headers;
        if (r.nextInt(3) == 0) {
            headers = arbitrary(r);
        } else {
            EncodedRequest e = Packets.encode(Gen.request(r));
            long length = r.nextInt(4) == 0 ? Props.anyOffset(r, 10) : e.contentLength();
            headers = mangle(r, Wire.plus(e.headers(), "Content-Length", Long.toString(length)));
        }
        return new RequestCase(method, target, headers);
    }

    @Test
    void requestDecoderIsTotal() {
        Props.forAll(TRIES, PacketsProperties::requestCase, c -> {
            for (DecodeOptions o : BOTH) {
                Decoded<Request> d = Packets.decodeRequest(c.method(), c.target(), HeaderLookup.of(c.headers()), o);
                assertWellFormed(d);
                if (d instanceof Decoded.Ok<Request>(Request p)) {
                    // Whatever is accepted has a normal form that round-trips.
                    EncodedRequest e = Packets.encode(p);
                    assertEquals(d, Packets.decodeRequest(e.method(), "/u/f.bin", HeaderLookup.of(Wire.plus(
                            e.headers(), "Content-Length", Long.toString(e.contentLength()))), o));
                }
            }
        });
    }

    record ResponseCase(Request sent, int status, List<HeaderField> headers) {}

    static ResponseCase responseCase(Random r) {
        Gen.Exchange x = Gen.exchange(r);
        Request sent = r.nextInt(4) == 0 ? Gen.request(r) : x.sent();
        int status = switch (r.nextInt(8)) {
            case 0 -> r.nextInt(2000) - 500;
            case 1 -> new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 99, 100, 599, 600, 416, 201}[r.nextInt(9)];
            default -> x.ack().status();
        };
        List<HeaderField> headers = r.nextInt(3) == 0 ? arbitrary(r) : mangle(r, Packets.encode(x.ack()).headers());
        return new ResponseCase(sent, status, headers);
    }

    @Test
    void responseDecoderIsTotal() {
        Props.forAll(TRIES, PacketsProperties::responseCase, c -> {
            for (DecodeOptions o : BOTH) {
                Decoded<Response> d = Packets.decodeResponse(c.sent(), c.status(), HeaderLookup.of(c.headers()), o);
                assertWellFormed(d);
                if (d instanceof Decoded.Ok<Response>(Response ack)) {
                    assertEquals(c.status(), ack.status());
                    EncodedResponse e = Packets.encode(ack);
                    assertEquals(d, Packets.decodeResponse(c.sent(), e.status(), HeaderLookup.of(e.headers()), o));
                }
            }
        });
    }

    @Test
    void decodersAreTotalOverAMultiMapWithNulls() {
        Props.forAll(200, PacketsProperties::requestCase, c -> {
            java.util.Map<String, List<String>> map = new java.util.HashMap<>();
            for (HeaderField f : c.headers()) {
                map.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.value());
            }
            map.put(null, List.of("x"));
            map.put("X-Null", java.util.Arrays.asList((String) null));
            assertWellFormed(Packets.decodeRequest(c.method(), c.target(), HeaderLookup.ofMap(map)));
            assertWellFormed(Packets.decodeResponse(new Ping(), 200, HeaderLookup.ofMap(map)));
        });
    }
}
