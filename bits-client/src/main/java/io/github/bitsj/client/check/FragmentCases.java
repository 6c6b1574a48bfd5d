// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fragment: the decision table of MC-BUP §3.2.5.2.6 (the Fragment table of bits-protocol/README.md) row by row, the
 * Content-Range grammar of MC-BUP §2.2.6.1, and the empty file.
 */
final class FragmentCases {
    private FragmentCases() {}

    private static final String COMMITTED = "MC-BUP §3.3.5.2.4, §3.2.5.2.6 (SDK:fragment): the committed file holds the bytes "
            + "uploaded";
    private static final String BAD_RANGE = "MC-BUP §2.2.6.1, Fragment table row 2 (MC-BUP §3.2.5.2.6)";
    private static final String NO_LENGTH = "MC-BUP §2.2.1 rule 3, decision D8 (MC-BUP §3.2.5.2.3): a Fragment "
            + "needs Content-Length";

    static List<Case> cases() {
        String table = "MC-BUP §3.2.5.2.6; SDK:fragment; Fragment table";
        return List.of(
                new Case("fragment-in-order", "Fragment", "MC-BUP §2.2.6, §2.2.7, §3.2.5.2.6; Fragment table rows 7, 12, MC-BUP §2.2.7.2",
                        "in-order fragments advance BITS-Received-Content-Range to the total; Close-Session commits",
                        FragmentCases::inOrder),
                new Case("fragment-overlap", "Fragment", table + " row 8, decision D2",
                        "a fragment overlapping held data gets 200 with only the new bytes written (SDK) or 416 "
                                + "(MC-BUP); held bytes are never overwritten", ctx -> repeat(ctx, 500)),
                new Case("fragment-duplicate", "Fragment", table + " row 9, decision D2",
                        "a fragment of held data only gets 200 or 416 with the unchanged offset and changes nothing",
                        ctx -> repeat(ctx, 0)),
                new Case("fragment-gap", "Fragment", table + " row 10, MC-BUP §2.2.7.2; SDK:ack-for-fragment",
                        "a fragment past the received offset gets 416 with BITS-Received-Content-Range: the offset; "
                                + "the upload then resumes there", FragmentCases::gap),
                new Case("fragment-total-changed", "Fragment", table + " row 3",
                        "a total that differs from the first fragment's gets 400 + E_INVALIDARG; held data stays",
                        FragmentCases::totalChanged),
                new Case("fragment-length-mismatch", "Fragment", "MC-BUP §3.2.5.2.6; MC-BUP §2.2.6.1, Fragment table row 2",
                        "Content-Length other than the range's length gets 400 + E_INVALIDARG; nothing is written",
                        FragmentCases::lengthMismatch),
                new Case("fragment-bad-range", "Fragment", "MC-BUP §2.2.6.1, §3.2.5.2.6; MC-BUP §2.2.6.1, Fragment table rows 2, 14",
                        "every malformed Content-Range (last < first, last >= total, no total, *, signs, hex, several "
                                + "ranges, other unit, empty range for a non-empty file) gets 400 + E_INVALIDARG",
                        FragmentCases::badRanges),
                new Case("fragment-without-content-length", "Fragment", "MC-BUP §2.2.1.1, §3.2.5.2.3 <23>; "
                        + "MC-BUP §2.2.1, decision D8", "a Fragment without Content-Length gets 400 (Windows) or "
                        + "411, with E_INVALIDARG", FragmentCases::withoutLength),
                new Case("fragment-chunked", "Fragment", "MC-BUP §2.2.1.1; MC-BUP §2.2.1 rule 3, §11",
                        "a chunked Fragment (no Content-Length) is rejected like a missing Content-Length, and its "
                                + "body is consumed", FragmentCases::chunked),
                new Case("fragment-content-encoding", "Fragment", "MC-BUP §2.2.6.1 <12>; Fragment table row 4",
                        "Content-Encoding other than identity gets 400 + E_INVALIDARG", FragmentCases::encoding),
                new Case("fragment-huge-total", "Fragment", "MC-BUP §2.2.1.2 table, §3.1.5.2.1; Fragment table row 5, "
                        + "SDK: Upload Limits, decision D5", "a total of 10^18 bytes is accepted (200) or refused with 500 + "
                        + "BG_E_TOO_LARGE", FragmentCases::hugeTotal),
                new Case("zero-byte-fragment", "Fragment", "SDK:fragment; Fragment table row 14, decision D9",
                        "an empty file as one Fragment (bytes 0--1/0, bytes */0, bytes 0-0/0; Content-Length: 0) "
                                + "gets 200 with offset 0 and commits an empty file", FragmentCases::zeroByteFragment),
                new Case("zero-byte-create-close", "Fragment", "decision D9",
                        "Create-Session then Close-Session with no Fragment commits an empty file (bits4j, TransferVM)",
                        FragmentCases::zeroByteCreateClose),
                new Case("fragment-after-completion", "Fragment", "MC-BUP §3.2.5.1.2; SDK:preventing-multiple-uploads;"
                        + " Fragment table row 11, decision D24", "a fragment after the last byte gets the final Ack again "
                        + "(200, offset = total), never 416", FragmentCases::afterCompletion));
    }

    private static String inOrder(CaseContext ctx) {
        byte[] data = CaseContext.data(2500, 1);
        CaseContext.Session s = ctx.create(ctx.name(""));
        List<Long> offsets = new ArrayList<>();
        for (long first = 0; first < data.length; first = s.received) {
            ctx.fragment(ctx.wire(), s, data, first, (int) Math.min(1000, data.length - first));
            offsets.add(s.received);
        }
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, COMMITTED);
        return "offsets " + offsets + ", Close-Session 200" + (ctx.files().present() ? ", file committed" : "");
    }

    /** Sends 0-999, then a fragment from {@code from} to 1499 (or 999) whose already-held bytes are altered. */
    private static String repeat(CaseContext ctx, int from) {
        byte[] data = CaseContext.data(3000, 2);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        byte[] altered = data.clone();
        for (int i = from; i < 1000; i++) {
            altered[i] ^= 0x5A; // a server that overwrote held bytes commits these
        }
        FragmentAck ack = ctx.fragment(ctx.wire(), s, altered, from, 1000);
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, "Fragment table rows 8-9 (SDK:fragment): bytes already held are "
                + "never overwritten");
        return ack.status() == 200 ? "200 with offset " + ack.receivedOffset() + " (SDK behaviour)"
                : "416 with offset " + ack.receivedOffset() + " (MC-BUP behaviour)";
    }

    private static String gap(CaseContext ctx) {
        byte[] data = CaseContext.data(3000, 3);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.fragment(ctx.wire(), s, data, 1000, 1000); // a gap as the very first fragment
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        FragmentAck ack = ctx.fragment(ctx.wire(), s, data, 2000, 1000);
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, COMMITTED);
        return "416 with offsets 0 and " + ack.receivedOffset() + ", then resumed there";
    }

    private static String totalChanged(CaseContext ctx) {
        byte[] data = CaseContext.data(2500, 4);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        Fragment f = Fragment.of(s.id, new ContentRange(1000, 1999, 3000));
        RawResponse a = ctx.send(RawRequest.of(f, ctx.path(s.name)).body(new byte[1000]));
        Oracle.expectError(a, "Fragment table row 3 (MC-BUP table): the total changed from 2500 to 3000",
                Expectation.of(Kind.TOTAL_CHANGED));
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, COMMITTED);
        return a.status() + " + E_INVALIDARG; the upload then completed";
    }

    private static String lengthMismatch(CaseContext ctx) {
        byte[] data = CaseContext.data(2500, 5);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ContentRange[] ranges = {new ContentRange(0, 999, 2500), new ContentRange(0, 499, 2500)};
        int[] lengths = {500, 1000};
        for (int i = 0; i < ranges.length; i++) {
            byte[] wrong = new byte[lengths[i]];
            Arrays.fill(wrong, (byte) 0x5A);
            RawResponse a = ctx.send(RawRequest.of(Fragment.of(s.id, ranges[i]), ctx.path(s.name)).body(wrong));
            Oracle.expectError(a, BAD_RANGE + ": " + ranges[i].wire() + " with Content-Length " + lengths[i],
                    Expectation.of(Kind.RANGE_LENGTH_MISMATCH));
        }
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, "Fragment table row 2: a rejected fragment writes nothing");
        return "400 + E_INVALIDARG for both; the upload then completed";
    }

    private static String badRanges(CaseContext ctx) {
        byte[] data = CaseContext.data(100, 6);
        CaseContext.Session s = ctx.create(ctx.name(""));
        String[][] bad = {{"bytes 10-5/100", "6"}, {"bytes 0-100/100", "101"}, {"bytes 0-9", "10"},
            {"bytes 0-9/*", "10"}, {"bytes -5-9/100", "10"}, {"bytes 0-9/100, 20-29/100", "10"},
            {"items 0-9/100", "10"}, {"bytes +0-9/100", "10"}, {"bytes 0-9/1e2", "10"}, {"bytes 0x0-0x9/100", "10"},
            {"bytes 0--1/100", "0"}, {"bytes 0-9/99999999999999999999", "10"}};
        for (String[] b : bad) {
            byte[] body = new byte[Integer.parseInt(b[1])];
            Arrays.fill(body, (byte) 0x5A);
            RawRequest r = RawRequest.of(Fragment.of(s.id, new ContentRange(0, 9, 100)), ctx.path(s.name))
                    .set(BitsHeaders.CONTENT_RANGE, b[0]).body(body);
            RawResponse a = ctx.send(r);
            Expectation malformed = Expectation.of(Kind.MALFORMED_HEADER);
            if (b[0].endsWith("99999999999999999999")) {
                Oracle.expectError(a, BAD_RANGE + ": Content-Range: " + b[0] + " (beyond 64 bits)",
                        malformed, Expectation.of(Kind.UPLOAD_TOO_LARGE));
            } else {
                Oracle.expectError(a, BAD_RANGE + ": Content-Range: " + b[0], malformed);
            }
        }
        RawRequest none = RawRequest.of(Fragment.of(s.id, new ContentRange(0, 9, 100)), ctx.path(s.name))
                .remove(BitsHeaders.CONTENT_RANGE).body(new byte[10]);
        Oracle.expectError(ctx.send(none), BAD_RANGE + ": no Content-Range", Expectation.of(Kind.MISSING_HEADER));
        ctx.upload(ctx.wire(), s, data, 100);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, "Fragment table row 2: a rejected fragment writes nothing");
        return (bad.length + 1) + " malformed ranges rejected with 400 + E_INVALIDARG";
    }

    private static Expectation[] noLength() {
        Expectation windows = Expectation.of(Kind.MISSING_CONTENT_LENGTH);
        return new Expectation[] {windows, windows.asHttpLevel(411, "411 Length Required (MC-BUP SHOULD)")};
    }

    private static String withoutLength(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        RawRequest r = RawRequest.of(Fragment.of(s.id, new ContentRange(0, 9, 10)), ctx.path(s.name)).noContentLength();
        RawResponse a = ctx.send(r);
        String label = Oracle.expectError(a, NO_LENGTH, noLength());
        return a.status() + " (" + label + ")";
    }

    private static String chunked(CaseContext ctx) {
        byte[] data = CaseContext.data(10, 8);
        CaseContext.Session s = ctx.create(ctx.name(""));
        byte[] wrong = new byte[10];
        Arrays.fill(wrong, (byte) 0x5A);
        RawRequest r = RawRequest.of(Fragment.of(s.id, new ContentRange(0, 9, 10)), ctx.path(s.name))
                .body(wrong).chunked();
        RawResponse a = ctx.send(r);
        String label = Oracle.expectError(a, NO_LENGTH + " (bits-protocol/README.md: never chunked)", noLength());
        ctx.upload(ctx.wire(), s, data, 10);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, "Fragment table row 2: a rejected fragment writes nothing");
        return a.status() + " (" + label + "), then the upload completed";
    }

    private static String encoding(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        RawRequest r = RawRequest.of(Fragment.of(s.id, new ContentRange(0, 9, 10)), ctx.path(s.name))
                .header(BitsHeaders.CONTENT_ENCODING, "gzip").body(new byte[10]);
        RawResponse a = ctx.send(r);
        Oracle.expectError(a, "Fragment table row 4 (MC-BUP <12>): only identity is offered",
                Expectation.of(Kind.UNSUPPORTED_ENCODING));
        return a.status() + " + E_INVALIDARG";
    }

    private static String hugeTotal(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        Fragment f = Fragment.of(s.id, new ContentRange(0, 9, 1_000_000_000_000_000_000L));
        RawResponse a = ctx.send(RawRequest.of(f, ctx.path(s.name)).body(new byte[10]));
        if (a.isSuccess()) {
            FragmentAck ack = Oracle.expectAck(f, a, FragmentAck.class, "Fragment table row 7");
            CaseContext.check(ack.receivedOffset() == 10, "Fragment table row 7: the offset after 0-9 is 10, not "
                    + ack.receivedOffset());
            ctx.note("accepts an upload of 10^18 bytes (no BITSMaximumUploadSize below it)");
            return "200: no maximum upload size below 10^18";
        }
        Oracle.expectError(a, "Fragment table row 5, decision D5 (MC-BUP table): a total over the maximum upload size",
                Expectation.of(Kind.UPLOAD_TOO_LARGE));
        ctx.note("refuses a total of 10^18 bytes with 500 + BG_E_TOO_LARGE");
        return "500 + BG_E_TOO_LARGE";
    }

    private static String zeroByteFragment(CaseContext ctx) {
        List<String> forms = List.of("bytes 0--1/0", "bytes */0", "bytes 0-0/0");
        for (String form : forms) {
            CaseContext.Session s = ctx.create(ctx.name(""));
            Fragment f = Fragment.of(s.id, ContentRange.EMPTY_FILE);
            RawResponse a = ctx.send(RawRequest.of(f, ctx.path(s.name)).set(BitsHeaders.CONTENT_RANGE, form));
            String rule = "decision D9: Content-Range: " + form + " with Content-Length: 0 completes an "
                    + "empty file";
            FragmentAck ack = Oracle.expectAck(f, a, FragmentAck.class, rule);
            CaseContext.check(ack.status() == 200 && ack.receivedOffset() == 0, rule + "; got " + a.describe());
            ctx.close(ctx.wire(), s);
            ctx.files().expectContent(s.name, new byte[0], rule);
        }
        return "200 with offset 0 for " + forms;
    }

    private static String zeroByteCreateClose(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, new byte[0], "decision D9: Close-Session of a session that never "
                + "received a Fragment commits an empty file");
        return "Close-Session 200" + (ctx.files().present() ? ", empty file committed" : "");
    }

    private static String afterCompletion(CaseContext ctx) {
        byte[] data = CaseContext.data(2000, 9);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.fragment(ctx.wire(), s, data, 1000, 1000);
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(s.name, data, COMMITTED);
        return "the final and the first fragment resent after completion both got 200 with offset 2000";
    }
}
