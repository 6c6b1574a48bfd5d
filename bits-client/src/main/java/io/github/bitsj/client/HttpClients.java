// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.Authenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The {@code java.net.http} clients a {@link BitsClient} sends through: one for {@code https} (and for everything when
 * an {@link Authenticator} is configured) on the JDK's default executor, and, when no {@link Authenticator} is
 * configured, one for cleartext {@code http} whose executor runs the JDK client's tasks on the thread that hands them
 * over ({@link #SAME_THREAD}).
 *
 * <p>Why (issue #14): on its default executor the JDK client hands every step of an exchange between its selector
 * thread and a worker pool — the socket's write readiness, the answer's arrival, its parsing — about 12–14 thread
 * wake-ups per 1 MiB fragment, against about one for a blocking socket; on the same-thread executor the selector
 * thread does these steps itself. That is safe only for the JDK's own non-blocking work: the tasks the JDK hands
 * its executor for a cleartext HTTP/1.1 exchange are socket reads and writes, header parsing and the body handler
 * (here {@link Transport#ACK_HEADERS} or {@code ofInputStream}, neither blocks). It is not used where the executor
 * would run slow or foreign code on the selector thread, stalling every other exchange of the client: TLS (the
 * handshake's delegated tasks, certificate checks through a caller's trust manager) and a caller's
 * {@link Authenticator} (its callback may block, e.g. on a prompt). This client's own code never runs there:
 * {@code sendAsync} completes its future through the common pool in both cases, so the credentials' check of an
 * answer (Negotiate's mutual authentication) runs where it ran before. Both clients speak HTTP/1.1 only, follow no
 * redirect and keep connections alive (MC-BUP §2.1); a connection is never shared between schemes anyway.
 */
final class HttpClients {

    /** Runs a task on the calling thread. */
    static final Executor SAME_THREAD = Runnable::run;

    private final HttpClient general;
    private final HttpClient cleartext;   // null when an Authenticator is configured

    HttpClients(SSLContext sslContext, Authenticator authenticator, Duration connectTimeout) {
        HttpClient.Builder b = builder(sslContext, authenticator, connectTimeout);
        this.general = b.build();
        this.cleartext = authenticator != null ? null
                : builder(null, null, connectTimeout).executor(SAME_THREAD).build();
    }

    private static HttpClient.Builder builder(SSLContext sslContext, Authenticator authenticator, Duration timeout) {
        HttpClient.Builder hb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout);
        if (sslContext != null) {
            hb.sslContext(sslContext);
        }
        if (authenticator != null) {
            hb.authenticator(authenticator);
        }
        return hb;
    }

    /** {@return the client for {@code uri}: the same-thread one for cleartext http when there is one} */
    HttpClient forUri(URI uri) {
        return cleartext != null && "http".equalsIgnoreCase(uri.getScheme()) ? cleartext : general;
    }

    /** Closes both, waiting for exchanges in flight. */
    void close() {
        try {
            general.close();
        } finally {
            if (cleartext != null) {
                cleartext.close();
            }
        }
    }
}
