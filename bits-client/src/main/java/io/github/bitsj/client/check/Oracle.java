// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.DecodeOptions;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.DirectoryLimits;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.FragmentDecision;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.ProtocolError;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.ServerDecisions;
import io.github.bitsj.protocol.SessionId;
import io.github.bitsj.protocol.SessionView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the spec says an answer must look like. The expectations come from the protocol model: the error table
 * ({@link Expectation#of}), the response decoder ({@link Packets#decodeResponse}) and the Fragment decision table of
 * MC-BUP §3.2.5.2.6 ({@link #fragment}). Every problem is reported with the rule it breaks.
 */
final class Oracle {
    private Oracle() {}

    /** The outcome of matching an answer against what is allowed: the label of the allowed answer, or the problem. */
    record Verdict(Optional<String> label, String problem) {
        static Verdict ok(String label) {
            return new Verdict(Optional.of(label), "");
        }

        static Verdict bad(String problem) {
            return new Verdict(Optional.empty(), problem);
        }

        boolean ok() {
            return label.isPresent();
        }
    }

    /**
     * {@return the first rule every BITS answer keeps that this one breaks}: HTTP/1.1 (MC-BUP §2.1, §2.1),
     * exactly one {@code BITS-Packet-Type: Ack} (MC-BUP §2.2.1.2, §2.2.1.2), {@code Content-Length: 0} and no body
     * (MC-BUP §2.2.1.2; MC-BUP §2.2.5, §2.2.9, §3.2.5.2.1)
     *
     * @param r the answer
     */
    static Optional<String> ackShape(RawResponse r) {
        if (!r.version().equals("HTTP/1.1")) {
            return Optional.of("MC-BUP §2.1: the server answers in HTTP/1.1; it answered " + r.version());
        }
        List<String> types = r.values(BitsHeaders.PACKET_TYPE);
        if (types.isEmpty()) {
            List<String> near = r.nearMisses(BitsHeaders.PACKET_TYPE);
            return Optional.of("MC-BUP §2.2.1.2: every Ack carries BITS-Packet-Type: Ack; this answer ("
                    + r.describe() + ") has none" + (near.isEmpty() ? "" : " (it sends " + near + ")"));
        }
        if (types.size() > 1 || PacketType.fromWire(types.get(0).strip()).orElse(null) != PacketType.ACK) {
            return Optional.of("MC-BUP §2.2.1.2: every Ack carries exactly one BITS-Packet-Type: Ack; "
                    + "this answer has " + Text.escape(types.toString(), 80));
        }
        if (r.framing() != RawResponse.Framing.LENGTH || !r.values("Content-Length").equals(List.of("0"))
                || r.bodyLength() != 0) {
            String how = switch (r.framing()) {
                case CHUNKED -> "a chunked body instead";
                case UNTIL_CLOSE -> "no Content-Length (its body runs to the end of the connection)";
                case LENGTH -> "Content-Length " + Text.escape(r.values("Content-Length").toString(), 40);
            };
            return Optional.of("MC-BUP §2.2.1.2 (MC-BUP §2.2.1.1, §3.2.5.2.1): every Ack carries Content-Length: 0 and "
                    + "no body; this one has " + how);
        }
        return Optional.empty();
    }

    /**
     * Matches a rejection against the answers the spec allows.
     *
     * @param r the answer
     * @param allowed the allowed answers
     * @return the label of the matching answer, or why none matches
     */
    static Verdict error(RawResponse r, List<Expectation> allowed) {
        for (Expectation e : allowed) {
            // MC-BUP §3.2.5.2.1: an HTTP-level rejection may be a plain response; MC-BUP §3.2.5.2.1: with an empty body
            if (e.plainHttp() && e.status() == r.status() && r.values(BitsHeaders.PACKET_TYPE).isEmpty()
                    && r.bodyLength() == 0 && r.framing() != RawResponse.Framing.UNTIL_CLOSE) {
                return Verdict.ok(e.label() + " (plain HTTP)");
            }
        }
        Optional<String> shape = ackShape(r);
        if (shape.isPresent()) {
            return Verdict.bad(shape.get());
        }
        List<String> pairProblems = new ArrayList<>();
        for (Expectation e : allowed) {
            if (e.status() != r.status()) {
                continue;
            }
            Optional<String> p = pair(r, e);
            if (p.isEmpty()) {
                return Verdict.ok(e.label());
            }
            pairProblems.add(p.get());
        }
        if (!pairProblems.isEmpty()) {
            return Verdict.bad(pairProblems.get(0));
        }
        return Verdict.bad("expected " + alternatives(allowed) + "; got " + r.describe());
    }

    /** {@return the allowed answers joined with "or"} */
    static String alternatives(List<Expectation> allowed) {
        StringBuilder sb = new StringBuilder();
        for (Expectation e : allowed) {
            if (!sb.isEmpty()) {
                sb.append(" or ");
            }
            sb.append(e.describe()).append(" (").append(e.label()).append(')');
        }
        return sb.toString();
    }

    private static Optional<String> pair(RawResponse r, Expectation e) {
        List<String> codes = r.values(BitsHeaders.ERROR_CODE);
        if (codes.isEmpty()) {
            // decision D1: MC-BUP's own spelling is BITS-Error; a client reads either
            codes = r.values(BitsHeaders.ERROR_CODE_LEGACY);
        }
        if (codes.isEmpty()) {
            if (e.pairOptional()) {
                return Optional.empty();
            }
            List<String> near = r.nearMisses(BitsHeaders.ERROR_CODE);
            return Optional.of("MC-BUP §2.2.1.2: a " + r.status() + " error Ack carries BITS-Error-Code "
                    + e.code().map(HResult::toString).orElse("") + " and BITS-Error-Context "
                    + e.context().wire() + "; this one has no BITS-Error-Code"
                    + (near.isEmpty() ? "" : " (it sends " + near + ")"));
        }
        if (codes.size() > 1) {
            return Optional.of("MC-BUP §2.2.1.2: one BITS-Error-Code per Ack; this one has " + codes.size());
        }
        Decoded<HResult> code = HResult.parse(codes.get(0).strip(), DecodeOptions.defaults());
        if (!(code instanceof Decoded.Ok<HResult> ok)) {
            return Optional.of("MC-BUP §2.2 (MC-BUP §2.2.1.2): BITS-Error-Code is [0x] and 1-8 hex digits; this one is \""
                    + Text.escape(codes.get(0), 40) + "\"");
        }
        if (e.code().isPresent() && !e.code().get().equals(ok.value())) {
            return Optional.of("MC-BUP §2.2.1.2 (MC-BUP §2.2.1.2 table): " + e.label() + " is " + e.describe()
                    + "; the server sent " + r.status() + " with BITS-Error-Code " + ok.value());
        }
        List<String> contexts = r.values(BitsHeaders.ERROR_CONTEXT);
        if (contexts.size() != 1) {
            return Optional.of("MC-BUP §2.2.1.2: BITS-Error-Context MUST accompany BITS-Error-Code; this "
                    + "Ack has " + contexts.size() + " of them");
        }
        Decoded<ErrorContext> ctx = ErrorContext.parse(contexts.get(0).strip(), DecodeOptions.defaults());
        if (!(ctx instanceof Decoded.Ok<ErrorContext> c)) {
            return Optional.of("SDK: BG_ERROR_CONTEXT: BITS-Error-Context is a BG_ERROR_CONTEXT value in hex; this one is \""
                    + Text.escape(contexts.get(0), 40) + "\"");
        }
        if (e.code().isPresent() && c.value() != e.context()) {
            return Optional.of("SDK: BG_ERROR_CONTEXT (MC-BUP §2.2.1.2): an error of the BITS server itself has context "
                    + e.context().wire() + "; this one has " + c.value().wire());
        }
        return Optional.empty();
    }

    /**
     * {@return the answer to {@code sent} decoded by the protocol model, or why it is not a valid Ack}: a 2xx must be
     * the Ack of the packet's own section (MC-BUP §2.2.5, §2.2.11), any other status an error Ack
     *
     * @param sent the packet the answer is for
     * @param r the answer
     */
    static Decoded<Response> decode(Request sent, RawResponse r) {
        return Packets.decodeResponse(sent, r.status(), r.lookup(), JUDGING);
    }

    /**
     * The leniencies the client grants an answer, less gobits' {@code Bits-Recieved-Content-Range}: a client reads it
     * (D32), but a server must send the correct spelling (decision D32), so the kit does not accept it.
     */
    private static final DecodeOptions JUDGING = new DecodeOptions(true, true, true, true, true, true, false);

    /** One answer MC-BUP §3.2.5.2.6 allows for a Fragment: status and the {@code BITS-Received-Content-Range} it carries. */
    record Allowed(int status, long offset, String label) {
        String describe() {
            return status + " with BITS-Received-Content-Range: " + offset;
        }
    }

    /**
     * {@return every answer MC-BUP §3.2.5.2.6 allows to a Fragment with range {@code range} when the server holds
     * {@code received} bytes of a file whose total is {@code total} (-1 before the first accepted fragment)}; rows 8
     * and 9 have two (decision D2: the SDK writes only the new bytes and answers 200, MC-BUP answers 416)
     *
     * @param range the fragment's range (valid, same total)
     * @param received the server's received offset R
     * @param total the session's total T, or -1
     */
    static List<Allowed> fragment(ContentRange range, long received, long total) {
        // The oracle is the protocol model's own decision: once as the SDK reads rows 8 and 9, once as MC-BUP does
        SessionView view = new SessionView(SessionView.State.RECEIVING, total, total < 0 ? 0 : received);
        Fragment f = new Fragment(ORACLE_SESSION, range, Optional.empty(), Optional.empty());
        List<Allowed> allowed = new ArrayList<>();
        for (boolean strict : new boolean[] {false, true}) {
            FragmentDecision d = ServerDecisions.decideFragment(view, f,
                    new DirectoryLimits(Long.MAX_VALUE, Long.MAX_VALUE, strict));
            Allowed a = switch (d) {
                case FragmentDecision.Write w -> new Allowed(200, w.ack().receivedOffset(), rowOf(range, received)
                        + (w.length() == 0 ? ": 200, nothing written, offset unchanged (SDK:fragment)"
                                : ": 200, the bytes not yet held written (SDK:fragment)"));
                case FragmentDecision.FinishEmptyFile e -> new Allowed(200, 0, "decision D9: the empty file is complete");
                case FragmentDecision.ReplayFinalAck r -> new Allowed(200, r.total(),
                        "row 11: upload complete, the final Ack is replayed");
                case FragmentDecision.Reject r when r.ack() instanceof FragmentAck ack -> new Allowed(ack.status(),
                        ack.receivedOffset(), (r.rule() == ProtocolError.Kind.RANGE_NOT_CONTIGUOUS
                                ? "row 10: gap" : rowOf(range, received)) + ": 416 with the received offset"
                                + (r.rule() == ProtocolError.Kind.RANGE_OVERLAP ? " (MC-BUP §3.2.5.2.6)" : ""));
                case FragmentDecision.Reject r -> throw new IllegalArgumentException(
                        "not a valid fragment for this oracle: " + r.rule());
            };
            if (!allowed.contains(a)) {
                allowed.add(a);
            }
        }
        return List.copyOf(allowed);
    }

    private static final SessionId ORACLE_SESSION = SessionId.random();

    private static String rowOf(ContentRange range, long received) {
        if (range.first() == received) {
            return "row 7: contiguous";
        }
        return range.last() < received ? "row 9 (duplicate)" : "row 8 (overlap)";
    }

    /**
     * {@return the Ack a well-formed packet must get}, decoded by the protocol model, or FAIL naming the rule
     *
     * @param sent the packet
     * @param a its answer
     * @param type the Ack type the packet's section calls for
     * @param rule the rule, for the reason
     */
    static <T extends Response> T expectAck(Request sent, RawResponse a, Class<T> type, String rule) {
        Decoded<Response> d = decode(sent, a);
        if (d instanceof Decoded.Err<Response> err) {
            Optional<String> shape = ackShape(a); // the rule every Ack keeps, e.g. BITS-Packet-Type: Ack
            if (shape.isPresent()) {
                throw CaseContext.fail(rule + ": " + shape.get());
            }
            List<String> near = err.error().header().isEmpty() ? List.of() : a.nearMisses(err.error().header());
            throw CaseContext.fail(rule + ": the answer (" + a.describe() + ") is not a valid Ack: "
                    + err.error().kind() + " " + err.error().header() + " (" + Text.escape(err.error().detail(), 120)
                    + ")" + (near.isEmpty() ? "" : "; the server sends " + near + " instead"));
        }
        Response r = d.orElseThrow();
        if (!type.isInstance(r)) {
            String why = r instanceof ErrorAck e ? "HTTP " + e.status() + e.errorCode().map(c -> ", " + c).orElse("")
                    : r.getClass().getSimpleName();
            throw CaseContext.fail(rule + ": expected the " + sent.type().wireName() + " Ack (200), got " + why + " ("
                    + a.describe() + ")");
        }
        ackShape(a).ifPresent(p -> {
            throw CaseContext.fail(p);
        });
        return type.cast(r);
    }

    /**
     * Checks that a rejection is one of the answers the spec allows; FAIL names the rule.
     *
     * @param a the answer
     * @param rule the rule, e.g. "MC-BUP §2.2.1.2: no common protocol"
     * @param allowed the allowed answers
     * @return the label of the answer the server chose
     */
    static String expectError(RawResponse a, String rule, Expectation... allowed) {
        Verdict v = error(a, Arrays.asList(allowed));
        if (!v.ok()) {
            throw CaseContext.fail(rule + ": " + v.problem());
        }
        return v.label().orElseThrow();
    }
}
