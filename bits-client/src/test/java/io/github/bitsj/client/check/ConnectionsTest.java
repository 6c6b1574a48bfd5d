// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.ScriptedServer;
import io.github.bitsj.protocol.Ping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keep-alive handling against scripted raw-socket servers. */
@Timeout(30)
class ConnectionsTest {

    private static Target target(ScriptedServer s) {
        return new Target(s.uri("/upload/"), Optional.empty(), "127.0.0.1", s.port(), "/upload/", Optional.empty(),
                Duration.ofSeconds(5), "test");
    }

    private static CaseContext context(ScriptedServer s) {
        return new CaseContext(target(s), new Case("t", "g", "s", "c", ctx -> ""));
    }

    @Test
    void anIdleConnectionTheServerClosedIsRetriedOnceOnANewOne() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(r -> new ScriptedServer.Reply(200,
                List.<String[]>of(new String[] {"BITS-Packet-Type", "Ack"}), new byte[0], false, true))) {
            try (CaseContext ctx = context(s)) {
                RawRequest ping = RawRequest.of(new Ping(), "/upload/x");
                assertEquals(200, ctx.send(ping).status());
                assertEquals(200, ctx.send(ping).status()); // the first connection was closed without notice
                assertTrue(ctx.notes().contains("closed an idle keep-alive connection; the request was resent on a "
                        + "new one"), ctx.notes().toString());
            }
            assertEquals(2, s.requests().size());
        }
    }

    @Test
    void aConnectionThatDiesAfterARejectionWithoutConnectionCloseFails() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (ScriptedServer s = ScriptedServer.start(r -> n.getAndIncrement() == 0
                ? new ScriptedServer.Reply(400, List.of(new String[] {"BITS-Packet-Type", "Ack"},
                        new String[] {"BITS-Error-Code", "0x80070057"}, new String[] {"BITS-Error-Context", "0x5"}),
                        new byte[0], false, true)
                : ScriptedServer.Reply.ack(200))) {
            try (CaseContext ctx = context(s)) {
                Case.Failure f = assertThrows(Case.Failure.class,
                        () -> ctx.send(RawRequest.raw("/upload/x", "BITS-Packet-Type", "Upload")));
                assertTrue(f.getMessage().startsWith("MC-BUP §2.1: after a rejected request the "
                        + "connection stays usable"), f.getMessage());
            }
        }
    }

    @Test
    void aRejectionWithConnectionCloseIsAllowedAndNoted() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(r -> new ScriptedServer.Reply(400, List.of(
                new String[] {"BITS-Packet-Type", "Ack"}, new String[] {"BITS-Error-Code", "0x80070057"},
                new String[] {"BITS-Error-Context", "0x5"}, new String[] {"Connection", "close"}), new byte[0],
                false, true))) {
            try (CaseContext ctx = context(s)) {
                assertEquals(400, ctx.send(RawRequest.raw("/upload/x", "BITS-Packet-Type", "Upload")).status());
                assertEquals(400, ctx.send(RawRequest.raw("/upload/x", "BITS-Packet-Type", "Upload")).status());
                assertEquals(List.of("closed the connection after a 400 (Connection: close)"), ctx.notes());
            }
        }
    }
}
