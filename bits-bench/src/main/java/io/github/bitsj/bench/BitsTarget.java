// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * bits-server as a benchmark target. Until bits-server is on this branch it is reported as unavailable, and the
 * harness skips it.
 */
final class BitsTarget implements AutoCloseable {
    /** The URL prefix of the upload directory the harness uses. */
    static final String PATH_PREFIX = "/upload/";

    private BitsTarget() {}

    /** {@return true if bits-server is on the class path} */
    static boolean available() {
        return false;
    }

    /**
     * Starts bits-server on an ephemeral loopback port with one upload directory {@code /upload}.
     *
     * @param dir the storage root
     * @return the running server
     * @throws IOException if it cannot start
     */
    static BitsTarget start(Path dir) throws IOException {
        throw new IOException("bits-server is not on this branch yet");
    }

    /** {@return the bound port} */
    int port() {
        return -1;
    }

    @Override
    public void close() {
    }
}
