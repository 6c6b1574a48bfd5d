// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.UploadResult;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * bits-client against the raw driver (issue #5 "Client"): the same file uploaded to the same bits-server, the two
 * drivers interleaved, bits-client with its default (adaptive) fragment policy and with fixed sizes, the raw driver at
 * the same fixed sizes reading the file the same way a client must (positional reads, no {@code sendfile}).
 */
final class ClientComparison {
    private ClientComparison() {}

    private static final int MIB = 1024 * 1024;

    static void run(LoadHarness.Run run, List<Targets.Handle> handles) throws Exception {
        // The client is what is compared here, so one engine is enough: the first one the run was given.
        Targets.Handle bits = handles.stream().filter(h -> h.name().startsWith(Report.BITS)).findFirst().orElse(null);
        if (bits == null) {
            run.note("bits-server is not running: the client comparison is missing.");
            return;
        }
        LoadHarness.Options o = run.options();
        Path file = o.work.resolve("client-upload.bin");
        write(file, o.clientTotal, run.payload());
        try {
            // Unmeasured first: the client's code runs in this JVM and must be compiled before it is timed. The raw
            // driver is a few small methods in a loop; bits-client runs java.net.http, whose per-request code is
            // compiled by C2 only after thousands of requests (a third of the client's CPU samples were still
            // interpreted after 600 requests on a busy 2-core machine, issue #14). So the warm-up adds uploads in
            // 64 KiB fragments (many requests) and repeats until a pass adds less than 50 ms of JIT compilation.
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            for (int i = 0; i < 6; i++) {
                long jit0 = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
                for (FragmentPolicy p : List.of(FragmentPolicy.fixed(64 * 1024), FragmentPolicy.fixed(MIB),
                        FragmentPolicy.defaults())) {
                    client(run, bits, file, p, 0, "warm-up");
                }
                long added = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() - jit0 : 0;
                System.out.println("client warm-up " + (i + 1) + ": " + added + " ms of JIT compilation");
                if (added < 50) {
                    break;
                }
            }
            for (int round = 0; round < o.clientRounds; round++) {
                for (int size : new int[] {MIB, 8 * MIB}) {
                    ClientCost c0 = ClientCost.now();
                    LoadHarness.Row raw = run.measure("client", bits, size, 1, o.clientTotal, i -> {
                        try {
                            return RawBitsDriver.file(file, size);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, o.socketBuffer, o.warmEachRun ? o.warm : 0, "raw driver").withTarget("raw driver");
                    cost("raw driver " + Report.size(size), c0, raw);
                    run.add(raw);
                    run.add(client(run, bits, file, FragmentPolicy.fixed(size), size, "fixed " + Report.size(size)));
                }
                run.add(client(run, bits, file, FragmentPolicy.defaults(), 0, "default (adaptive)"));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static LoadHarness.Row client(LoadHarness.Run run, Targets.Handle bits, Path file, FragmentPolicy policy,
            int fragment, String label) throws Exception {
        LoadHarness.Options o = run.options();
        BitsClient client = BitsClient.newBuilder().fragmentPolicy(policy).build();
        URI uri = URI.create("http://127.0.0.1:" + bits.target().port() + bits.target().pathPrefix() + "client-"
                + System.nanoTime() + ".bin");
        Targets.empty(bits.storage());
        run.warm(o.warmEachRun ? o.warm : 0);
        bits.reset();
        ClientCost c0 = ClientCost.now();
        long t0 = System.nanoTime();
        long bytes = 0;
        long fragments = 0;
        long errors = 0;
        String error = "";
        try {
            UploadResult r = client.upload(file, uri);
            bytes = r.bytes();
            fragments = r.fragments();
        } catch (IOException | RuntimeException e) {
            errors = 1;
            error = e.toString();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] stats = bits.stats();
        Targets.empty(bits.storage());
        LoadHarness.Row row = new LoadHarness.Row("client", "bits-client", fragment, 1,
                new RawBitsDriver.Outcome(bytes, fragments, seconds, new long[0], errors, error), stats[0],
                stats[1] / 1e9, label);
        cost("bits-client " + label, c0, row);
        client.close();
        return row;
    }

    /** Prints what a run cost the harness JVM (both drivers run in it): switches and CPU per fragment and GB. */
    private static void cost(String what, ClientCost start, LoadHarness.Row row) {
        ClientCost end = ClientCost.now();
        System.out.printf(java.util.Locale.ROOT, "client cost: %-28s %7.1f MB/s  %s%n", what,
                row.outcome().bytes() / 1e6 / Math.max(1e-9, row.outcome().seconds()),
                end.since(start, row.outcome().requests(), row.outcome().bytes()));
    }

    private static void write(Path file, long size, ByteBuffer payload) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; ) {
                ByteBuffer b = payload.slice(0, (int) Math.min(payload.capacity(), size - done));
                while (b.hasRemaining()) {
                    done += fc.write(b);
                }
            }
        }
    }
}
