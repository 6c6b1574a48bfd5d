// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.Progress;
import io.github.bitsj.client.ProgressListener;
import io.github.bitsj.client.RetryPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hostile-load run of issue #9 (a harness, not a test): a well-behaved upload (bits-client, the library, default
 * fragment policy, retrying after transient errors) against bits-server's command line with its product defaults,
 * once on a quiet server and once while {@link HostileClients} holds up to 10,000 slowloris and idle keep-alive
 * connections, sends cut-short bodies and floods Create-Session from one address. Quiet and hostile measurements are
 * interleaved (≥ 3 rounds, the order alternating), each on a freshly started server with empty storage, and the
 * well-behaved upload's throughput under attack is reported as a ratio to its quiet throughput, per engine.
 *
 * <p>Every measurement is bounded: the attack gets {@code --ramp} to open its connections, the upload gets
 * {@code --window} (then it is interrupted and its acknowledged bytes count), the server is then stopped (and killed
 * if it does not stop). A server that locks out every client shows as a ratio near 0, with the client's errors and
 * the attack's counters beside it.
 *
 * <p>Run with {@code mvn -B -ntp -pl bits-bench -am package -DskipTests -Djacoco.skip=true -Phostile
 * [-Dhostile.args="..."]}; {@code --help} lists the options.
 */
public final class HostileLoad {
    private HostileLoad() {}

    private static final PrintStream LOG = System.out;
    private static final long MIB = 1024 * 1024;

    /** The command line. */
    static final class Options {
        int connections = 10_000;
        double slowlorisShare = 0.5;
        int addresses = 1000;
        double cutShortRate = 50;
        int floodConnections = 1;
        int connectRate = 2000;
        Duration drip = Duration.ofSeconds(1);
        long uploadSize = 1024 * MIB;
        Duration window = Duration.ofSeconds(20);
        Duration ramp = Duration.ofSeconds(30);
        int rounds = 3;
        List<String> engines = Engines.available();
        String serverHeap = "1g";
        Path out = Path.of("results");
        Path work = Path.of("target", "hostile-work");
        String report = "hostile";

        static final String USAGE = """
                Usage: HostileLoad [options]
                  --connections 10000     slowloris + idle keep-alive connections held open during a hostile round
                  --slowloris-share 0.5   the slowloris part of them (the rest idle keep-alive)
                  --addresses 1000        loopback source addresses they come from (127.0.1.1 onwards)
                  --cut-short-rate 50     cut-short requests per second (0: none)
                  --flood-connections 1   Create-Session flood connections from one address (0: no flood)
                  --connect-rate 2000     most new hostile connections per second (re-opening closed ones included)
                  --drip 1s               time between two header bytes of a slowloris connection
                  --upload-size 1g        the well-behaved upload's file
                  --window 20s            the well-behaved upload's time limit (its acknowledged bytes count)
                  --ramp 30s              longest wait for the hostile connections to be open before the upload
                  --rounds 3              interleaved quiet/hostile pairs per engine (the order alternates)
                  --engines jdk           bits-server HTTP engines
                  --server-heap 1g        -Xmx of the server
                  --out results           where the report goes
                  --work target/hostile-work  the upload's source and the server's storage
                  --report hostile        result file names: <out>/<report>.{md,csv}
                """;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    case "--connections" -> o.connections = Integer.parseInt(ChaosRun.Options.value(args, ++i, a));
                    case "--slowloris-share" -> o.slowlorisShare = Double.parseDouble(
                            ChaosRun.Options.value(args, ++i, a));
                    case "--addresses" -> o.addresses = Integer.parseInt(ChaosRun.Options.value(args, ++i, a));
                    case "--cut-short-rate" -> o.cutShortRate = Double.parseDouble(
                            ChaosRun.Options.value(args, ++i, a));
                    case "--flood-connections" -> o.floodConnections = Integer.parseInt(
                            ChaosRun.Options.value(args, ++i, a));
                    case "--connect-rate" -> o.connectRate = Integer.parseInt(ChaosRun.Options.value(args, ++i, a));
                    case "--drip" -> o.drip = ChaosRun.Options.duration(ChaosRun.Options.value(args, ++i, a));
                    case "--upload-size" -> o.uploadSize = LoadHarness.Options.size(
                            ChaosRun.Options.value(args, ++i, a));
                    case "--window" -> o.window = ChaosRun.Options.duration(ChaosRun.Options.value(args, ++i, a));
                    case "--ramp" -> o.ramp = ChaosRun.Options.duration(ChaosRun.Options.value(args, ++i, a));
                    case "--rounds" -> o.rounds = Integer.parseInt(ChaosRun.Options.value(args, ++i, a));
                    case "--engines" -> o.engines = List.of(ChaosRun.Options.value(args, ++i, a).split(","));
                    case "--server-heap" -> o.serverHeap = ChaosRun.Options.value(args, ++i, a);
                    case "--out" -> o.out = Path.of(ChaosRun.Options.value(args, ++i, a));
                    case "--work" -> o.work = Path.of(ChaosRun.Options.value(args, ++i, a));
                    case "--report" -> o.report = ChaosRun.Options.value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.connections < 0 || o.slowlorisShare < 0 || o.slowlorisShare > 1 || o.addresses < 1
                    || o.addresses > 60_000 || o.cutShortRate < 0 || o.floodConnections < 0 || o.connectRate < 1
                    || o.uploadSize < 1 || o.rounds < 1) {
                throw new IllegalArgumentException("invalid bounds");
            }
            return o;
        }
    }

    /**
     * One measurement of the well-behaved upload.
     *
     * @param engine the server's engine
     * @param round the round (1-based)
     * @param hostile whether the attack ran
     * @param bytes bytes the server acknowledged within the window
     * @param seconds the upload's time (the window if it did not finish)
     * @param complete whether the upload finished
     * @param retries transient errors the client retried
     * @param outcome what happened, in words
     * @param openAtStart hostile connections open when the upload started
     * @param meanOpen mean hostile connections open during the upload (sampled each second)
     * @param stats the attack's counters at the end
     * @param serverAlive whether the server was still running at the end
     * @param serverFdLimit the server's open-file limit
     */
    record Measurement(String engine, int round, boolean hostile, long bytes, double seconds, boolean complete,
            int retries, String outcome, int openAtStart, double meanOpen, HostileClients.Stats stats,
            boolean serverAlive, long serverFdLimit) {
        double megabytesPerSecond() {
            return seconds <= 0 ? 0 : bytes / seconds / 1e6;
        }
    }

    /**
     * Runs the hostile-load run.
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
        LOG.println("bits-bench HostileLoad\n" + stamp.markdown());
        List<String> notes = new ArrayList<>();
        List<String> engines = Engines.select(o.engines, notes);
        long fdLimit = ServerProcess.Limits.openFiles();
        int headroom = 1024 + o.floodConnections + 64;
        if (fdLimit > 0 && fdLimit != Long.MAX_VALUE && o.connections + headroom > fdLimit) {
            int capped = (int) Math.max(0, fdLimit - headroom);
            notes.add("Hostile connections capped at " + capped + " (asked for " + o.connections + "): this JVM may "
                    + "open " + fdLimit + " files. Raise the limit (ulimit -n; the JVM raises its soft limit to the "
                    + "hard one) to run more.");
            o.connections = capped;
        }
        notes.add("Open-file limit of the harness JVM: " + fdLimit + ".");
        notes.forEach(n -> LOG.println("note: " + n));
        Files.createDirectories(o.out);
        Targets.empty(o.work);
        Files.createDirectories(o.work);
        Path source = o.work.resolve("well-behaved.bin");
        writeSource(source, o.uploadSize);
        List<Measurement> all = new ArrayList<>();
        for (String engine : engines) {
            // Unmeasured first: the client runs in this JVM and must be compiled before anything is timed.
            Measurement warm = measure(o, engine, 0, false, source);
            LOG.printf(Locale.ROOT, "[%s] warm-up (not counted) %.1f MB/s %s%n", engine, warm.megabytesPerSecond(),
                    warm.outcome());
            for (int round = 1; round <= o.rounds; round++) {
                boolean hostileFirst = round % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    Measurement m = measure(o, engine, round, (k == 0) == hostileFirst, source);
                    all.add(m);
                    HostileClients.Stats s = m.stats();
                    LOG.printf(Locale.ROOT, "[%s] round %d %-7s %8.1f MB/s %s retries=%d%s%n", engine, round,
                            m.hostile() ? "hostile" : "quiet", m.megabytesPerSecond(), m.outcome(), m.retries(),
                            m.hostile() ? String.format(Locale.ROOT, " open=%d mean-open=%.0f connects=%d "
                                            + "failed=%d timeouts=%d closed-by-server=%d cut-short=%d flood ok=%d "
                                            + "refused=%d errors=%d", m.openAtStart(), m.meanOpen(), s.connects(),
                                    s.connectFailures(), s.connectTimeouts(), s.closedByServer(), s.cutShort(),
                                    s.floodCreated(), s.floodRefused(), s.floodErrors()) : "");
                }
            }
            OptionalDouble ratio = ratio(all, engine);
            LOG.printf(Locale.ROOT, "[%s] hostile/quiet throughput = %s%n", engine,
                    ratio.isPresent() ? String.format(Locale.ROOT, "%.3f", ratio.getAsDouble()) : "–");
        }
        Files.deleteIfExists(source);
        write(o, stamp, all, notes);
        LOG.println("wrote " + o.out.resolve(o.report + ".md").toAbsolutePath());
        return 0;
    }

    private static Measurement measure(Options o, String engine, int round, boolean hostile, Path source)
            throws Exception {
        Path storage = o.work.resolve("storage-" + engine);
        Targets.empty(storage);
        ServerProcess server = new ServerProcess(storage, o.work.resolve("server-" + engine + ".log"), engine,
                List.of("-Xmx" + o.serverHeap, "-XX:+UseG1GC"), List.of("--shutdown-grace", "1s"));
        server.start(0);
        long serverFdLimit = server.openFileLimit();
        HostileClients attack = null;
        int openAtStart = 0;
        try {
            if (hostile) {
                int slow = (int) Math.round(o.connections * o.slowlorisShare);
                attack = HostileClients.start(new HostileClients.Plan(server.port(), slow, o.connections - slow,
                        HostileClients.sourcePool(o.addresses), o.cutShortRate, o.floodConnections,
                        InetAddress.getByAddress(new byte[] {127, 0, 0, 3}), o.connectRate, o.drip));
                openAtStart = attack.awaitOpen(o.connections, o.ramp);
            }
            return upload(o, engine, round, hostile, source, server, attack, openAtStart, serverFdLimit);
        } finally {
            if (attack != null) {
                attack.close();
            }
            server.stop(10);
            Targets.empty(storage);
        }
    }

    private static Measurement upload(Options o, String engine, int round, boolean hostile, Path source,
            ServerProcess server, HostileClients attack, int openAtStart, long serverFdLimit) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicInteger retries = new AtomicInteger();
        AtomicReference<String> firstRetry = new AtomicReference<>("");
        AtomicReference<String> result = new AtomicReference<>("");
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                acked.accumulateAndGet(p.bytesAcknowledged(), Math::max);
            }

            @Override
            public void onRetry(BitsClientException cause, Duration delay) {
                retries.incrementAndGet();
                firstRetry.compareAndSet("", describe(cause));
            }
        };
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/upload/well-behaved-" + round + ".bin");
        BitsClient client = BitsClient.newBuilder()
                .retryPolicy(RetryPolicy.newBuilder().initialDelay(Duration.ofMillis(250)).maxDelay(Duration.ofSeconds(2))
                        .noProgressTimeout(o.window.plusSeconds(10)).build())
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(o.window.plusSeconds(5))
                .build();
        long t0 = System.nanoTime();
        AtomicLong doneAt = new AtomicLong();
        Thread t = Thread.ofPlatform().daemon().name("well-behaved-upload").start(() -> {
            try {
                client.newJob(source, uri).listener(listener).build().run();
                doneAt.set(System.nanoTime());
                result.set("complete");
            } catch (InterruptedException e) {
                result.set("");
            } catch (IOException | RuntimeException e) {
                doneAt.set(System.nanoTime());
                result.set("failed: " + describe(e));
            }
        });
        double openSum = 0;
        int samples = 0;
        long end = t0 + o.window.toNanos();
        while (t.isAlive() && System.nanoTime() < end) {
            t.join(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            if (attack != null) {
                HostileClients.Stats s = attack.stats();
                openSum += s.openSlow() + s.openIdle();
                samples++;
            }
        }
        boolean stopped = false;
        if (t.isAlive()) {
            t.interrupt();
            t.join(10_000);
            stopped = true;
        }
        long finished = doneAt.get();
        boolean complete = "complete".equals(result.get());
        double seconds = complete ? (finished - t0) / 1e9 : o.window.toNanos() / 1e9;
        long bytes = complete ? o.uploadSize : acked.get();
        String outcome = complete ? "complete"
                : !result.get().isEmpty() ? result.get()
                : String.format(Locale.ROOT, "window ended at %.0f %%%s", 100.0 * bytes / o.uploadSize,
                        stopped && t.isAlive() ? " (client did not stop within 10 s)" : "");
        if (!firstRetry.get().isEmpty()) {
            outcome += "; first retried error: " + firstRetry.get();
        }
        HostileClients.Stats stats = attack == null ? null : attack.stats();
        if (!t.isAlive()) {
            client.close();
        }
        return new Measurement(engine, round, hostile, bytes, seconds, complete, retries.get(), outcome, openAtStart,
                samples == 0 ? 0 : openSum / samples, stats, server.alive(), serverFdLimit);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof BitsClientException b) {
            String code = b.errorCode().map(io.github.bitsj.protocol.HResult::wire).orElse("");
            return (b.status() == 0 ? "" : "status " + b.status() + (code.isEmpty() ? "" : " " + code) + ": ")
                    + (m == null ? "" : m);
        }
        Throwable c = e.getCause();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + (c == null ? "" : " (" + c.getClass().getSimpleName() + ")");
    }

    /** {@return mean hostile MB/s over mean quiet MB/s for an engine} */
    static OptionalDouble ratio(List<Measurement> all, String engine) {
        OptionalDouble h = all.stream().filter(m -> m.engine().equals(engine) && m.hostile())
                .mapToDouble(Measurement::megabytesPerSecond).average();
        OptionalDouble q = all.stream().filter(m -> m.engine().equals(engine) && !m.hostile())
                .mapToDouble(Measurement::megabytesPerSecond).average();
        return h.isPresent() && q.isPresent() && q.getAsDouble() > 0
                ? OptionalDouble.of(h.getAsDouble() / q.getAsDouble()) : OptionalDouble.empty();
    }

    private static void writeSource(Path file, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(9);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; ) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(r.nextLong());
                }
                buf.flip().limit((int) Math.min(buf.capacity(), size - done));
                while (buf.hasRemaining()) {
                    done += fc.write(buf);
                }
            }
        }
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static void write(Options o, Stamp stamp, List<Measurement> all, List<String> notes)
            throws IOException {
        int slow = (int) Math.round(o.connections * o.slowlorisShare);
        StringBuilder md = new StringBuilder("# bits-bench: hostile load (slowloris, idle, cut-short, flood)\n\n");
        md.append(stamp.markdown()).append('\n');
        md.append("A well-behaved upload (bits-client library, default fragment policy, retries after 250 ms "
                + "growing to 2 s) of ").append(Report.size(o.uploadSize)).append(" from 127.0.0.1, limited to ")
                .append(o.window.toSeconds()).append(" s, against bits-server's command line (product defaults, "
                        + "a fresh server and empty storage for every measurement). Hostile rounds first open ")
                .append(o.connections).append(" connections (").append(slow).append(" slowloris sending a header "
                        + "byte every ").append(o.drip.toMillis()).append(" ms, ").append(o.connections - slow)
                .append(" idle keep-alive after one Ping) from ").append(o.addresses).append(" loopback addresses "
                        + "(up to ").append(o.ramp.toSeconds()).append(" s), keep them open while the upload runs "
                        + "(re-opening what the server closes, at most ").append(o.connectRate)
                .append(" new connections/s), send ").append(f(o.cutShortRate, 0)).append(" cut-short requests/s "
                        + "(64 KiB announced, 1,000 bytes sent, then FIN or RST) and flood Create-Session on ")
                .append(o.floodConnections).append(" connection(s) from 127.0.0.3. Quiet and hostile measurements "
                        + "alternate (").append(o.rounds).append(" rounds, the order flipping each round). "
                        + "MB = 10^6 bytes; the upload's rate is its acknowledged bytes over its time (the window if "
                        + "it did not finish). All traffic shares this machine's CPUs with the server.\n\n");
        md.append("## Well-behaved upload under attack vs quiet\n\n");
        md.append("| Engine | hostile/quiet throughput | per round |\n|---|---:|---|\n");
        for (String engine : all.stream().map(Measurement::engine).distinct().toList()) {
            OptionalDouble r = ratio(all, engine);
            List<String> perRound = new ArrayList<>();
            for (int k = 1; k <= o.rounds; k++) {
                int round = k;
                OptionalDouble h = all.stream().filter(m -> m.engine().equals(engine) && m.round() == round
                        && m.hostile()).mapToDouble(Measurement::megabytesPerSecond).average();
                OptionalDouble q = all.stream().filter(m -> m.engine().equals(engine) && m.round() == round
                        && !m.hostile()).mapToDouble(Measurement::megabytesPerSecond).average();
                perRound.add(h.isPresent() && q.isPresent() && q.getAsDouble() > 0
                        ? f(h.getAsDouble() / q.getAsDouble(), 2) : "–");
            }
            md.append("| ").append(engine).append(" | **").append(r.isPresent() ? f(r.getAsDouble(), 2) : "–")
                    .append("** | ").append(String.join(" / ", perRound)).append(" |\n");
        }
        md.append("\n## Measurements\n\n");
        md.append("| Engine | round | load | MB/s | acknowledged MiB | s | outcome | client retries "
                + "| hostile open at start / mean | connects / failed / timed out | closed by server "
                + "| answers on slowloris | idle Pings answered | cut-short sent / failed "
                + "| flood created / refused / errors | server alive | server fd limit |\n");
        md.append("|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Measurement m : all) {
            HostileClients.Stats s = m.stats();
            md.append("| ").append(m.engine()).append(" | ").append(m.round()).append(" | ")
                    .append(m.hostile() ? "hostile" : "quiet").append(" | ").append(f(m.megabytesPerSecond(), 1))
                    .append(" | ").append(m.bytes() / MIB).append(" | ").append(f(m.seconds(), 1)).append(" | ")
                    .append(m.outcome().replace('|', '/')).append(" | ").append(m.retries()).append(" | ");
            if (s == null) {
                md.append("– | – | – | – | – | – | – | ");
            } else {
                md.append(m.openAtStart()).append(" / ").append(f(m.meanOpen(), 0)).append(" | ")
                        .append(s.connects()).append(" / ").append(s.connectFailures()).append(" / ")
                        .append(s.connectTimeouts()).append(" | ").append(s.closedByServer()).append(" | ")
                        .append(s.serverAnswers()).append(" | ").append(s.idleAnswered()).append(" | ")
                        .append(s.cutShort()).append(" / ").append(s.cutShortFailures()).append(" | ")
                        .append(s.floodCreated()).append(" / ").append(s.floodRefused()).append(" / ")
                        .append(s.floodErrors())
                        .append(s.firstFloodRefusal().isEmpty() ? "" : " (first refusal " + s.firstFloodRefusal()
                                + ")").append(" | ");
            }
            md.append(m.serverAlive() ? "yes" : "**no**").append(" | ").append(m.serverFdLimit()).append(" |\n");
        }
        md.append("\nHow to read it: the ratio is the well-behaved upload's throughput under attack over its quiet "
                + "throughput (mean of rounds; each round's own ratio beside it). Near 1: the attack did not hurt "
                + "the client; near 0: the client was locked out — its outcome says how (connections refused or "
                + "reset, Create-Session refused, window ended). *closed by server* counts hostile connections the "
                + "server closed or reset after they were established; *failed* counts attempts refused or reset "
                + "before; both mean the server is shedding connections — which is only good if the well-behaved "
                + "client still gets through.\n");
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        StringBuilder csv = new StringBuilder("engine,round,load,bytes,seconds,mb_per_s,complete,retries,"
                + "open_at_start,mean_open,connects,connect_failures,connect_timeouts,closed_by_server,"
                + "slowloris_answers,idle_answered,cut_short,cut_short_failures,flood_created,flood_refused,"
                + "flood_errors,server_alive,server_fd_limit,outcome\n");
        for (Measurement m : all) {
            HostileClients.Stats s = m.stats();
            csv.append(String.join(",", m.engine(), Integer.toString(m.round()), m.hostile() ? "hostile" : "quiet",
                    Long.toString(m.bytes()), f(m.seconds(), 3), f(m.megabytesPerSecond(), 2),
                    Boolean.toString(m.complete()), Integer.toString(m.retries()),
                    Integer.toString(m.openAtStart()), f(m.meanOpen(), 1),
                    s == null ? "" : Long.toString(s.connects()), s == null ? "" : Long.toString(s.connectFailures()),
                    s == null ? "" : Long.toString(s.connectTimeouts()),
                    s == null ? "" : Long.toString(s.closedByServer()),
                    s == null ? "" : Long.toString(s.serverAnswers()), s == null ? "" : Long.toString(s.idleAnswered()),
                    s == null ? "" : Long.toString(s.cutShort()), s == null ? "" : Long.toString(s.cutShortFailures()),
                    s == null ? "" : Long.toString(s.floodCreated()), s == null ? "" : Long.toString(s.floodRefused()),
                    s == null ? "" : Long.toString(s.floodErrors()), Boolean.toString(m.serverAlive()),
                    Long.toString(m.serverFdLimit()), '"' + m.outcome().replace('"', '\'') + '"')).append('\n');
        }
        Files.writeString(o.out.resolve(o.report + ".md"), md, StandardCharsets.UTF_8);
        Files.writeString(o.out.resolve(o.report + ".csv"), csv, StandardCharsets.UTF_8);
    }
}
