// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end harness of issue #5: server ingest of bits-server against a bare JDK {@code HttpServer} sink, nginx
 * WebDAV and the disk ({@code dd}), all driven by one raw-socket driver ({@link RawBitsDriver}) in one run on one
 * machine, so that every figure is read as a ratio; plus the driver against curl, Ping rates, and bits-client
 * against the raw driver. Writes {@code harness.md}, {@code harness.csv} and {@code harness.svg}.
 *
 * <p>Not a test: run it with {@code mvn -B -ntp -pl bits-bench -am package -Pharness [-Dharness.args="..."]}
 * (see {@code bits-bench/README.md}); {@code --help} lists the options.
 */
public final class LoadHarness {
    private LoadHarness() {}

    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final long GIB = MIB * KIB;

    /** The command line. */
    static final class Options {
        boolean quick;
        List<Integer> fragments = List.of((int) (64 * KIB), (int) MIB, (int) (8 * MIB));
        List<Integer> concurrency = List.of(1, 8, 64, 512);
        long total = GIB;
        long warm = 1536 * MIB;
        boolean warmEachRun = true;
        long coldTotal = 8 * GIB;
        int manySessions = 1000;
        int pingConnections = 64;
        double pingSeconds = 5;
        long clientTotal = 512 * MIB;
        int clientRounds = 3;
        boolean curlCheck = true;
        List<String> targets = List.of("bits", "bare", "nginx", "dd");
        Path out = Path.of("results");
        Path work = Path.of("target", "harness-work");
        int socketBuffer = 0;
        String serverHeap = "1g";
        int rounds = 2;
        List<String> serverJvmArgs = List.of();

        static final String USAGE = """
                Usage: LoadHarness [options]
                  --quick                 small matrix for a check in under 3 minutes
                  --fragments 64k,1m,8m   fragment sizes
                  --concurrency 1,8,64,512  concurrent uploads
                  --total 1g              bytes per ingest run (split over the uploads)
                  --targets bits,bare,nginx,dd  targets to measure (missing ones are skipped)
                  --rounds 2              interleaved repetitions of each ingest run (ratios use the mean)
                  --warm 1536m            scratch file written and deleted before each run (0: none)
                  --cold-total 8g         one cold bits-server vs dd run of this size (0: skip)
                  --many-sessions 1000    concurrent 1 MiB-fragment sessions against bits-server, 256 MiB heap (0: skip)
                  --ping-seconds 5        Ping rate window, 64 connections (0: skip)
                  --client-total 512m     bits-client vs raw driver upload size (0: skip)
                  --no-curl               skip the raw-driver-vs-curl check
                  --socket-buffer 0       driver SO_SNDBUF/SO_RCVBUF bytes (0: kernel autotuning)
                  --server-heap 1g        -Xmx of the JVM targets
                  --server-jvm "ARGS"     more JVM options for the JVM targets, space-separated
                  --out results           where the report goes
                  --work target/harness-work  where uploads land (deleted after each run)
                """;

        static Options parse(String... args) {
            Options o = new Options();
            for (String a : args) {
                if (a.equals("--quick")) {
                    o.quick = true;
                    o.fragments = List.of((int) (64 * KIB), (int) MIB);
                    o.concurrency = List.of(1, 8, 64);
                    o.total = 256 * MIB;
                    o.warmEachRun = false;
                    o.coldTotal = 0;
                    o.manySessions = 0;
                    o.pingSeconds = 2;
                    o.clientTotal = 128 * MIB;
                    o.clientRounds = 2;
                    o.rounds = 1;
                }
            }
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> { }
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    case "--no-curl" -> o.curlCheck = false;
                    case "--fragments" -> o.fragments = ints(value(args, ++i, a));
                    case "--concurrency" -> o.concurrency = ints(value(args, ++i, a));
                    case "--total" -> o.total = size(value(args, ++i, a));
                    case "--targets" -> o.targets = List.of(value(args, ++i, a).split(","));
                    case "--warm" -> o.warm = size(value(args, ++i, a));
                    case "--rounds" -> o.rounds = Integer.parseInt(value(args, ++i, a));
                    case "--cold-total" -> o.coldTotal = size(value(args, ++i, a));
                    case "--many-sessions" -> o.manySessions = Integer.parseInt(value(args, ++i, a));
                    case "--ping-seconds" -> o.pingSeconds = Double.parseDouble(value(args, ++i, a));
                    case "--client-total" -> o.clientTotal = size(value(args, ++i, a));
                    case "--socket-buffer" -> o.socketBuffer = (int) size(value(args, ++i, a));
                    case "--server-heap" -> o.serverHeap = value(args, ++i, a);
                    case "--server-jvm" -> o.serverJvmArgs = List.of(value(args, ++i, a).trim().split("\\s+"));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--work" -> o.work = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            return args[i];
        }

        private static List<Integer> ints(String csv) {
            List<Integer> out = new ArrayList<>();
            for (String s : csv.split(",")) {
                out.add((int) size(s));
            }
            return List.copyOf(out);
        }

        static long size(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            char last = t.charAt(t.length() - 1);
            if (last == 'k' || last == 'm' || last == 'g') {
                unit = last == 'k' ? KIB : last == 'm' ? MIB : GIB;
                t = t.substring(0, t.length() - 1);
            }
            return Long.parseLong(t) * unit;
        }
    }

    /**
     * One measured line of the report.
     *
     * @param section ingest, cold, driver, ping, client, sessions
     * @param target the target or driver
     * @param fragment fragment size in bytes (0 when not applicable)
     * @param concurrency uploads or connections
     * @param outcome the driver's measurement
     * @param peakHeap the server's peak heap in bytes, or -1
     * @param cpuSeconds the server's CPU seconds, or NaN
     * @param note anything to read beside the figure
     */
    record Row(String section, String target, int fragment, int concurrency, RawBitsDriver.Outcome outcome,
            long peakHeap, double cpuSeconds, String note) {
        /** {@return this row under another target name} */
        Row withTarget(String name) {
            return new Row(section, name, fragment, concurrency, outcome, peakHeap, cpuSeconds, note);
        }
    }

    private static final PrintStream LOG = System.out;

    /**
     * Runs the harness.
     *
     * @param args see {@link Options#USAGE}
     * @throws Exception on an unrecoverable failure
     */
    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 1);
            return;
        }
        System.exit(new LoadHarness.Run(o).run());
    }

    /** One harness run. */
    static final class Run {
        private final Options o;
        private final List<Row> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final ByteBuffer payload;
        private final long started = System.nanoTime();

        Run(Options o) {
            this.o = o;
            int max = 8 * (int) MIB;
            for (int f : o.fragments) {
                max = Math.max(max, f);
            }
            payload = ByteBuffer.allocateDirect(max);
            SplittableRandom random = new SplittableRandom(42);
            while (payload.remaining() >= 8) {
                payload.putLong(random.nextLong());
            }
            payload.clear();
        }

        int run() throws Exception {
            Stamp stamp = Stamp.current();
            LOG.println("bits-bench LoadHarness " + (o.quick ? "(quick)" : "(full)") + "\n" + stamp.markdown());
            Files.createDirectories(o.work);
            Files.createDirectories(o.out);
            long free = Files.getFileStore(o.work).getUsableSpace();
            long need = Math.max(o.total, o.coldTotal) + o.warm + GIB;
            if (free < need) {
                notes.add("Only " + free / MIB + " MiB free in " + o.work + "; cold run skipped.");
                o.coldTotal = 0;
            }
            List<Targets.Handle> handles = startTargets();
            try {
                warmUpTargets(handles);
                if (!o.warmEachRun) {
                    warm(o.warm);
                }
                ingest(handles);
                if (o.curlCheck) {
                    driverCheck(handles);
                }
                if (o.pingSeconds > 0) {
                    pings(handles);
                }
                if (o.clientTotal > 0) {
                    ClientComparison.run(this, handles);
                }
                if (o.manySessions > 0) {
                    manySessions();
                }
                if (o.coldTotal > 0) {
                    cold(handles);
                }
            } finally {
                for (Targets.Handle h : handles) {
                    h.close();
                }
            }
            double minutes = (System.nanoTime() - started) / 60e9;
            notes.add(String.format(Locale.ROOT, "Harness wall time: %.1f min.", minutes));
            Report.write(o, stamp, rows, notes);
            LOG.println("wrote " + o.out.resolve("harness.md").toAbsolutePath());
            return 0;
        }

        Options options() {
            return o;
        }

        ByteBuffer payload() {
            return payload;
        }

        void add(Row row) {
            rows.add(row);
            RawBitsDriver.Outcome r = row.outcome();
            LOG.printf(Locale.ROOT, "%-8s %-12s frag=%-6s n=%-4d %9.1f MB/s %9.0f req/s p50=%.2fms p99=%.2fms"
                            + " heap=%s cpu=%.1fs err=%d %s%n",
                    row.section(), row.target(), Report.size(row.fragment()), row.concurrency(),
                    r.megabytesPerSecond(), r.requestsPerSecond(),
                    RawBitsDriver.Latencies.percentileMillis(r.latencies(), 0.5),
                    RawBitsDriver.Latencies.percentileMillis(r.latencies(), 0.99),
                    row.peakHeap() < 0 ? "-" : row.peakHeap() / MIB + "MiB", row.cpuSeconds(), r.errors(),
                    r.firstError().isEmpty() ? row.note() : r.firstError());
        }

        void note(String s) {
            notes.add(s);
            LOG.println("note: " + s);
        }

        private List<Targets.Handle> startTargets() {
            List<Targets.Handle> handles = new ArrayList<>();
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.serverHeap, "-XX:+UseG1GC"));
            jvm.addAll(o.serverJvmArgs);
            for (String t : o.targets) {
                try {
                    switch (t) {
                        case "bits" -> {
                            if (!BitsTarget.available()) {
                                note("bits-server is not on this branch: its rows are missing.");
                                continue;
                            }
                            handles.add(new Targets.JvmTarget("bits", "bits-server", o.work.resolve("bits"),
                                    o.work.resolve("bits-server.log"), jvm, BitsTarget.PATH_PREFIX));
                        }
                        case "bare" -> handles.add(new Targets.JvmTarget("bare", "bare-sink", o.work.resolve("bare"),
                                o.work.resolve("bare-sink.log"), jvm, "/upload/"));
                        case "nginx" -> {
                            String nginx = Targets.NginxTarget.find();
                            if (nginx == null) {
                                note("nginx is not installed: its rows are missing (apt-get install nginx-light).");
                                continue;
                            }
                            handles.add(Targets.NginxTarget.start(nginx, o.work.resolve("nginx").toAbsolutePath()));
                        }
                        case "dd" -> { }
                        default -> note("unknown target " + t + " ignored");
                    }
                } catch (IOException e) {
                    note("target " + t + " could not start: " + e.getMessage());
                }
            }
            return handles;
        }

        /** Unmeasured traffic first, so JVM targets are compiled by the JIT before anything is timed. */
        private void warmUpTargets(List<Targets.Handle> handles) throws Exception {
            for (Targets.Handle h : handles) {
                for (int round = 0; round < 2; round++) {
                    RawBitsDriver.upload(h.target(), 8, 64 * MIB, (int) (64 * KIB), i -> RawBitsDriver.memory(payload),
                            o.socketBuffer);
                    RawBitsDriver.upload(h.target(), 2, 128 * MIB, (int) MIB, i -> RawBitsDriver.memory(payload),
                            o.socketBuffer);
                    Targets.empty(h.storage());
                }
                if (h.target().mode() == RawBitsDriver.Mode.BITS) {
                    RawBitsDriver.ping(h.target(), 8, 1);
                }
            }
            LOG.println("targets warmed up: " + handles.stream().map(Targets.Handle::name).toList());
        }

        /** Writes and deletes a scratch file so page-cache writes hit memory the VM touched recently. */
        void warm(long bytes) throws IOException {
            if (bytes <= 0) {
                return;
            }
            Path scratch = o.work.resolve("warm.scratch");
            try (FileChannel fc = FileChannel.open(scratch, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (long done = 0; done < bytes; ) {
                    ByteBuffer b = payload.slice(0, (int) Math.min(payload.capacity(), bytes - done));
                    while (b.hasRemaining()) {
                        done += fc.write(b);
                    }
                }
            } finally {
                Files.deleteIfExists(scratch);
            }
        }

        private void ingest(List<Targets.Handle> handles) throws Exception {
            int combo = 0;
            for (int fragment : o.fragments) {
                if (o.targets.contains("dd")) {
                    rows.add(dd(fragment, o.total, "ingest", o.warmEachRun ? o.warm : 0, ""));
                    add(rows.remove(rows.size() - 1));
                }
                for (int concurrency : o.concurrency) {
                    for (int round = 0; round < o.rounds; round++) {
                        // Rotate the order so no target always runs first after a warm-up.
                        for (int k = 0; k < handles.size(); k++) {
                            Targets.Handle h = handles.get((k + combo) % handles.size());
                            add(measure("ingest", h, fragment, concurrency, o.total,
                                    i -> RawBitsDriver.memory(payload), o.socketBuffer, o.warmEachRun ? o.warm : 0,
                                    o.rounds > 1 ? "round " + (round + 1) : ""));
                        }
                        combo++;
                    }
                }
            }
        }

        /** One upload run against one target, with the server's own measurements around it. */
        Row measure(String section, Targets.Handle h, int fragment, int concurrency, long total,
                java.util.function.IntFunction<RawBitsDriver.BodySource> sources, int socketBuffer, long warm,
                String note) throws Exception {
            Targets.empty(h.storage());
            warm(warm);
            h.reset();
            RawBitsDriver.Outcome r = RawBitsDriver.upload(h.target(), concurrency, total, fragment, sources,
                    socketBuffer);
            long[] stats = h.stats();
            Targets.empty(h.storage());
            String n = note;
            if (total / concurrency < fragment) {
                n = (n.isEmpty() ? "" : n + "; ") + "file (" + Report.size(total / concurrency)
                        + ") smaller than the fragment";
            }
            return new Row(section, h.name(), fragment, concurrency, r, stats[0], stats[1] / 1e9, n);
        }

        /** {@code dd if=/dev/zero bs=fragment} into the page cache, like every target's writes. */
        Row dd(int fragment, long total, String section, long warm, String note) throws Exception {
            warm(warm);
            Path file = o.work.resolve("dd.bin");
            long count = total / fragment;
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=" + fragment, "count=" + count,
                    "status=none").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = p.waitFor(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Files.deleteIfExists(file);
            long errors = done && p.exitValue() == 0 ? 0 : 1;
            return new Row(section, "disk (dd)", fragment, 1, new RawBitsDriver.Outcome(count * fragment, count,
                    seconds, new long[0], errors, errors == 0 ? "" : "dd failed"), -1, Double.NaN, note);
        }

        /** The raw driver must be at least as fast as curl against the bare sink (issue #5). */
        private void driverCheck(List<Targets.Handle> handles) throws Exception {
            Targets.Handle bare = handles.stream().filter(h -> h.name().equals("bare-sink")).findFirst().orElse(null);
            if (bare == null) {
                return;
            }
            if (Stamp.run("curl", "--version").isEmpty()) {
                note("curl is not installed: driver check skipped.");
                return;
            }
            int fragment = (int) MIB;
            long total = Math.min(o.total, 512 * MIB);
            for (int round = 0; round < 2; round++) {
                add(measure("driver", bare, fragment, 1, total, i -> RawBitsDriver.memory(payload), o.socketBuffer,
                        o.warmEachRun ? o.warm : 0, "raw driver"));
                add(CurlDriver.run(this, bare, fragment, total));
            }
        }

        private void pings(List<Targets.Handle> handles) throws Exception {
            for (int round = 0; round < 2; round++) {
                for (Targets.Handle h : handles) {
                    if (h.target().mode() != RawBitsDriver.Mode.BITS) {
                        continue;
                    }
                    h.reset();
                    RawBitsDriver.Outcome r = RawBitsDriver.ping(h.target(), o.pingConnections, o.pingSeconds);
                    long[] stats = h.stats();
                    add(new Row("ping", h.name(), 0, o.pingConnections, r, stats[0], stats[1] / 1e9, ""));
                }
            }
        }

        /** 1,000 concurrent sessions against bits-server in a 256 MiB heap. */
        private void manySessions() throws Exception {
            if (!BitsTarget.available()) {
                return;
            }
            try (Targets.JvmTarget bits = new Targets.JvmTarget("bits", "bits-server", o.work.resolve("bits-256m"),
                    o.work.resolve("bits-server-256m.log"), List.of("-Xmx256m", "-XX:+UseG1GC"),
                    BitsTarget.PATH_PREFIX)) {
                long total = o.manySessions * 2 * MIB;
                Row row = measure("sessions", bits, (int) MIB, o.manySessions, total,
                        i -> RawBitsDriver.memory(payload), o.socketBuffer, o.warmEachRun ? o.warm : 0,
                        "-Xmx256m, 2 MiB per session");
                add(row);
                if (!bits.alive()) {
                    note("bits-server with -Xmx256m died during the " + o.manySessions + "-session run.");
                }
            }
        }

        /** One big upload into memory the VM has not touched (no warm-up), bits-server against dd. */
        private void cold(List<Targets.Handle> handles) throws Exception {
            Targets.Handle bits = handles.stream().filter(h -> h.name().equals("bits-server")).findFirst()
                    .orElse(null);
            add(dd((int) MIB, o.coldTotal, "cold", 0, "first: untouched memory"));
            if (bits != null) {
                add(measure("cold", bits, (int) MIB, 1, o.coldTotal, i -> RawBitsDriver.memory(payload),
                        o.socketBuffer, 0, "after dd"));
            }
            add(dd((int) MIB, o.coldTotal, "cold", 0, "after bits-server"));
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
