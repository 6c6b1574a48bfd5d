// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server binds IPv6 loopback and reports a bracketed URI. */
class Ipv6E2ETest {
    @TempDir
    Path root;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void bindsIpv6LoopbackWithABracketedUri() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(v6 instanceof Inet6Address);
        try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
            assumeTrue(probe.getLocalPort() > 0);
        } catch (java.io.IOException noIpv6) {
            assumeTrue(false, "no IPv6 loopback here");
        }
        BitsServerConfig config = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(v6, 0))
                .addDirectory(UploadDirectory.newBuilder("/upload", root).build())
                .build();
        try (BitsServer server = BitsServer.start(config); RawBitsClient c = new RawBitsClient(server)) {
            assertEquals("[0:0:0:0:0:0:0:1]", server.uri().getHost());
            assertEquals(server.port(), server.uri().getPort());
            assertEquals(200, c.ping("/upload/x").status());
        }
    }
}
