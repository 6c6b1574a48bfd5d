// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The server application of an upload directory (SDK: Notification Protocol for Server Applications): what runs when an upload's last byte arrives, before
 * the final Fragment Ack, and whose answer becomes the upload-reply job's reply. Immutable; made by the static
 * factories and refined with the {@code with*} methods.
 *
 * <table>
 * <caption>Kinds</caption>
 * <tr><th>factory</th><th>IIS equivalent</th><th>what happens</th></tr>
 * <tr><td>{@link #NONE}</td><td>{@code BITSServerNotificationType} 0</td><td>the upload is committed at its
 *     destination (MC-BUP §3.3.5.2.4); no reply</td></tr>
 * <tr><td>{@link #notifyByReference}</td><td>type 1 + {@code BITSServerNotificationURL}</td><td>{@code POST} with
 *     the request and reply file paths (SDK: Notification Protocol for Server Applications)</td></tr>
 * <tr><td>{@link #notifyByValue}</td><td>type 2 + URL</td><td>{@code POST} with the upload as the body; the
 *     response body is the reply (SDK: Notification Protocol for Server Applications)</td></tr>
 * <tr><td>{@link #handler}</td><td>—</td><td>an in-process {@link UploadHandler}</td></tr>
 * </table>
 *
 * <p>The notification URL is absolute, or relative to the upload URL's directory ({@code myasp.asp} for
 * {@code http://host/vdir/file.txt} is {@code http://host/vdir/myasp.asp}); the upload URL's query string is
 * appended (SDK: BITS IIS Extension Properties). Unlike IIS, {@code https} works too.
 *
 * <p>The final Fragment's answer waits for the application: with the JDK's server, whose response timer
 * ({@code sun.net.httpserver.maxRspTime}, unlimited by default) starts once a request's body is read, keep that
 * timer above {@link #timeout()}.
 */
public final class ServerApplication {

    /** The default time the application has to answer: 5 minutes (SDK <i>BITS IIS Extension Properties</i>). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** No server application: a plain upload directory. */
    public static final ServerApplication NONE = new ServerApplication(NotificationType.NONE, null, null,
            DEFAULT_TIMEOUT, null, false);

    private final NotificationType type;
    private final String url;
    private final UploadHandler handler;
    private final Duration timeout;
    private final PasswordAuthentication credentials;
    private final boolean forwardCredentials;

    private ServerApplication(NotificationType type, String url, UploadHandler handler, Duration timeout,
            PasswordAuthentication credentials, boolean forwardCredentials) {
        this.type = type;
        this.url = url;
        this.handler = handler;
        this.timeout = timeout;
        this.credentials = credentials;
        this.forwardCredentials = forwardCredentials;
    }

    /**
     * {@return notification by reference to this URL (SDK: Notification Protocol for Server Applications)}
     *
     * @param url the notification URL ({@code BITSServerNotificationURL}): absolute {@code http(s)}, or relative
     * @throws IllegalArgumentException if it is not a URL of at most 2,200 characters, or has a fragment
     */
    public static ServerApplication notifyByReference(String url) {
        return new ServerApplication(NotificationType.BY_REFERENCE, checkUrl(url), null, DEFAULT_TIMEOUT, null, false);
    }

    /**
     * {@return notification by value to this URL (SDK: Notification Protocol for Server Applications)}
     *
     * @param url the notification URL: absolute {@code http(s)}, or relative
     * @throws IllegalArgumentException if it is not a URL of at most 2,200 characters, or has a fragment
     */
    public static ServerApplication notifyByValue(String url) {
        return new ServerApplication(NotificationType.BY_VALUE, checkUrl(url), null, DEFAULT_TIMEOUT, null, false);
    }

    /**
     * {@return an in-process server application}
     *
     * @param handler the handler
     * @throws NullPointerException if {@code handler} is null
     */
    public static ServerApplication handler(UploadHandler handler) {
        return new ServerApplication(NotificationType.NONE, null, Objects.requireNonNull(handler, "handler"),
                DEFAULT_TIMEOUT, null, false);
    }

    private static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (url.isEmpty() || url.length() > 2200 || u.getRawFragment() != null || u.isOpaque()
                || (scheme != null && (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null))) {
            throw new IllegalArgumentException("a notification URL is an absolute http(s) URL or a relative one, at"
                    + " most 2200 characters, without a fragment");
        }
        return url;
    }

    /**
     * {@return this application with another answer timeout}
     *
     * @param timeout how long the application may take (at least 1 ms); past it the client gets 408
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public ServerApplication withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return new ServerApplication(type, url, handler, timeout, credentials, forwardCredentials);
    }

    /**
     * {@return this notification sending a service account's Basic credentials (SDK: Setting Permissions on Virtual Directories); never logged}
     *
     * @param user the user name
     * @param password the password (copied)
     * @throws IllegalStateException if this is no URL notification
     */
    public ServerApplication withCredentials(String user, char[] password) {
        requireUrl();
        return new ServerApplication(type, url, handler, timeout,
                new PasswordAuthentication(Objects.requireNonNull(user, "user"), password), false);
    }

    /**
     * {@return this notification forwarding the uploading client's Basic {@code Authorization} header, as IIS calls
     * the application as the uploading user (SDK: Setting Permissions on Virtual Directories); other schemes (NTLM, Negotiate) are connection-bound and
     * never forwarded; never logged}
     *
     * @throws IllegalStateException if this is no URL notification
     */
    public ServerApplication withForwardedCredentials() {
        requireUrl();
        return new ServerApplication(type, url, handler, timeout, null, true);
    }

    private void requireUrl() {
        if (url == null) {
            throw new IllegalStateException("credentials are for a notification URL");
        }
    }

    /** {@return the notification type; {@link NotificationType#NONE} for no application and for a handler} */
    public NotificationType type() {
        return type;
    }

    /** {@return the notification URL, for a URL notification} */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** {@return the in-process handler, if this is one} */
    public Optional<UploadHandler> handler() {
        return Optional.ofNullable(handler);
    }

    /** {@return how long the application may take to answer (default {@link #DEFAULT_TIMEOUT})} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the service credentials sent to a notification URL, if any} */
    public Optional<PasswordAuthentication> credentials() {
        return Optional.ofNullable(credentials)
                .map(c -> new PasswordAuthentication(c.getUserName(), c.getPassword()));
    }

    /** {@return whether the client's Basic credentials are forwarded to the notification URL} */
    public boolean forwardsCredentials() {
        return forwardCredentials;
    }

    /** {@return true if uploads here are upload-reply uploads: a notification URL or a handler answers them} */
    public boolean isPresent() {
        return url != null || handler != null;
    }

    @Override
    public String toString() {
        return handler != null ? "ServerApplication[handler]"
                : url != null ? "ServerApplication[" + type.optionValue() + " " + url + "]" : "ServerApplication[none]";
    }
}
