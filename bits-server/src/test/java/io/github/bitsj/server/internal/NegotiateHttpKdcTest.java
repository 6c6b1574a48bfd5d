// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.kdc.Curl;
import io.github.bitsj.server.kdc.GssTestClient;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negotiate over real HTTP (RFC 4559) through {@link NegotiateTestServer}: Debian's curl with MIT Kerberos, and
 * raw HTTP/1.1 on one keep-alive connection carrying tokens of the JDK's GSS-API initiator, against the real KDC.
 * (bits-client's tests drive it with java.net.http.)
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NegotiateHttpKdcTest {
    private static Path aliceCache;
    private static Path bobCache;

    @BeforeAll
    static void tickets(MitKdc kdc) throws Exception {
        aliceCache = kdc.kinit("alice", Optional.empty());
        bobCache = kdc.kinit("bob", Optional.empty());
    }

    private static NegotiateTestServer server(MitKdc kdc, String allow, String schemes) throws Exception {
        return NegotiateTestServer.start(kdc.serviceKeytab(), MitKdc.SERVICE_PRINCIPAL, allow, schemes);
    }

    @Test
    void curlNegotiatesAndTheServerNamesThePrincipal(MitKdc kdc) throws Exception {
        Curl.assumeInstalled();
        try (NegotiateTestServer s = server(kdc, "*", "negotiate")) {
            Curl.Result r = Curl.negotiate(kdc, aliceCache, s.uri().toString());
            assertEquals(200, r.status(), r::toString);
            assertEquals("alice@" + MitKdc.REALM, r.body());
            // the success response carries the final token: the mutual-authentication reply that curl checks
            List<String> challenges = r.values("www-authenticate");
            String last = challenges.get(challenges.size() - 1);
            assertTrue(last.startsWith("Negotiate ") && last.length() > 20, challenges::toString);
            assertEquals(List.of(), s.refusals());
        }
    }

    @Test
    void curlUploadsABodyOnceAuthenticated(MitKdc kdc, @TempDir Path tmp) throws Exception {
        Curl.assumeInstalled();
        Path body = Files.write(tmp.resolve("body.bin"), new byte[100_000]);
        try (NegotiateTestServer s = server(kdc, "@" + MitKdc.REALM, "negotiate")) {
            Curl.Result r = Curl.negotiate(kdc, bobCache, s.uri().toString(), "--data-binary", "@" + body);
            assertEquals(200, r.status(), r::toString);
            assertEquals("bob@" + MitKdc.REALM, r.body());
        }
    }

    @Test
    void curlWithoutATicketGetsTheChallengeOnly(MitKdc kdc, @TempDir Path tmp) throws Exception {
        Curl.assumeInstalled();
        try (NegotiateTestServer s = server(kdc, "*", "negotiate,basic")) {
            Curl.Result r = Curl.negotiate(kdc, tmp.resolve("no-such-cache"), s.uri().toString());
            assertEquals(401, r.status(), r::toString);
            assertEquals(List.of("Negotiate", "Basic realm=\"BITS\", charset=\"UTF-8\""), r.values("www-authenticate"));
        }
    }

    @Test
    void principalOutsideTheAllowListIsForbidden(MitKdc kdc) throws Exception {
        Curl.assumeInstalled();
        try (NegotiateTestServer s = server(kdc, "alice@" + MitKdc.REALM, "negotiate")) {
            assertEquals(403, Curl.negotiate(kdc, bobCache, s.uri().toString()).status());
            assertEquals(200, Curl.negotiate(kdc, aliceCache, s.uri().toString()).status());
        }
    }

    /** One HTTP/1.1 response read off a keep-alive connection. */
    private record Response(int status, List<String> headers, String body) {
        List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                    out.add(h.substring(colon + 1).strip());
                }
            }
            return out;
        }
    }

    private static Response get(Socket socket, InputStream in, String authorization) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: localhost\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line(in);
        List<String> headers = new ArrayList<>();
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headers.add(h);
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Response(Integer.parseInt(status.substring(9, 12)), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyRequestOnAKeepAliveConnectionCarriesItsOwnTokenAndGetsTheMutualReply(MitKdc kdc) throws Exception {
        Subject alice = GssTestClient.login(aliceCache);
        try (NegotiateTestServer s = server(kdc, "*", "negotiate");
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.uri().getPort())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Response challenge = get(socket, in, null);
            assertEquals(401, challenge.status());
            assertEquals(List.of("Negotiate"), challenge.values("www-authenticate"));
            for (int i = 0; i < 3; i++) {
                GssTestClient.Handshake h = GssTestClient.start(alice, MitKdc.SERVICE_PRINCIPAL, GssTestClient.SPNEGO,
                        true);
                Response r = get(socket, in, "Negotiate " + h.token());
                assertEquals(200, r.status());
                assertEquals("alice@" + MitKdc.REALM, r.body());
                String reply = r.values("www-authenticate").get(0);
                assertTrue(h.finish(SpnegoAcceptor.negotiateToken(reply).orElseThrow()), "server authenticated");
            }
            // the same connection, no token: challenged again (nothing is tied to the connection)
            assertEquals(401, get(socket, in, null).status());
        }
    }

    @Test
    void ntlmInsideNegotiateGetsTheChallengeAndIsRecordedAsNtlm(MitKdc kdc) throws Exception {
        try (NegotiateTestServer s = server(kdc, "*", "negotiate");
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.uri().getPort())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Response r = get(socket, in, "Negotiate " + NegotiateTokensTest.b64(NegotiateTokensTest.NTLM_NEGOTIATE));
            assertEquals(401, r.status());
            assertEquals(List.of("Negotiate"), r.values("www-authenticate"));
            assertEquals(List.of("NTLM"), s.refusals());
        }
    }
}
