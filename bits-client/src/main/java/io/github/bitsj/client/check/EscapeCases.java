// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.SessionId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Path escapes: destinations that climb out of the upload directory through the URL (dot segments, encoded dots and
 * slashes, backslashes, overlong UTF-8) and session ids that look like paths (decision D31). With {@code --root}
 * the kit also looks for the unique name of every attempt in the directories above the root.
 */
final class EscapeCases {
    private EscapeCases() {}

    private static final String OUTSIDE = "MC-BUP §3.3.5.2.4 (TN: never outside the virtual directory, even with "
            + "overwrites on): nothing is written outside the upload directory";
    private static final String A4 = "decision D31 (MC-BUP §3.2.5.2.3): a BITS-Session-Id the server never minted, "
            + "whatever its length or characters, gets 500 + BG_E_SESSION_NOT_FOUND";

    static List<Case> cases() {
        return List.of(
                new Case("path-escape-url", "Path escapes", "TN (IIS BITS extension); MC-BUP §2.2.1.2 table; "
                        + "MC-BUP §3.3.5.2.4, §3.2.5", "a destination URL that climbs out of the directory (../, %2e%2e/, "
                        + "..%2f, ..%5c, overlong UTF-8) is refused with 400, 403 or 404 and writes nothing "
                        + "outside the root", EscapeCases::urlEscapes),
                new Case("path-escape-session-id", "Path escapes", "MC-BUP §3.2.5.2.3; MC-BUP §3.2.5, decision D31",
                        "session ids shaped like paths (../x, ..\\x, {GUID}/../x, /x, an absolute path) get 500 + "
                                + "BG_E_SESSION_NOT_FOUND and write nothing outside the root",
                        EscapeCases::sessionIdEscapes),
                new Case("session-id-over-100", "Path escapes", "MC-BUP §3.2.5.2.3; SDK:ack-for-create-session; "
                        + "decision D31", "a 150-character session id is simply not found: 500 + "
                        + "BG_E_SESSION_NOT_FOUND (not 400, which makes Windows fail the job)",
                        EscapeCases::longSessionId));
    }

    private static String urlEscapes(CaseContext ctx) {
        String token = ctx.token();
        String dir = ctx.target().directory();
        List<String> targets = List.of(dir + "../" + token + "a", dir + "%2e%2e/" + token + "b",
                dir + "%2E%2E%2F" + token + "c", dir + "..%2f" + token + "d", dir + "%2e%2e%2f%2e%2e%2f" + token + "e",
                dir + "%c0%ae%c0%ae/" + token + "f", dir + "..%5c" + token + "g");
        Expectation[] refused = {Expectation.of(Kind.INVALID_DESTINATION), Expectation.of(Kind.ACCESS_DENIED),
            Expectation.of(Kind.DESTINATION_NOT_FOUND).pairMayBeOmitted()};
        List<String> answers = new ArrayList<>();
        for (String t : targets) {
            CreateSession p = CreateSession.bits15();
            RawResponse a = ctx.send(RawRequest.of(p, t));
            if (a.isSuccess() && t.contains("%5c")) {
                answers.add(acceptedBackslash(ctx, p, a, t, token + "g"));
                continue;
            }
            String label = Oracle.expectError(a, OUTSIDE + "; Create-Session to " + t, refused);
            answers.add(a.status() + " " + label);
        }
        ctx.files().expectNothingOutside(token, 3, OUTSIDE);
        ctx.note("URL escapes answered " + answers);
        return "refused all " + targets.size() + " (" + String.join(", ", answers.stream().distinct().toList()) + ")";
    }

    /**
     * On a file system where {@code \} is not a separator, {@code ..\name} is a legal file name inside the directory;
     * the upload is then allowed if it lands inside the root.
     */
    private static String acceptedBackslash(CaseContext ctx, CreateSession p, RawResponse a, String target,
            String token) {
        CreateSessionAck ack = Oracle.expectAck(p, a, CreateSessionAck.class, OUTSIDE);
        String literal = "..\\" + token;
        CaseContext.Session s = ctx.adopt(literal, ack.sessionId());
        Fragment f = Fragment.of(s.id, new ContentRange(0, 9, 10));
        ctx.send(RawRequest.of(f, target).body(new byte[10]));
        ctx.send(RawRequest.of(CloseSession.of(s.id), target));
        s.ended = true;
        if (!ctx.files().present()) {
            ctx.note("accepted ..\\ as part of a file name; where it landed needs --root");
            return "200 (not verified)";
        }
        Path inside = ctx.files().root().resolve(literal);
        ctx.files().expectNothingOutside(token, 3, OUTSIDE);
        CaseContext.check(java.nio.file.Files.exists(inside), OUTSIDE + "; Create-Session to " + target
                + " was accepted but no file " + literal + " is in the root");
        try {
            java.nio.file.Files.deleteIfExists(inside);
        } catch (java.io.IOException e) {
            // best effort
        }
        return "200 (..\\ kept as part of a file name inside the root)";
    }

    private static String sessionIdEscapes(CaseContext ctx) {
        CaseContext.Session live = ctx.create(ctx.name(""));
        String token = ctx.token();
        List<String> ids = new ArrayList<>(List.of("../" + token + "a", "..\\" + token + "b",
                live.id.value() + "/../../" + token + "c", "%2e%2e%2f" + token + "d", "/" + token + "e",
                "../../../../../../tmp/" + token + "f"));
        if (ctx.files().present()) {
            Path parent = ctx.files().root().toAbsolutePath().normalize().getParent();
            String abs = parent == null ? "" : parent.resolve(token + "g").toString();
            if (!abs.isEmpty() && abs.length() <= BitsHeaders.MAX_SESSION_ID_LENGTH && abs.chars()
                    .allMatch(c -> c > 0x20 && c < 0x7F)) {
                ids.add(abs);
            }
        }
        for (String id : ids) {
            sendAll(ctx, live.name, id, "\"" + id + "\"");
        }
        ctx.files().expectNothingOutside(token, 3, OUTSIDE);
        byte[] data = CaseContext.data(10, 31);
        ctx.upload(ctx.wire(), live, data, 10);
        ctx.close(ctx.wire(), live);
        ctx.files().expectContent(live.name, data, "MC-BUP §3.3.5.2.4: the live session is unaffected");
        return "500 + BG_E_SESSION_NOT_FOUND for " + ids.size() + " path-shaped ids on Fragment, Close and Cancel";
    }

    private static String longSessionId(CaseContext ctx) {
        String id = SessionId.random().value() + "-" + "x".repeat(111);
        sendAll(ctx, ctx.name(""), id, "a " + id.length() + "-character id");
        return "500 + BG_E_SESSION_NOT_FOUND for a " + id.length() + "-character id on Fragment, Close and Cancel";
    }

    /** Sends Fragment, Close-Session and Cancel-Session with the given session id; each must be not found. */
    private static void sendAll(CaseContext ctx, String name, String id, String what) {
        SessionId placeholder = SessionId.random(); // encoded, then replaced by the raw id
        Request[] packets = {Fragment.of(placeholder, new ContentRange(0, 9, 10)), CloseSession.of(placeholder),
            CancelSession.of(placeholder)};
        for (Request p : packets) {
            RawRequest r = RawRequest.of(p, ctx.path(name)).set(BitsHeaders.SESSION_ID, id);
            if (p instanceof Fragment) {
                r.body("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            Oracle.expectError(ctx.send(r), A4 + "; " + p.type().wireName() + " with " + what,
                    Expectation.of(Kind.SESSION_NOT_FOUND));
        }
    }
}
