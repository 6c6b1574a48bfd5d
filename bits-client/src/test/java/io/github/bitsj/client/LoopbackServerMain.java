// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Starts a {@code bits-server} on loopback for manual throughput runs of the client in a separate JVM (so the
 * client's heap can be measured alone): {@code java -cp … LoopbackServerMain STORAGE-DIR}. Prints the upload URL
 * prefix and serves until killed. Not a test.
 */
public final class LoopbackServerMain {
    private LoopbackServerMain() {}

    /**
     * Runs the server.
     *
     * @param args the storage directory
     * @throws Exception on failure
     */
    public static void main(String... args) throws Exception {
        BitsServer server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", Path.of(args[0])).allowOverwrites(true).build())
                .build());
        System.out.println(server.uri().resolve("up/"));
        Thread.currentThread().join();
    }
}
