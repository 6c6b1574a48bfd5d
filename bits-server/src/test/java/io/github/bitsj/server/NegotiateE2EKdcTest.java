// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.kdc.Curl;
import io.github.bitsj.server.kdc.GssTestClient;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import io.github.bitsj.server.kdc.Negotiator;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bits-server with Negotiate (RFC 4559, SDK: Authentication) against a real MIT KDC: BITS packets carrying tokens of the JDK's
 * own GSS-API initiator over raw HTTP, and Debian's curl with {@code --negotiate}. Every request is authenticated
 * and every answer to an authenticated request carries the mutual-authentication reply.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NegotiateE2EKdcTest {
    private static final String PATH = "/upload/k.bin";
    private static final String ACCESS_DENIED = "0x80070005";
    private static final String SESSION_NOT_FOUND = "0x8020001F";
    private static Subject alice;
    private static Subject bob;
    private static Path aliceCache;

    @TempDir
    Path root;

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(new java.util.logging.SimpleFormatter().formatMessage(r)); // as JUL's formatters do
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void tickets(MitKdc kdc) throws Exception {
        aliceCache = kdc.kinit("alice", Optional.empty());
        alice = GssTestClient.login(aliceCache);
        bob = GssTestClient.login(kdc.kinit("bob", Optional.empty()));
    }

    @BeforeEach
    void listen() {
        Logger.getLogger("io.github.bitsj.server").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("io.github.bitsj.server").removeHandler(capture);
    }

    private BitsServer server(MitKdc kdc, Set<AuthScheme> schemes, List<String> allow) throws Exception {
        UserStore users = UserStore.parse(List.of(UserStore.hashLine("carol", "carol-pw".toCharArray()),
                UserStore.hashLine("alice@" + MitKdc.REALM, "x".toCharArray())));
        return TestServers.start(root, d -> d.auth(DirectoryAuth.of(schemes, allow)),
                c -> c.keytab(kdc.serviceKeytab()).servicePrincipal(MitKdc.SERVICE_PRINCIPAL).users(users));
    }

    private BitsServer server(MitKdc kdc) throws Exception {
        return server(kdc, Set.of(AuthScheme.NEGOTIATE), List.of("*"));
    }

    private static List<String> challenges(RawResponse r) {
        return r.headers().getOrDefault("www-authenticate", List.of());
    }

    private static void assertAck(int status, String code, RawResponse r) {
        assertEquals(status, r.status(), r::statusLine);
        assertEquals("Ack", r.require("BITS-Packet-Type"));
        assertEquals(code, r.errorCode());
        assertTrue(r.header("BITS-Error-Context").isPresent());
    }

    @Test
    void uploadAuthenticatedOnEveryRequestWithAMutualReplyEachTime(MitKdc kdc) throws Exception {
        byte[] data = new byte[700_000];
        new Random(15).nextBytes(data);
        Negotiator tokens = new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL);
        try (BitsServer server = server(kdc); RawBitsClient c = new RawBitsClient(server).withAuthorization(tokens)) {
            RawResponse ping = c.ping(PATH);
            assertEquals(200, ping.status());
            assertTrue(tokens.verify(challenges(ping)), "the Ping's answer proves the server's identity");
            RawResponse created = c.createSession(PATH);
            assertEquals(200, created.status());
            assertTrue(tokens.verify(challenges(created)));
            String sid = created.require("BITS-Session-Id");
            for (int off = 0; off < data.length; off += 100_000) {
                int len = Math.min(100_000, data.length - off);
                RawResponse f = c.fragment(PATH, sid, data, off, len, off, data.length);
                assertEquals(off + len, f.received());
                assertTrue(tokens.verify(challenges(f)), "fragment at " + off);
            }
            RawResponse closed = c.close(PATH, sid);
            assertEquals(200, closed.status());
            assertTrue(tokens.verify(challenges(closed)));
            assertTrue(logged.stream().anyMatch(l -> l.contains("event=negotiate_ready service_principal="
                    + MitKdc.SERVICE_PRINCIPAL)), logged::toString);
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("k.bin")));
    }

    @Test
    void rawKerberosTokensAreAcceptedToo(MitKdc kdc) throws Exception {
        Negotiator tokens = new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.KRB5);
        try (BitsServer server = server(kdc); RawBitsClient c = new RawBitsClient(server).withAuthorization(tokens)) {
            String sid = c.newSession(PATH);
            assertEquals(3, c.fragment(PATH, sid, new byte[] {1, 2, 3}, 0, 3).received());
        }
    }

    @Test
    void withoutATokenA401AckChallengesNegotiateThenBasicAndTheBodyIsNeverRead(MitKdc kdc) throws Exception {
        try (BitsServer server = server(kdc, Set.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC), List.of("*"));
                RawBitsClient c = new RawBitsClient(server)) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("BITS-Packet-Type", "Fragment");
            h.put("BITS-Session-Id", "{00000000-0000-0000-0000-000000000001}");
            h.put("Content-Range", "bytes 0-49999999/50000000");
            // the headers of a 50 MB fragment, and no body: the answer comes without waiting for it
            RawResponse r = c.exchange(RawBitsClient.request("BITS_POST", PATH, h, new byte[0], 50_000_000));
            assertAck(401, ACCESS_DENIED, r);
            assertEquals(List.of("Negotiate", "Basic realm=\"BITS\", charset=\"UTF-8\""), challenges(r));
            assertEquals("close", r.require("Connection").toLowerCase(java.util.Locale.ROOT),
                    "the connection closes after the unread body");
        }
    }

    @Test
    void refusedTokensGet401AndALogLineWithTheReasonNeverTheToken(MitKdc kdc) throws Exception {
        kdc.kadmin("addprinc -randkey HTTP/elsewhere.localhost");
        Negotiator other = new Negotiator(alice, "HTTP/elsewhere.localhost@" + MitKdc.REALM);
        Negotiator good = new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL);
        byte[] ntlm = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 7, (byte) 0x82, 8, (byte) 0xa2};
        String ntlmValue = "Negotiate " + Base64.getEncoder().encodeToString(ntlm);
        try (BitsServer server = server(kdc)) {
            List<String> sent = new ArrayList<>();
            for (String value : new String[] {other.get(), ntlmValue, "Negotiate !!!", "Digest x=1"}) {
                sent.add(value);
                try (RawBitsClient c = new RawBitsClient(server).withAuthorization(() -> value)) {
                    RawResponse r = c.createSession(PATH);
                    assertAck(401, ACCESS_DENIED, r);
                    assertEquals(List.of("Negotiate"), challenges(r), value);
                }
            }
            // a replayed token: accepted once, refused the second time (KRB_AP_ERR_REPEAT)
            String once = good.get();
            sent.add(once);
            try (RawBitsClient c = new RawBitsClient(server).withAuthorization(() -> once)) {
                assertEquals(200, c.ping(PATH).status());
                c.disconnect();
                assertAck(401, ACCESS_DENIED, c.ping(PATH));
            }
            String all = String.join("\n", logged);
            assertTrue(all.contains("event=auth_failed scheme=negotiate reason=NTLM detail=\"NTLM inside Negotiate"),
                    all);
            assertTrue(all.contains("reason=REJECTED krb_error=34"), all);
            assertTrue(all.contains("reason=MALFORMED"), all);
            assertTrue(all.contains("reason=scheme_not_offered"), all);
            for (String value : sent) {
                String token = value.substring(value.indexOf(' ') + 1);
                assertFalse(all.contains(token), "a token in the log");
            }
        }
    }

    @Test
    void anExpiredTicketGets401(MitKdc kdc) throws Exception {
        // 6 s: long enough to be used once on a loaded machine, short enough to wait out
        Subject shortLived = GssTestClient.login(kdc.kinit("alice", Optional.of(Duration.ofSeconds(6))));
        Negotiator tokens = new Negotiator(shortLived, MitKdc.SERVICE_PRINCIPAL);
        try (BitsServer server = server(kdc)) {
            try (RawBitsClient c = new RawBitsClient(server).withAuthorization(tokens)) {
                assertEquals(200, c.ping(PATH).status(), "valid while it lasts");
            }
            // Past the end time plus the allowed clock skew: waiting for a wall-clock instant is the point of the
            // test, not a synchronisation.
            long waitMs = GssTestClient.ticketsEnd(shortLived).getTime() + (MitKdc.CLOCK_SKEW_SECONDS + 1) * 1000L
                    - System.currentTimeMillis();
            assertTrue(waitMs < 10_000, "the ticket lives as long as kinit -l asked");
            if (waitMs > 0) {
                Thread.sleep(waitMs);
            }
            // a client whose cache claims the ticket is still good sends it with a fresh authenticator
            Subject stale = GssTestClient.withClaimedEndTime(shortLived,
                    new Date(System.currentTimeMillis() + 3_600_000));
            try (RawBitsClient c = new RawBitsClient(server).withAuthorization(
                    new Negotiator(stale, MitKdc.SERVICE_PRINCIPAL))) {
                assertAck(401, ACCESS_DENIED, c.createSession(PATH));
            }
            assertTrue(String.join("\n", logged).contains("reason=REJECTED krb_error=32"), logged::toString);
        }
    }

    @Test
    void aPrincipalOutsideTheAllowListGets403AndTheBodyIsNeverRead(MitKdc kdc) throws Exception {
        Negotiator bobTokens = new Negotiator(bob, MitKdc.SERVICE_PRINCIPAL);
        try (BitsServer server = server(kdc, Set.of(AuthScheme.NEGOTIATE), List.of("alice@" + MitKdc.REALM));
                RawBitsClient b = new RawBitsClient(server).withAuthorization(bobTokens);
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL))) {
            RawResponse r = b.createSession(PATH);
            assertAck(403, ACCESS_DENIED, r);
            assertTrue(bobTokens.verify(challenges(r)), "the refusal still proves the server's identity");
            assertEquals("close", r.require("Connection").toLowerCase(java.util.Locale.ROOT));
            assertEquals(200, a.createSession(PATH).status());
            assertTrue(String.join("\n", logged).contains("event=auth_denied principal=bob@" + MitKdc.REALM));
        }
        try (BitsServer server = server(kdc, Set.of(AuthScheme.NEGOTIATE), List.of("@OTHER.REALM"));
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL))) {
            assertAck(403, ACCESS_DENIED, a.ping(PATH));
        }
        try (BitsServer server = server(kdc, Set.of(AuthScheme.NEGOTIATE), List.of("@" + MitKdc.REALM));
                RawBitsClient b = new RawBitsClient(server).withAuthorization(bobTokens)) {
            assertEquals(200, b.ping(PATH).status());
        }
    }

    @Test
    void theSessionBelongsToTheKerberosPrincipal(MitKdc kdc) throws Exception {
        try (BitsServer server = server(kdc);
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL));
                RawBitsClient b = new RawBitsClient(server).withAuthorization(
                        new Negotiator(bob, MitKdc.SERVICE_PRINCIPAL))) {
            String sid = a.newSession(PATH);
            assertAck(500, SESSION_NOT_FOUND, b.fragment(PATH, sid, new byte[] {6, 6, 6}, 0, 3));
            assertAck(500, SESSION_NOT_FOUND, b.cancel(PATH, sid));
            assertAck(500, SESSION_NOT_FOUND, b.close(PATH, sid));
            assertEquals(3, a.fragment(PATH, sid, new byte[] {1, 2, 3}, 0, 3).received());
            assertEquals(200, a.close(PATH, sid).status());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(root.resolve("k.bin")));
    }

    @Test
    void withTheSessionIdAsCredentialAKerberosSessionContinuesWithoutTokens(MitKdc kdc) throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d.auth(DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE)))
                        .sessionIdAsCredential(true),
                c -> c.keytab(kdc.serviceKeytab()).servicePrincipal(MitKdc.SERVICE_PRINCIPAL));
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL));
                RawBitsClient anonymous = new RawBitsClient(server)) {
            String sid = a.newSession(PATH);
            assertEquals(2, anonymous.fragment(PATH, sid, new byte[] {7, 8}, 0, 2).received());
            assertAck(401, ACCESS_DENIED, anonymous.createSession("/upload/other.bin"));
            anonymous.disconnect();
            assertEquals(200, anonymous.close(PATH, sid).status());
        }
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(root.resolve("k.bin")));
    }

    @Test
    void basicBesideNegotiateButNoBasicUserCanPassForAKerberosPrincipal(MitKdc kdc) throws Exception {
        try (BitsServer server = server(kdc, Set.of(AuthScheme.NEGOTIATE, AuthScheme.BASIC), List.of("*"));
                RawBitsClient carol = new RawBitsClient(server).withBasicAuth("carol", "carol-pw");
                RawBitsClient fake = new RawBitsClient(server).withBasicAuth("alice@" + MitKdc.REALM, "x");
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL))) {
            String carols = carol.newSession("/upload/c.bin");
            assertEquals(1, carol.fragment("/upload/c.bin", carols, new byte[] {9}, 0, 1).received());
            String alices = a.newSession(PATH);
            RawResponse r = fake.fragment(PATH, alices, new byte[] {6}, 0, 1);
            assertAck(401, ACCESS_DENIED, r);
            assertTrue(String.join("\n", logged).contains("reason=user_name_with_at"));
            assertAck(500, SESSION_NOT_FOUND, a.fragment("/upload/c.bin", carols, new byte[] {6}, 0, 1));
        }
    }

    @Test
    void curlNegotiateCreatesASessionOwnedByItsPrincipal(MitKdc kdc) throws Exception {
        Curl.assumeInstalled();
        try (BitsServer server = server(kdc);
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL));
                RawBitsClient b = new RawBitsClient(server).withAuthorization(
                        new Negotiator(bob, MitKdc.SERVICE_PRINCIPAL))) {
            String url = "http://localhost:" + server.port() + PATH;
            Curl.Result r = Curl.negotiate(kdc, aliceCache, url, "-X", "BITS_POST",
                    "-H", "BITS-Packet-Type: Create-Session",
                    "-H", "BITS-Supported-Protocols: " + RawBitsClient.PROTOCOL, "-H", "Content-Length: 0");
            assertEquals(200, r.status(), r::toString);
            List<String> sessionIds = r.values("bits-session-id");
            assertEquals(1, sessionIds.size(), r::toString);
            List<String> auth = r.values("www-authenticate");
            assertTrue(auth.get(auth.size() - 1).startsWith("Negotiate "), "the mutual-authentication reply");
            String sid = sessionIds.get(0);
            assertAck(500, SESSION_NOT_FOUND, b.fragment(PATH, sid, new byte[] {6}, 0, 1));
            assertEquals(2, a.fragment(PATH, sid, new byte[] {4, 2}, 0, 2).received());
        }
        assertArrayEquals(new byte[] {4, 2}, Files.readAllBytes(root.resolve("k.bin")));
    }

    @Test
    void aDirectoryWithoutNegotiateStaysAnonymousBesideANegotiateOne(MitKdc kdc, @TempDir Path other)
            throws Exception {
        BitsServerConfig config = BitsServerConfig.newBuilder()
                .bindAddress(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                .addDirectory(UploadDirectory.newBuilder("/upload", root)
                        .auth(DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE))).build())
                .addDirectory(UploadDirectory.newBuilder("/open", other).build())
                .keytab(kdc.serviceKeytab()).servicePrincipal(MitKdc.SERVICE_PRINCIPAL).build();
        try (BitsServer server = BitsServer.start(config); RawBitsClient anon = new RawBitsClient(server)) {
            assertAck(401, ACCESS_DENIED, anon.createSession(PATH));
            anon.disconnect();
            assertEquals(200, anon.createSession("/open/o.bin").status());
        }
    }
}
