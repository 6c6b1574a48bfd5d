// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commit-time link race (D47), through a real server on loopback: while uploads commit into {@code sub/}, a thread
 * that can write inside the storage root swaps {@code sub} for a symbolic link to a directory outside the root and
 * back, in a tight loop. Every upload either commits inside the root or gets an error Ack, and nothing ever lands
 * outside: the server opens each directory once without following links and acts relative to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SymlinkSwapE2ETest {
    private static final long RUN_MILLIS = 3_000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "allowOverwrites={0}")
    @ValueSource(booleans = {false, true})
    void aDirectorySwappedForALinkDuringCommitsNeverRedirectsOne(boolean overwrites) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Path sub = Files.createDirectory(root.resolve("sub"));
        Path parked = root.resolve("sub.real");
        try {
            Files.createSymbolicLink(tmp.resolve("probe-link"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "skipped: no symbolic links here: " + e);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try (BitsServer server = TestServers.start(root, d -> d.allowOverwrites(overwrites))) {
            Thread swapper = Thread.ofPlatform().name("swapper").start(() -> {
                while (!stop.get()) {
                    try {
                        Files.move(sub, parked, StandardCopyOption.ATOMIC_MOVE);
                        Files.createSymbolicLink(sub, outside);
                        Thread.onSpinWait();
                        Files.delete(sub);
                        Files.move(parked, sub, StandardCopyOption.ATOMIC_MOVE);
                        swaps.incrementAndGet();
                        if (swaps.get() % 4 == 0) {
                            Thread.sleep(1); // now and then the real directory long enough for a Create-Session
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        problems.add("swapper: " + e);
                        return;
                    }
                }
            });
            List<Thread> uploaders = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            long hardEnd = start + TimeUnit.SECONDS.toNanos(25); // a loaded machine: until a few commits happened
            for (int t = 0; t < 2; t++) {
                int id = t;
                uploaders.add(Thread.ofPlatform().name("uploader-" + t).start(() -> {
                    try (RawBitsClient c = new RawBitsClient(server)) {
                        byte[] data = ("upload from " + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        for (int i = 0; System.nanoTime() < hardEnd && (System.nanoTime() < end || committed.get() < 5); i++) {
                            String path = "/upload/sub/f" + id + "-" + (overwrites ? i % 5 : i) + ".bin";
                            RawResponse cs = c.createSession(path);
                            if (!isAck(cs, problems)) {
                                return;
                            }
                            if (cs.status() != 200) {
                                refused.incrementAndGet();
                                continue;
                            }
                            String sid = cs.require("BITS-Session-Id");
                            RawResponse f = c.fragment(path, sid, data, 0, data.length);
                            if (!isAck(f, problems)) {
                                return;
                            }
                            if (f.status() == 200) {
                                committed.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                            }
                            isAck(c.cancel(path, sid), problems);
                        }
                    } catch (IOException | RuntimeException e) {
                        problems.add("uploader: " + e);
                    }
                }));
            }
            for (Thread u : uploaders) {
                u.join();
            }
            stop.set(true);
            swapper.join();
        }
        try (Stream<Path> s = Files.walk(outside)) {
            assertEquals(List.of(outside), s.toList(), "files written outside the root");
        }
        assertEquals(List.of(), List.copyOf(problems));
        assertTrue(Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS));
        assertTrue(committed.get() > 0 && swaps.get() > 0,
                "commits " + committed + ", refused " + refused + ", swaps " + swaps);
        try (Stream<Path> s = Files.list(sub)) {
            assertTrue(s.findAny().isPresent(), "the committed files are inside the root");
        }
        System.out.printf("symlink swap (overwrites %s): %d commits, %d refused, %d swaps, 0 outside%n", overwrites,
                committed.get(), refused.get(), swaps.get());
    }

    private static boolean isAck(RawResponse r, ConcurrentLinkedQueue<String> problems) {
        if (!"Ack".equals(r.header("BITS-Packet-Type").orElse(null))) {
            problems.add("not an Ack: " + r.statusLine());
            return false;
        }
        if (r.status() != 200 && r.errorCode() == null && r.status() != 416 && r.status() != 413) {
            problems.add("error without a code: " + r.statusLine());
            return false;
        }
        return true;
    }
}
