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
        int rounds = 3;
        List<String> serverJvmArgs = List.of();
        List<String> sections = List.of("ingest", "small", "driver", "ping", "client", "sessions", "cold");
        List<String> engines = Engines.available();
        List<Integer> smallFiles = List.of((int) (64 * KIB), (int) MIB);
        List<Integer> smallClients = List.of(16, 64);
        int smallUploads = 4096;
        int smallFragment = (int) MIB;
        boolean smallReconnect;
        String report = "harness";

        static final String USAGE = """
                Usage: LoadHarness [options]
                  --quick                 small matrix, 1 round, for a check in a few minutes: ratios indicative only
                  --sections ingest,small,driver,ping,client,sessions,cold  the parts to run (default: all)
                  --engines jdk           bits-server HTTP engines; every bits-server row runs once per engine
                  --report harness        result file names: <out>/<report>.{md,csv,svg}
                  --fragments 64k,1m,8m   fragment sizes
                  --concurrency 1,8,64,512  concurrent uploads
                  --total 1g              bytes per ingest run (split over the uploads)
                  --targets bits,bare,nginx,dd  targets to measure (missing ones are skipped)
                  --rounds 3              interleaved repetitions of each ingest and small-uploads run (ratios use
                                          the mean; each round's ratio is listed too; < 3 rounds: indicative only)
                  --warm 1536m            scratch file written and deleted before each run (0: none)
                  --small-files 64k,1m    small-uploads workload: file sizes
                  --small-clients 16,64   small-uploads workload: concurrent clients
                  --small-uploads 4096    small-uploads workload: files per run
                  --small-fragment 1m     small-uploads workload: largest BITS fragment (files above it take several)
                  --small-reconnect       small-uploads workload: a new connection per file (default: kept alive)
                  --cold-total 8g         cold bits-server vs dd runs of this size, both orders (0: skip)
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
                    o.smallUploads = 512;
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
                    case "--sections" -> o.sections = List.of(value(args, ++i, a).split(","));
                    case "--engines" -> o.engines = List.of(value(args, ++i, a).split(","));
                    case "--report" -> o.report = value(args, ++i, a);
                    case "--small-files" -> o.smallFiles = ints(value(args, ++i, a));
                    case "--small-clients" -> o.smallClients = ints(value(args, ++i, a));
                    case "--small-uploads" -> o.smallUploads = Integer.parseInt(value(args, ++i, a));
                    case "--small-fragment" -> o.smallFragment = (int) size(value(args, ++i, a));
                    case "--small-reconnect" -> o.smallReconnect = true;
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--work" -> o.work = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.rounds < 1 || o.smallUploads < 1 || o.smallFragment < 1) {
                throw new IllegalArgumentException("--rounds, --small-uploads and --small-fragment must be positive");
            }
            for (String section : o.sections) {
                if (!List.of("ingest", "small", "driver", "ping", "client", "sessions", "cold").contains(section)) {
                    throw new IllegalArgumentException("unknown section " + section);
                }
            }
            return o;
        }

        /** {@return true if the named part of the harness runs} */
        boolean runs(String section) {
            return sections.contains(section);
        }

        /** {@return true when the ratios of this run are too noisy to quote (issue #14: fewer than 3 rounds)} */
        boolean indicativeOnly() {
            return quick || rounds < 3;
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
     * @param round the interleaved round (1-based), or 0 when the row is not part of a round
     */
    record Row(String section, String target, int fragment, int concurrency, RawBitsDriver.Outcome outcome,
            long peakHeap, double cpuSeconds, String note, int round) {
        Row(String section, String target, int fragment, int concurrency, RawBitsDriver.Outcome outcome,
                long peakHeap, double cpuSeconds, String note) {
            this(section, target, fragment, concurrency, outcome, peakHeap, cpuSeconds, note, 0);
        }

        /** {@return this row under another target name} */
        Row withTarget(String name) {
            return new Row(section, name, fragment, concurrency, outcome, peakHeap, cpuSeconds, note, round);
        }

        /** {@return this row as part of interleaved round {@code r}} */
        Row inRound(int r) {
            return new Row(section, target, fragment, concurrency, outcome, peakHeap, cpuSeconds, note, r);
        }
    }

    /** The text printed (and written into the report) when a run's ratios are not to be quoted. */
    static final String INDICATIVE_WARNING = "WARNING: fewer than 3 interleaved rounds (--quick runs 1): the ratios of "
            + "this run are indicative only. On a shared 2-core machine one round gave 0.46-1.22 for rows that 3 "
            + "interleaved rounds put near 0.9 (issue #14). Quote only a full run (--rounds 3 or more).";

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
        private List<String> engines = List.of();

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
            LOG.println("bits-bench LoadHarness " + (o.quick ? "(quick)" : "(full)") + " sections=" + o.sections
                    + " engines=" + o.engines + " rounds=" + o.rounds + "\n" + stamp.markdown());
            if (o.indicativeOnly()) {
                LOG.println(INDICATIVE_WARNING);
            }
            List<String> engineNotes = new ArrayList<>();
            engines = Engines.select(o.engines, engineNotes);
            engineNotes.forEach(this::note);
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
                if (o.runs("ingest")) {
                    ingest(handles);
                }
                if (o.runs("small")) {
                    small(handles);
                }
                if (o.runs("driver") && o.curlCheck) {
                    driverCheck(handles);
                }
                if (o.runs("ping") && o.pingSeconds > 0) {
                    pings(handles);
                }
                if (o.runs("client") && o.clientTotal > 0) {
                    ClientComparison.run(this, handles);
                }
                if (o.runs("sessions") && o.manySessions > 0) {
                    manySessions();
                }
                if (o.runs("cold") && o.coldTotal > 0) {
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
            LOG.println("wrote " + o.out.resolve(o.report + ".md").toAbsolutePath());
            if (o.indicativeOnly()) {
                LOG.println(INDICATIVE_WARNING);
            }
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
                            for (String engine : engines) {
                                handles.add(new Targets.JvmTarget("bits", Engines.targetName(engine),
                                        o.work.resolve("bits-" + engine), o.work.resolve("bits-server-" + engine
                                        + ".log"), jvm, BitsTarget.PATH_PREFIX, List.of(engine)));
                            }
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
                                    o.rounds > 1 ? "round " + (round + 1) : "").inRound(round + 1));
                        }
                        combo++;
                    }
                }
            }
        }

        /**
         * The small-uploads workload (issue #14): {@link SmallUploadDriver} against every target, file size x
         * clients x rounds, the targets' order rotated from round to round. bits-server gets Create-Session, the
         * Fragment(s) and Close-Session per file; nginx and the bare sink one {@code PUT} per file (the sink writes a
         * temporary file and renames it).
         */
        private void small(List<Targets.Handle> handles) throws Exception {
            // Unmeasured first: the per-session code paths differ from the long uploads' warm-up.
            for (Targets.Handle h : handles) {
                for (int file : o.smallFiles) {
                    SmallUploadDriver.run(smallTarget(h), 8, Math.min(o.smallUploads, 512), file, o.smallFragment,
                            payload, o.smallReconnect, o.socketBuffer);
                }
                Targets.empty(h.storage());
            }
            int combo = 0;
            for (int file : o.smallFiles) {
                for (int clients : o.smallClients) {
                    for (int round = 0; round < o.rounds; round++) {
                        for (int k = 0; k < handles.size(); k++) {
                            Targets.Handle h = handles.get((k + combo) % handles.size());
                            add(measureSmall(h, file, clients, o.rounds > 1 ? "round " + (round + 1) : "")
                                    .inRound(round + 1));
                        }
                        combo++;
                    }
                }
            }
        }

        /** {@return the driver's view of a target for small uploads: whole-file PUT for everything but bits-server} */
        private static RawBitsDriver.Target smallTarget(Targets.Handle h) {
            RawBitsDriver.Target t = h.target();
            return h.name().startsWith(Report.BITS) ? t
                    : new RawBitsDriver.Target(t.name(), t.port(), t.pathPrefix(), RawBitsDriver.Mode.PUT);
        }

        private Row measureSmall(Targets.Handle h, int file, int clients, String note) throws Exception {
            Targets.empty(h.storage());
            warm(o.warmEachRun ? o.warm : 0);
            h.reset();
            RawBitsDriver.Outcome r = SmallUploadDriver.run(smallTarget(h), clients, o.smallUploads, file,
                    o.smallFragment, payload, o.smallReconnect, o.socketBuffer);
            long[] stats = h.stats();
            Targets.empty(h.storage());
            int fragments = (int) ((file + (long) o.smallFragment - 1) / o.smallFragment);
            String how = h.name().startsWith(Report.BITS) ? (fragments + 2) + " requests/file" : "1 PUT/file";
            return new Row("small", h.name(), file, clients, r, stats[0], stats[1] / 1e9,
                    note.isEmpty() ? how : note + "; " + how);
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

        /** 1,000 concurrent sessions against bits-server in a 256 MiB heap, once per engine. */
        private void manySessions() throws Exception {
            if (!BitsTarget.available()) {
                return;
            }
            for (String engine : engines) {
                try (Targets.JvmTarget bits = new Targets.JvmTarget("bits", Engines.targetName(engine),
                        o.work.resolve("bits-256m-" + engine), o.work.resolve("bits-server-256m-" + engine + ".log"),
                        List.of("-Xmx256m", "-XX:+UseG1GC"), BitsTarget.PATH_PREFIX, List.of(engine))) {
                    long total = o.manySessions * 2 * MIB;
                    Row row = measure("sessions", bits, (int) MIB, o.manySessions, total,
                            i -> RawBitsDriver.memory(payload), o.socketBuffer, o.warmEachRun ? o.warm : 0,
                            "-Xmx256m, 2 MiB per session");
                    add(row);
                    if (!bits.alive()) {
                        note(bits.name() + " with -Xmx256m died during the " + o.manySessions + "-session run.");
                    }
                }
            }
        }

        /**
         * One big upload into a cold page cache, bits-server (each engine) against dd, made fair (issue #14): every
         * run meets the same page-cache state. When this process may, it syncs and drops the page cache
         * ({@code sync; echo 3 > /proc/sys/vm/drop_caches}) before each run; in any case both orders run (dd first,
         * then bits-server first) and both are reported, so whatever the first run of a pair meets cannot favour one
         * side unseen.
         */
        private void cold(List<Targets.Handle> handles) throws Exception {
            boolean drop = dropCaches();
            if (!drop) {
                note("Cold runs: the page cache could not be dropped (needs root and a writable /proc/sys/vm/drop_caches);"
                        + " fairness comes from running both orders only.");
            } else {
                note("Cold runs: dirty pages written back and the page cache dropped (sync; echo 3 > "
                        + "/proc/sys/vm/drop_caches) before each run, and both orders run.");
            }
            String state = drop ? "caches dropped" : "caches not dropped";
            for (Targets.Handle bits : handles) {
                if (!bits.name().startsWith(Report.BITS)) {
                    continue;
                }
                for (boolean ddFirst : new boolean[] {true, false}) {
                    String order = ddFirst ? "order dd first" : "order bits first";
                    for (int k = 0; k < 2; k++) {
                        if (drop) {
                            dropCaches();
                        }
                        if ((k == 0) == ddFirst) {
                            add(dd((int) MIB, o.coldTotal, "cold", 0, order + "; " + state + "; vs " + bits.name()));
                        } else {
                            add(measure("cold", bits, (int) MIB, 1, o.coldTotal, i -> RawBitsDriver.memory(payload),
                                    o.socketBuffer, 0, order + "; " + state));
                        }
                    }
                }
            }
        }

        /** Writes back dirty pages and drops the page cache; {@return false if this process may not} */
        static boolean dropCaches() {
            try {
                Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!sync.waitFor(10, TimeUnit.MINUTES)) {
                    sync.destroyForcibly();
                    return false;
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
                return true;
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
