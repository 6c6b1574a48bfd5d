// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.DirectoryAuth;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.kdc.KdcExtension;
import io.github.bitsj.server.kdc.MitKdc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bits-client --negotiate}, {@code --keytab}, {@code --principal} against bits-server with Negotiate and a
 * real KDC: in process with a keytab, and as a child process with the default ticket cache ({@code KRB5CCNAME}) and
 * the MIT tools' {@code KRB5_CONFIG}, as a user who ran {@code kinit} would.
 */
@ExtendWith(KdcExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MainNegotiateKdcTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private BitsServer server;
    private Path file;

    @BeforeEach
    void start(MitKdc kdc) throws Exception {
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addDirectory(UploadDirectory.newBuilder("/upload", Files.createDirectories(dir.resolve("store")))
                        .auth(DirectoryAuth.of(Set.of(AuthScheme.NEGOTIATE), List.of("alice@" + MitKdc.REALM)))
                        .build())
                .keytab(kdc.serviceKeytab()).build());
        byte[] data = new byte[150_000];
        new Random(7).nextBytes(data);
        file = Files.write(dir.resolve("f.bin"), data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return "http://localhost:" + server.port() + "/upload/f.bin";
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), null, args);
    }

    @Test
    void uploadsWithAKeytab(MitKdc kdc) throws Exception {
        int code = run("upload", file.toString(), url(), "-q", "--keytab", kdc.userKeytab("alice").toString(),
                "--principal", "alice@" + MitKdc.REALM);
        assertEquals(Main.OK, code, err::toString);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("store/f.bin")));
    }

    @Test
    void aPrincipalTheServerDoesNotAdmitIsAFatalError(MitKdc kdc) throws Exception {
        int code = run("upload", file.toString(), url(), "-q", "--keytab", kdc.userKeytab("bob").toString(),
                "--principal", "bob@" + MitKdc.REALM);
        assertEquals(Main.FATAL, code);
        assertTrue(err.toString().contains("HTTP 403"), err::toString);
    }

    @Test
    void inconsistentKerberosOptionsAreUsageErrors(MitKdc kdc) throws Exception {
        String kt = kdc.userKeytab("alice").toString();
        assertEquals(Main.USAGE, run("upload", file.toString(), url(), "--keytab", kt));
        assertTrue(err.toString().contains("--keytab needs --principal"), err::toString);
        assertEquals(Main.USAGE, run("upload", file.toString(), url(), "--negotiate", "-u", "alice",
                "--password-env", "PW"));
        assertTrue(err.toString().contains("exclude each other"), err::toString);
        assertEquals(Main.USAGE, run("upload", file.toString(), url(), "--keytab", dir.resolve("none").toString(),
                "--principal", "alice@" + MitKdc.REALM));
        assertEquals(Main.USAGE, run("upload", file.toString(), url(), "--principal", "alice @R"));
    }

    @Test
    void aChildProcessUsesKinitsCacheAndKrb5ConfigFromTheEnvironment(MitKdc kdc) throws Exception {
        Path cache = kdc.kinit("alice", Optional.empty());
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "upload", file.toString(), url(), "--negotiate", "-q");
        pb.environment().put("KRB5CCNAME", "FILE:" + cache);
        pb.environment().put("KRB5_CONFIG", kdc.krb5Conf().toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child finished");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("uploaded 150000 bytes"), output);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("store/f.bin")));
    }
}
