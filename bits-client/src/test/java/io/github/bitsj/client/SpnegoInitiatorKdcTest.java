// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import io.github.bitsj.server.kdc.NegotiateServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpnegoInitiator} against bits-server's Negotiate acceptor over java.net.http, with tickets from a real MIT
 * KDC: the client and server halves of RFC 4559 meeting each other.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpnegoInitiatorKdcTest {
    private static NegotiateServer server;
    private static HttpClient http;

    @BeforeAll
    static void start(MitKdc kdc) throws Exception {
        server = NegotiateServer.start(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL,
                "alice@" + MitKdc.REALM + ",bob@" + MitKdc.REALM, "negotiate");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private static HttpResponse<String> get(SpnegoInitiator.Handshake h) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri()).header("Authorization", h.authorization()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ticketCacheTokenIsAcceptedAndTheServerIsMutuallyAuthenticated(MitKdc kdc) throws Exception {
        SpnegoInitiator client = SpnegoInitiator.fromTicketCache(Optional.of(kdc.kinit("alice", Optional.empty())),
                Optional.empty());
        for (int i = 0; i < 3; i++) { // one login; a fresh token per request
            try (SpnegoInitiator.Handshake h = client.start(server.uri().getHost())) {
                assertTrue(h.authorization().startsWith("Negotiate "));
                HttpResponse<String> r = get(h);
                assertEquals(200, r.statusCode());
                assertEquals("alice@" + MitKdc.REALM, r.body());
                assertTrue(h.verify(r.headers().allValues("WWW-Authenticate")));
            }
        }
    }

    @Test
    void keytabLoginNeedsNoTicketCache(MitKdc kdc) throws Exception {
        SpnegoInitiator client = SpnegoInitiator.fromKeytab(kdc.userKeytab("bob"), "bob@" + MitKdc.REALM);
        try (SpnegoInitiator.Handshake h = client.start("localhost")) {
            HttpResponse<String> r = get(h);
            assertEquals(200, r.statusCode());
            assertEquals("bob@" + MitKdc.REALM, r.body());
            assertTrue(h.verify(r.headers().allValues("WWW-Authenticate")));
        }
    }

    @Test
    void principalOutsideTheAllowListIsForbidden(MitKdc kdc) throws Exception {
        kdc.addUser("carol");
        SpnegoInitiator client = SpnegoInitiator.fromKeytab(kdc.userKeytab("carol"), "carol@" + MitKdc.REALM);
        try (SpnegoInitiator.Handshake h = client.start("localhost")) {
            assertEquals(403, get(h).statusCode());
        }
    }

    @Test
    void aReplyFromAnotherContextDoesNotVerify(MitKdc kdc) throws Exception {
        SpnegoInitiator client = SpnegoInitiator.fromKeytab(kdc.userKeytab("alice"), "alice@" + MitKdc.REALM);
        try (SpnegoInitiator.Handshake first = client.start("localhost");
                SpnegoInitiator.Handshake second = client.start("localhost")) {
            HttpResponse<String> r1 = get(first);
            assertEquals(200, r1.statusCode());
            // the second context gets the first one's reply: its session key differs
            assertThrows(GSSException.class, () -> second.verify(r1.headers().allValues("WWW-Authenticate")));
            assertThrows(GSSException.class, () -> second.verify(List.of("Negotiate not-base64!")));
            assertFalse(second.verify(List.of()), "no reply token: not verified, not an error");
            assertFalse(second.verify(List.of("Basic realm=\"x\"")));
        }
    }

    @Test
    void noTicketsOrAWrongKeytabFailAtLogin(MitKdc kdc, @TempDir Path tmp) throws Exception {
        SpnegoInitiator empty = SpnegoInitiator.fromTicketCache(Optional.of(tmp.resolve("no-cache")), Optional.empty());
        assertThrows(LoginException.class, () -> empty.start("localhost"));
        SpnegoInitiator wrong = SpnegoInitiator.fromKeytab(kdc.userKeytab("alice"), "bob@" + MitKdc.REALM);
        assertThrows(LoginException.class, () -> wrong.start("localhost"));
        SpnegoInitiator otherUser = SpnegoInitiator.fromTicketCache(Optional.of(kdc.kinit("alice", Optional.empty())),
                Optional.of("bob@" + MitKdc.REALM));
        assertThrows(LoginException.class, () -> otherUser.start("localhost"));
    }

    @Test
    void aServiceTheRealmDoesNotKnowGetsNoToken(MitKdc kdc) throws Exception {
        SpnegoInitiator client = SpnegoInitiator.fromKeytab(kdc.userKeytab("alice"), "alice@" + MitKdc.REALM);
        assertThrows(GSSException.class, () -> client.start("unknown.localhost"));
    }

    @Test
    void anExpiredCacheRenewedByKinitIsPickedUpByLoggingInAgain(MitKdc kdc) throws Exception {
        Path cache = kdc.kinit("alice", Optional.of(Duration.ofSeconds(3)));
        SpnegoInitiator client = SpnegoInitiator.fromTicketCache(Optional.of(cache), Optional.empty());
        long start = System.currentTimeMillis();
        try (SpnegoInitiator.Handshake h = client.start("localhost")) {
            assertEquals(200, get(h).statusCode());
        }
        // The user runs kinit again (here: a fresh cache moved over the old file) once the first TGT has expired.
        Path renewed = kdc.kinit("alice", Optional.empty());
        long waitMs = start + 4_000 - System.currentTimeMillis();
        if (waitMs > 0) {
            Thread.sleep(waitMs); // waiting for a wall-clock instant is the point here, not a synchronisation
        }
        Files.move(renewed, cache, StandardCopyOption.REPLACE_EXISTING);
        try (SpnegoInitiator.Handshake h = client.start("localhost")) {
            HttpResponse<String> r = get(h);
            assertEquals(200, r.statusCode());
            assertTrue(h.verify(r.headers().allValues("WWW-Authenticate")));
        }
    }
}
