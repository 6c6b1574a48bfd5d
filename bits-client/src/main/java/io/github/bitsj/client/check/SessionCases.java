// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.ProtocolId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Ping and Create-Session: negotiation, and the destination checks the server makes before it opens a session. */
final class SessionCases {
    private SessionCases() {}

    /** A protocol GUID no server supports. */
    static final ProtocolId OTHER = new ProtocolId(new UUID(0x1111111122223333L, 0x4444555555555555L));
    private static final String OURS = ProtocolId.BITS_1_5_UPLOAD.wire();
    private static final String CREATE = "MC-BUP §2.2.2, §2.2.3 (MC-BUP §3.2.5.2.4)";

    static List<Case> cases() {
        return List.of(
                new Case("ping", "Ping", "MC-BUP §2.2.4, §2.2.5, §3.2.5.2.5; SDK:ping; MC-BUP §2.2.4, §2.2.5",
                        "a Ping gets a 200 Ack, without a session", SessionCases::ping),
                new Case("create-session", "Create-Session", "MC-BUP §2.2.2, §2.2.3, §3.2.5.2.4; MC-BUP §2.2.2, §2.2.3",
                        "Create-Session gets 200 with the chosen BITS-Protocol and a BITS-Session-Id of at most 100 "
                                + "characters", SessionCases::createSession),
                new Case("protocols-space-list", "Create-Session", "MC-BUP §2.2.2.2; SDK:create-session; MC-BUP §2.2.2",
                        "from a space-separated list the server picks the protocol it supports",
                        ctx -> negotiate(ctx, OTHER.wire() + " " + OURS, OTHER.wire() + "   " + OURS)),
                new Case("protocols-comma-list", "Create-Session", "MC-BUP §2.2.2.2; MC-BUP §2.2.2, §2.2",
                        "a comma-separated list (MC-BUP §2.2.2.2 allows spaces or commas) is understood",
                        ctx -> negotiate(ctx, OTHER.wire() + "," + OURS, OTHER.wire() + ", " + OURS)),
                new Case("protocol-guid-case", "Create-Session", "MC-BUP §2.2.2.2; MC-BUP §2.2.2 step 2",
                        "the protocol GUID is compared case-insensitively",
                        ctx -> negotiate(ctx, OURS.toUpperCase(Locale.ROOT), OTHER.wire().toUpperCase(Locale.ROOT)
                                + " " + OURS.toUpperCase(Locale.ROOT))),
                new Case("no-common-protocol", "Create-Session", "MC-BUP §3.2.5.2.4; MC-BUP §2.2.2 step 2, §5.1",
                        "no protocol in common gets 400 + E_INVALIDARG + 0x5", SessionCases::noCommonProtocol),
                new Case("missing-supported-protocols", "Create-Session", "MC-BUP §2.2.2.2, §3.2.5.2.3; MC-BUP §2.2.3",
                        "Create-Session without BITS-Supported-Protocols gets 400 + E_INVALIDARG + 0x5",
                        SessionCases::missingProtocols),
                new Case("existing-destination", "Create-Session",
                        "MC-BUP §2.2.1.2 table; SDK:ack-for-create-session; MC-BUP §3.3.5.2.4, decision D4",
                        "an existing destination with overwrites off gets 403 + E_ACCESSDENIED (MC-BUP) or 409 (SDK); "
                                + "with overwrites on 200; either way the existing file is untouched",
                        SessionCases::existingDestination),
                new Case("missing-parent", "Create-Session", "SDK:ack-for-create-session; MC-BUP §2.2.1.2, §3.3.5.2.4",
                        "a destination whose parent directory does not exist gets 404 (no directory is created)",
                        SessionCases::missingParent),
                new Case("directory-destination", "Create-Session", "MC-BUP §2.2.1.2 table; MC-BUP §2.2.1.2, §3.3.5.2.4",
                        "a URL that maps to a directory (the upload directory itself, DIR/, or with --root a "
                                + "subdirectory) gets 400 + E_INVALIDARG + 0x5", SessionCases::directoryDestination),
                new Case("directory-destination-no-slash", "Create-Session", "MC-BUP §2.2.1.2 table; MC-BUP §2.2.1.2, §3.3.5.2.4",
                        "the upload directory's URL without its final slash is a directory too: 400 + E_INVALIDARG",
                        SessionCases::directoryNoSlash));
    }

    private static String ping(CaseContext ctx) {
        Ping p = new Ping();
        RawResponse a = ctx.send(RawRequest.of(p, ctx.path(ctx.name(""))));
        Oracle.expectAck(p, a, PingAck.class, "MC-BUP §2.2.4 (MC-BUP §3.2.5.2.5): the server answers a Ping 200");
        return "200 Ack";
    }

    private static String createSession(CaseContext ctx) {
        CreateSession p = CreateSession.bits15();
        String name = ctx.name("");
        RawResponse a = ctx.send(RawRequest.of(p, ctx.path(name)));
        CreateSessionAck ack = Oracle.expectAck(p, a, CreateSessionAck.class, CREATE);
        ctx.note(ack.sessionId().isGuid() ? "mints session ids in the IIS form (braced GUID)"
                : "mints session ids that are not GUIDs (allowed: SDK, any string of at most 100 characters)");
        if (ack.acceptEncodings().isEmpty()) {
            ctx.note("sends no Accept-Encoding on the Create-Session Ack ([T4.1] has Accept-encoding: identity)");
        }
        ctx.adopt(name, ack.sessionId());
        return ack.status() + " Ack, BITS-Protocol " + ack.protocol() + ", session id of " + ack.sessionId().value()
                .length() + " characters";
    }

    private static String negotiate(CaseContext ctx, String... lists) {
        for (String list : lists) {
            String name = ctx.name("");
            RawRequest r = RawRequest.of(CreateSession.bits15(), ctx.path(name))
                    .set(BitsHeaders.SUPPORTED_PROTOCOLS, list);
            RawResponse a = ctx.send(r);
            CreateSession sent = new CreateSession(List.of(OTHER, ProtocolId.BITS_1_5_UPLOAD), Optional.empty());
            CreateSessionAck ack = Oracle.expectAck(sent, a, CreateSessionAck.class,
                    CREATE + ": BITS-Supported-Protocols: " + list);
            CaseContext.check(ack.protocol().equals(ProtocolId.BITS_1_5_UPLOAD), CREATE
                    + ": the server chose " + ack.protocol() + " from " + list);
            ctx.adopt(name, ack.sessionId());
        }
        return "200 with BITS-Protocol " + OURS + " for " + Arrays.toString(lists);
    }

    private static String noCommonProtocol(CaseContext ctx) {
        RawRequest r = RawRequest.of(new CreateSession(List.of(OTHER), Optional.empty()), ctx.path(ctx.name("")));
        RawResponse a = ctx.send(r);
        Oracle.expectError(a, "MC-BUP §2.2.2 step 2 (MC-BUP §3.2.5.2.4): no protocol in common",
                Expectation.of(Kind.UNSUPPORTED_PROTOCOL));
        return a.status() + " + E_INVALIDARG + 0x5";
    }

    private static String missingProtocols(CaseContext ctx) {
        RawRequest r = RawRequest.of(CreateSession.bits15(), ctx.path(ctx.name("")))
                .remove(BitsHeaders.SUPPORTED_PROTOCOLS);
        RawResponse a = ctx.send(r);
        Oracle.expectError(a, "MC-BUP §2.2.3 (MC-BUP §2.2.2.2): BITS-Supported-Protocols is required",
                Expectation.of(Kind.MISSING_HEADER));
        return a.status() + " + E_INVALIDARG + 0x5";
    }

    private static String existingDestination(CaseContext ctx) {
        String name = ctx.name("");
        byte[] old = CaseContext.data(1000, 7);
        if (ctx.files().present()) {
            ctx.files().write(name, old);
        } else {
            CaseContext.Session s = ctx.create(name);
            ctx.upload(ctx.wire(), s, old, old.length);
            ctx.close(ctx.wire(), s);
        }
        CreateSession p = CreateSession.bits15();
        RawResponse a = ctx.send(RawRequest.of(p, ctx.path(name)));
        String chose;
        if (a.isSuccess()) {
            CreateSessionAck ack = Oracle.expectAck(p, a, CreateSessionAck.class, CREATE);
            ctx.adopt(name, ack.sessionId());
            chose = "200: overwrites are allowed (BITSAllowOverwrites = 1)";
        } else {
            String label = Oracle.expectError(a, "MC-BUP §3.3.5.2.4, decision D4: the destination exists",
                    Expectation.of(Kind.DESTINATION_EXISTS), Expectation.status(409, "409 Conflict (SDK)"));
            chose = label.startsWith("409") ? "409 (SDK:ack-for-create-session; transient for Windows)"
                    : "403 + E_ACCESSDENIED (MC-BUP table; fatal for Windows)";
        }
        ctx.note("existing destination: " + chose);
        ctx.files().read(name).ifPresent(now -> CaseContext.check(Arrays.equals(now, old),
                "MC-BUP §3.3.5.2.4 (MC-BUP §3.2.5.2.4): Create-Session must not touch an existing destination (the commit "
                        + "decides); the file changed from " + old.length + " to " + now.length + " bytes"));
        return chose;
    }

    private static String missingParent(CaseContext ctx) {
        String dir = ctx.name("missing");
        RawResponse a = ctx.send(RawRequest.of(CreateSession.bits15(), ctx.path(dir + "/file.bin")));
        Oracle.expectError(a, "MC-BUP §3.3.5.2.4 (SDK:ack-for-create-session): the parent directory does not exist",
                Expectation.of(Kind.DESTINATION_NOT_FOUND).pairMayBeOmitted());
        ctx.files().exists(dir).ifPresent(e -> CaseContext.check(!e,
                "MC-BUP §3.3.5.2.4: the server does not create directories; " + dir + " now exists"));
        return a.status() + a.first(BitsHeaders.ERROR_CODE).map(c -> " + " + c).orElse(" without an error pair");
    }

    private static String directoryDestination(CaseContext ctx) {
        List<String> targets = new java.util.ArrayList<>(List.of(ctx.target().directory()));
        if (ctx.files().present()) {
            String sub = ctx.name("dir");
            ctx.files().mkdir(sub);
            targets.add(ctx.path(sub + "/"));
            targets.add(ctx.path(sub));
        } else {
            ctx.note("only the upload directory itself was tried (a subdirectory needs --root)");
        }
        for (String t : targets) {
            RawResponse a = ctx.send(RawRequest.of(CreateSession.bits15(), t));
            Oracle.expectError(a, "MC-BUP §2.2.1.2, §3.3.5.2.4 (MC-BUP table): " + t + " maps to a directory",
                    Expectation.of(Kind.DESTINATION_IS_DIRECTORY));
        }
        return "400 + E_INVALIDARG for " + targets;
    }

    private static String directoryNoSlash(CaseContext ctx) {
        String t = ctx.target().directoryWithoutSlash();
        if (t.equals("/")) {
            throw new Case.Skip("the upload directory is the server's root path");
        }
        RawResponse a = ctx.send(RawRequest.of(CreateSession.bits15(), t));
        Oracle.expectError(a, "MC-BUP §2.2.1.2, §3.3.5.2.4 (MC-BUP table): " + t + " maps to the upload directory",
                Expectation.of(Kind.DESTINATION_IS_DIRECTORY));
        return "400 + E_INVALIDARG for " + t;
    }
}
