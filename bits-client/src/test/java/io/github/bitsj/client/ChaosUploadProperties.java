// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import io.github.bitsj.protocol.testkit.Props;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever a server does among the misbehaviours MC-BUP and the SDK allow (416 backwards and forwards, 200 with
 * an earlier offset, lost sessions, connection resets mid-fragment, 503s, 5xx on Close-Session), in any order, the
 * client ends with exactly the file on the server. Seeded: a failure names the run seed, replayed with
 * {@code -Dbitsj.seed=<seed>}, by the project's one seeded harness ({@link Props}, from bits-protocol's test-jar).
 */
@Timeout(120)
class ChaosUploadProperties {
    @TempDir
    Path dir;

    record Case(long seed, int size, int fragment) {}

    static Case anyCase(Random r) {
        return new Case(r.nextLong(), r.nextInt(200_000), 5 * 1024 + r.nextInt(20 * 1024));
    }

    @Test
    void theServerAlwaysEndsUpWithTheExactFile() {
        AtomicInteger caseNo = new AtomicInteger();
        Props.forAll(Integer.getInteger("bitsj.chaos.tries", 25), ChaosUploadProperties::anyCase, c -> {
            byte[] data = new byte[c.size()];
            Random rnd = new Random(c.seed());
            rnd.nextBytes(data);
            Path file = Files.write(dir.resolve("chaos-" + caseNo.incrementAndGet() + ".bin"), data);
            BitsSim sim = new BitsSim();
            ScriptedServer.Script chaos = new ScriptedServer.Script() {
                @Override
                public synchronized Reply beforeBody(Recorded r) {
                    return r.packetType().equals("Fragment") && rnd.nextInt(100) < 8 ? Reply.reset() : null;
                }

                @Override
                public synchronized Reply answer(Recorded r) {
                    String id = r.header("BITS-Session-Id");
                    int roll = rnd.nextInt(100);
                    switch (r.packetType()) {
                        case "Fragment" -> {
                            if (!sim.sessions.containsKey(id)) {
                                return sim.answer(r);
                            }
                            long have = sim.have(id);
                            if (roll < 5) {
                                return Reply.ack(503, "BITS-Error-Code", "0x8007045B", "BITS-Error-Context", "0x5");
                            } else if (roll < 10 && have > 0) {   // lost its tail: 416 backwards
                                int keep = rnd.nextInt((int) have);
                                sim.truncate(id, keep);
                                return Reply.ack(416, "BITS-Received-Content-Range", Integer.toString(keep));
                            } else if (roll < 15 && have < data.length) {   // had more than acked: 416 forwards
                                int upTo = (int) have + 1 + rnd.nextInt(data.length - (int) have);
                                sim.append(id, data, (int) have, upTo);
                                return Reply.ack(416, "BITS-Received-Content-Range", Integer.toString(upTo));
                            } else if (roll < 20) {   // accepted, then reports an earlier offset with 200
                                sim.answer(r);
                                long now = sim.have(id);
                                int keep = now == 0 ? 0 : rnd.nextInt((int) now);
                                sim.truncate(id, keep);
                                return Reply.ack(200, "BITS-Received-Content-Range", Integer.toString(keep));
                            } else if (roll < 23) {
                                sim.sessions.remove(id);
                                return BitsSim.notFound();
                            }
                            return sim.answer(r);
                        }
                        case "Close-Session" -> {
                            return roll < 20 ? Reply.ack(503) : sim.answer(r);
                        }
                        default -> {
                            return roll < 3 ? Reply.ack(503) : sim.answer(r);
                        }
                    }
                }
            };
            try (ScriptedServer server = ScriptedServer.start(chaos)) {
                BitsClient client = BitsClient.newBuilder()
                        .fragmentPolicy(FragmentPolicy.fixed(c.fragment()))
                        .retryPolicy(TestPolicies.retry(Duration.ofMillis(1), Duration.ofMillis(2),
                                Duration.ofSeconds(20)))
                        .build();
                UploadResult res = client.upload(file, server.uri("/up/chaos.bin"));
                assertArrayEquals(data, sim.onlyClosedUpload());
                assertEquals(c.size(), res.bytes());
            }
        });
    }
}
