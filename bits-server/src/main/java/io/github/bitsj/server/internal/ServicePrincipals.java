// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The default Kerberos service principal of the server (RFC 4559 §4.1: clients ask for {@code HTTP/<host>} with
 * the host name of the URL they use), without a realm, so that the Kerberos configuration's default realm applies.
 */
final class ServicePrincipals {
    private ServicePrincipals() {}

    /**
     * {@return {@code HTTP/<host>}: {@code localhost} for a loopback bind address, the machine's canonical name for a
     * wildcard one, otherwise the canonical name of the bind address (a reverse lookup)} A name that does not
     * resolve falls back to the address text; the keytab then lacks the principal and the start fails saying so.
     *
     * @param bind the address the server listens on
     */
    static String defaultFor(InetSocketAddress bind) {
        InetAddress a = bind.getAddress();
        String host;
        if (a == null) {
            host = bind.getHostString();
        } else if (a.isLoopbackAddress()) {
            host = "localhost";
        } else if (a.isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        } else {
            host = a.getCanonicalHostName();
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return "HTTP/" + host.toLowerCase(Locale.ROOT);
    }
}
