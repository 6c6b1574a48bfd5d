// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import io.github.bitsj.server.kdc.NegotiateServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's check of Negotiate's mutual authentication (RFC 4559 §5, RFC 4121 AP-REP): a scripted BITS server
 * ({@link BitsSim}) that accepts the client's real tokens with bits-server's acceptor and a real KDC's service key,
 * then answers with the reply token, without it, with garbage, with another request's reply, or with a SPNEGO
 * "accept-completed" that carries no Kerberos reply. Only a verified answer is believed.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NegotiateMutualAuthKdcTest {
    private static Path aliceCache;
    private static Function<String, Optional<NegotiateServer.Accepted>> acceptor;

    @TempDir
    Path dir;

    @BeforeAll
    static void realm(MitKdc kdc) throws Exception {
        aliceCache = kdc.kinit("alice", Optional.empty());
        acceptor = NegotiateServer.acceptor(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL);
    }

    /** What the scripted server sends as the reply token, given the real one (null: no header). */
    interface Tamper {
        String replyFor(Recorded request, String realToken);
    }

    private static ScriptedServer.Script negotiating(BitsSim sim, Tamper tamper) {
        return r -> {
            String auth = r.header("Authorization");
            Optional<NegotiateServer.Accepted> ok = auth == null ? Optional.empty() : acceptor.apply(auth);
            if (ok.isEmpty()) {
                return Reply.ack(401, "BITS-Error-Code", "0x80070005", "BITS-Error-Context", "0x5",
                        "WWW-Authenticate", "Negotiate", "Connection", "close");
            }
            assertEquals("alice@" + MitKdc.REALM, ok.get().principal());
            Reply inner = sim.answer(r);
            String token = tamper.replyFor(r, ok.get().replyToken().orElseThrow());
            List<String[]> headers = new ArrayList<>(inner.headers());
            if (token != null) {
                headers.add(new String[] {"WWW-Authenticate", "Negotiate " + token});
            }
            return new Reply(inner.status(), headers, inner.body(), inner.resetMidBody(), inner.closeAfter(),
                    inner.declaredLength());
        };
    }

    private static BitsClient client() {
        return BitsClient.newBuilder().negotiate(KerberosLogin.ticketCache(aliceCache))
                .fragmentPolicy(FragmentPolicy.fixed(16 * 1024))
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(20)))
                .build();
    }

    private Path file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve("f.bin"), data);
    }

    private static URI url(ScriptedServer s) {
        return URI.create("http://localhost:" + s.port() + "/up/f.bin");
    }

    private static BitsClientException refused(Tamper tamper, Path file) throws Exception {
        try (ScriptedServer s = ScriptedServer.start(negotiating(new BitsSim(), tamper)); BitsClient c = client()) {
            BitsClientException e = assertThrows(BitsClientException.class, () -> c.upload(file, url(s)));
            assertFalse(e.isTransient(), e::getMessage);
            assertEquals(List.of("Ping", "Ping"), s.summaries(), "nothing after the unverified answer");
            return e;
        }
    }

    @Test
    void verifiedRepliesOnEveryAnswerCarryTheUploadThrough() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(50_000);
        try (ScriptedServer s = ScriptedServer.start(negotiating(sim, (r, real) -> real)); BitsClient c = client()) {
            c.upload(file, url(s));
            List<Recorded> requests = s.requests();
            assertEquals(null, requests.get(0).header("Authorization"), "the first request goes without");
            for (Recorded r : requests.subList(1, requests.size())) {
                assertTrue(r.header("Authorization").startsWith("Negotiate "), r::summary);
            }
            assertEquals(requests.size() - 1, requests.stream().skip(1).map(r -> r.header("Authorization"))
                    .distinct().count(), "a fresh token on every request");
        }
        assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
    }

    @Test
    void aSuccessWithoutTheReplyIsNotBelieved() throws Exception {
        BitsClientException e = refused((r, real) -> null, file(1000));
        assertTrue(e.getMessage().contains("without Negotiate's mutual-authentication reply"), e::getMessage);
    }

    @Test
    void aReplyThatIsNotKerberosIsNotBelieved() throws Exception {
        BitsClientException e = refused((r, real) -> Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, 3}),
                file(1000));
        assertTrue(e.getMessage().contains("does not prove its identity"), e::getMessage);
    }

    @Test
    void anotherRequestsReplyIsNotBelieved() throws Exception {
        String[] first = new String[1];
        // the first verified reply is replayed on the next request: the AP-REP is bound to its own context
        AtomicInteger n = new AtomicInteger();
        try (ScriptedServer s = ScriptedServer.start(negotiating(new BitsSim(), (r, real) -> {
            if (n.getAndIncrement() == 0) {
                first[0] = real;
                return real;
            }
            return first[0];
        })); BitsClient c = client()) {
            BitsClientException e = assertThrows(BitsClientException.class, () -> c.upload(file(1000), url(s)));
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("does not prove its identity"), e::getMessage);
            assertEquals(List.of("Ping", "Ping", "Create-Session"), s.summaries());
        }
    }

    @Test
    void aSpnegoAcceptCompletedWithoutTheKerberosReplyIsNotBelieved() throws Exception {
        // NegTokenResp { negState accept-completed, supportedMech Kerberos } and no responseToken (RFC 4178 §4.2.2)
        byte[] acceptCompleted = {(byte) 0xa1, 0x14, 0x30, 0x12, (byte) 0xa0, 0x03, 0x0a, 0x01, 0x00, (byte) 0xa1,
            0x0b, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
        BitsClientException e = refused((r, real) -> Base64.getEncoder().encodeToString(acceptCompleted), file(1000));
        assertTrue(e.getMessage().contains("does not prove its identity"), e::getMessage);
    }

    @Test
    void anErrorAnswerWithoutTheReplyIsTakenAsAnError() throws Exception {
        BitsSim sim = new BitsSim();
        AtomicInteger fragments = new AtomicInteger();
        Path file = file(40_000);
        ScriptedServer.Script inner = negotiating(sim, (r, real) -> real);
        try (ScriptedServer s = ScriptedServer.start(r -> {
            if (r.packetType().equals("Fragment") && r.header("Authorization") != null
                    && fragments.getAndIncrement() == 1) {
                // a busy front end answering before authentication: transient, and proves nothing either way
                return Reply.ack(503, "BITS-Error-Code", "0x8007045B", "BITS-Error-Context", "0x5");
            }
            return inner.answer(r);
        }); BitsClient c = client()) {
            UploadResult res = c.upload(file, url(s));
            assertEquals(1, res.retries());
        }
        assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
    }
}
