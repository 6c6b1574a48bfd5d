// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.io.IOException;
import java.net.URI;
import java.util.Random;

/**
 * A quick throughput probe (not a test): uploads {@code size} bytes in fragments of {@code fragment} bytes to a
 * running server over one keep-alive connection with the shared {@link RawBitsClient}, sending every fragment from one
 * reused buffer, and prints MB/s. The proper harness is bits-bench's. Usage: {@code ThroughputProbe
 * http://127.0.0.1:8080/upload/x.bin 1073741824 1048576}.
 */
final class ThroughputProbe {
    private ThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long size = Long.parseLong(args[1]);
        int fragment = Integer.parseInt(args[2]);
        byte[] buf = new byte[fragment];
        new Random(1).nextBytes(buf);
        String path = url.getRawPath();
        try (RawBitsClient c = new RawBitsClient(url)) {
            String sid = c.newSession(path);
            long t0 = System.nanoTime();
            long pos = 0;
            while (pos < size) {
                int len = (int) Math.min(fragment, size - pos);
                RawBitsClient.RawResponse r = c.fragment(path, sid, buf, 0, len, pos, size);
                if (r.status() != 200) {
                    throw new IOException("unexpected answer: " + r.statusLine());
                }
                pos = r.received();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            c.close(path, sid);
            System.out.printf("uploaded %d bytes in %.2f s: %.1f MB/s (%.1f MiB/s)%n", size, secs,
                    size / secs / 1e6, size / secs / 1048576);
        }
    }
}
