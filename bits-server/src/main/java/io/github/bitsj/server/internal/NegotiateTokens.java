// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.Arrays;

/**
 * Looks at the outer structure of a token from {@code Authorization: Negotiate <token>} (RFC 4559 §4.2) before it is
 * handed to GSS-API, so that the server can refuse what it does not offer with a clear reason instead of a generic
 * GSS failure: NTLM (raw {@code NTLMSSP} messages, or SPNEGO whose optimistic token is NTLM) and SPNEGO exchanges that
 * would need a second round trip.
 *
 * <p>Only the unencrypted framing is read: the RFC 2743 §3.1 {@code InitialContextToken} header, the RFC 4178 §4.2
 * {@code NegTokenInit}/{@code NegTokenResp} fields, and the MS-NLMP §2.2.1 signature. The parser is total: any byte
 * sequence yields a {@link Kind}, never an exception (DER definite lengths only, every length checked against what
 * remains).
 */
final class NegotiateTokens {
    private NegotiateTokens() {}

    /** What a Negotiate token is, as far as the server is concerned. */
    enum Kind {
        /** A GSS-API Kerberos token (RFC 4121 §4.1, mechanism 1.2.840.113554.1.2.2 or Microsoft's 1.2.840.48018.1.2.2). */
        KERBEROS,
        /** A SPNEGO {@code NegTokenInit} whose first mechanism is Kerberos and that carries its optimistic token. */
        SPNEGO_KERBEROS,
        /** NTLM: a raw NTLMSSP message, or SPNEGO proposing NTLM first or carrying an NTLMSSP token. */
        NTLM,
        /**
         * SPNEGO that cannot finish in one round trip: a {@code NegTokenInit} whose first mechanism is neither
         * Kerberos nor NTLM (NegoEx, say) or that carries no optimistic token, or a {@code NegTokenResp}, which only
         * continues an exchange that a stateless server never started.
         */
        NEEDS_ANOTHER_LEG,
        /** Not a token of any of these shapes. */
        MALFORMED
    }

    // DER contents (no tag, no length) of the object identifiers involved.
    /** 1.3.6.1.5.5.2, SPNEGO (RFC 4178 §3). */
    static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    /** 1.2.840.113554.1.2.2, Kerberos V5 (RFC 1964 §1). */
    static final byte[] KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    /** 1.2.840.48018.1.2.2, the Kerberos OID that Windows sends (MS-SPNG §3.3.5.1, a historical mis-encoding). */
    static final byte[] MS_KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    /** 1.3.6.1.4.1.311.2.2.10, NTLM (MS-SPNG §1.9). */
    static final byte[] NTLM_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
    /** MS-NLMP §2.2.1: every NTLM message starts with "NTLMSSP" and a NUL. */
    static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private static final int TAG_OID = 0x06;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_APPLICATION_0 = 0x60;
    private static final int TAG_CONTEXT_0 = 0xa0;
    private static final int TAG_CONTEXT_1 = 0xa1;
    private static final int TAG_CONTEXT_2 = 0xa2;

    /**
     * {@return what {@code token} is}
     *
     * @param token the decoded token bytes
     */
    static Kind classify(byte[] token) {
        if (startsWith(token, 0, token.length, NTLMSSP)) {
            return Kind.NTLM;
        }
        Der d = new Der(token, 0, token.length);
        int tag = d.tag();
        if (tag == TAG_APPLICATION_0) {
            Der app = d.enter(TAG_APPLICATION_0);
            if (app == null || !d.atEnd()) {
                return Kind.MALFORMED;
            }
            Der oid = app.enter(TAG_OID);
            if (oid == null) {
                return Kind.MALFORMED;
            }
            if (oid.is(KRB5_OID) || oid.is(MS_KRB5_OID)) {
                return Kind.KERBEROS;
            }
            if (!oid.is(SPNEGO_OID)) {
                return Kind.MALFORMED; // some other GSS mechanism; the acceptor offers none
            }
            Der init = app.enter(TAG_CONTEXT_0);
            return init == null || !app.atEnd() ? Kind.MALFORMED : negTokenInit(init);
        }
        if (tag == TAG_CONTEXT_1) {
            Der resp = d.enter(TAG_CONTEXT_1);
            if (resp == null || !d.atEnd()) {
                return Kind.MALFORMED;
            }
            return negTokenResp(resp);
        }
        return Kind.MALFORMED;
    }

    private static Kind negTokenInit(Der outer) {
        Der seq = outer.enter(TAG_SEQUENCE);
        if (seq == null || !outer.atEnd()) {
            return Kind.MALFORMED;
        }
        Der mechTypesField = seq.enter(TAG_CONTEXT_0);
        if (mechTypesField == null) {
            return Kind.MALFORMED;
        }
        Der mechTypes = mechTypesField.enter(TAG_SEQUENCE);
        if (mechTypes == null || !mechTypesField.atEnd()) {
            return Kind.MALFORMED;
        }
        Der first = mechTypes.enter(TAG_OID);
        if (first == null) {
            return Kind.MALFORMED; // an empty mechanism list
        }
        while (!mechTypes.atEnd()) {
            if (mechTypes.enter(TAG_OID) == null) {
                return Kind.MALFORMED;
            }
        }
        if (seq.tag() == TAG_CONTEXT_1 && seq.enter(TAG_CONTEXT_1) == null) { // reqFlags, unused
            return Kind.MALFORMED;
        }
        Der mechToken = null;
        if (seq.tag() == TAG_CONTEXT_2) {
            Der field = seq.enter(TAG_CONTEXT_2);
            mechToken = field == null ? null : field.enter(TAG_OCTET_STRING);
            if (mechToken == null) {
                return Kind.MALFORMED;
            }
        }
        if (first.is(NTLM_OID) || mechToken != null && mechToken.startsWith(NTLMSSP)) {
            return Kind.NTLM;
        }
        if (!first.is(KRB5_OID) && !first.is(MS_KRB5_OID) || mechToken == null) {
            return Kind.NEEDS_ANOTHER_LEG;
        }
        return Kind.SPNEGO_KERBEROS;
    }

    private static Kind negTokenResp(Der outer) {
        Der seq = outer.enter(TAG_SEQUENCE);
        if (seq == null || !outer.atEnd()) {
            return Kind.MALFORMED;
        }
        // negState [0], supportedMech [1]: skipped; responseToken [2] tells NTLM apart.
        if (seq.tag() == TAG_CONTEXT_0 && seq.enter(TAG_CONTEXT_0) == null) {
            return Kind.MALFORMED;
        }
        if (seq.tag() == TAG_CONTEXT_1 && seq.enter(TAG_CONTEXT_1) == null) {
            return Kind.MALFORMED;
        }
        if (seq.tag() == TAG_CONTEXT_2) {
            Der field = seq.enter(TAG_CONTEXT_2);
            Der response = field == null ? null : field.enter(TAG_OCTET_STRING);
            if (response == null) {
                return Kind.MALFORMED;
            }
            if (response.startsWith(NTLMSSP)) {
                return Kind.NTLM;
            }
        }
        return Kind.NEEDS_ANOTHER_LEG;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
    }

    /** A cursor over the DER elements in {@code [pos, end)} of a byte array. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean atEnd() {
            return pos == end;
        }

        /** {@return the tag of the next element, or -1 at the end} */
        int tag() {
            return pos < end ? b[pos] & 0xff : -1;
        }

        /**
         * Consumes the next element if it has tag {@code expected} and a well-formed definite length that fits.
         *
         * @return a cursor over its contents, or null (nothing consumed)
         */
        Der enter(int expected) {
            if (tag() != expected || pos + 1 >= end) {
                return null;
            }
            int p = pos + 1;
            int first = b[p++] & 0xff;
            long len;
            if (first < 0x80) {
                len = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 4 || p + n > end) { // 0x80 is BER's indefinite length, not DER
                    return null;
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | (b[p++] & 0xff);
                }
            }
            if (len > end - p) {
                return null;
            }
            Der inner = new Der(b, p, p + (int) len);
            pos = p + (int) len;
            return inner;
        }

        boolean is(byte[] content) {
            return Arrays.equals(b, pos, end, content, 0, content.length);
        }

        boolean startsWith(byte[] prefix) {
            return NegotiateTokens.startsWith(b, pos, end, prefix);
        }
    }
}
