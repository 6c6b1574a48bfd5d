// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The project's one TLS fixture (shared through bits-server's test-jar): a committed, test-only, self-signed key
 * pair for {@code localhost} / {@code 127.0.0.1} ({@code test-server.p12} beside this class; see its README), as the
 * server's {@link SSLContext}, a client {@link SSLContext} that trusts exactly it, and as files for command lines
 * ({@code --tls-keystore}, a client's trust store).
 */
public final class TlsFixture {
    /** The password of the keystore and of the trust store {@link #writeTrustStore} writes: {@value}. */
    public static final String PASSWORD = "changeit";

    private TlsFixture() {}

    /** {@return the key store: the key pair and its certificate} */
    public static KeyStore keyStore() {
        try (InputStream in = TlsFixture.class.getResourceAsStream("test-server.p12")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return a server context presenting the key pair} */
    public static SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return a client context that trusts the fixture's certificate only} */
    public static SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies the PKCS12 key store to a file (for {@code --tls-keystore}).
     *
     * @param file where to write it
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path writeKeyStore(Path file) throws IOException {
        try (InputStream in = TlsFixture.class.getResourceAsStream("test-server.p12")) {
            Files.copy(in, file);
        }
        return file;
    }

    /**
     * Writes a PKCS12 trust store holding only the fixture's certificate (for a client's {@code --trust-store}),
     * password {@link #PASSWORD}.
     *
     * @param file where to write it
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path writeTrustStore(Path file) throws IOException {
        try {
            KeyStore ks = keyStore();
            Certificate cert = ks.getCertificate(ks.aliases().nextElement());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("bits-test", cert);
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
