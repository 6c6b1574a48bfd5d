// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The default service principal: {@code HTTP/} and the host name clients use for the bind address. */
class ServicePrincipalsTest {
    @Test
    void loopbackIsLocalhost() throws Exception {
        assertEquals("HTTP/localhost", ServicePrincipals.defaultFor(new InetSocketAddress("127.0.0.1", 8080)));
        assertEquals("HTTP/localhost", ServicePrincipals.defaultFor(new InetSocketAddress("::1", 8080)));
        assertEquals("HTTP/localhost",
                ServicePrincipals.defaultFor(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    @Test
    void aWildcardIsTheMachinesCanonicalNameInLowerCase() throws Exception {
        String spn = ServicePrincipals.defaultFor(new InetSocketAddress(0));
        String host = InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT);
        assertEquals("HTTP/" + (host.endsWith(".") ? host.substring(0, host.length() - 1) : host), spn);
        assertTrue(spn.substring(5).equals(spn.substring(5).toLowerCase(Locale.ROOT)), spn);
    }
}
