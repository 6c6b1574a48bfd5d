// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.testkit.TlsFixture;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same-thread executor of {@link HttpClients} runs the JDK client's tasks on its selector thread; these tests
 * drive real exchanges and fail if foreign code — a TLS trust manager, an {@link Authenticator} — is ever called
 * there, i.e. if the same-thread client is used for https or with an Authenticator (issue #14).
 */
@Timeout(60)
class HttpClientsTest {
    @TempDir
    Path dir;

    /** The JDK names its selector thread {@code HttpClient-<n>-SelectorManager}. */
    private static boolean onSelector(String thread) {
        return thread.contains("SelectorManager");
    }

    private Path file() throws Exception {
        byte[] b = new byte[300_000];
        new Random(7).nextBytes(b);
        return Files.write(dir.resolve("f.bin"), b);
    }

    @Test
    void cleartextWithoutAnAuthenticatorUsesTheSameThreadClientAndHttpsNever() {
        HttpClients c = new HttpClients(null, null, Duration.ofSeconds(5));
        try {
            assertSame(HttpClients.SAME_THREAD, c.forUri(URI.create("http://h/x")).executor().orElseThrow());
            assertSame(HttpClients.SAME_THREAD, c.forUri(URI.create("HTTP://h/x")).executor().orElseThrow());
            assertTrue(c.forUri(URI.create("https://h/x")).executor().isEmpty(), "TLS: the JDK's default executor");
        } finally {
            c.close();
        }
        Authenticator auth = new Authenticator() {};
        HttpClients a = new HttpClients(null, auth, Duration.ofSeconds(5));
        try {
            assertTrue(a.forUri(URI.create("http://h/x")).executor().isEmpty(), "Authenticator: default executor");
            assertSame(a.forUri(URI.create("http://h/x")), a.forUri(URI.create("https://h/x")));
            assertSame(auth, a.forUri(URI.create("http://h/x")).authenticator().orElseThrow());
        } finally {
            a.close();
        }
    }

    @Test
    void aTrustManagerIsNeverCalledOnTheSelectorThread() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try (BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", store).build())
                .sslContext(TlsFixture.serverContext())
                .build());
                BitsClient client = BitsClient.newBuilder().sslContext(recording(threads))
                        .fragmentPolicy(FragmentPolicy.fixed(64 * 1024)).build()) {
            Path file = file();
            client.upload(file, server.uri().resolve("up/f.bin"));
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(store.resolve("f.bin")));
        }
        assertFalse(threads.isEmpty(), "the handshake checked the certificate");
        assertTrue(threads.stream().noneMatch(HttpClientsTest::onSelector), "checked on " + threads);
    }

    @Test
    void anAuthenticatorIsNeverCalledOnTheSelectorThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        Authenticator auth = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                threads.add(Thread.currentThread().getName());
                return new PasswordAuthentication("alice", "wrong".toCharArray());
            }
        };
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.of(401, "WWW-Authenticate", "Basic realm=\"r\""));
                BitsClient client = BitsClient.newBuilder().authenticator(auth).build()) {
            BitsClientException e = assertThrows(BitsClientException.class,
                    () -> client.upload(file(), server.uri("/up/a")));
            assertEquals(401, e.status());
        }
        assertFalse(threads.isEmpty(), "the JDK asked the authenticator");
        assertTrue(threads.stream().noneMatch(HttpClientsTest::onSelector), "asked on " + threads);
    }

    /** The fixture's trust, through a trust manager that records the threads it is called on. */
    private static SSLContext recording(List<String> threads) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) TlsFixture.keyStore());
        X509ExtendedTrustManager real = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                real.checkServerTrusted(chain, authType, engine);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                real.checkServerTrusted(chain, authType, socket);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                real.checkServerTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws java.security.cert.CertificateException {
                real.checkClientTrusted(chain, authType, engine);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws java.security.cert.CertificateException {
                real.checkClientTrusted(chain, authType, socket);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                real.checkClientTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return real.getAcceptedIssuers();
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }
}
