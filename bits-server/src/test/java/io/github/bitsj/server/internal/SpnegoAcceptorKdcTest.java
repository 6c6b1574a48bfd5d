// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.internal.SpnegoAcceptor.Outcome;
import io.github.bitsj.server.internal.SpnegoAcceptor.Reason;
import io.github.bitsj.server.kdc.GssTestClient;
import io.github.bitsj.server.kdc.GssTestClient.Handshake;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpnegoAcceptor} against tokens from a real MIT KDC (RFC 4559, RFC 4178, RFC 4121), made by the JDK's
 * GSS-API initiator ({@link GssTestClient}), not by bits-client.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpnegoAcceptorKdcTest {
    private static SpnegoAcceptor acceptor;
    private static Subject alice;

    @BeforeAll
    static void setUp(MitKdc kdc) throws Exception {
        acceptor = SpnegoAcceptor.fromKeytab(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL);
        alice = GssTestClient.login(kdc.kinit("alice", Optional.empty()));
    }

    private static Outcome.Accepted accepted(Outcome o) {
        return assertInstanceOf(Outcome.Accepted.class, o, () -> "refused: " + o);
    }

    private static Outcome.Refused refused(Outcome o) {
        return assertInstanceOf(Outcome.Refused.class, o, () -> "accepted: " + o);
    }

    @Test
    void spnegoTokenNamesThePrincipalAndCarriesTheMutualAuthenticationReply() throws Exception {
        Handshake h = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true);
        Outcome.Accepted a = accepted(acceptor.accept(h.token()));
        assertEquals("alice@" + MitKdc.REALM, a.principal());
        assertTrue(a.responseToken().isPresent(), "a mutual-authentication reply");
        assertTrue(h.finish(a.responseToken().get()), "the client verified the server's reply");
    }

    @Test
    void rawKerberosTokenIsAcceptedToo() throws Exception {
        Handshake h = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.KRB5, true);
        Outcome.Accepted a = accepted(acceptor.accept(h.token()));
        assertEquals("alice@" + MitKdc.REALM, a.principal());
        assertTrue(h.finish(a.responseToken().orElseThrow()));
    }

    @Test
    void withoutMutualAuthenticationTheContextStillCompletes() throws Exception {
        Handshake h = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, false);
        assertEquals("alice@" + MitKdc.REALM, accepted(acceptor.accept(h.token())).principal());
    }

    @Test
    void eachRequestNeedsAFreshTokenAReplayIsRefused() throws Exception {
        Handshake h = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true);
        accepted(acceptor.accept(h.token()));
        Outcome.Refused r = refused(acceptor.accept(h.token()));
        assertEquals(Reason.REJECTED, r.reason());
        assertEquals(34, r.krbErrorCode(), "KRB_AP_ERR_REPEAT");
        // and a new token from the same ticket is fine
        accepted(acceptor.accept(GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true)
                .token()));
    }

    @Test
    void concurrentRequestsShareTheAcceptorCredential() throws Exception {
        int n = 64;
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true).token();
        }
        List<Future<Outcome>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (String t : tokens) {
                results.add(pool.submit(() -> acceptor.accept(t)));
            }
            for (Future<Outcome> f : results) {
                assertEquals("alice@" + MitKdc.REALM, accepted(f.get()).principal());
            }
        }
    }

    @Test
    void ticketForAnotherServiceIsRefused(MitKdc kdc) throws Exception {
        kdc.kadmin("addprinc -randkey HTTP/other.localhost");
        Handshake h = GssTestClient.start(alice, "HTTP/other.localhost@" + MitKdc.REALM, GssTestClient.SPNEGO, true);
        Outcome.Refused r = refused(acceptor.accept(h.token()));
        assertEquals(Reason.REJECTED, r.reason());
    }

    @Test
    void outdatedServiceKeyIsRefused(MitKdc kdc, @TempDir Path tmp) throws Exception {
        Path old = tmp.resolve("old.keytab");
        kdc.kadmin("addprinc -randkey HTTP/rekeyed.localhost", "ktadd -k " + old + " HTTP/rekeyed.localhost",
                "ktadd -k " + tmp.resolve("new.keytab") + " HTTP/rekeyed.localhost");
        String service = "HTTP/rekeyed.localhost@" + MitKdc.REALM;
        SpnegoAcceptor stale = SpnegoAcceptor.fromKeytab(old, service);
        Outcome.Refused r = refused(stale.accept(GssTestClient.start(alice, service, GssTestClient.SPNEGO, true)
                .token()));
        // The JDK tries every key of the ticket's encryption type whatever its version, so this is reported as a
        // failed checksum rather than KRB_AP_ERR_BADKEYVER (44).
        assertEquals(Reason.REJECTED, r.reason(), r::toString);
        // the current keytab takes the same kind of token
        SpnegoAcceptor current = SpnegoAcceptor.fromKeytab(tmp.resolve("new.keytab"), service);
        accepted(current.accept(GssTestClient.start(alice, service, GssTestClient.SPNEGO, true).token()));
    }

    @Test
    void expiredTicketIsRefused(MitKdc kdc) throws Exception {
        Subject shortLived = GssTestClient.login(kdc.kinit("alice", Optional.of(Duration.ofSeconds(6))));
        // valid while the ticket lasts (this also puts the service ticket into the Subject)
        accepted(acceptor.accept(GssTestClient.start(shortLived, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO,
                true).token()));
        Date end = GssTestClient.ticketsEnd(shortLived);
        // Past the end time plus the allowed clock skew the acceptor must refuse. Waiting for a wall-clock instant
        // is the point of the test, not a synchronisation.
        long waitMs = end.getTime() + (MitKdc.CLOCK_SKEW_SECONDS + 1) * 1000L - System.currentTimeMillis();
        assertTrue(waitMs < 10_000, "the ticket lives as long as kinit -l asked");
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        // A client whose clock or cache claims the ticket is still good sends a fresh authenticator with it.
        Subject stale = GssTestClient.withClaimedEndTime(shortLived, new Date(System.currentTimeMillis() + 3_600_000));
        Outcome.Refused r = refused(acceptor.accept(GssTestClient.start(stale, MitKdc.SERVICE_PRINCIPAL,
                GssTestClient.SPNEGO, true).token()));
        assertEquals(Reason.REJECTED, r.reason());
        assertEquals(32, r.krbErrorCode(), "KRB_AP_ERR_TKT_EXPIRED");
    }

    @Test
    void anyServicePrincipalInTheKeytabWithStar(MitKdc kdc, @TempDir Path tmp) throws Exception {
        Path kt = tmp.resolve("two.keytab");
        kdc.kadmin("addprinc -randkey HTTP/one.localhost", "addprinc -randkey HTTP/two.localhost",
                "ktadd -k " + kt + " HTTP/one.localhost", "ktadd -k " + kt + " HTTP/two.localhost");
        SpnegoAcceptor any = SpnegoAcceptor.fromKeytab(kt, SpnegoAcceptor.ANY_SERVICE_PRINCIPAL);
        for (String host : new String[] {"one.localhost", "two.localhost"}) {
            Handshake h = GssTestClient.start(alice, "HTTP/" + host + "@" + MitKdc.REALM, GssTestClient.SPNEGO, true);
            Outcome.Accepted a = accepted(any.accept(h.token()));
            assertEquals("alice@" + MitKdc.REALM, a.principal());
            assertTrue(h.finish(a.responseToken().orElseThrow()));
        }
        // a principal not in that keytab
        refused(any.accept(GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true).token()));
    }

    @Test
    void aKeytabWithoutThePrincipalOrNoKeytabAtAllFailsAtStart(MitKdc kdc, @TempDir Path tmp) {
        assertThrows(IOException.class, () -> SpnegoAcceptor.fromKeytab(kdc.serviceKeytab(),
                "HTTP/elsewhere.localhost@" + MitKdc.REALM));
        assertThrows(IOException.class, () -> SpnegoAcceptor.fromKeytab(tmp.resolve("absent.keytab"),
                MitKdc.SERVICE_PRINCIPAL));
        assertThrows(IOException.class, () -> SpnegoAcceptor.fromKeytab(tmp, MitKdc.SERVICE_PRINCIPAL));
    }

    @Test
    void aPrincipalWithoutRealmTakesTheDefaultRealm(MitKdc kdc) throws Exception {
        SpnegoAcceptor a = SpnegoAcceptor.fromKeytab(kdc.serviceKeytab(), "HTTP/localhost");
        assertEquals(MitKdc.SERVICE_PRINCIPAL, a.servicePrincipal());
        accepted(a.accept(GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true).token()));
    }

    @Test
    void ntlmAndGarbageAreRefusedBeforeGssApi() {
        assertEquals(Reason.NTLM, refused(acceptor.accept(NegotiateTokensTest.b64(NegotiateTokensTest.NTLM_NEGOTIATE)))
                .reason());
        assertEquals(Reason.NTLM, refused(acceptor.accept(NegotiateTokensTest.b64(NegotiateTokensTest.spnegoInit(
                NegotiateTokensTest.NTLM_NEGOTIATE, NegotiateTokens.NTLM_OID, NegotiateTokens.KRB5_OID)))).reason());
        assertEquals(Reason.NEEDS_ANOTHER_LEG, refused(acceptor.accept(NegotiateTokensTest.b64(
                NegotiateTokensTest.spnegoInit(null, NegotiateTokens.KRB5_OID)))).reason());
        assertEquals(Reason.MALFORMED, refused(acceptor.accept("not base64!")).reason());
        assertEquals(Reason.MALFORMED, refused(acceptor.accept("")).reason());
        assertEquals(Reason.MALFORMED, refused(acceptor.accept("A".repeat(SpnegoAcceptor.MAX_TOKEN_CHARS + 4)))
                .reason());
    }

    @Test
    void aKerberosShapedTokenWithCorruptContentIsRejectedNotThrown() throws Exception {
        byte[] token = java.util.Base64.getDecoder().decode(
                GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO, true).token());
        // flip bits in the second half: the encrypted authenticator and ticket parts
        for (int i = token.length / 2; i < token.length; i += 7) {
            token[i] ^= 0x5a;
        }
        Outcome.Refused r = refused(acceptor.accept(java.util.Base64.getEncoder().encodeToString(token)));
        assertFalse(r.reason() == Reason.NTLM);
    }
}
