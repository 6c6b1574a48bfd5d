// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client and the command line over HTTPS against {@code bits-server} (test-only keys in {@code tls/}). */
@Timeout(60)
class HttpsE2ETest {
    @TempDir
    Path dir;

    BitsServer server;
    Path store;

    public static KeyStore load(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = HttpsE2ETest.class.getResourceAsStream("/tls/" + name)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    @BeforeEach
    void start() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load("server.p12"), "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        store = Files.createDirectories(dir.resolve("store"));
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", store).build())
                .sslContext(ctx)
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path file() throws Exception {
        byte[] b = new byte[300_000];
        new Random(3).nextBytes(b);
        return Files.write(dir.resolve("f.bin"), b);
    }

    @Test
    void uploadsOverHttpsWithATrustedCertificate() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load("trust.p12"));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        Path file = file();
        UploadResult r = BitsClient.newBuilder().sslContext(ctx).build()
                .upload(file, server.uri().resolve("up/f.bin"));
        assertEquals("https", r.target().getScheme());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(store.resolve("f.bin")));
    }

    @Test
    void anUntrustedCertificateIsFatal() throws Exception {
        BitsClientException e = assertThrows(BitsClientException.class,
                () -> BitsClient.newBuilder().build().upload(file(), server.uri().resolve("up/f.bin")));
        assertFalse(e.isTransient());
        assertEquals(ErrorContext.GENERAL_TRANSPORT, e.context().orElseThrow());
    }
}
