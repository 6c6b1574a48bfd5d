// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.testkit.TlsFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --trust-store} against an HTTPS {@code bits-server}, with the shared TLS fixture of bits-server's test-jar. */
@Timeout(60)
class HttpsCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void trustStoreMakesTheServerTrustedAndItsAbsenceIsFatal() throws Exception {
        SSLContext ctx = TlsFixture.serverContext();
        Path store = Files.createDirectories(dir.resolve("store"));
        Path trust = TlsFixture.writeTrustStore(dir.resolve("trust.p12"));
        Path file = Files.write(dir.resolve("f.bin"), new byte[70_000]);
        try (BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", store).build())
                .sslContext(ctx).build())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Map<String, String> env = Map.of("TRUST_PW", TlsFixture.PASSWORD);
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, null, "upload", file.toString(),
                    server.uri().resolve("up/cli.bin").toString(), "--trust-store", trust.toString(),
                    "--trust-store-password-env", "TRUST_PW", "-q");
            assertEquals(Main.OK, code, err.toString());
            assertTrue(Files.exists(store.resolve("cli.bin")));

            code = Main.run(new PrintWriter(out), new PrintWriter(err), env, null, "upload", file.toString(),
                    server.uri().resolve("up/cli2.bin").toString(), "-q");
            assertEquals(Main.FATAL, code, "untrusted: " + err);
            assertTrue(err.toString().contains("the server's TLS certificate is not trusted"), err.toString());
            assertTrue(err.toString().contains("--trust-store FILE"), err.toString());
        }
    }
}
