// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.testkit.Props;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parse/format round trips and canonical case of the value types; generated invalid Content-Range values. */
@Timeout(60)
class ValuesProperties {

    static final int TRIES = 1000;
    static final List<DecodeOptions> BOTH = PacketsProperties.BOTH;

    static boolean isDecimal(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Test
    void contentRangeRoundTrip() {
        Props.forAll(TRIES, Gen::range, range -> {
            String wire = range.wire();
            assertTrue(wire.startsWith("bytes "), wire);
            if (!range.isEmptyFile()) {
                String[] parts = wire.substring(6).split("[-/]");
                assertEquals(3, parts.length, wire);
                for (String p : parts) {
                    assertTrue(isDecimal(p), wire);
                }
                assertEquals(range.first() + range.length() - 1, range.last());
                assertEquals(range.isFinal(), range.last() == range.total() - 1);
            }
            for (DecodeOptions o : BOTH) {
                assertEquals(Decoded.ok(range), ContentRange.parse(wire, o));
            }
            assertEquals(Decoded.ok(range), ContentRange.parse("BYTES" + wire.substring(5)));
            assertEquals(range, range.isEmptyFile() ? ContentRange.EMPTY_FILE
                    : ContentRange.ofLength(range.first(), range.length(), range.total()));
        });
    }

    @Test
    void protocolIdRoundTripAndCanonicalCase() {
        Props.forAll(TRIES, r -> new Object[] {Gen.uuid(r), r.nextLong()}, c -> {
            ProtocolId id = new ProtocolId((UUID) c[0]);
            String wire = id.wire();
            assertEquals(wire.toLowerCase(Locale.ROOT), wire);
            assertEquals(38, wire.length());
            String anyCase = Gen.recase(new Random((Long) c[1]), wire);
            for (String text : List.of(wire, wire.toUpperCase(Locale.ROOT), anyCase)) {
                ProtocolId back = ProtocolId.parse(text).orElseThrow();
                assertEquals(id, back);
                assertEquals(wire, back.wire());
            }
        });
    }

    @Test
    void sessionIdRoundTripAndCanonicalCase() {
        Props.forAll(TRIES, r -> new Object[] {Gen.uuid(r), Gen.visible(r, 1, 100), r.nextLong()}, c -> {
            UUID guid = (UUID) c[0];
            SessionId id = SessionId.ofGuid(guid);
            assertEquals("{" + guid.toString().toUpperCase(Locale.ROOT) + "}", id.value());
            assertEquals(id.value().toUpperCase(Locale.ROOT), id.value());
            assertTrue(id.isGuid());
            assertEquals(Decoded.ok(id), SessionId.parse(id.value()));
            SessionId lower = SessionId.parse(id.value().toLowerCase(Locale.ROOT)).orElseThrow();
            assertEquals(id.matchKey(), lower.matchKey());
            assertEquals(guid, ProtocolId.parseBracedGuid(lower.value(), 0, 38));
            String opaque = (String) c[1];
            SessionId o = SessionId.parse(opaque).orElseThrow();
            assertEquals(opaque, o.value());
            assertEquals(o.matchKey(), SessionId.parse(Gen.recase(new Random((Long) c[2]), opaque)).orElseThrow()
                    .matchKey());
        });
    }

    @Test
    void hresultRoundTripAndCanonicalForm() {
        Props.forAll(TRIES, Gen::hresult, h -> {
            String wire = h.wire();
            assertEquals(10, wire.length());
            assertTrue(wire.startsWith("0x"));
            assertTrue(wire.substring(2).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')),
                    wire);
            assertEquals(String.format("0x%08X", h.value()), wire);
            String hex = Integer.toHexString(h.value());
            for (String text : List.of(wire, wire.toLowerCase(Locale.ROOT), "0X" + hex, "0x" + hex)) {
                for (DecodeOptions o : BOTH) {
                    assertEquals(Decoded.ok(h), HResult.parse(text, o));
                }
            }
            for (String text : List.of(hex, "x" + hex, wire.substring(2))) {
                assertEquals(Decoded.ok(h), HResult.parse(text));
            }
            assertEquals(h.value() < 0, h.isFailure());
            assertTrue(h.toString().startsWith(wire));
        });
    }

    // ------------------------------------------------------------------------- generated invalid Content-Range

    /** Edits of a valid {@code bytes first-last/total} (total ≥ 1) that break one rule of MC-BUP §2.2.6.1. */
    static String invalidRange(Random r) {
        long total = Gen.total(r);
        long first = Props.anyOffset(r, total);
        long last = first + Props.anyOffset(r, total - first);
        String f = Long.toString(first);
        String l = Long.toString(last);
        String t = Long.toString(total);
        return switch (r.nextInt(7)) {
            case 0 -> { // last < first
                long bigFirst = 1 + Props.anyOffset(r, Long.MAX_VALUE - 1);
                long smallLast = Props.anyOffset(r, bigFirst);
                long anyTotal = bigFirst + Props.anyOffset(r, Long.MAX_VALUE - bigFirst) + 1;
                yield "bytes " + bigFirst + "-" + smallLast + "/" + anyTotal;
            }
            case 1 -> { // last >= total
                long l2 = total + Props.anyOffset(r, Long.MAX_VALUE - total + 1);
                yield "bytes " + first + "-" + l2 + "/" + total;
            }
            case 2 -> switch (r.nextInt(3)) { // negative
                case 0 -> "bytes -" + f + "-" + l + "/" + t;
                case 1 -> "bytes " + f + "--" + l + "/" + t;
                default -> "bytes " + f + "-" + l + "/-" + t;
            };
            case 3 -> { // a non-digit inside one number
                char c;
                do {
                    c = (char) r.nextInt(0x800); // ASCII, controls, Latin-1 .. Arabic-Indic digits
                } while (c >= '0' && c <= '9');
                String[] nums = {f, l, t};
                int which = r.nextInt(3);
                int at = r.nextInt(nums[which].length() + 1);
                nums[which] = nums[which].substring(0, at) + c + nums[which].substring(at);
                yield "bytes " + nums[0] + "-" + nums[1] + "/" + nums[2];
            }
            case 4 -> switch (r.nextInt(7)) { // a missing part
                case 0 -> f + "-" + l + "/" + t;
                case 1 -> "bytes " + "-" + l + "/" + t;
                case 2 -> "bytes " + f + l + "/" + t;
                case 3 -> "bytes " + f + "-" + "/" + t;
                case 4 -> "bytes " + f + "-" + l + t;
                case 5 -> "bytes " + f + "-" + l + "/";
                default -> "bytes" + f + "-" + l + "/" + t;
            };
            case 5 -> { // overflow
                BigInteger big = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + Props.anyOffset(r,
                        Long.MAX_VALUE))).multiply(BigInteger.TEN.pow(r.nextInt(3)));
                String o = big.toString();
                yield switch (r.nextInt(3)) {
                    case 0 -> "bytes " + o + "-" + l + "/" + t;
                    case 1 -> "bytes " + f + "-" + o + "/" + t;
                    default -> "bytes " + f + "-" + l + "/" + o;
                };
            }
            default -> { // sign or blank inside a number
                String junk = new String[] {"+", " ", "\t", "\u0660", "\uff10"}[r.nextInt(5)];
                yield switch (r.nextInt(6)) {
                    case 0 -> "bytes " + junk + f + "-" + l + "/" + t;
                    case 1 -> "bytes " + f + junk + "-" + l + "/" + t;
                    case 2 -> "bytes " + f + "-" + junk + l + "/" + t;
                    case 3 -> "bytes " + f + "-" + l + junk + "/" + t;
                    case 4 -> "bytes " + f + "-" + l + "/" + junk + t;
                    default -> "bytes " + f + "-" + l + "/" + t + junk;
                };
            }
        };
    }

    @Test
    void invalidContentRangesAreRejected() {
        Props.forAll(TRIES, ValuesProperties::invalidRange, text -> {
            for (DecodeOptions o : BOTH) {
                Decoded<ContentRange> d = ContentRange.parse(text, o);
                assertTrue(d instanceof Decoded.Err<ContentRange>, () -> "accepted: " + d);
                assertEquals(Kind.MALFORMED_HEADER, d.error().kind());
                assertEquals(BitsHeaders.CONTENT_RANGE, d.error().header());
            }
        });
    }
}
