// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CancelSessionAck;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The rules every request is checked against before its packet's own (MC-BUP §2.2.1, §3.2.5.2.3): the packet
 * type, header-name and packet-type case, bodies where none may be, Content-Length on bodyless packets (bits-protocol/README.md
 * A1), the 4 KB header limit, and keep-alive integrity after a row of rejections on one connection.
 */
final class RequestCases {
    private RequestCases() {}

    private static final String COMMON = "MC-BUP §2.2.1 rule 1, §5.1 (MC-BUP §2.2.1.2 table, §3.2.5.2.3)";

    static List<Case> cases() {
        return List.of(
                new Case("unknown-packet-type", "Requests", "MC-BUP §2.2.1.2 table; MC-BUP §2.2.1, §2.2.1.2",
                        "an unknown BITS-Packet-Type (and Ack as a request) gets 400 + E_INVALIDARG + 0x5",
                        RequestCases::unknownType),
                new Case("missing-packet-type", "Requests", "MC-BUP §2.2.1.2, §3.2.5.2.3; MC-BUP §2.2.1, §2.2.1.2",
                        "a BITS_POST without BITS-Packet-Type gets 400 + E_INVALIDARG + 0x5", RequestCases::noType),
                new Case("packet-type-case", "Requests", "MC-BUP §2.2.1.2; [T4.1]; MC-BUP §2.2.1",
                        "packet types are compared case-insensitively (MC-BUP writes CREATE-SESSION, Windows "
                                + "Create-Session)", RequestCases::typeCase),
                new Case("header-name-case", "Requests", "RFC 9110 §5.1; MC-BUP §2.2, bits-protocol/README.md",
                        "header names are matched case-insensitively: a whole upload with lower-case, upper-case and "
                                + "mixed names succeeds", RequestCases::nameCase),
                new Case("body-on-bodyless", "Requests", "MC-BUP §2.2.2.3, §2.2.4.3; MC-BUP §2.2.4, §2.2.2, §2.2.1.2",
                        "a body on Ping, Create-Session, Close-Session or Cancel-Session gets 400 + E_INVALIDARG; a "
                                + "rejected Close or Cancel leaves the session alive", RequestCases::bodyOnBodyless),
                new Case("bodyless-without-content-length", "Requests", "RFC 9112 §6.3; decision D8",
                        "Ping, Create-Session, Close-Session and Cancel-Session without Content-Length are read as "
                                + "empty and succeed (TransferVM's client sends none)", RequestCases::bodylessNoLength),
                new Case("header-over-4k", "Requests", "MC-BUP §2.2.1.2 table <2>; MC-BUP §2.1, §2.2.1.2",
                        "a header value over 4 KB gets 400 + E_INVALIDARG + 0x5", RequestCases::headerOver4k),
                new Case("keep-alive", "Requests", "MC-BUP §2.1; MC-BUP §2.1, §2.2.1",
                        "after each of a row of rejections on one connection (bad type, bodies, unknown session, "
                                + "gap, length mismatch, chunked) a Ping on the same connection gets its Ack",
                        RequestCases::keepAlive));
    }

    private static String unknownType(CaseContext ctx) {
        for (String type : List.of("Upload", "Ack")) {
            RawRequest r = RawRequest.raw(ctx.path(ctx.name("")), BitsHeaders.PACKET_TYPE, type);
            Oracle.expectError(ctx.send(r), COMMON + ": BITS-Packet-Type: " + type,
                    Expectation.of(Kind.UNKNOWN_PACKET_TYPE));
        }
        return "400 + E_INVALIDARG + 0x5 for Upload and Ack";
    }

    private static String noType(CaseContext ctx) {
        RawRequest r = RawRequest.raw(ctx.path(ctx.name("")), "Accept", "*/*");
        Oracle.expectError(ctx.send(r), COMMON + ": no BITS-Packet-Type", Expectation.of(Kind.MISSING_HEADER));
        return "400 + E_INVALIDARG + 0x5";
    }

    /** Sends {@code p} with its packet type spelled {@code type}; returns the Ack it must get. */
    private static <T extends Response> T as(CaseContext ctx, Request p, String target, String type, byte[] body,
            Class<T> ack) {
        RawRequest r = RawRequest.of(p, target).set(BitsHeaders.PACKET_TYPE, type).body(body);
        return Oracle.expectAck(p, ctx.send(r), ack, "MC-BUP §2.2.1 (MC-BUP §2.2.1.2): BITS-Packet-Type: " + type
                + " compared case-insensitively");
    }

    private static String typeCase(CaseContext ctx) {
        byte[] data = CaseContext.data(100, 21);
        String name = ctx.name("");
        String target = ctx.path(name);
        as(ctx, new Ping(), target, "PING", new byte[0], PingAck.class);
        as(ctx, new Ping(), target, "ping", new byte[0], PingAck.class);
        CreateSessionAck c = as(ctx, CreateSession.bits15(), target, "CREATE-SESSION", new byte[0],
                CreateSessionAck.class);
        CaseContext.Session s = ctx.adopt(name, c.sessionId());
        FragmentAck f = as(ctx, Fragment.of(s.id, new ContentRange(0, 99, 100)), target, "FRAGMENT", data,
                FragmentAck.class);
        CaseContext.check(f.status() == 200 && f.receivedOffset() == 100, "Fragment table row 7: FRAGMENT 0-99/100 "
                + "gets 200 with offset 100, not " + f.status() + " " + f.receivedOffset());
        as(ctx, CloseSession.of(s.id), target, "CLOSE-SESSION", new byte[0], CloseSessionAck.class);
        s.ended = true;
        CaseContext.Session t = ctx.create(ctx.name(""));
        as(ctx, CancelSession.of(t.id), ctx.path(t.name), "cancel-session", new byte[0], CancelSessionAck.class);
        t.ended = true;
        ctx.files().expectContent(name, data, "MC-BUP §3.3.5.2.4: the upload with MC-BUP's spellings is committed");
        return "PING, ping, CREATE-SESSION, FRAGMENT, CLOSE-SESSION and cancel-session all got their Acks";
    }

    private static String nameCase(CaseContext ctx) {
        byte[] data = CaseContext.data(300, 22);
        String name = ctx.name("");
        String target = ctx.path(name);
        String host = ctx.target().hostHeader();
        UnaryOperator<String> lower = n -> n.toLowerCase(Locale.ROOT);
        UnaryOperator<String> upper = n -> n.toUpperCase(Locale.ROOT);
        UnaryOperator<String> mixed = n -> {
            StringBuilder sb = new StringBuilder(n.length());
            for (int i = 0; i < n.length(); i++) {
                char ch = n.charAt(i);
                sb.append(i % 2 == 0 ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
            }
            return sb.toString();
        };
        CreateSession cs = CreateSession.bits15();
        RawRequest r = RawRequest.of(cs, target).renameHeaders(lower).header("host", host).noContentLength()
                .header("content-length", "0");
        CreateSessionAck c = Oracle.expectAck(cs, ctx.send(r), CreateSessionAck.class,
                "MC-BUP §2.2: lower-case header names");
        CaseContext.Session s = ctx.adopt(name, c.sessionId());
        for (int first = 0; first < data.length; first += 100) {
            Fragment f = Fragment.of(s.id, new ContentRange(first, first + 99, data.length));
            byte[] body = java.util.Arrays.copyOfRange(data, first, first + 100);
            RawRequest fr = RawRequest.of(f, target).renameHeaders(first == 100 ? mixed : upper)
                    .header(first == 100 ? "hOsT" : "HOST", host).noContentLength()
                    .header(first == 100 ? "cOnTeNt-LeNgTh" : "CONTENT-LENGTH", "100").body(body);
            FragmentAck a = Oracle.expectAck(f, ctx.send(fr), FragmentAck.class,
                    "MC-BUP §2.2: upper-case and mixed-case header names");
            CaseContext.check(a.status() == 200 && a.receivedOffset() == first + 100, "Fragment table row 7: "
                    + f.range().wire() + " gets 200 with offset " + (first + 100) + ", not " + a.status() + " "
                    + a.receivedOffset());
        }
        CloseSession cl = CloseSession.of(s.id);
        Oracle.expectAck(cl, ctx.send(RawRequest.of(cl, target).renameHeaders(mixed)), CloseSessionAck.class,
                "MC-BUP §2.2: mixed-case header names");
        s.ended = true;
        ctx.files().expectContent(name, data, "MC-BUP §3.3.5.2.4: the upload with re-cased header names is committed");
        return "an upload with lower-case, UPPER-CASE and mIxEd header names succeeded";
    }

    private static String bodyOnBodyless(CaseContext ctx) {
        byte[] junk = {'h', 'e', 'l', 'l', 'o'};
        String name = ctx.name("");
        Expectation body = Expectation.of(Kind.UNEXPECTED_BODY);
        Oracle.expectError(ctx.send(RawRequest.of(new Ping(), ctx.path(name)).body(junk)),
                COMMON + ": a Ping with a body", body);
        Oracle.expectError(ctx.send(RawRequest.of(CreateSession.bits15(), ctx.path(name)).body(junk)),
                COMMON + ": a Create-Session with a body", body);
        CaseContext.Session s = ctx.create(name);
        Oracle.expectError(ctx.send(RawRequest.of(CloseSession.of(s.id), ctx.path(name)).body(junk)),
                COMMON + ": a Close-Session with a body", body);
        Oracle.expectError(ctx.send(RawRequest.of(CancelSession.of(s.id), ctx.path(name)).body(junk)),
                COMMON + ": a Cancel-Session with a body", body);
        byte[] data = CaseContext.data(50, 23);
        ctx.upload(ctx.wire(), s, data, 50);
        ctx.close(ctx.wire(), s);
        ctx.files().expectContent(name, data, "MC-BUP §2.1: a rejected Close or Cancel leaves the session alive");
        return "400 + E_INVALIDARG for all four; the session survived the rejected Close and Cancel";
    }

    private static String bodylessNoLength(CaseContext ctx) {
        String name = ctx.name("");
        String rule = "decision D8 (RFC 9112 §6.3): no Content-Length on a bodyless packet means an empty body";
        Ping ping = new Ping();
        Oracle.expectAck(ping, ctx.send(RawRequest.of(ping, ctx.path(name)).noContentLength()), PingAck.class,
                rule + " (Ping)");
        CreateSession cs = CreateSession.bits15();
        CreateSessionAck c = Oracle.expectAck(cs, ctx.send(RawRequest.of(cs, ctx.path(name)).noContentLength()),
                CreateSessionAck.class, rule + " (Create-Session)");
        CaseContext.Session s = ctx.adopt(name, c.sessionId());
        byte[] data = CaseContext.data(50, 24);
        ctx.upload(ctx.wire(), s, data, 50);
        CloseSession cl = CloseSession.of(s.id);
        Oracle.expectAck(cl, ctx.send(RawRequest.of(cl, ctx.path(name)).noContentLength()),
                CloseSessionAck.class, rule + " (Close-Session)");
        s.ended = true;
        CaseContext.Session t = ctx.create(ctx.name(""));
        CancelSession ca = CancelSession.of(t.id);
        Oracle.expectAck(ca, ctx.send(RawRequest.of(ca, ctx.path(t.name)).noContentLength()),
                CancelSessionAck.class, rule + " (Cancel-Session)");
        t.ended = true;
        ctx.files().expectContent(name, data, "MC-BUP §3.3.5.2.4: the upload is committed");
        return "Ping, Create-Session, Close-Session and Cancel-Session without Content-Length all got 200";
    }

    private static String headerOver4k(CaseContext ctx) {
        String ours = ProtocolId.BITS_1_5_UPLOAD.wire();
        String value = ours + " ".repeat(BitsHeaders.MAX_HEADER_VALUE_LENGTH) + ours;
        RawRequest r = RawRequest.of(CreateSession.bits15(), ctx.path(ctx.name("")))
                .set(BitsHeaders.SUPPORTED_PROTOCOLS, value);
        Oracle.expectError(ctx.send(r), COMMON + ": BITS-Supported-Protocols of " + value.length()
                + " characters (over 4 KB)", Expectation.of(Kind.HEADER_TOO_LONG));
        return "400 + E_INVALIDARG + 0x5 for a " + value.length() + "-character header";
    }

    private static String keepAlive(CaseContext ctx) {
        CaseContext.Session s = ctx.create(ctx.name(""));
        String p = ctx.path(s.name);
        byte[] k = new byte[1000];
        Fragment unknown = Fragment.of(CaseContext.unknownSessionId(), new ContentRange(0, 999, 1000));
        List<RawRequest> row = List.of(
                RawRequest.raw(p, BitsHeaders.PACKET_TYPE, "Upload").body(k),
                RawRequest.of(new Ping(), p).body(k),
                RawRequest.of(unknown, p).body(k),
                RawRequest.of(Fragment.of(s.id, new ContentRange(500, 999, 1000)), p).body(new byte[500]),
                RawRequest.of(Fragment.of(s.id, new ContentRange(0, 999, 1000)), p).body(new byte[10]),
                RawRequest.of(Fragment.of(s.id, new ContentRange(0, 999, 1000)), p).body(k).chunked());
        Wire w = ctx.wire();
        int closed = 0;
        for (RawRequest r : row) {
            RawResponse a = ctx.send(w, r); // the Ping after each rejection is in send()
            CaseContext.check(!a.isSuccess(), "MC-BUP §2.2.1.2: " + r.describe() + " must be rejected; got "
                    + a.describe());
            if (!w.isOpen()) {
                closed++;
                w = ctx.wire();
            }
        }
        return row.size() + " rejections, each followed by a working Ping"
                + (closed == 0 ? " on the same connection" : " (" + closed + " closed with Connection: close)");
    }
}
