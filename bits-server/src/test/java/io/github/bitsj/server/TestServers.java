// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/** Starts servers on loopback port 0 for tests. */
final class TestServers {
    private TestServers() {}

    static BitsServer start(Path root) throws IOException {
        return start(root, d -> d, c -> c);
    }

    static BitsServer start(Path root, UnaryOperator<UploadDirectory.Builder> dir) throws IOException {
        return start(root, dir, c -> c);
    }

    static BitsServer start(HttpEngine engine, Path root) throws IOException {
        return start(root, d -> d, c -> c.engine(engine));
    }

    static BitsServer start(Path root, UnaryOperator<UploadDirectory.Builder> dir,
            UnaryOperator<BitsServerConfig.Builder> cfg) throws IOException {
        BitsServerConfig.Builder b = BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .shutdownGrace(java.time.Duration.ofSeconds(5))
                .addDirectory(dir.apply(UploadDirectory.newBuilder("/upload", root)).build());
        return BitsServer.start(cfg.apply(b).build());
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
