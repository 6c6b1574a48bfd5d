// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whole conversations: the MC-BUP §4.1 trace, resumption on new connections, and concurrent sessions. */
final class FlowCases {
    private FlowCases() {}

    private static final String COMMITTED = "MC-BUP §3.3.5.2.4 (SDK:fragment): the committed file holds the bytes uploaded";

    static List<Case> cases() {
        return List.of(
                new Case("replay-mc-bup-4.1", "Conversations", "MC-BUP §4.1; MC-BUP §1.3, §4.1, §2.2.4, §2.2.8, §2.2.5, §2.2.9, bits-protocol/README.md",
                        "the Windows client's plain upload of MC-BUP §4.1, byte for byte (path and Host moved to the "
                                + "target), gets Acks that match the trace's field by field", FlowCases::replay),
                new Case("resume-new-connection", "Conversations", "MC-BUP §3.1.5.1, §3.2.1; MC-BUP §3.1.5.1.4",
                        "a session is not tied to a connection: every packet of an upload on its own connection",
                        FlowCases::newConnections),
                new Case("resume-interrupted-fragment", "Conversations", "MC-BUP §2.2.6; MC-BUP §3.1.5.1.4 item 1, the Fragment table "
                        + "(interrupted bodies), MC-BUP §2.2.7.2", "after a fragment cut off mid-body, a resend on a new "
                        + "connection gets 200, or 416 with an offset no larger than the bytes that arrived",
                        FlowCases::interrupted),
                new Case("concurrent-sessions", "Conversations", "MC-BUP §3.2.1; MC-BUP §3.2.5.2.6 (concurrency), MC-BUP §3.2.5",
                        "four sessions uploading at once on four connections each commit their own bytes",
                        FlowCases::concurrent));
    }

    private static String replay(CaseContext ctx) {
        String name = ctx.name("2000mb-rfc2119");
        String target = ctx.path(name);
        String host = ctx.target().hostHeader();
        byte[] data = CaseContext.data(4892, 4892);
        String rule = "MC-BUP §4.1 ([T4.1]), MC-BUP §2.2.3";
        RawRequest create = RawRequest.raw(target, "Accept", "*/*", BitsHeaders.PACKET_TYPE, "Create-Session",
                BitsHeaders.SUPPORTED_PROTOCOLS, "{7df0354d-249b-430f-820d-3d2a9bef4931}",
                BitsHeaders.CONTENT_NAME, "rfc2119.txt", "User-Agent", "Microsoft BITS/6.7").header("Host", host);
        Wire w = ctx.wire();
        RawResponse ca = ctx.send(w, create);
        CreateSessionAck c = Oracle.expectAck(CreateSession.bits15(), ca, CreateSessionAck.class, rule);
        CaseContext.check(c.protocol().equals(ProtocolId.BITS_1_5_UPLOAD), rule + ": BITS-Protocol is "
                + c.protocol());
        CaseContext.Session s = ctx.adopt(name, c.sessionId());
        compare(ctx, ca, List.of("Pragma", BitsHeaders.ACCEPT_ENCODING));

        RawRequest fragment = RawRequest.raw(target, "Accept", "*/*", BitsHeaders.PACKET_TYPE, "Fragment",
                BitsHeaders.SESSION_ID, s.id.value(), BitsHeaders.CONTENT_NAME, "rfc2119.txt",
                BitsHeaders.CONTENT_RANGE, "bytes 0-4891/4892", "User-Agent", "Microsoft BITS/6.7")
                .header("Host", host).body(data);
        w = ctx.wire();
        Fragment f = Fragment.of(s.id, new ContentRange(0, 4891, 4892));
        RawResponse fa = ctx.send(w, fragment);
        FragmentAck ack = Oracle.expectAck(f, fa, FragmentAck.class, rule + ", MC-BUP §2.2.7");
        CaseContext.check(ack.status() == 200 && ack.receivedOffset() == 4892, rule + ", MC-BUP §2.2.7: [T4.1] answers 200 "
                + "with BITS-Received-Content-Range: 4892; got " + fa.describe());
        CaseContext.check(ack.replyUrl().isEmpty(), "MC-BUP §2.2.7.2: BITS-Reply-URL MUST NOT appear for a plain "
                + "upload");
        s.received = 4892;
        compare(ctx, fa, List.of("Pragma"));

        RawRequest ping = RawRequest.raw(target, "Accept", "*/*", BitsHeaders.PACKET_TYPE, "Ping",
                "User-Agent", "Microsoft BITS/6.7").header("Host", host);
        w = ctx.wire();
        Oracle.expectAck(new Ping(), ctx.send(w, ping), PingAck.class, rule + ", MC-BUP §2.2.5");

        RawRequest close = RawRequest.raw(target, "Accept", "*/*", BitsHeaders.PACKET_TYPE, "Close-Session",
                BitsHeaders.SESSION_ID, s.id.value(), BitsHeaders.CONTENT_NAME, "rfc2119.txt",
                "User-Agent", "Microsoft BITS/6.7").header("Host", host);
        w = ctx.wire();
        Oracle.expectAck(CloseSession.of(s.id), ctx.send(w, close), CloseSessionAck.class, rule + ", MC-BUP §2.2.9");
        s.ended = true;
        ctx.files().expectContent(name, data, COMMITTED);
        return "Create-Session, Fragment 0-4891/4892, Ping and Close-Session of [T4.1] got the trace's Acks";
    }

    /** Notes the [T4.1] headers this server leaves out (they are recommended, not required). */
    private static void compare(CaseContext ctx, RawResponse a, List<String> names) {
        for (String n : names) {
            if (a.values(n).isEmpty()) {
                ctx.note("leaves out " + n + ", which IIS sends in [T4.1] (optional)");
            }
        }
    }

    private static String newConnections(CaseContext ctx) {
        byte[] data = CaseContext.data(3000, 51);
        String name = ctx.name("");
        try (Wire w = ctx.connect()) {
            Ping p = new Ping();
            Oracle.expectAck(p, ctx.send(w, RawRequest.of(p, ctx.path(name))), PingAck.class,
                    "MC-BUP §2.2.4: Ping on a new connection");
        }
        CaseContext.Session s;
        try (Wire w = ctx.connect()) {
            s = ctx.create(w, name);
        }
        int connections = 2;
        while (s.received < data.length) {
            try (Wire w = ctx.connect()) {
                ctx.fragment(w, s, data, s.received, (int) Math.min(1000, data.length - s.received));
                connections++;
            }
        }
        try (Wire w = ctx.connect()) {
            ctx.close(w, s);
            connections++;
        }
        ctx.files().expectContent(name, data, COMMITTED);
        return connections + " packets on " + connections + " connections";
    }

    private static String interrupted(CaseContext ctx) {
        byte[] data = CaseContext.data(20_000, 52);
        CaseContext.Session s = ctx.create(ctx.name(""));
        Fragment f = Fragment.of(s.id, new ContentRange(0, 9999, data.length));
        try (Wire cut = ctx.connect()) {
            RawRequest r = RawRequest.of(f, ctx.path(s.name)).body(Arrays.copyOf(data, 4000)).contentLength("10000");
            cut.write(r.bytes(ctx.target().hostHeader()));
        } catch (java.io.IOException e) {
            throw CaseContext.fail("cannot send the first 4000 bytes of a fragment: " + e);
        }
        Wire w = ctx.connect();
        Ping p = new Ping();
        Oracle.expectAck(p, ctx.send(w, RawRequest.of(p, ctx.path(s.name))), PingAck.class,
                "MC-BUP §3.1.5.1.4: the Ping that starts a resume");
        RawResponse a = ctx.send(w, RawRequest.of(f, ctx.path(s.name)).body(Arrays.copyOf(data, 10_000)));
        String rule = "MC-BUP §3.2.5.2.6 (interrupted bodies: what is kept is a prefix of what arrived), MC-BUP §2.2.7.2";
        FragmentAck ack = Oracle.expectAck(f, a, FragmentAck.class, rule);
        String chose;
        if (ack.status() == 200) {
            CaseContext.check(ack.receivedOffset() == 10_000, rule + ": 0-9999 resent gets 200 with offset 10000, "
                    + "not " + ack.receivedOffset());
            chose = "200 with offset 10000 (the resend filled in whatever was missing)";
        } else {
            CaseContext.check(ack.receivedOffset() <= 4000, rule + ": only 4000 bytes arrived, yet the 416 says "
                    + ack.receivedOffset());
            Expectation gap = Expectation.of(io.github.bitsj.protocol.ProtocolError.Kind.RANGE_OVERLAP);
            Oracle.expectError(a, "decision D23: a 416 carries no error pair, or code 0", gap);
            chose = "416 with offset " + ack.receivedOffset() + " (kept that much of the cut-off body)";
        }
        s.total = data.length;
        s.received = ack.receivedOffset();
        ctx.upload(w, s, data, 10_000);
        ctx.close(w, s);
        ctx.files().expectContent(s.name, data, COMMITTED);
        ctx.note("after an interrupted fragment: " + chose);
        return chose + ", then the upload completed";
    }

    private static String concurrent(CaseContext ctx) throws InterruptedException {
        int n = 4;
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(ctx.name("s" + i));
            contents.add(CaseContext.data(64 * 1024, 60 + i));
        }
        CountDownLatch ready = new CountDownLatch(n);
        long limit = ctx.target().timeout().toMillis() * 4 + 1000;
        ExecutorService ex = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                all.add(ex.submit(() -> {
                    Wire w = ctx.connect();
                    CaseContext.Session s;
                    try {
                        s = ctx.create(w, names.get(k));
                    } finally {
                        ready.countDown();
                    }
                    if (!ready.await(limit, TimeUnit.MILLISECONDS)) {
                        throw CaseContext.fail("the other sessions were not created in time");
                    }
                    ctx.upload(w, s, contents.get(k), 8 * 1024);
                    ctx.close(w, s);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                try {
                    f.get(limit * 20, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Case.Failure failure) {
                        throw failure;
                    }
                    throw CaseContext.fail("a concurrent upload failed: " + e.getCause());
                } catch (TimeoutException e) {
                    throw CaseContext.fail("the concurrent uploads did not finish in time");
                }
            }
        } finally {
            ex.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            ctx.files().expectContent(names.get(i), contents.get(i), COMMITTED + " (concurrent sessions)");
        }
        return n + " sessions of 64 KiB in 8 KiB fragments, interleaved on " + n + " connections";
    }
}
