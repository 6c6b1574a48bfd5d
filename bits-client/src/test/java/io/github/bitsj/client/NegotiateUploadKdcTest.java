// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.DirectoryAuth;
import io.github.bitsj.server.ServerApplication;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UploadResponse;
import io.github.bitsj.server.kdc.GssTestClient;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import io.github.bitsj.server.kdc.Negotiator;
import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bits-client uploads to bits-server authenticated by Negotiate (RFC 4559, SDK: Authentication), with tickets from a real MIT
 * KDC: from a ticket cache and from a keytab, byte-identical; the service ticket follows the URL actually used
 * (the {@code BITS-Host-Id} node after a switch); refusals are fatal with the server's status.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NegotiateUploadKdcTest {
    /** A second name of the loopback node, with a service principal of its own. */
    private static final String NODE_SPN = "HTTP/127.0.0.1@" + MitKdc.REALM;
    private static Path aliceCache;
    private static Path bobCache;
    private static Path bothKeys;

    @TempDir
    Path dir;

    private BitsServer server;

    @BeforeAll
    static void realm(MitKdc kdc) throws Exception {
        aliceCache = kdc.kinit("alice", Optional.empty());
        bobCache = kdc.kinit("bob", Optional.empty());
        bothKeys = kdc.directory().resolve("both-names.keytab");
        kdc.kadmin("addprinc -randkey HTTP/127.0.0.1", "ktadd -norandkey -k " + bothKeys + " HTTP/127.0.0.1",
                "ktadd -norandkey -k " + bothKeys + " HTTP/localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private BitsServer start(Path keytab, String servicePrincipal, List<String> allow,
            UnaryOperator<UploadDirectory.Builder> dirOptions) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addDirectory(dirOptions.apply(UploadDirectory.newBuilder("/upload", store)
                        .auth(DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE), allow))).build())
                .keytab(keytab).servicePrincipal(servicePrincipal).build());
        return server;
    }

    private BitsServer start(MitKdc kdc, List<String> allow) throws IOException {
        return start(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL, allow, d -> d);
    }

    private URI url(String host, String name) {
        return URI.create("http://" + host + ":" + server.port() + "/upload/" + name);
    }

    private static BitsClient.Builder client(KerberosLogin login) {
        return BitsClient.newBuilder().negotiate(login)
                .fragmentPolicy(FragmentPolicy.fixed(64 * 1024))
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30)));
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private Path stored(String name) {
        return dir.resolve("store").resolve(name);
    }

    @Test
    void uploadsFromATicketCacheByteIdentical(MitKdc kdc) throws Exception {
        start(kdc, List.of("alice@" + MitKdc.REALM));
        Path file = randomFile("a.bin", 1_000_003);
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache)).build()) {
            UploadResult r = c.upload(file, url("localhost", "a.bin"));
            assertEquals(1_000_003, r.bytes());
            assertEquals(0, r.retries());
        }
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(stored("a.bin")));
    }

    @Test
    void uploadsFromAKeytabAndManyJobsShareOneLogin(MitKdc kdc) throws Exception {
        start(kdc, List.of("@" + MitKdc.REALM));
        KerberosLogin login = KerberosLogin.keytab(kdc.userKeytab("alice"), "alice@" + MitKdc.REALM);
        try (BitsClient c = client(login).build()) {
            for (int i = 0; i < 3; i++) {
                Path file = randomFile("k" + i + ".bin", 200_000 + i);
                c.upload(file, url("localhost", "k" + i + ".bin"));
                assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(stored("k" + i + ".bin")));
            }
        }
    }

    @Test
    void uploadReplyDownloadsTheReplyWithNegotiateToo(MitKdc kdc) throws Exception {
        start(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL, List.of("*"), d -> d.serverApplication(
                ServerApplication.handler(u -> UploadResponse.bytes((u.principal() + " sent " + u.size())
                        .getBytes(StandardCharsets.UTF_8)))));
        Path file = randomFile("r.bin", 70_000);
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache)).build()) {
            UploadResult r = c.uploadReply(file, url("localhost", "r.bin"));
            ByteBuffer reply = r.replyData().orElseThrow();
            // the reply's GET went through Negotiate as well, its mutual reply checked
            assertEquals("alice@" + MitKdc.REALM + " sent 70000", StandardCharsets.UTF_8.decode(reply).toString());
        }
    }

    @Test
    void aPrincipalOutsideTheAllowListFailsWith403(MitKdc kdc) throws Exception {
        start(kdc, List.of("alice@" + MitKdc.REALM));
        Path file = randomFile("b.bin", 10_000);
        try (BitsClient c = client(KerberosLogin.ticketCache(bobCache)).build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> c.upload(file, url("localhost", "b.bin")));
            assertFalse(e.isTransient());
            assertEquals(403, e.status());
        }
        assertFalse(Files.exists(stored("b.bin")));
    }

    @Test
    void anotherPrincipalCannotCancelTheSession(MitKdc kdc) throws Exception {
        start(kdc, List.of("*"));
        try (RawBitsClient alice = new RawBitsClient(server).withAuthorization(
                new Negotiator(GssTestClient.login(aliceCache), MitKdc.SERVICE_PRINCIPAL));
                BitsClient bob = client(KerberosLogin.ticketCache(bobCache)).build()) {
            String sid = alice.newSession("/upload/s.bin");
            // bob's Cancel-Session finds no session of his (BG_E_SESSION_NOT_FOUND), which ends a cancel
            bob.cancelSession(url("localhost", "s.bin"), sid);
            assertEquals(1, server.openSessions(), "alice's session is untouched");
            assertEquals(2, alice.fragment("/upload/s.bin", sid, new byte[] {1, 2}, 0, 2).received());
        }
    }

    @Test
    void theTicketIsForTheHostOfTheUrlUsed(MitKdc kdc) throws Exception {
        start(kdc, List.of("*"));
        Path file = randomFile("h.bin", 20_000);
        // 127.0.0.1 has a service principal in the realm, but this server holds only HTTP/localhost's key
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache)).build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> c.upload(file, url("127.0.0.1", "h.bin")));
            assertEquals(401, e.status());
            assertFalse(e.isTransient());
        }
        // a host with no service principal at all: no ticket, no request with a token
        NegotiateCredentials creds = new NegotiateCredentials(KerberosLogin.ticketCache(aliceCache).initiator());
        AuthenticationFailure f = assertThrows(AuthenticationFailure.class,
                () -> creds.authorize(URI.create("http://nosuch.localhost:1/x")));
        assertEquals(AuthenticationFailure.Kind.NO_CREDENTIALS, f.kind());
        assertTrue(f.getMessage().contains("HTTP/nosuch.localhost"), f.getMessage());
    }

    @Test
    void afterAHostIdSwitchTheTicketIsForTheNewHost(MitKdc kdc) throws Exception {
        start(bothKeys, "*", List.of("*"), d -> d.hostId("127.0.0.1"));
        Path file = randomFile("n.bin", 300_000);
        long before = nodeTicketsIssued(kdc);
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache)).build()) {
            UploadResult r = c.upload(file, url("localhost", "n.bin"));
            assertEquals("127.0.0.1", r.target().getHost(), "the packets after Create-Session went to the node");
        }
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(stored("n.bin")));
        // the KDC logs the request it answered; poll briefly in case its log line is not on disk yet
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nodeTicketsIssued(kdc) == before && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);   // a poll with a deadline, not a synchronisation
        }
        assertEquals(before + 1, nodeTicketsIssued(kdc), "one service ticket for the node, kept for the job");
    }

    /** How many service tickets for {@link #NODE_SPN} the KDC has issued to alice (its log). */
    private static long nodeTicketsIssued(MitKdc kdc) throws IOException {
        return Files.readAllLines(kdc.directory().resolve("kdc.log")).stream()
                .filter(l -> l.contains("TGS_REQ") && l.contains("ISSUE")
                        && l.contains("alice@" + MitKdc.REALM + " for " + NODE_SPN)).count();
    }

    @Test
    void afterAHostIdSwitchANodeWithoutThatKeyRefusesTheTicket(MitKdc kdc) throws Exception {
        start(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL, List.of("*"), d -> d.hostId("127.0.0.1"));
        Path file = randomFile("m.bin", 30_000);
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache)).build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> c.upload(file, url("localhost", "m.bin")));
            assertEquals(401, e.status(), "the token for HTTP/127.0.0.1 is not for this key");
        }
        assertEquals(1, server.openSessions(), "the session was created through localhost first");
    }

    @Test
    void noTicketCacheIsAFatalErrorNamingTheCache(MitKdc kdc) throws Exception {
        start(kdc, List.of("*"));
        Path file = randomFile("x.bin", 1_000);
        Path missing = dir.resolve("no-such-cache");
        try (BitsClient c = client(KerberosLogin.ticketCache(missing)).build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> c.upload(file, url("localhost", "x.bin")));
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("no Kerberos credentials from the ticket cache " + missing),
                    e.getMessage());
        }
        try (BitsClient c = client(KerberosLogin.ticketCache(aliceCache).expectingPrincipal("bob@" + MitKdc.REALM))
                .build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> c.upload(file, url("localhost", "x.bin")));
            assertFalse(e.isTransient());
        }
    }
}
