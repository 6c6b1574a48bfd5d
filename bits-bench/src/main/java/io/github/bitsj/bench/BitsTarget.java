// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * bits-server as a benchmark target: one upload directory {@value #PATH_PREFIX} over the storage root, overwrites
 * allowed (runs reuse names), no per-principal session cap (the harness runs up to 1,000 anonymous sessions), every
 * other setting at its default (no fsync per fragment, like every other target).
 */
final class BitsTarget implements AutoCloseable {
    /** The URL prefix of the upload directory the harness uses. */
    static final String PATH_PREFIX = "/upload/";

    private final BitsServer server;

    private BitsTarget(BitsServer server) {
        this.server = server;
    }

    /** {@return true if bits-server is on the class path} */
    static boolean available() {
        return true;
    }

    /**
     * Starts bits-server on an ephemeral loopback port.
     *
     * @param dir the storage root
     * @param engine the HTTP engine ({@link Engines})
     * @return the running server
     * @throws IOException if it cannot start
     */
    static BitsTarget start(Path dir, String engine) throws IOException {
        UploadDirectory upload = UploadDirectory.newBuilder("/upload", dir)
                .allowOverwrites(true)
                .maxSessionsPerPrincipal(1_000_000)
                .build();
        BitsServerConfig.Builder config = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .fairUseLimits(io.github.bitsj.server.FairUseLimits.none()) // every load client is 127.0.0.1
                .addDirectory(upload);
        return new BitsTarget(BitsServer.start(Engines.configure(config, engine).build()));
    }

    /** {@return the bound port} */
    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
