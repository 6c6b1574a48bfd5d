// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many concurrent sessions with interleaved fragments; concurrent duplicates for one session (MC-BUP §3.2.5.2.6). */
class ConcurrencyE2ETest {
    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredFiftyConcurrentSessionsWithInterleavedFragments(HttpEngine engine) throws Exception {
        int sessions = 250;
        // 250 sessions from one loopback address, all open before any fragment: not what the per-address limits allow
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.engine(engine)
                .fairUseLimits(FairUseLimits.none()));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch allCreated = new CountDownLatch(sessions);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Random r = new Random(n);
                    byte[] data = new byte[20_000 + r.nextInt(60_000)];
                    r.nextBytes(data);
                    String path = "/upload/c" + n + ".bin";
                    try (RawBitsClient c = new RawBitsClient(server)) {
                        String sid = c.newSession(path);
                        allCreated.countDown();
                        allCreated.await(); // every session is open before any fragment is sent
                        int pos = 0;
                        while (pos < data.length) {
                            int len = Math.min(1 + r.nextInt(8192), data.length - pos);
                            RawResponse resp = c.fragment(path, sid, data, pos, len, pos, data.length);
                            assertEquals(200, resp.status(), resp.statusLine());
                            pos = (int) resp.received();
                        }
                        assertEquals(200, c.close(path, sid).status());
                    }
                    return data;
                }));
            }
            for (int i = 0; i < sessions; i++) {
                byte[] data = results.get(i).get(100, TimeUnit.SECONDS);
                assertArrayEquals(data, Files.readAllBytes(root.resolve("c" + i + ".bin")), "file " + i);
            }
            assertEquals(0, server.openSessions());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoIdenticalFragmentsForOneSessionAtOnce(HttpEngine engine) throws Exception {
        try (BitsServer server = TestServers.start(engine, root);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 20; round++) {
                byte[] data = new byte[300_000];
                new Random(round).nextBytes(data);
                String path = "/upload/dup" + round + ".bin";
                String sid;
                try (RawBitsClient c = new RawBitsClient(server)) {
                    sid = c.newSession(path);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RawResponse>> twins = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    twins.add(pool.submit(() -> {
                        try (RawBitsClient c = new RawBitsClient(server)) {
                            go.await();
                            return c.fragment(path, sid, data, 0, 200_000, 0, data.length);
                        }
                    }));
                }
                go.countDown();
                int answered = 0;
                for (Future<RawResponse> f : twins) {
                    RawResponse r;
                    try {
                        r = f.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // the newer request wins (D42): the older twin's body may be cut off, its connection closed
                        assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
                        continue;
                    }
                    assertEquals(200, r.status());
                    assertEquals(200_000, r.received());
                    answered++;
                }
                assertTrue(answered >= 1, "at least the newer twin is answered");
                try (RawBitsClient c = new RawBitsClient(server)) {
                    assertEquals(data.length, c.fragment(path, sid, data, 200_000, 100_000, 200_000, data.length)
                            .received());
                }
                assertArrayEquals(data, Files.readAllBytes(root.resolve("dup" + round + ".bin")));
            }
        }
    }
}
