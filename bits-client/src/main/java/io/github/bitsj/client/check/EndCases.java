// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CancelSessionAck;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.SessionId;
import java.util.Arrays;
import java.util.List;

/** Close-Session and Cancel-Session: idempotence, Close before the last byte, unknown and missing session ids. */
final class EndCases {
    private EndCases() {}

    private static final String NOT_FOUND = "MC-BUP §2.2.1 rule 4, §7.2 row 1 (MC-BUP §3.2.5.2.3): a session id that "
            + "names no live session";

    static List<Case> cases() {
        return List.of(
                new Case("close-idempotent", "Close/Cancel", "MC-BUP §3.2.5.2.7; SDK:ack-for-close-session; "
                        + "MC-BUP §2.2.8, §3.2.5, decision D25", "Close-Session after the upload gets 200; a repeated Close gets "
                        + "200 (tombstone), 500 + BG_E_SESSION_NOT_FOUND or 404", EndCases::closeTwice),
                new Case("cancel-idempotent", "Close/Cancel", "MC-BUP §3.2.5.2.8; SDK:cancel-session; MC-BUP §2.2.10, "
                        + "decision D25", "Cancel-Session gets 200, a repeated Cancel 200 or BG_E_SESSION_NOT_FOUND; the "
                        + "cancelled session takes no more data and nothing is committed", EndCases::cancelTwice),
                new Case("close-before-completion", "Close/Cancel", "SDK:close-session; MC-BUP §3.2.5.1.5; "
                        + "MC-BUP §2.2.8, decision D19", "Close-Session before the last byte gets 200 and discards the "
                        + "partial upload (SDK), commits exactly the bytes held (MC-BUP), or 400 + E_INVALIDARG",
                        EndCases::closeEarly),
                new Case("unknown-session", "Close/Cancel", "MC-BUP §3.2.5.2.3, §2.2.1.2 table; MC-BUP §2.2.1, Fragment table "
                        + "row 1, decision D31", "Fragment, Close-Session and Cancel-Session with a session id the "
                        + "server never minted get 500 + BG_E_SESSION_NOT_FOUND + 0x5", EndCases::unknownSession),
                new Case("missing-session-id", "Close/Cancel", "MC-BUP §3.2.5.2.3; MC-BUP §2.2.6, §2.2.10, decision D31",
                        "Fragment, Close-Session and Cancel-Session without BITS-Session-Id get 400 + E_INVALIDARG",
                        EndCases::missingSessionId));
    }

    private static String closeTwice(CaseContext ctx) {
        byte[] data = CaseContext.data(1000, 11);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.upload(ctx.wire(), s, data, 1000);
        ctx.close(ctx.wire(), s);
        CloseSession again = CloseSession.of(s.id);
        RawResponse a = ctx.send(RawRequest.of(again, ctx.path(s.name)));
        String chose = repeated(ctx, again, a, CloseSessionAck.class, "Close-Session",
                Expectation.of(Kind.DESTINATION_NOT_FOUND).pairMayBeOmitted());
        ctx.files().expectContent(s.name, data, "MC-BUP §3.3.5.2.4: the committed file survives a repeated Close-Session");
        return "200, then " + chose;
    }

    private static String cancelTwice(CaseContext ctx) {
        byte[] data = CaseContext.data(2000, 12);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        ctx.cancel(ctx.wire(), s);
        CancelSession again = CancelSession.of(s.id);
        RawResponse a = ctx.send(RawRequest.of(again, ctx.path(s.name)));
        String chose = repeated(ctx, again, a, CancelSessionAck.class, "Cancel-Session");
        Fragment f = Fragment.of(s.id, new ContentRange(1000, 1999, 2000));
        RawResponse more = ctx.send(RawRequest.of(f, ctx.path(s.name))
                .body(Arrays.copyOfRange(data, 1000, 2000)));
        Oracle.expectError(more, "MC-BUP §3.2.5.2.8 (MC-BUP §2.2.10): a cancelled session is gone; a Fragment for "
                + "it", Expectation.of(Kind.SESSION_NOT_FOUND));
        ctx.files().exists(s.name).ifPresent(e -> CaseContext.check(!e, "MC-BUP §2.2.10 (SDK:cancel-session): a "
                + "cancelled upload is abandoned; " + s.name + " was committed"));
        return "200, then " + chose + "; a later Fragment got BG_E_SESSION_NOT_FOUND";
    }

    private static String repeated(CaseContext ctx, Request again, RawResponse a, Class<?> ackType, String packet,
            Expectation... more) {
        String chose;
        if (a.isSuccess()) {
            Oracle.expectAck(again, a, ackType.asSubclass(io.github.bitsj.protocol.Response.class),
                    "decision D25: a repeated " + packet);
            chose = "200 (tombstone, decision D25)";
        } else {
            Expectation[] all = Arrays.copyOf(more, more.length + 1);
            all[more.length] = Expectation.of(Kind.SESSION_NOT_FOUND);
            String label = Oracle.expectError(a, "decision D25 (MC-BUP §3.2.5.2.7-§3.2.5.2.8): a repeated "
                    + packet, all);
            chose = a.status() + " " + label;
        }
        ctx.note("repeated " + packet + ": " + chose);
        return chose;
    }

    private static String closeEarly(CaseContext ctx) {
        byte[] data = CaseContext.data(2000, 13);
        CaseContext.Session s = ctx.create(ctx.name(""));
        ctx.fragment(ctx.wire(), s, data, 0, 1000);
        CloseSession p = CloseSession.of(s.id);
        RawResponse a = ctx.send(RawRequest.of(p, ctx.path(s.name)));
        if (!a.isSuccess()) {
            Oracle.expectError(a, "MC-BUP §2.2.1.2 (SDK:bits-upload-protocol): Close-Session before the last byte",
                    Expectation.of(Kind.UNEXPECTED_PACKET));
            ctx.note("Close before completion: 400 + E_INVALIDARG (unexpected packet)");
            return "400 + E_INVALIDARG";
        }
        Oracle.expectAck(p, a, CloseSessionAck.class, "MC-BUP §2.2.8, decision D19: Close-Session before the last byte");
        s.ended = true;
        String chose = "200";
        if (ctx.files().present()) {
            var held = ctx.files().read(s.name);
            if (held.isEmpty()) {
                chose = "200, partial upload discarded (SDK:close-session, decision D19)";
            } else {
                CaseContext.check(Arrays.equals(held.get(), Arrays.copyOf(data, 1000)), "MC-BUP §3.2.5.1.5: a "
                        + "Close-Session before completion commits at most the bytes held; " + s.name + " has "
                        + held.get().length + " other bytes");
                chose = "200, the 1000 bytes held were committed (MC-BUP §3.2.5.1.5 state machine)";
            }
        }
        Fragment f = Fragment.of(s.id, new ContentRange(1000, 1999, 2000));
        RawResponse more = ctx.send(RawRequest.of(f, ctx.path(s.name)).body(Arrays.copyOfRange(data, 1000, 2000)));
        Oracle.expectError(more, "MC-BUP §3.2.5.2.7 (SDK:close-session): Close-Session releases the session; "
                + "a Fragment for it", Expectation.of(Kind.SESSION_NOT_FOUND));
        ctx.note("Close before completion: " + chose);
        return chose;
    }

    private static String unknownSession(CaseContext ctx) {
        String name = ctx.name("");
        SessionId id = CaseContext.unknownSessionId();
        Request[] packets = {Fragment.of(id, new ContentRange(0, 9, 10)), CloseSession.of(id), CancelSession.of(id)};
        for (Request p : packets) {
            RawRequest r = RawRequest.of(p, ctx.path(name));
            if (p instanceof Fragment) {
                r.body(new byte[10]);
            }
            RawResponse a = ctx.send(r);
            Oracle.expectError(a, NOT_FOUND + " (" + p.type().wireName() + ")",
                    Expectation.of(Kind.SESSION_NOT_FOUND));
        }
        return "500 + BG_E_SESSION_NOT_FOUND + 0x5 for Fragment, Close-Session and Cancel-Session";
    }

    private static String missingSessionId(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        Request[] packets = {Fragment.of(s.id, new ContentRange(0, 9, 10)), CloseSession.of(s.id),
            CancelSession.of(s.id)};
        for (Request p : packets) {
            RawRequest r = RawRequest.of(p, ctx.path(s.name)).remove(BitsHeaders.SESSION_ID);
            if (p instanceof Fragment) {
                r.body(new byte[10]);
            }
            RawResponse a = ctx.send(r);
            Oracle.expectError(a, "decision D31 (MC-BUP §3.2.5.2.3): " + p.type().wireName()
                    + " without BITS-Session-Id", Expectation.of(Kind.MISSING_HEADER));
        }
        return "400 + E_INVALIDARG for Fragment, Close-Session and Cancel-Session";
    }
}
