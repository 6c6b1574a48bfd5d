// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's oracle on hand-made answers: which answers match which rule, and what the reasons say. */
class OracleTest {

    private static RawResponse ack(int status, String... nameValues) {
        List<HeaderField> h = new ArrayList<>();
        h.add(HeaderField.of("Bits-packet-type", "Ack"));
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(HeaderField.of(nameValues[i], nameValues[i + 1]));
        }
        h.add(HeaderField.of("Content-length", "0"));
        return new RawResponse("HTTP/1.1", status, h, RawResponse.Framing.LENGTH, 0, "", false);
    }

    private static Oracle.Verdict error(RawResponse r, Kind... kinds) {
        List<Expectation> e = new ArrayList<>();
        for (Kind k : kinds) {
            e.add(Expectation.of(k));
        }
        return Oracle.error(r, e);
    }

    @Test
    void anErrorAckMatchesItsKindFromTheProtocolTable() {
        Oracle.Verdict v = error(ack(500, "BITS-Error-Code", "0x8020001F", "BITS-Error-Context", "0x5"),
                Kind.SESSION_NOT_FOUND);
        assertEquals("SESSION_NOT_FOUND", v.label().orElseThrow());
        // MC-BUP §2.2: [0x/x] 1*8HEXDIG, either case; MC-BUP's BITS-Error spelling is read too (decision D1)
        assertTrue(error(ack(500, "BITS-Error-Code", "8020001f", "BITS-Error-Context", "5"), Kind.SESSION_NOT_FOUND)
                .ok());
        assertTrue(error(ack(500, "BITS-Error", "0x8020001F", "BITS-Error-Context", "0x5"), Kind.SESSION_NOT_FOUND)
                .ok());
    }

    @Test
    void theWrongCodeOrAMissingPairOrContextIsReportedWithTheRule() {
        Oracle.Verdict wrong = error(ack(500, "BITS-Error-Code", "0x80004005", "BITS-Error-Context", "0x5"),
                Kind.SESSION_NOT_FOUND);
        assertFalse(wrong.ok());
        assertTrue(wrong.problem().contains("MC-BUP §2.2.1.2") && wrong.problem().contains("0x80004005"), wrong.problem());
        Oracle.Verdict none = error(ack(400), Kind.UNKNOWN_PACKET_TYPE);
        assertTrue(none.problem().contains("carries BITS-Error-Code"), none.problem());
        Oracle.Verdict noContext = error(ack(400, "BITS-Error-Code", "0x80070057"), Kind.UNKNOWN_PACKET_TYPE);
        assertTrue(noContext.problem().contains("MUST accompany"), noContext.problem());
        Oracle.Verdict status = error(ack(403, "BITS-Error-Code", "0x80070057", "BITS-Error-Context", "0x5"),
                Kind.UNKNOWN_PACKET_TYPE);
        assertTrue(status.problem().startsWith("expected 400 + 0x80070057 E_INVALIDARG + 0x5"), status.problem());
    }

    @Test
    void a416MayLeaveThePairOutOrSendZero() {
        assertTrue(error(ack(416, "BITS-Received-Content-Range", "10"), Kind.RANGE_NOT_CONTIGUOUS).ok());
        assertTrue(error(ack(416, "BITS-Error-Code", "0", "BITS-Error-Context", "0x5"), Kind.RANGE_NOT_CONTIGUOUS)
                .ok());
        assertFalse(error(ack(416, "BITS-Error-Code", "0x80070057", "BITS-Error-Context", "0x5"),
                Kind.RANGE_NOT_CONTIGUOUS).ok());
    }

    @Test
    void everyAnswerIsAnHttp11AckWithContentLengthZero() {
        RawResponse html = new RawResponse("HTTP/1.1", 404, List.of(HeaderField.of("Content-Type", "text/html"),
                HeaderField.of("Content-Length", "9")), RawResponse.Framing.LENGTH, 9, "not found", true);
        assertTrue(Oracle.ackShape(html).orElseThrow().contains("every Ack carries BITS-Packet-Type: Ack"));
        RawResponse chunked = new RawResponse("HTTP/1.1", 200, List.of(HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("Transfer-Encoding", "chunked")), RawResponse.Framing.CHUNKED, 0, "", false);
        assertTrue(Oracle.ackShape(chunked).orElseThrow().contains("Content-Length: 0"));
        RawResponse old = new RawResponse("HTTP/1.0", 200, List.of(HeaderField.of("BITS-Packet-Type", "Ack"),
                HeaderField.of("Content-Length", "0")), RawResponse.Framing.LENGTH, 0, "", true);
        assertTrue(Oracle.ackShape(old).orElseThrow().contains("HTTP/1.1"));
        assertTrue(Oracle.ackShape(ack(200)).isEmpty());
        assertTrue(Oracle.ackShape(new RawResponse("HTTP/1.1", 200, List.of(HeaderField.of("BITS-Packet-Type", "ACK"),
                HeaderField.of("Content-Length", "0")), RawResponse.Framing.LENGTH, 0, "", false)).isEmpty(),
                "MC-BUP §2.2.11.2 writes ACK");
    }

    @Test
    void anHttpLevelRejectionMayBeAPlainResponseWithAnEmptyBody() {
        Expectation length = Expectation.of(Kind.MISSING_CONTENT_LENGTH).asHttpLevel(411, "411");
        RawResponse plain = new RawResponse("HTTP/1.1", 411, List.of(HeaderField.of("Content-Length", "0")),
                RawResponse.Framing.LENGTH, 0, "", true);
        assertEquals("411 (plain HTTP)", Oracle.error(plain, List.of(length)).label().orElseThrow());
        RawResponse withBody = new RawResponse("HTTP/1.1", 411, List.of(HeaderField.of("Content-Length", "4")),
                RawResponse.Framing.LENGTH, 4, "oops", true);
        assertFalse(Oracle.error(withBody, List.of(length)).ok());
    }

    @Test
    void misspelledHeadersAreNamedInTheReason() {
        RawResponse r = ack(416, "Bits-Recieved-Content-Range", "10");
        assertEquals(List.of("Bits-Recieved-Content-Range"), r.nearMisses("BITS-Received-Content-Range"));
        assertEquals(List.of(), r.nearMisses("BITS-Session-Id"));
    }

    @Test
    void theFragmentTableGivesBothAnswersOnlyWhereTheSpecAllowsBoth() {
        ContentRange r = new ContentRange(1000, 1999, 3000);
        assertEquals(List.of(416), statuses(Oracle.fragment(r, 500, 3000)), "row 10: gap");
        assertEquals(500, Oracle.fragment(r, 500, 3000).get(0).offset());
        assertEquals(List.of(200), statuses(Oracle.fragment(r, 1000, 3000)), "row 7");
        assertEquals(2000, Oracle.fragment(r, 1000, 3000).get(0).offset());
        assertEquals(List.of(200, 416), statuses(Oracle.fragment(r, 1500, 3000)), "row 8: SDK or MC-BUP");
        assertEquals(List.of(200, 416), statuses(Oracle.fragment(r, 2500, 3000)), "row 9");
        assertEquals(2500, Oracle.fragment(r, 2500, 3000).get(0).offset(), "row 9 does not move the offset");
        assertEquals(List.of(200), statuses(Oracle.fragment(r, 3000, 3000)), "row 11: never 416 once complete");
        assertEquals(List.of(200), statuses(Oracle.fragment(ContentRange.EMPTY_FILE, 0, -1)), "decision D9");
    }

    private static List<Integer> statuses(List<Oracle.Allowed> a) {
        return a.stream().map(Oracle.Allowed::status).toList();
    }
}
