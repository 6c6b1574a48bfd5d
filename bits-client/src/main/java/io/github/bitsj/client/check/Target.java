// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The upload directory under test: where to connect, the directory's URL path (always ending in {@code /}), the local
 * directory it maps to when the server runs on this machine, and the limits of every exchange.
 *
 * @param url the URL as given
 * @param tls the socket factory for {@code https}, empty for {@code http}
 * @param host the host to connect to, as in the URL (IPv6 without brackets)
 * @param port the port
 * @param directory the directory's raw URL path, ending in {@code /}
 * @param root the local directory the URL maps to ({@code --root}), if given
 * @param timeout the connect and read timeout of every exchange
 * @param runId a random token that makes this run's destination names unique
 */
record Target(URI url, Optional<SSLSocketFactory> tls, String host, int port, String directory, Optional<Path> root,
        Duration timeout, String runId) {

    Target {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Parses and checks the URL of an upload directory.
     *
     * @param text the URL, {@code http://} or {@code https://}, no query or fragment; a missing final {@code /} is
     *     added
     * @param allowRemote whether a host that is not a loopback address may be checked
     * @return the parts: scheme is https, host, port, directory path
     * @throws IllegalArgumentException with a message for the user if the URL is not acceptable
     */
    static Parsed parse(String text, boolean allowRemote) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL: " + Text.escape(text, 200));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("need an http or https URL: " + Text.escape(text, 200));
        }
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("need http[s]://host[:port]/directory/ without user, query or fragment");
        }
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean https = scheme.equals("https");
        int port = u.getPort() >= 0 ? u.getPort() : https ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (!allowRemote) {
            requireLoopback(host);
        }
        return new Parsed(u, https, host, port, path);
    }

    /** The parts of a checked URL. */
    record Parsed(URI url, boolean https, String host, int port, String directory) {
    }

    private static void requireLoopback(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host: " + Text.escape(host, 100));
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException(Text.escape(host, 100) + " is not a loopback address ("
                        + a.getHostAddress() + "); the check sends malformed and hostile requests, so pass "
                        + "--allow-remote to check a server you are responsible for");
            }
        }
    }

    /** {@return the value of the {@code Host} header: host and, when not the scheme's default, the port} */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        int standard = tls.isPresent() ? 443 : 80;
        return port == standard ? h : h + ":" + port;
    }

    /**
     * {@return the request target of a file in the directory}
     *
     * @param name a name relative to the directory (already URL-safe)
     */
    String path(String name) {
        return directory + name;
    }

    /** {@return the request target of the directory itself without its final slash (the root path stays "/")} */
    String directoryWithoutSlash() {
        return directory.length() > 1 ? directory.substring(0, directory.length() - 1) : directory;
    }

    /** {@return true when the server speaks TLS} */
    boolean https() {
        return tls.isPresent();
    }
}
