// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.testkit.Props;
import io.github.bitsj.server.testkit.Nginx;
import io.github.bitsj.server.testkit.ServerNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server farms (README "Server farms", D51, D52): bits-server processes behind a real nginx, driven by this library.
 * Shared storage: three nodes on one directory, round-robin without stickiness, one node SIGKILLed mid-run; every
 * upload completes byte-identical through the others. Node-local storage: the client follows {@code BITS-Host-Id} to
 * the node holding its session and, when that node dies, falls back through nginx after the fallback timeout and
 * completes on another node with a new session.
 */
class FarmE2ETest {
    private static final int UPLOADS = 20;
    private static final int FRAGMENT = 256 * 1024;
    private static final long SEED = 20261202L;

    @TempDir
    Path work;

    /** What one run of the 20 uploads gave. */
    private record Outcome(Path source, Path target, UploadResult result, double fractionAtKill, int retriesSeen) {}

    private static BitsClient client() {
        return BitsClient.newBuilder()
                .fragmentPolicy(FragmentPolicy.fixed(FRAGMENT))
                .retryPolicy(RetryPolicy.newBuilder().initialDelay(Duration.ofMillis(100))
                        .maxDelay(Duration.ofSeconds(1)).noProgressTimeout(Duration.ofSeconds(60)).build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static List<ServerNode> startNodes(int n, Path root) throws Exception {
        List<CompletableFuture<ServerNode>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ServerNode.start(root, 0, "--farm");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<ServerNode> nodes = new ArrayList<>();
        for (CompletableFuture<ServerNode> f : starting) {
            nodes.add(f.get(60, TimeUnit.SECONDS));
        }
        return nodes;
    }

    /** Sizes from 1 MiB to 4 MiB and one of 16 MiB, about 64 MiB in all (bounded so that the run stays short). */
    private List<Path> sources() throws IOException {
        Path dir = Files.createDirectories(work.resolve("src"));
        Random r = new Random(SEED);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            int size = i == 0 ? 16 << 20 : (1 << 20) + r.nextInt(3 << 20);
            Path f = dir.resolve("f" + i + ".bin");
            Files.write(f, Props.bytes(SEED + i, size));
            files.add(f);
        }
        return files;
    }

    /**
     * Runs the 20 concurrent uploads through nginx in front of {@code n} nodes sharing one directory; kills node 1
     * when a third of the bytes are acknowledged if {@code kill}.
     */
    private List<Outcome> farmRun(int n, boolean kill) throws Exception {
        Nginx.requireBinary();
        Path root = Files.createDirectories(work.resolve("shared-" + n));
        List<Path> files = sources();
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        List<ServerNode> nodes = startNodes(n, root);
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
        try (Nginx nginx = Nginx.start(Files.createDirectories(work.resolve("nginx-" + n)),
                nodes.stream().map(ServerNode::uri).toList()); BitsClient client = client()) {
            List<UploadJob> jobs = new ArrayList<>();
            List<AtomicInteger> retries = new ArrayList<>();
            AtomicLong acked = new AtomicLong();
            for (Path f : files) {
                AtomicInteger seen = new AtomicInteger();
                retries.add(seen);
                long[] last = {0};
                jobs.add(client.newJob(f, nginx.uri().resolve("/upload/" + f.getFileName()))
                        .listener(new ProgressListener() {
                            @Override
                            public void onProgress(Progress p) {
                                acked.addAndGet(p.bytesAcknowledged() - last[0]);
                                last[0] = p.bytesAcknowledged();
                            }

                            @Override
                            public void onRetry(BitsClientException cause, Duration delay) {
                                seen.incrementAndGet();
                            }
                        }).build());
            }
            long start = System.nanoTime();
            List<Future<UploadResult>> running = new ArrayList<>();
            for (UploadJob j : jobs) {
                running.add(pool.submit(j::run));
            }
            double[] atKill = new double[UPLOADS];
            java.util.Arrays.fill(atKill, -1);
            if (kill) {
                while (acked.get() < total / 3) {
                    Thread.sleep(5);
                }
                for (int i = 0; i < UPLOADS; i++) {
                    atKill[i] = jobs.get(i).progress().map(Progress::fraction).orElse(0.0);
                }
                nodes.get(1).kill();
            }
            for (int i = 0; i < UPLOADS; i++) {
                UploadResult r = running.get(i).get(120, TimeUnit.SECONDS);
                outcomes.add(new Outcome(files.get(i), root.resolve(files.get(i).getFileName()), r, atKill[i],
                        retries.get(i).get()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("farm: %d node(s)%s: %d uploads, %.1f MiB in %.2f s: %.1f MB/s%n", n,
                    kill ? ", node 1 SIGKILLed at a third" : "", UPLOADS, total / 1048576.0, seconds,
                    total / 1e6 / seconds);
            for (Outcome o : outcomes) {
                System.out.printf("farm:   %-8s %9d bytes  at kill %5s  sessions %d  retries %d  fragments %d%n",
                        o.source().getFileName(), o.result().bytes(),
                        o.fractionAtKill() < 0 ? "-" : String.format("%.0f%%", 100 * o.fractionAtKill()),
                        o.result().sessions(), o.result().retries(), o.result().fragments());
            }
        } finally {
            pool.shutdownNow();
            for (ServerNode node : nodes) {
                node.close();
            }
        }
        for (Outcome o : outcomes) {
            assertEquals(-1, Files.mismatch(o.source(), o.target()), o.target() + " is byte-identical");
        }
        return outcomes;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twentyUploadsThroughThreeNodesOnSharedStorageSurviveANodeKilledMidRun() throws Exception {
        List<Outcome> outcomes = farmRun(3, true);
        assertTrue(outcomes.stream().anyMatch(o -> o.fractionAtKill() < 1), "the node died mid-run");
        assertTrue(outcomes.stream().allMatch(o -> o.result().sessions() <= 1),
                "shared storage: no upload had to start over");
        try (Stream<Path> left = Files.list(work.resolve("shared-3").resolve("BITS-Sessions"))) {
            assertTrue(left.allMatch(p -> Files.isDirectory(p) || p.getFileName().toString().equals("area.lock")),
                    "only session directories (tombstones) and the servers' claim on the area remain");
        }
    }

    /** The throughput of the same run on one node and on three (printed; speed targets live in bits-bench). */
    @Test
    @EnabledIfSystemProperty(named = "bitsj.farm.measure", matches = "true")
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void throughputOfOneNodeAndThreeNodes() throws Exception {
        farmRun(1, false);
        farmRun(3, false);
    }

    /**
     * Node-local storage: each node has its own directory and names itself in {@code BITS-Host-Id} (host and port,
     * D13); the client goes to that node directly, and when it dies falls back to nginx after the 2 s fallback timeout
     * and starts over on the other node.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostIdsStickToTheNodeAndFallBackWhenItDies() throws Exception {
        Nginx.requireBinary();
        List<Path> dirs = List.of(Files.createDirectories(work.resolve("node-a")),
                Files.createDirectories(work.resolve("node-b")));
        List<ServerNode> nodes = new ArrayList<>();
        for (Path d : dirs) {
            int port = ServerNode.freePort();
            nodes.add(ServerNode.start(d, port, "--host-id", "127.0.0.1:" + port, "--host-id-fallback-timeout",
                    "2s"));
        }
        byte[] data = Props.bytes(SEED, 12 << 20);
        Path file = work.resolve("local.bin");
        Files.write(file, data);
        try (Nginx nginx = Nginx.start(Files.createDirectories(work.resolve("nginx")),
                nodes.stream().map(ServerNode::uri).toList()); BitsClient client = client()) {
            AtomicLong lastAck = new AtomicLong(System.nanoTime());
            AtomicLong longestPause = new AtomicLong();
            UploadJob job = client.newJob(file, nginx.uri().resolve("/upload/local.bin")).listener(p -> {
                long now = System.nanoTime();
                longestPause.accumulateAndGet(now - lastAck.getAndSet(now), Math::max);
                try {
                    Thread.sleep(5); // slows the upload so that the node dies mid-way
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).build();
            CompletableFuture<UploadResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return job.run();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (job.progress().map(Progress::fraction).orElse(0.0) < 0.25) {
                Thread.sleep(5);
            }
            int holder = sessions(dirs.get(0)) > 0 ? 0 : 1;
            assertEquals(0, sessions(dirs.get(1 - holder)), "only the node of the host id has the session");
            nodes.get(holder).kill();
            UploadResult r = running.get(90, TimeUnit.SECONDS);
            assertEquals(2, r.sessions(), "a new session on the other node");
            assertTrue(r.retries() > 0);
            assertEquals(-1, Files.mismatch(file, dirs.get(1 - holder).resolve("local.bin")));
            long stalled = TimeUnit.NANOSECONDS.toMillis(longestPause.get());
            System.out.printf("farm: host id: node %d killed at 25%%; completed on node %d after %d retries,"
                    + " %d sessions, no ack for %d ms%n", holder, 1 - holder, r.retries(), r.sessions(),
                    stalled);
            assertTrue(stalled >= 2_000, "the client kept to the dead node for the fallback timeout: " + stalled);
        } finally {
            for (ServerNode node : nodes) {
                node.close();
            }
        }
    }

    private static long sessions(Path dir) throws IOException {
        Path area = dir.resolve("BITS-Sessions");
        if (!Files.isDirectory(area)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(area)) {
            return s.filter(Files::isDirectory).count(); // not area.lock, the running node's claim on the area
        }
    }
}
