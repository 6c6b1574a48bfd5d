// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random binary files uploaded in random fragment sizes with interruptions, overlaps, resends and gaps
 * (Fragment table rows 7–10, MC-BUP §2.2.6 interrupted bodies); the committed file's SHA-256 must equal the source's.
 */
class RandomUploadE2ETest {
    @TempDir
    static Path root;
    static BitsServer server;
    static int counter;

    @BeforeAll
    static void start() throws IOException {
        server = TestServers.start(root);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A chaotic client: keeps its own idea of the offset and resynchronises from every Ack (MC-BUP §2.2.7.2). */
    private static void chaoticUpload(byte[] data, Random rnd, int maxFragment, double chaos) throws Exception {
        String path = "/upload/file-" + (++counter) + ".bin";
        try (RawBitsClient c = new RawBitsClient(server)) {
            String sid = c.newSession(path);
            long total = data.length;
            if (total == 0) {
                RawResponse r = c.fragment(path, sid, data, 0, 0, 0, 0);
                assertEquals(200, r.status());
            }
            long pos = 0;
            int steps = 0;
            while (pos < total) {
                assertTrue(++steps < 100_000, "no progress");
                int len = (int) Math.min(1 + rnd.nextInt(maxFragment), total - pos);
                double roll = rnd.nextDouble();
                long start = pos;
                if (roll < chaos && pos > 0) { // overlap or full resend
                    start = Math.max(0, pos - 1 - rnd.nextInt((int) Math.min(pos, maxFragment)));
                    len = (int) Math.min(len + (pos - start), total - start);
                } else if (roll < 2 * chaos && pos + 1 < total) { // gap
                    start = pos + 1 + rnd.nextInt((int) Math.min(total - pos - 1, maxFragment));
                    len = (int) Math.min(len, total - start);
                } else if (roll < 3 * chaos && len > 1) { // interrupted mid-body
                    c.interruptedFragment(path, sid, data, (int) start, len, rnd.nextInt(len), total);
                    continue; // the client does not know how much arrived
                }
                RawResponse r = c.fragment(path, sid, data, (int) start, len, start, total);
                assertTrue(r.status() == 200 || r.status() == 416, r.statusLine());
                long received = r.received();
                assertTrue(received <= total);
                pos = received;
            }
            assertEquals(200, c.close(path, sid).status());
        }
        assertEquals(TestServers.sha256(data), sha256(root.resolve(path.substring("/upload/".length()))));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** One upload: the seed of its bytes and of its chaos, its size and its largest fragment. */
    record Case(long seed, int size, int maxFragment) {}

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomFilesInRandomFragmentsWithChaos() {
        Props.forAll(12, r -> new Case(r.nextLong(), r.nextInt(3) == 0 ? r.nextInt(16) : r.nextInt(600_000),
                1 + r.nextInt(200_000)), c -> {
                    Random rnd = new Random(c.seed());
                    chaoticUpload(Props.bytes(rnd, c.size()), rnd, c.maxFragment(), 0.15);
                });
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void emptyFile() throws Exception {
        chaoticUpload(new byte[0], new Random(1), 10, 0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void oneByteFile() throws Exception {
        chaoticUpload(new byte[] {42}, new Random(2), 10, 0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void exactMultipleOfTheFragmentSize() {
        Props.forAll(1, r -> r.nextLong(), seed -> {
            byte[] data = Props.bytes(seed, 8 * 65536);
            String path = "/upload/multiple.bin";
            try (RawBitsClient c = new RawBitsClient(server)) {
                String sid = c.newSession(path);
                RawResponse last = c.upload(path, sid, data, 65536);
                assertEquals(data.length, last.received());
            }
            assertEquals(TestServers.sha256(data), sha256(root.resolve("multiple.bin")));
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hundredMebibytesWithInterruptionsAndOverlaps() {
        Props.forAll(1, r -> r.nextLong(), seed -> {
            Random r = new Random(seed);
            chaoticUpload(Props.bytes(r, 100 * 1024 * 1024), r, 8 * 1024 * 1024, 0.05);
        });
    }
}
