// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.bitsj.server.internal.NegotiateTokens.Kind;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link NegotiateTokens}: token shapes built field by field from RFC 2743 §3.1, RFC 4178 §4.2 and MS-NLMP §2.2.1,
 * as Windows, MIT and the JDK send them, and totality on arbitrary bytes.
 */
class NegotiateTokensTest {
    /** MS-NLMP §2.2.1.1 NEGOTIATE_MESSAGE: signature, type 1, flags, empty domain and workstation, version. */
    static final byte[] NTLM_NEGOTIATE = HexFormat.of().parseHex(
            "4e544c4d5353500001000000978208e2000000000000000000000000000000000a0061" + "4a0000000f");
    /** MS-NLMP §2.2.1.3 AUTHENTICATE_MESSAGE prefix: signature, type 3 (the rest does not matter here). */
    static final byte[] NTLM_AUTHENTICATE = HexFormat.of().parseHex("4e544c4d5353500003000000" + "00".repeat(60));
    /** 1.3.6.1.4.1.311.2.2.30, NegoEx (MS-NEGOEX). */
    static final byte[] NEGOEX_OID = HexFormat.of().parseHex("2b06010401823702021e");
    /** Stands in for a Kerberos AP-REQ inside a GSS header: what follows the OID is opaque to the classifier. */
    static final byte[] KRB5_INNER = HexFormat.of().parseHex("01006e8201" + "00".repeat(40));

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static byte[] oid(byte[] content) {
        return tlv(0x06, content);
    }

    /** A NegTokenInit in its GSS header, mechanisms in preference order, with an optimistic token if not null. */
    static byte[] spnegoInit(byte[] mechToken, byte[]... mechs) {
        byte[][] oids = new byte[mechs.length][];
        for (int i = 0; i < mechs.length; i++) {
            oids[i] = oid(mechs[i]);
        }
        byte[] mechTypes = tlv(0xa0, tlv(0x30, oids));
        byte[] init = mechToken == null ? tlv(0x30, mechTypes) : tlv(0x30, mechTypes, tlv(0xa2, tlv(0x04, mechToken)));
        return tlv(0x60, oid(NegotiateTokens.SPNEGO_OID), tlv(0xa0, init));
    }

    static byte[] krb5Token(byte[] mechOid) {
        return tlv(0x60, oid(mechOid), KRB5_INNER);
    }

    static byte[] negTokenResp(byte[] responseToken) {
        byte[] state = tlv(0xa0, tlv(0x0a, new byte[] {1}));
        return responseToken == null ? tlv(0xa1, tlv(0x30, state))
                : tlv(0xa1, tlv(0x30, state, tlv(0xa2, tlv(0x04, responseToken))));
    }

    @Test
    void rawNtlmIsNtlm() {
        assertEquals(Kind.NTLM, NegotiateTokens.classify(NTLM_NEGOTIATE));
        assertEquals(Kind.NTLM, NegotiateTokens.classify(NTLM_AUTHENTICATE));
    }

    @Test
    void spnegoProposingNtlmFirstIsNtlm() {
        assertEquals(Kind.NTLM, NegotiateTokens.classify(spnegoInit(NTLM_NEGOTIATE, NegotiateTokens.NTLM_OID)));
        assertEquals(Kind.NTLM, NegotiateTokens.classify(
                spnegoInit(NTLM_NEGOTIATE, NegotiateTokens.NTLM_OID, NegotiateTokens.KRB5_OID)));
        assertEquals(Kind.NTLM, NegotiateTokens.classify(spnegoInit(null, NegotiateTokens.NTLM_OID)));
    }

    @Test
    void anNtlmTokenUnderAKerberosLabelIsNtlm() {
        assertEquals(Kind.NTLM, NegotiateTokens.classify(spnegoInit(NTLM_NEGOTIATE, NegotiateTokens.KRB5_OID)));
    }

    @Test
    void ntlmContinuingInANegTokenRespIsNtlm() {
        assertEquals(Kind.NTLM, NegotiateTokens.classify(negTokenResp(NTLM_AUTHENTICATE)));
    }

    @Test
    void kerberosFirstWithItsTokenIsOneLeg() {
        byte[] krb = krb5Token(NegotiateTokens.KRB5_OID);
        assertEquals(Kind.SPNEGO_KERBEROS, NegotiateTokens.classify(spnegoInit(krb, NegotiateTokens.KRB5_OID)));
        assertEquals(Kind.SPNEGO_KERBEROS, NegotiateTokens.classify(
                spnegoInit(krb, NegotiateTokens.KRB5_OID, NegotiateTokens.NTLM_OID)));
    }

    @Test
    void windowsMechanismListWithTheMicrosoftKerberosOidFirstIsOneLeg() {
        // MS-SPNG §3.3.5.1: MS-KRB5, KRB5, NegoEx, NTLM
        byte[] t = spnegoInit(krb5Token(NegotiateTokens.MS_KRB5_OID), NegotiateTokens.MS_KRB5_OID,
                NegotiateTokens.KRB5_OID, NEGOEX_OID, NegotiateTokens.NTLM_OID);
        assertEquals(Kind.SPNEGO_KERBEROS, NegotiateTokens.classify(t));
    }

    @Test
    void reqFlagsBeforeTheTokenAreSkipped() {
        byte[] mechTypes = tlv(0xa0, tlv(0x30, oid(NegotiateTokens.KRB5_OID)));
        byte[] reqFlags = tlv(0xa1, tlv(0x03, new byte[] {0x01, 0x00}));
        byte[] token = tlv(0xa2, tlv(0x04, krb5Token(NegotiateTokens.KRB5_OID)));
        byte[] t = tlv(0x60, oid(NegotiateTokens.SPNEGO_OID), tlv(0xa0, tlv(0x30, mechTypes, reqFlags, token)));
        assertEquals(Kind.SPNEGO_KERBEROS, NegotiateTokens.classify(t));
    }

    @Test
    void anotherMechanismFirstOrNoOptimisticTokenNeedsAnotherLeg() {
        assertEquals(Kind.NEEDS_ANOTHER_LEG, NegotiateTokens.classify(
                spnegoInit(new byte[] {1, 2, 3}, NEGOEX_OID, NegotiateTokens.KRB5_OID)));
        assertEquals(Kind.NEEDS_ANOTHER_LEG, NegotiateTokens.classify(spnegoInit(null, NegotiateTokens.KRB5_OID)));
        assertEquals(Kind.NEEDS_ANOTHER_LEG, NegotiateTokens.classify(negTokenResp(null)));
        assertEquals(Kind.NEEDS_ANOTHER_LEG, NegotiateTokens.classify(negTokenResp(krb5Token(NegotiateTokens.KRB5_OID))));
    }

    @Test
    void rawKerberosIsKerberos() {
        assertEquals(Kind.KERBEROS, NegotiateTokens.classify(krb5Token(NegotiateTokens.KRB5_OID)));
        assertEquals(Kind.KERBEROS, NegotiateTokens.classify(krb5Token(NegotiateTokens.MS_KRB5_OID)));
    }

    @Test
    void longFormLengthsAreRead() {
        byte[] big = new byte[300];
        System.arraycopy(KRB5_INNER, 0, big, 0, KRB5_INNER.length);
        byte[] krb = tlv(0x60, oid(NegotiateTokens.KRB5_OID), big);
        assertEquals(0x82, krb[1] & 0xff);
        assertEquals(Kind.SPNEGO_KERBEROS, NegotiateTokens.classify(spnegoInit(krb, NegotiateTokens.KRB5_OID)));
        byte[] mid = tlv(0x60, oid(NegotiateTokens.KRB5_OID), Arrays.copyOf(KRB5_INNER, 150));
        assertEquals(0x81, mid[1] & 0xff);
        assertEquals(Kind.KERBEROS, NegotiateTokens.classify(mid));
    }

    @Test
    void malformedShapes() {
        byte[] good = spnegoInit(krb5Token(NegotiateTokens.KRB5_OID), NegotiateTokens.KRB5_OID);
        byte[][] bad = {
            {},
            {0x60},
            {0x60, 0x00},
            Arrays.copyOf(good, good.length - 1),                                 // truncated
            concat(good, new byte[] {0}),                                         // trailing byte
            tlv(0x60, oid(HexFormat.of().parseHex("2a864886f70d")), KRB5_INNER),  // another mechanism
            tlv(0x60, oid(NegotiateTokens.SPNEGO_OID)),                           // no NegTokenInit
            tlv(0x60, oid(NegotiateTokens.SPNEGO_OID), tlv(0xa0, tlv(0x30, tlv(0xa0, tlv(0x30))))), // no mechanisms
            tlv(0x60, oid(NegotiateTokens.SPNEGO_OID), tlv(0xa0, tlv(0x31))),     // SET, not SEQUENCE
            HexFormat.of().parseHex("608006062b0601050502"),                      // BER indefinite length
            HexFormat.of().parseHex("6084ffffffff"),                              // length past the end
            HexFormat.of().parseHex("6085000000000100"),                          // five length octets
            HexFormat.of().parseHex("4e544c4d535350"),                            // "NTLMSSP" without its NUL
            "Kerberos".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        };
        for (byte[] b : bad) {
            assertEquals(Kind.MALFORMED, NegotiateTokens.classify(b), () -> HexFormat.of().formatHex(b));
        }
    }

    @Test
    void classifyIsTotalOnArbitraryBytes() {
        forAll(5000, r -> {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 0x60 : 0xa1);
            }
            return b;
        }, b -> assertNotNull(NegotiateTokens.classify(b)));
    }

    @Test
    void classifyIsTotalOnMutatedAndTruncatedRealShapes() {
        byte[][] seeds = {
            spnegoInit(krb5Token(NegotiateTokens.KRB5_OID), NegotiateTokens.MS_KRB5_OID, NegotiateTokens.KRB5_OID),
            spnegoInit(NTLM_NEGOTIATE, NegotiateTokens.NTLM_OID),
            negTokenResp(NTLM_AUTHENTICATE),
            krb5Token(NegotiateTokens.KRB5_OID),
        };
        forAll(5000, r -> {
            byte[] b = seeds[r.nextInt(seeds.length)].clone();
            for (int i = r.nextInt(4); i >= 0; i--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            return Arrays.copyOf(b, r.nextInt(b.length + 1));
        }, b -> assertNotNull(NegotiateTokens.classify(b)));
    }

    /**
     * Run seed, from {@code -Dbitsj.seed} or the clock. (The protocol module's {@code Props} harness is a split
     * package here: these tests are compiled into the module io.github.bitsj.server.)
     */
    static final long RUN_SEED = Long.getLong("bitsj.seed", System.nanoTime());

    private static void forAll(int tries, Function<Random, byte[]> gen, Consumer<byte[]> property) {
        Random seeds = new Random(RUN_SEED);
        for (int i = 0; i < tries; i++) {
            byte[] value = gen.apply(new Random(seeds.nextLong()));
            try {
                property.accept(value);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("case " + i + " (" + HexFormat.of().formatHex(value)
                        + ") failed; replay with -Dbitsj.seed=" + RUN_SEED, e);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
