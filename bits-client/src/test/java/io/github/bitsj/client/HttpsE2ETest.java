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
import io.github.bitsj.server.testkit.TlsFixture;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client and the command line over HTTPS against {@code bits-server} (the shared test-only TLS fixture of bits-server's test-jar). */
@Timeout(60)
class HttpsE2ETest {
    @TempDir
    Path dir;

    BitsServer server;
    Path store;

    @BeforeEach
    void start() throws Exception {
        SSLContext ctx = TlsFixture.serverContext();
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
        SSLContext ctx = TlsFixture.clientContext();
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
