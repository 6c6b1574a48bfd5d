// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.RetryPolicy;
import io.github.bitsj.client.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The chaos run of issue #9 (a harness, not a test): {@code N} uploads with bits-client (the library, one client per
 * worker, retrying after {@code --retry-delay}) against bits-server's command line in a child process, which is
 * {@code SIGKILL}ed at random moments (seeded; the seed is printed and recorded) and restarted on the same storage root
 * and port while the clients retry and resume. At the end every upload's stored file is compared with its source by
 * size and SHA-256. Reports kills, uploads, byte-identical files and anything lost or corrupted; writes
 * {@code <out>/<report>.md} and {@code .csv} stamped like every result.
 *
 * <p>Run with {@code mvn -B -ntp -pl bits-bench -am package -DskipTests -Djacoco.skip=true -Pchaos
 * [-Dchaos.args="..."]}; {@code --help} lists the options.
 */
public final class ChaosRun {
    private ChaosRun() {}

    private static final PrintStream LOG = System.out;
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;

    /** The command line. */
    static final class Options {
        int uploads = 200;
        int concurrency = 16;
        long minSize = 0;
        long maxSize = 8 * MIB;
        int fragment = (int) (256 * KIB);
        int kills = 50;
        long minGapMillis = 200;
        long maxGapMillis = 2000;
        long maxDowntimeMillis = 500;
        long seed = System.nanoTime();
        boolean seedGiven;
        List<String> engines = Engines.available();
        Duration retryDelay = Duration.ofMillis(100);
        Duration deadline = Duration.ofMinutes(15);
        boolean durable;
        String serverHeap = "512m";
        Path out = Path.of("results");
        Path work = Path.of("target", "chaos-work");
        String report = "chaos";

        static final String USAGE = """
                Usage: ChaosRun [options]
                  --uploads 200           uploads in all (each a distinct file and name)
                  --concurrency 16        uploads running at once (one bits-client per worker)
                  --min-size 0            smallest file (sizes are uniform between min and max, seeded)
                  --max-size 8m           largest file
                  --fragment 256k         bits-client's fixed fragment size (so uploads span several kills)
                  --kills 50              most SIGKILLs (the run ends earlier when every upload has finished)
                  --gap 200,2000          milliseconds between a restart and the next kill (uniform, seeded)
                  --downtime 500          most milliseconds the server stays down before its restart (uniform)
                  --seed N                the random seed (default: from the clock; always printed)
                  --engines jdk           bits-server HTTP engines, one run each
                  --retry-delay 100ms     the clients' first retry delay (doubling up to 10x)
                  --deadline 15m          the whole run's bound per engine; unfinished uploads are then stopped
                  --durable               run the server with --durable-writes (fsync before each Ack)
                  --server-heap 512m      -Xmx of the server
                  --out results           where the report goes
                  --work target/chaos-work  sources and the server's storage (deleted at the start)
                  --report chaos          result file names: <out>/<report>.{md,csv}
                """;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    case "--uploads" -> o.uploads = Integer.parseInt(value(args, ++i, a));
                    case "--concurrency" -> o.concurrency = Integer.parseInt(value(args, ++i, a));
                    case "--min-size" -> o.minSize = LoadHarness.Options.size(value(args, ++i, a));
                    case "--max-size" -> o.maxSize = LoadHarness.Options.size(value(args, ++i, a));
                    case "--fragment" -> o.fragment = (int) LoadHarness.Options.size(value(args, ++i, a));
                    case "--kills" -> o.kills = Integer.parseInt(value(args, ++i, a));
                    case "--gap" -> {
                        String[] g = value(args, ++i, a).split(",");
                        o.minGapMillis = Long.parseLong(g[0].trim());
                        o.maxGapMillis = Long.parseLong(g[g.length - 1].trim());
                    }
                    case "--downtime" -> o.maxDowntimeMillis = Long.parseLong(value(args, ++i, a));
                    case "--seed" -> {
                        o.seed = Long.parseLong(value(args, ++i, a));
                        o.seedGiven = true;
                    }
                    case "--engines" -> o.engines = List.of(value(args, ++i, a).split(","));
                    case "--retry-delay" -> o.retryDelay = duration(value(args, ++i, a));
                    case "--deadline" -> o.deadline = duration(value(args, ++i, a));
                    case "--durable" -> o.durable = true;
                    case "--server-heap" -> o.serverHeap = value(args, ++i, a);
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--work" -> o.work = Path.of(value(args, ++i, a));
                    case "--report" -> o.report = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.uploads < 1 || o.concurrency < 1 || o.minSize < 0 || o.maxSize < o.minSize || o.kills < 0
                    || o.minGapMillis < 0 || o.maxGapMillis < o.minGapMillis || o.maxDowntimeMillis < 0) {
                throw new IllegalArgumentException("invalid bounds");
            }
            return o;
        }

        static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            return args[i];
        }

        /** {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}; a bare number is seconds. */
        static Duration duration(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char u = t.charAt(t.length() - 1);
            long n = Character.isDigit(u) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
            return switch (u) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    /**
     * One upload's fate.
     *
     * @param index its number
     * @param size the source's size
     * @param clientOk whether bits-client reported it complete
     * @param error the client's failure, or ""
     * @param retries transient errors the client retried
     * @param sessions sessions the client created for it (more than 1: the server lost or refused one)
     * @param stored the stored file's state: identical, different, missing
     */
    record Upload(int index, long size, boolean clientOk, String error, int retries, int sessions, String stored) {}

    /**
     * One engine's run.
     *
     * @param engine the engine
     * @param uploads every upload
     * @param kills SIGKILLs sent
     * @param restartMillis each restart's time until the server listened again
     * @param seconds the run's wall time
     * @param strayFiles files in the storage root that no upload asked for
     * @param closedSessions session records left in the session area in state CLOSED (kept by the server to answer
     *     a repeated Close-Session until they expire)
     * @param openSessions other session records left: sessions abandoned when their Create-Session was answered by a
     *     server killed before the Ack reached the client (the client then created another)
     * @param aborted why the run stopped early, or ""
     */
    record Result(String engine, List<Upload> uploads, int kills, List<Long> restartMillis, double seconds,
            List<String> strayFiles, long closedSessions, long openSessions, String aborted) {
        long count(String stored) {
            return uploads.stream().filter(u -> u.stored().equals(stored)).count();
        }

        long clientOk() {
            return uploads.stream().filter(Upload::clientOk).count();
        }

        /** {@return uploads the client reported complete whose file is not byte-identical: data lost} */
        long lost() {
            return uploads.stream().filter(u -> u.clientOk() && !u.stored().equals(IDENTICAL)).count();
        }
    }

    static final String IDENTICAL = "identical";
    static final String DIFFERENT = "different";
    static final String MISSING = "missing";

    /**
     * Runs the chaos run.
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
        System.exit(run(o));
    }

    static int run(Options o) throws Exception {
        Stamp stamp = Stamp.current();
        LOG.println("bits-bench ChaosRun seed=" + o.seed + " (rerun with --seed " + o.seed + ")\n" + stamp.markdown());
        List<String> notes = new ArrayList<>();
        List<String> engines = Engines.select(o.engines, notes);
        notes.forEach(n -> LOG.println("note: " + n));
        Targets.empty(o.work);
        Files.createDirectories(o.work);
        Files.createDirectories(o.out);
        Path sources = Files.createDirectories(o.work.resolve("sources"));
        SplittableRandom random = new SplittableRandom(o.seed);
        long[] sizes = new long[o.uploads];
        byte[][] digests = new byte[o.uploads][];
        for (int i = 0; i < o.uploads; i++) {
            sizes[i] = o.minSize + (o.maxSize == o.minSize ? 0 : random.nextLong(o.maxSize - o.minSize + 1));
            digests[i] = writeSource(sources.resolve(name(i)), sizes[i], random.nextLong());
        }
        LOG.printf(Locale.ROOT, "%d source files, %.1f MiB in all%n", o.uploads,
                java.util.Arrays.stream(sizes).sum() / (double) MIB);
        List<Result> results = new ArrayList<>();
        for (String engine : engines) {
            // Each engine meets the same kill schedule: the random stream restarts from the seed.
            results.add(runEngine(o, engine, sources, sizes, digests, new SplittableRandom(o.seed ^ 0x5DEECE66DL)));
        }
        write(o, stamp, results, notes);
        LOG.println("wrote " + o.out.resolve(o.report + ".md").toAbsolutePath());
        boolean clean = results.stream().allMatch(r -> r.lost() == 0 && r.count(DIFFERENT) == 0);
        return clean ? 0 : 3;
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "chaos-%05d.bin", i);
    }

    private static Result runEngine(Options o, String engine, Path sources, long[] sizes, byte[][] digests,
            SplittableRandom random) throws Exception {
        Path storage = o.work.resolve("storage-" + engine);
        List<String> serverArgs = new ArrayList<>(List.of("--max-sessions-per-user", "1000000",
                "--shutdown-grace", "1s", "--max-requests-per-address", "0", "--session-creates-per-minute", "0",
                "--max-anonymous-sessions-per-address", "0", "--max-fragmentless-sessions-per-address", "0"));
        if (o.durable) {
            serverArgs.add("--durable-writes");
        }
        ServerProcess server = new ServerProcess(storage, o.work.resolve("server-" + engine + ".log"), engine,
                List.of("-Xmx" + o.serverHeap, "-XX:+UseG1GC"), serverArgs);
        long t0 = System.nanoTime();
        long deadline = t0 + o.deadline.toNanos();
        server.start(0);
        int port = server.port();
        LOG.println("[" + engine + "] bits-server pid " + server.pid() + " on port " + port);
        Upload[] uploads = new Upload[o.uploads];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(o.concurrency);
        List<Thread> workers = new ArrayList<>();
        RetryPolicy retry = RetryPolicy.newBuilder().initialDelay(o.retryDelay)
                .maxDelay(o.retryDelay.multipliedBy(10)).noProgressTimeout(o.deadline).build();
        for (int w = 0; w < o.concurrency; w++) {
            workers.add(Thread.ofPlatform().name("chaos-upload-" + w).start(() -> {
                try (BitsClient client = BitsClient.newBuilder()
                        .fragmentPolicy(FragmentPolicy.fixed(o.fragment))
                        .retryPolicy(retry)
                        .connectTimeout(Duration.ofSeconds(5))
                        .requestTimeout(Duration.ofSeconds(60))
                        .build()) {
                    int i;
                    while ((i = next.getAndIncrement()) < o.uploads && !Thread.currentThread().isInterrupted()) {
                        URI uri = URI.create("http://127.0.0.1:" + port + "/upload/" + name(i));
                        try {
                            UploadResult r = client.upload(sources.resolve(name(i)), uri);
                            uploads[i] = new Upload(i, sizes[i], true, "", r.retries(), r.sessions(), "");
                        } catch (InterruptedException e) {
                            uploads[i] = new Upload(i, sizes[i], false, "stopped at the deadline", 0, 0, "");
                            Thread.currentThread().interrupt();
                        } catch (IOException | RuntimeException e) {
                            uploads[i] = new Upload(i, sizes[i], false, e.toString(), 0, 0, "");
                        }
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        int kills = 0;
        List<Long> restarts = new ArrayList<>();
        String aborted = "";
        while (kills < o.kills && System.nanoTime() < deadline) {
            long gap = o.minGapMillis + random.nextLong(o.maxGapMillis - o.minGapMillis + 1);
            if (finished.await(gap, TimeUnit.MILLISECONDS)) {
                break; // every upload has finished
            }
            server.kill();
            kills++;
            long down = o.maxDowntimeMillis == 0 ? 0 : random.nextLong(o.maxDowntimeMillis + 1);
            if (finished.await(down, TimeUnit.MILLISECONDS)) {
                break; // cannot happen while the server is down, unless every client gave up
            }
            try {
                long nanos = server.start(port);
                restarts.add(nanos / 1_000_000);
                LOG.printf(Locale.ROOT, "[%s] kill %d after %d ms; down %d ms; restarted in %d ms; %d/%d uploads "
                        + "finished%n", engine, kills, gap, down, nanos / 1_000_000, countDone(uploads), o.uploads);
            } catch (IOException e) {
                aborted = "restart after kill " + kills + " failed: " + e.getMessage();
                LOG.println("[" + engine + "] " + aborted);
                break;
            }
        }
        long left = Math.max(0, deadline - System.nanoTime());
        if (!finished.await(left, TimeUnit.NANOSECONDS)) {
            aborted = aborted.isEmpty() ? "deadline " + o.deadline + " reached; unfinished uploads stopped" : aborted;
            workers.forEach(Thread::interrupt);
            finished.await(30, TimeUnit.SECONDS);
        } else if (!aborted.isEmpty()) {
            workers.forEach(Thread::interrupt);
        }
        server.stop(10);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Upload> all = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < o.uploads; i++) {
            Upload u = uploads[i] == null ? new Upload(i, sizes[i], false, "never started", 0, 0, "") : uploads[i];
            Path stored = storage.resolve(name(i));
            expected.add(name(i));
            String state;
            if (!Files.isRegularFile(stored)) {
                state = MISSING;
            } else {
                state = Files.size(stored) == sizes[i]
                        && MessageDigest.isEqual(digest(stored), digests[i]) ? IDENTICAL : DIFFERENT;
            }
            all.add(new Upload(u.index(), u.size(), u.clientOk(), u.error(), u.retries(), u.sessions(), state));
        }
        List<String> stray = new ArrayList<>();
        try (Stream<Path> s = Files.list(storage)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !expected.contains(n) && !n.equals(io.github.bitsj.server.UploadDirectory
                            .DEFAULT_SESSION_DIRECTORY))
                    .forEach(stray::add);
        }
        long closed = 0;
        long open = 0;
        Path area = storage.resolve(io.github.bitsj.server.UploadDirectory.DEFAULT_SESSION_DIRECTORY);
        List<Path> records;
        try (Stream<Path> s = Files.isDirectory(area) ? Files.list(area) : Stream.empty()) {
            records = s.filter(Files::isDirectory).toList();
        }
        for (Path d : records) {
            if (sessionState(d).equals("CLOSED")) {
                closed++;
            } else {
                open++;
            }
        }
        Result r = new Result(engine, all, kills, restarts, seconds, stray, closed, open, aborted);
        LOG.printf(Locale.ROOT, "[%s] kills=%d uploads=%d client-ok=%d byte-identical=%d different=%d missing=%d "
                        + "lost(acknowledged but not identical)=%d stray=%d sessions-left closed=%d other=%d %.1fs%n",
                engine, kills, o.uploads, r.clientOk(), r.count(IDENTICAL), r.count(DIFFERENT), r.count(MISSING),
                r.lost(), stray.size(), closed, open, seconds);
        return r;
    }

    /** {@return the {@code state} of a session record in the server's session area, or "?"} */
    private static String sessionState(Path sessionDir) {
        try {
            for (String line : Files.readAllLines(sessionDir.resolve("session.properties"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("state=")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // no readable record: counted as not closed
        }
        return "?";
    }

    private static int countDone(Upload[] uploads) {
        int n = 0;
        for (Upload u : uploads) {
            if (u != null) {
                n++;
            }
        }
        return n;
    }

    /** Writes {@code size} seeded random bytes; {@return their SHA-256} */
    private static byte[] writeSource(Path file, long size, long seed) throws IOException {
        MessageDigest md = sha256();
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; ) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(r.nextLong());
                }
                int n = (int) Math.min(buf.position(), size - done);
                buf.flip().limit(n);
                md.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    fc.write(buf);
                }
                done += n;
            }
        }
        return md.digest();
    }

    private static byte[] digest(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static void write(Options o, Stamp stamp, List<Result> results, List<String> notes) throws IOException {
        StringBuilder md = new StringBuilder("# bits-bench: chaos run (SIGKILL, restart, resume)\n\n");
        md.append(stamp.markdown()).append('\n');
        md.append("Seed **").append(o.seed).append("** (rerun: `--seed ").append(o.seed).append("`). ")
                .append(o.uploads).append(" uploads of ").append(o.minSize == 0 ? "0" : Report.size(o.minSize))
                .append("–")
                .append(Report.size(o.maxSize)).append(" (seeded random sizes and bytes), ").append(o.concurrency)
                .append(" at a time, with bits-client (library, fixed ").append(Report.size(o.fragment))
                .append(" fragments, first retry after ").append(o.retryDelay.toMillis()).append(" ms) against "
                        + "bits-server's command line in a child process")
                .append(o.durable ? " with `--durable-writes`" : " (default: no fsync per fragment)")
                .append(". The server is SIGKILLed ").append(o.minGapMillis).append("–").append(o.maxGapMillis)
                .append(" ms after each (re)start, stays down up to ").append(o.maxDowntimeMillis)
                .append(" ms and restarts on the same storage root and port, at most ").append(o.kills)
                .append(" times. Each stored file is then compared with its source (size and SHA-256).\n\n");
        md.append("| Engine | kills | uploads | client reported complete | byte-identical | different | missing "
                + "| **lost** (acknowledged, not identical) | uploads that needed > 1 session | client retries "
                + "| restart ms (median / max) | stray files | session records left: closed / other | wall s "
                + "| stopped early |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            List<Long> sorted = r.restartMillis().stream().sorted().toList();
            md.append("| ").append(r.engine()).append(" | ").append(r.kills()).append(" | ")
                    .append(r.uploads().size()).append(" | ").append(r.clientOk()).append(" | ")
                    .append(r.count(IDENTICAL)).append(" | ").append(r.count(DIFFERENT)).append(" | ")
                    .append(r.count(MISSING)).append(" | **").append(r.lost()).append("** | ")
                    .append(r.uploads().stream().filter(u -> u.sessions() > 1).count()).append(" | ")
                    .append(r.uploads().stream().mapToLong(Upload::retries).sum()).append(" | ")
                    .append(sorted.isEmpty() ? "–" : sorted.get(sorted.size() / 2) + " / " + sorted.getLast())
                    .append(" | ").append(r.strayFiles().size()).append(" | ").append(r.closedSessions())
                    .append(" / ").append(r.openSessions()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.seconds())).append(" | ")
                    .append(r.aborted().isEmpty() ? "no" : r.aborted().replace('|', '/')).append(" |\n");
        }
        md.append("\nHow to read it: **lost** must be 0 — an upload bits-client reported complete whose stored file is "
                + "missing or differs means an acknowledged byte was lost or a commit was partial. *different* must "
                + "be 0 whatever the client said. An upload the client did not finish (deadline, refusal) shows as "
                + "*missing* without being lost. Session records left: *closed* ones are kept by the server so that a "
                + "repeated Close-Session is answered until they expire; *other* ones were abandoned when a "
                + "Create-Session was answered by a server killed before its Ack reached the client (the client then "
                + "created another session); they expire with the session timeout.\n");
        for (Result r : results) {
            List<Upload> bad = r.uploads().stream().filter(u -> !u.clientOk() || !u.stored().equals(IDENTICAL))
                    .toList();
            if (!bad.isEmpty() || !r.strayFiles().isEmpty()) {
                md.append("\n## ").append(r.engine()).append(": uploads not complete and identical\n\n");
                md.append("| upload | size | client complete | stored | client error |\n|---:|---:|---|---|---|\n");
                for (Upload u : bad.subList(0, Math.min(bad.size(), 50))) {
                    md.append("| ").append(u.index()).append(" | ").append(u.size()).append(" | ")
                            .append(u.clientOk()).append(" | ").append(u.stored()).append(" | ")
                            .append(u.error().replace('|', '/')).append(" |\n");
                }
                if (bad.size() > 50) {
                    md.append("\n(").append(bad.size() - 50).append(" more in the CSV.)\n");
                }
                if (!r.strayFiles().isEmpty()) {
                    md.append("\nStray files: ").append(String.join(", ", r.strayFiles().subList(0,
                            Math.min(20, r.strayFiles().size())))).append('\n');
                }
            }
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\nPer-upload rows: `").append(o.report).append(".csv`.\n");
        StringBuilder csv = new StringBuilder("engine,seed,upload,size,client_ok,retries,sessions,stored,error\n");
        for (Result r : results) {
            for (Upload u : r.uploads()) {
                csv.append(String.join(",", r.engine(), Long.toString(o.seed), Integer.toString(u.index()),
                        Long.toString(u.size()), Boolean.toString(u.clientOk()), Integer.toString(u.retries()),
                        Integer.toString(u.sessions()), u.stored(), '"' + u.error().replace('"', '\'') + '"'))
                        .append('\n');
            }
        }
        Files.writeString(o.out.resolve(o.report + ".md"), md, StandardCharsets.UTF_8);
        Files.writeString(o.out.resolve(o.report + ".csv"), csv, StandardCharsets.UTF_8);
    }
}
