// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Finds an http/https mismatch quickly, on one extra connection that carries no request: a plain-HTTP server waits
 * for a request line and never answers a TLS ClientHello (or answers it with a 400 in plain text), so without this
 * an {@code https://} URL to a plain port would wait for the whole request timeout on every try; a TLS server closes
 * a connection that sends plain HTTP without an answer, which looks like any dropped connection.
 */
final class Probe {
    /** How long a TLS handshake may take before we call the peer plain HTTP. */
    static final Duration HANDSHAKE = Duration.ofSeconds(5);

    private Probe() {}

    /**
     * For an {@code https://} target: whether the port answers a TLS handshake.
     *
     * @return the message that the server speaks plain HTTP, or empty (TLS answered, a certificate problem the
     *         upload reports itself, or no connection at all, which the upload retries)
     */
    static Optional<String> plainHttpBehindHttps(URI target, SSLContext ctx, Duration limit) {
        String where = where(target, 443);
        Socket plain;
        try {
            plain = connect(target, 443, limit);
        } catch (IOException e) {
            return Optional.empty();   // refused, unknown host, unreachable: the upload retries and reports it
        }
        try (Socket s = plain) {
            s.setSoTimeout((int) limit.toMillis());
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, target.getHost(), port(target,
                    443), false)) {
                tls.startHandshake();
                return Optional.empty();
            }
        } catch (SocketTimeoutException e) {
            return Optional.of("no TLS answer from " + where + " in " + limit.toSeconds()
                    + " s: the server speaks plain HTTP; use http://");
        } catch (SSLException e) {
            if (Explain.find(e, SocketTimeoutException.class) != null) {
                return Optional.of("no TLS answer from " + where + " in " + limit.toSeconds()
                        + " s: the server speaks plain HTTP; use http://");
            }
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("unrecognized ssl message") || m.contains("plaintext") || m.contains("unsupported")
                    && m.contains("message")) {
                return Optional.of("the server at " + where + " speaks plain HTTP, not TLS; use http://");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * For an {@code http://} target whose connection failed: whether the port completes a TLS handshake (with any
     * certificate: nothing is sent over it).
     *
     * @return the message that the server speaks TLS, or empty
     */
    static Optional<String> tlsBehindHttp(URI target, Duration limit) {
        try (Socket s = connect(target, 80, limit)) {
            s.setSoTimeout((int) limit.toMillis());
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket tls = (SSLSocket) any.getSocketFactory().createSocket(s, target.getHost(), port(target,
                    80), false)) {
                tls.startHandshake();
                return Optional.of("the server at " + where(target, 80) + " speaks TLS; use https://");
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static Socket connect(URI target, int defaultPort, Duration limit) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(target.getHost(), port(target, defaultPort)), (int) limit.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static int port(URI target, int defaultPort) {
        return target.getPort() < 0 ? defaultPort : target.getPort();
    }

    private static String where(URI target, int defaultPort) {
        return target.getHost() + ":" + port(target, defaultPort);
    }

    /** Trusts any certificate: only for finding out whether a port speaks TLS at all; no data goes over it. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
