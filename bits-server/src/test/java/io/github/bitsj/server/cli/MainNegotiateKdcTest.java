// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UserStore;
import io.github.bitsj.server.kdc.GssTestClient;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import io.github.bitsj.server.kdc.Negotiator;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line's Negotiate options against a real KDC: {@code --auth}, {@code --keytab} and the rest. */
@ExtendWith(KdcExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainNegotiateKdcTest {
    private static Subject alice;
    private static Subject bob;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void tickets(MitKdc kdc) throws Exception {
        alice = GssTestClient.login(kdc.kinit("alice", Optional.empty()));
        bob = GssTestClient.login(kdc.kinit("bob", Optional.empty()));
    }

    private Main.Prepared prepare(String... args) {
        return Main.prepare(new PrintWriter(out, true), new PrintWriter(err, true), InputStream.nullInputStream(),
                false, args);
    }

    private String[] args(MitKdc kdc, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--port", "0", "-d", dir.resolve("up").toString(),
                "--krb5-conf", kdc.krb5Conf().toString(), "--keytab", kdc.serviceKeytab().toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void negotiateWithTheServicePrincipalDerivedFromTheLoopbackBindAddress(MitKdc kdc) throws Exception {
        Main.Prepared p = prepare(args(kdc, "--auth", "negotiate", "--allow-principals", "alice@" + MitKdc.REALM));
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server();
                RawBitsClient anonymous = new RawBitsClient(server);
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL));
                RawBitsClient b = new RawBitsClient(server).withAuthorization(
                        new Negotiator(bob, MitKdc.SERVICE_PRINCIPAL))) {
            UploadDirectory d = server.config().directories().get(0);
            assertEquals(Optional.of(Set.of(AuthScheme.NEGOTIATE)), d.auth().schemes());
            assertEquals(Optional.empty(), server.config().servicePrincipal(), "HTTP/localhost by default");
            assertEquals(401, anonymous.ping("/upload/x").status());
            String sid = a.newSession("/upload/x");
            assertEquals(2, a.fragment("/upload/x", sid, new byte[] {1, 2}, 0, 2).received());
            assertEquals(403, b.ping("/upload/x").status());
        }
        assertTrue(Files.exists(dir.resolve("up").resolve("x")));
    }

    @Test
    void negotiateAndBasicFromAConfigFileWithAnExplicitServicePrincipal(MitKdc kdc) throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, UserStore.hashLine("carol", "carol-pw".toCharArray()) + "\n");
        Path props = dir.resolve("bits.properties");
        Files.writeString(props, "auth=negotiate,basic\nservice-principal=" + MitKdc.SERVICE_PRINCIPAL
                + "\nusers-file=" + users + "\n");
        Main.Prepared p = prepare(args(kdc, "--config", props.toString()));
        assertEquals(0, p.exitCode(), err::toString);
        try (BitsServer server = p.server();
                RawBitsClient anonymous = new RawBitsClient(server);
                RawBitsClient carol = new RawBitsClient(server).withBasicAuth("carol", "carol-pw");
                RawBitsClient a = new RawBitsClient(server).withAuthorization(
                        new Negotiator(alice, MitKdc.SERVICE_PRINCIPAL))) {
            RawResponse r = anonymous.ping("/upload/y");
            assertEquals(401, r.status());
            // two challenges: two header lines (JDK engine), or one comma list (Jetty, the command line's default)
            String challenges = r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(
                    "WWW-Authenticate")).flatMap(e -> e.getValue().stream()).collect(
                            java.util.stream.Collectors.joining(", "));
            assertTrue(challenges.startsWith("Negotiate") && challenges.contains(", Basic realm="), challenges);
            assertEquals(200, carol.ping("/upload/y").status());
            assertEquals(200, a.ping("/upload/y").status());
        }
    }

    @Test
    void inconsistentOptionsAreCommandLineErrors(MitKdc kdc) throws Exception {
        String up = dir.resolve("up").toString();
        assertEquals(1, prepare("--port", "0", "-d", up, "--auth", "negotiate").exitCode());
        assertTrue(err.toString().contains("--auth negotiate needs --keytab"), err::toString);
        assertEquals(1, prepare("--port", "0", "-d", up, "--keytab", kdc.serviceKeytab().toString()).exitCode());
        assertTrue(err.toString().contains("--keytab needs --auth negotiate"), err::toString);
        assertEquals(1, prepare("--port", "0", "-d", up, "--auth", "basic").exitCode());
        assertTrue(err.toString().contains("--auth basic needs --users-file"), err::toString);
        assertEquals(1, prepare("--port", "0", "-d", up, "--auth", "ntlm").exitCode());
        assertEquals(1, prepare(args(kdc, "--auth", "negotiate", "--allow-principals", "alice")).exitCode());
        assertTrue(err.toString().contains("invalid value for --allow-principals"), err::toString);
        assertEquals(1, prepare("--port", "0", "-d", up, "--allow-principals", "@X").exitCode());
        // the JVM's Kerberos configuration is already this KDC's: another file is a conflict, not a silent switch
        Path other = Files.writeString(dir.resolve("other-krb5.conf"), "[libdefaults]\n");
        String[] a = args(kdc, "--auth", "negotiate");
        a[5] = other.toString();
        assertEquals(1, prepare(a).exitCode());
        assertTrue(err.toString().contains("conflicts with -Djava.security.krb5.conf"), err::toString);
        assertEquals(kdc.krb5Conf().toString(), System.getProperty("java.security.krb5.conf"));
    }

    @Test
    void aKeytabWithoutTheServicePrincipalStopsTheStartWithAClearMessage(MitKdc kdc) {
        Main.Prepared p = prepare(args(kdc, "--auth", "negotiate", "--service-principal",
                "HTTP/nothere.localhost@" + MitKdc.REALM));
        assertEquals(2, p.exitCode());
        assertTrue(err.toString().contains("holds no key for HTTP/nothere.localhost@" + MitKdc.REALM),
                err::toString);
    }
}
