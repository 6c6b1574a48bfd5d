// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-client-address limits (D43) on a real server over loopback: 127.0.0.1 floods, 127.0.0.2 is another
 * client (every 127/8 address is local on Linux), and keeps being served.
 */
class FairUseLimitsE2ETest {
    private static final String TOO_MANY_SESS = "0x80070045";

    @TempDir
    java.nio.file.Path root;

    private static InetAddress flooder() throws Exception {
        return InetAddress.getByName("127.0.0.1");
    }

    private static InetAddress other() throws Exception {
        return InetAddress.getByName("127.0.0.2");
    }

    private BitsServer start(UnaryOperator<FairUseLimits> limits) throws Exception {
        return TestServers.start(root, d -> d, c -> c.fairUseLimits(limits.apply(FairUseLimits.none())));
    }

    private static void assertTooManySessions(RawResponse r) {
        assertEquals(503, r.status(), r.statusLine());
        assertEquals("Ack", r.require("BITS-Packet-Type"));
        assertEquals(TOO_MANY_SESS, r.errorCode());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFloodOfFragmentlessSessionsIsRefusedWhileAnotherAddressCreatesSessions() throws Exception {
        try (BitsServer server = start(l -> l.withMaxFragmentlessSessionsPerAddress(10));
                RawBitsClient flood = new RawBitsClient(server).from(flooder());
                RawBitsClient good = new RawBitsClient(server).from(other())) {
            int created = 0;
            RawResponse r;
            while ((r = flood.createSession("/upload/f" + created + ".bin")).status() == 200) {
                created++;
                assertTrue(created <= 10, "the flood is refused at the cap");
            }
            assertEquals(10, created);
            assertTooManySessions(r);
            String sid = good.newSession("/upload/good.bin");
            byte[] data = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(200, good.fragment("/upload/good.bin", sid, data, 0, data.length).status());
            assertEquals(200, good.close("/upload/good.bin", sid).status());
            assertTooManySessions(flood.createSession("/upload/again.bin"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCreateSessionRateIsPerAddress() throws Exception {
        try (BitsServer server = start(l -> l.withSessionCreatesPerMinute(5));
                RawBitsClient flood = new RawBitsClient(server).from(flooder());
                RawBitsClient good = new RawBitsClient(server).from(other())) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, flood.createSession("/upload/r" + i + ".bin").status());
            }
            assertTooManySessions(flood.createSession("/upload/r5.bin"));
            for (int i = 0; i < 5; i++) {
                assertEquals(200, good.createSession("/upload/g" + i + ".bin").status());
            }
            assertEquals(10, server.openSessions());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anonymousSessionsPerAddressAreCappedEvenWithFragments() throws Exception {
        byte[] data = new byte[100];
        try (BitsServer server = start(l -> l.withMaxAnonymousSessionsPerAddress(3));
                RawBitsClient flood = new RawBitsClient(server).from(flooder());
                RawBitsClient good = new RawBitsClient(server).from(other())) {
            for (int i = 0; i < 3; i++) {
                String sid = flood.newSession("/upload/a" + i + ".bin");
                assertEquals(200, flood.fragment("/upload/a" + i + ".bin", sid, data, 0, 1000).status());
            }
            assertTooManySessions(flood.createSession("/upload/a3.bin"));
            assertEquals(200, good.createSession("/upload/b.bin").status());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sessionsWithoutAFragmentExpireAfterTheShortTimeout() throws Exception {
        byte[] data = new byte[100];
        try (BitsServer server = start(l -> l.withFragmentlessSessionTimeout(Duration.ofMinutes(2)));
                RawBitsClient c = new RawBitsClient(server)) {
            String empty = c.newSession("/upload/empty.bin");
            String started = c.newSession("/upload/started.bin");
            assertEquals(200, c.fragment("/upload/started.bin", started, data, 0, 1000).status());
            long now = System.currentTimeMillis();
            assertEquals(0, server.sweepAt(now + Duration.ofMinutes(1).toMillis()), "not yet");
            assertEquals(1, server.sweepAt(now + Duration.ofMinutes(3).toMillis()), "only the fragmentless one");
            assertEquals(1, server.openSessions());
            RawResponse gone = c.fragment("/upload/empty.bin", empty, data, 0, 1000);
            assertEquals(500, gone.status());
            assertEquals("0x8020001F", gone.errorCode());
            RawResponse more = c.fragment("/upload/started.bin", started, data, 100, 1000);
            assertEquals(200, more.status(), more.statusLine());
            assertEquals(200, more.received());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void requestsInProgressArePerAddress() throws Exception {
        List<RawBitsClient> stalled = new ArrayList<>();
        try (BitsServer server = start(l -> l.withMaxRequestsPerAddress(2));
                RawBitsClient flood = new RawBitsClient(server).from(flooder());
                RawBitsClient good = new RawBitsClient(server).from(other())) {
            String sid = good.newSession("/upload/s.bin");
            for (int i = 0; i < 2; i++) {
                RawBitsClient s = new RawBitsClient(server).from(flooder());
                stalled.add(s);
                Map<String, String> h = new LinkedHashMap<>();
                h.put("BITS-Packet-Type", "Ping");
                s.writeRaw(RawBitsClient.request("BITS_POST", "/upload/x", h, Arrays.copyOf(new byte[1], 0), 1000));
            }
            Thread.sleep(300); // both requests are in the handler, waiting for their bodies
            RawResponse refused = flood.ping("/upload/x");
            assertTooManySessions(refused);
            assertEquals(200, good.ping("/upload/x").status());
            assertEquals(200, good.createSession("/upload/t.bin").status());
            assertTrue(sid.startsWith("{"));
        } finally {
            for (RawBitsClient s : stalled) {
                s.close();
            }
        }
    }
}
