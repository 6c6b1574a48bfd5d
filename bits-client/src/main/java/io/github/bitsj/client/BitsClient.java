// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.SessionId;
import java.io.IOException;
import java.net.Authenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A BITS upload client (MC-BUP §3.1.1.2): uploads local files to a BITS server (IIS with the BITS Server Extension, or
 * {@code bits-server}) with the resume, resynchronisation, farm and retry behaviour of the Windows BITS service.
 *
 * <pre>{@code
 * BitsClient client = BitsClient.newBuilder()
 *         .retryPolicy(RetryPolicy.newBuilder().maxDelay(Duration.ofMinutes(5)).noProgressTimeout(Duration.ofHours(12))
 *                 .build())
 *         .build();
 * UploadResult r = client.upload(Path.of("report.pdf"), URI.create("https://files.example.com/upload/report.pdf"));
 * }</pre>
 *
 * <p>A client is immutable and thread-safe; one client can run many jobs at once, and {@link #close()} releases its
 * connections. It speaks HTTP/1.1 only
 * (STYLE §1.4 item 8: BITS is an HTTP/1.1 protocol) through {@link HttpClient}s (one for https, one for cleartext
 * http), which keep connections alive between the packets of a job (MC-BUP §2.1).
 */
public final class BitsClient implements AutoCloseable {

    /** The {@code User-Agent} sent unless the builder sets another. */
    public static final String DEFAULT_USER_AGENT = "bitsj/" + io.github.bitsj.protocol.internal.BuildInfo.VERSION;

    /** The default connect timeout: MC-BUP's send timer, {@link ClientLimits#DEFAULT_SEND_TIMEOUT}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = ClientLimits.DEFAULT_SEND_TIMEOUT;

    /** The default response timeout: MC-BUP's receive timer, {@link ClientLimits#DEFAULT_RESPONSE_TIMEOUT}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = ClientLimits.DEFAULT_RESPONSE_TIMEOUT;

    final Transport transport;
    final FragmentPolicy fragmentPolicy;
    final RetryPolicy retryPolicy;
    final System.Logger logger;
    final Clock clock;

    private BitsClient(Builder b) {
        this.transport = new Transport(new HttpClients(b.sslContext, b.authenticator, b.connectTimeout), b.headers,
                b.userAgent, b.requestTimeout, b.credentials);
        this.fragmentPolicy = b.fragmentPolicy;
        this.retryPolicy = b.retryPolicy;
        this.logger = b.logger;
        this.clock = b.clock;
    }

    /** {@return a builder with the defaults documented on its methods} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Starts describing a job that uploads {@code file} to {@code target}.
     *
     * @param file the local file
     * @param target the remote URL ({@code http} or {@code https})
     * @return a job builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL with a host
     */
    public UploadJob.Builder newJob(Path file, URI target) {
        return new UploadJob.Builder(this, file, target);
    }

    /**
     * Uploads a file and waits until the server has it (plain upload job, MC-BUP §1.3, §4.1).
     *
     * @param file the local file
     * @param target the remote URL
     * @return what happened
     * @throws BitsClientException if the server refused the upload, transient errors lasted past the no-progress
     *     timeout, or the file changed during the upload
     * @throws IOException if the local file cannot be read
     * @throws InterruptedException if the calling thread is interrupted (the server session is left to resume)
     */
    public UploadResult upload(Path file, URI target) throws IOException, InterruptedException {
        return newJob(file, target).build().run();
    }

    /**
     * Uploads a file and downloads the server application's reply into {@code replyFile} (upload-reply job,
     * MC-BUP §1.3.3, §4.2, §3.3.5.2.6).
     *
     * @param file the local file
     * @param target the remote URL
     * @param replyFile where the reply is written (an empty file if the server sent no reply)
     * @return what happened
     * @throws BitsClientException as for {@link #upload}
     * @throws IOException if a local file cannot be read or written
     * @throws InterruptedException if the calling thread is interrupted
     */
    public UploadResult uploadReply(Path file, URI target, Path replyFile) throws IOException, InterruptedException {
        return newJob(file, target).replyTo(replyFile).build().run();
    }

    /**
     * Uploads a file and returns the server application's reply in memory ({@link UploadResult#replyData()}), as
     * {@code GetReplyData} does (MC-BUP §3.1.2: at most 1 MiB).
     *
     * @param file the local file
     * @param target the remote URL
     * @return what happened, with the reply
     * @throws BitsClientException as for {@link #upload}, or BG_E_TOO_LARGE for a reply over 1 MiB
     * @throws IOException if the local file cannot be read
     * @throws InterruptedException if the calling thread is interrupted
     */
    public UploadResult uploadReply(Path file, URI target) throws IOException, InterruptedException {
        return newJob(file, target).replyInMemory().build().run();
    }

    /**
     * Sends Cancel-Session for a session left by an earlier job (MC-BUP §2.2.10), resending on 5xx responses other than
     * BG_E_SESSION_NOT_FOUND until the retry policy's no-progress timeout (at most 24 h) runs out.
     *
     * @param target the URL the session's packets went to
     * @param sessionId the {@code BITS-Session-Id}
     * @throws BitsClientException if the server refused the cancel (1xx–4xx) or kept failing
     * @throws IOException on a local failure
     * @throws InterruptedException if interrupted
     * @throws IllegalArgumentException if the session id is not a legal value
     */
    public void cancelSession(URI target, String sessionId) throws IOException, InterruptedException {
        URI uri = Urls.requireHttp(target);
        if (!(SessionId.parse(Objects.requireNonNull(sessionId, "sessionId")) instanceof Decoded.Ok<SessionId> id)) {
            throw new IllegalArgumentException("not a legal session id");
        }
        SessionCanceller.cancel(transport, retryPolicy, clock, logger, uri, id.value(), false);
    }

    /**
     * Cancels the session recorded in a job state file (written by a job with a state file), at the farm node its
     * {@code BITS-Host-Id} named if it had one (SDK: BITS IIS Extension Properties (BITSHostId): scheme, port, path and query kept), then deletes the file.
     *
     * @param stateFile the job state file
     * @return the cancelled session id
     * @throws IllegalArgumentException if the file is not a readable job state file with a session
     * @throws BitsClientException if the server refused the cancel (1xx–4xx) or kept failing
     * @throws IOException on a local failure
     * @throws InterruptedException if interrupted
     */
    public String cancelSession(Path stateFile) throws IOException, InterruptedException {
        JobStateFile state = JobStateFile.read(stateFile)
                .filter(st -> st.sessionId() != null && !st.sessionId().isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("not a job state file with a session"));
        URI target = Urls.requireHttp(state.origin());
        if (!state.hostId().isEmpty()) {
            target = Urls.withHost(target, state.hostId());
        }
        cancelSession(target, state.sessionId());
        Files.deleteIfExists(stateFile);
        return state.sessionId();
    }

    /**
     * Closes the client's HTTP connections and threads, waiting for exchanges in flight to finish (as
     * {@link HttpClient#close()} does). Jobs started afterwards fail. Closing is optional: an unreferenced client is
     * reclaimed with its connections.
     */
    @Override
    public void close() {
        transport.close();
    }

    /** {@return the retry policy} */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** {@return the fragment-size policy} */
    public FragmentPolicy fragmentPolicy() {
        return fragmentPolicy;
    }

    /**
     * Builds a {@link BitsClient}. Every setter validates eagerly (as {@code HttpRequest.Builder} does).
     */
    public static final class Builder {
        private SSLContext sslContext;
        private Authenticator authenticator;
        private Credentials credentials = Credentials.NONE;
        private final List<HeaderField> headers = new ArrayList<>();
        private String userAgent = DEFAULT_USER_AGENT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private FragmentPolicy fragmentPolicy = FragmentPolicy.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private System.Logger logger = System.getLogger("io.github.bitsj.client");
        private Clock clock = Clock.systemUTC();

        Builder() {}

        /**
         * Sets the TLS context for {@code https} URLs (default: the JVM's default context).
         *
         * @param context the context
         * @return this builder
         * @throws NullPointerException if context is null
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Sets an authenticator that answers 401/407 challenges (SDK: Authentication) through the JDK client, for schemes
         * other than a fixed Basic user ({@link #credentials(String, char[])}) or Negotiate ({@link #negotiate}), such
         * as proxy authentication. Replaces the credentials.
         *
         * @param authenticator the authenticator
         * @return this builder
         * @throws NullPointerException if authenticator is null
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            this.credentials = Credentials.NONE;
            return this;
        }

        /**
         * Answers a server's Basic challenge (SDK: Authentication) with one user name and password, as MC-BUP's client does
         * (MC-BUP §3.1.1.2 ERROR): on a 401 the request is resent once with the credentials, which then go with every
         * later request of the job; a 401 to a request that carried them is reported (a fatal 4xx). Basic sends the
         * password in clear text: use it over HTTPS. Replaces an {@link #authenticator(Authenticator)}. The caller
         * may clear its password array afterwards.
         *
         * @param user the user name
         * @param password the password
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the user name contains ':'
         */
        public Builder credentials(String user, char[] password) {
            this.credentials = Credentials.basic(user, password);
            this.authenticator = null;
            return this;
        }

        /**
         * Answers a server's Negotiate challenge with Kerberos (RFC 4559; the Windows domain sign-on, SDK: Authentication): as
         * for {@link #credentials}, after a 401 every request of the job carries a fresh SPNEGO token for
         * {@code HTTP/<host>} of the URL it goes to (the {@code BITS-Host-Id} node after a switch), and every answer
         * must carry the server's mutual-authentication reply (a 2xx without it, or a reply that does not verify, fails
         * the job). Replaces credentials or an authenticator.
         *
         * @param login where the Kerberos credentials come from
         * @return this builder
         * @throws NullPointerException if login is null
         */
        public Builder negotiate(KerberosLogin login) {
            this.credentials = new NegotiateCredentials(login.initiator());
            this.authenticator = null;
            return this;
        }

        /**
         * Adds a header sent on every request of every job, as {@code SetCustomHeaders} does on Windows
         * (MC-BUP §2.2.1), e.g. a bearer token. At most 16 KB in total.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the name is not a legal header name, is one the protocol or the JDK
         *     client controls ({@code BITS-Packet-Type}, {@code Content-Range}, {@code Content-Length}, {@code Host},
         *     …), the value holds CR/LF, or the headers exceed 16 KB
         */
        public Builder header(String name, String value) {
            headers.add(Transport.checkCustomHeader(headers, name, value));
            return this;
        }

        /**
         * Sets the {@code User-Agent} (default {@value #DEFAULT_USER_AGENT}).
         *
         * @param userAgent the value
         * @return this builder
         * @throws NullPointerException if userAgent is null
         * @throws IllegalArgumentException if it is not a legal header value
         */
        public Builder userAgent(String userAgent) {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header("User-Agent", userAgent);
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Sets the connect timeout (default {@link #DEFAULT_CONNECT_TIMEOUT}, 2 minutes, MC-BUP §3.1.2.1).
         *
         * @param timeout the timeout
         * @return this builder
         * @throws NullPointerException if timeout is null
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /**
         * Sets how long one request may wait for its response (default {@link #DEFAULT_REQUEST_TIMEOUT}, 5 minutes,
         * MC-BUP §3.1.2.2). The final
         * fragment of an upload-reply job waits for the server application, so keep this generous.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws NullPointerException if timeout is null
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /**
         * Sets the fragment-size policy (default {@link FragmentPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if policy is null
         */
        public Builder fragmentPolicy(FragmentPolicy policy) {
            this.fragmentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the retry policy (default {@link RetryPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if policy is null
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the logger (default {@code System.getLogger("io.github.bitsj.client")}). Messages are
         * {@code event=name key=value}; header values and credentials are never logged.
         *
         * @param logger the logger
         * @return this builder
         * @throws NullPointerException if logger is null
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * Sets the clock that the host fallback timer, the retry loop's no-progress timeout and the rate use (default
         * the system UTC clock). A test hook, not API.
         */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@return a new client} */
        public BitsClient build() {
            return new BitsClient(this);
        }

        private static Duration positive(Duration d) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return d;
        }
    }
}
