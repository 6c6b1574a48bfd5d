// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --trust-store} against an HTTPS {@code bits-server} (test-only keys in {@code tls/}). */
@Timeout(60)
class HttpsCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void trustStoreMakesTheServerTrustedAndItsAbsenceIsFatal() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = getClass().getResourceAsStream("/tls/server.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        Path store = Files.createDirectories(dir.resolve("store"));
        Path trust = dir.resolve("trust.p12");
        try (InputStream in = getClass().getResourceAsStream("/tls/trust.p12")) {
            Files.copy(in, trust);
        }
        Path file = Files.write(dir.resolve("f.bin"), new byte[70_000]);
        try (BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", store).build())
                .sslContext(ctx).build())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Map<String, String> env = Map.of("TRUST_PW", "changeit");
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, null, "upload", file.toString(),
                    server.uri().resolve("up/cli.bin").toString(), "--trust-store", trust.toString(),
                    "--trust-store-password-env", "TRUST_PW", "-q");
            assertEquals(Main.OK, code, err.toString());
            assertTrue(Files.exists(store.resolve("cli.bin")));

            code = Main.run(new PrintWriter(out), new PrintWriter(err), env, null, "upload", file.toString(),
                    server.uri().resolve("up/cli2.bin").toString(), "-q");
            assertEquals(Main.FATAL, code, "untrusted: " + err);
            assertTrue(err.toString().contains("TLS certificate not trusted"), err.toString());
        }
    }
}
