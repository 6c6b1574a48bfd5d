// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed Basic logins back off (D44): guessers on one address are refused without a password check after a few
 * failures, a logged-in user's Pings stay fast meanwhile, and the right password works again after the back-off.
 */
class LoginBackoffE2ETest {
    private static final Duration BACKOFF = Duration.ofSeconds(10);

    @TempDir
    Path root;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void guessersAreThrottledWhileALoggedInUserStaysFast() throws Exception {
        UserStore users = UserStore.parse(List.of(UserStore.hashLine("alice", "alice-pw".toCharArray()),
                UserStore.hashLine("carol", "carol-pw".toCharArray())));
        InetAddress guesserAddress = InetAddress.getByName("127.0.0.1");
        InetAddress userAddress = InetAddress.getByName("127.0.0.2");
        FairUseLimits limits = FairUseLimits.none().withLoginBackoff(5, 5, BACKOFF).withMaxConcurrentPasswordChecks(1);
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.users(users).fairUseLimits(limits));
                RawBitsClient alice = new RawBitsClient(server).from(userAddress).withBasicAuth("alice", "alice-pw");
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals(200, alice.ping("/upload/x").status(), "alice logs in");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger unauthorized = new AtomicInteger();
            AtomicInteger throttled = new AtomicInteger();
            List<Future<?>> guessers = new ArrayList<>();
            for (int g = 0; g < 8; g++) {
                int n = g;
                guessers.add(pool.submit(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        try (RawBitsClient c = new RawBitsClient(server).from(guesserAddress)
                                .withBasicAuth(n % 2 == 0 ? "alice" : "bob", "guess-" + n + "-" + i++)) {
                            RawResponse r = c.ping("/upload/x");
                            if (r.status() == 401) {
                                unauthorized.incrementAndGet();
                            } else {
                                assertEquals(503, r.status(), r.statusLine());
                                assertEquals("Ack", r.require("BITS-Packet-Type"));
                                assertEquals("0x80070005", r.errorCode());
                                assertTrue(Long.parseLong(r.require("Retry-After")) >= 1);
                                throttled.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            long worst = 0;
            long start = System.nanoTime();
            int pings = 0;
            // until every guesser was refused at least once, however slow PBKDF2 is on a busy machine
            while (throttled.get() < 8 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(40)) {
                long t0 = System.nanoTime();
                assertEquals(200, alice.ping("/upload/x").status());
                worst = Math.max(worst, System.nanoTime() - t0);
                pings++;
            }
            stop.set(true);
            for (Future<?> f : guessers) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(TimeUnit.NANOSECONDS.toMillis(worst) < 1000, "alice's slowest Ping of " + pings + ": "
                    + TimeUnit.NANOSECONDS.toMillis(worst) + " ms");
            assertTrue(throttled.get() > 0, "the guessers were throttled");
            // the address backs off after 5 failures (one check at a time, so none slips past the count)
            assertTrue(unauthorized.get() <= 5 + 1, "password checks for the guessers: " + unauthorized.get());

            try (RawBitsClient carol = new RawBitsClient(server).from(guesserAddress)
                    .withBasicAuth("carol", "carol-pw")) {
                RawResponse during = carol.ping("/upload/x");
                assertEquals(503, during.status(), "the right password is not even checked during the back-off");
            }
            Thread.sleep(BACKOFF.toMillis() + 500);
            try (RawBitsClient carol = new RawBitsClient(server).from(guesserAddress)
                    .withBasicAuth("carol", "carol-pw")) {
                assertEquals(200, carol.ping("/upload/x").status(), "after the back-off the right password works");
            }
        }
    }
}
