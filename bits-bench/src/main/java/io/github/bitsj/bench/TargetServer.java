// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark target in its own JVM, so its heap and CPU time are measured apart from the driver's. Started by
 * {@link LoadHarness} as {@code java -cp ... TargetServer bare <storage-dir> [buffer-bytes]} or
 * {@code TargetServer bits <storage-dir> [engine]}; it prints
 * {@code PORT <n>} and then answers commands on standard input, one per line:
 * <ul>
 *   <li>{@code reset}: start a measurement (peak heap, CPU time); answers {@code OK};
 *   <li>{@code stats}: answers {@code STATS <peak-heap-used-bytes> <cpu-nanos-since-reset> <max-heap-bytes>};
 *   <li>{@code quit} or end of input: stop the server and exit.
 * </ul>
 * Peak heap is the largest heap occupancy sampled every 5 ms, which includes garbage not yet collected.
 */
public final class TargetServer {
    private TargetServer() {}

    /**
     * Logs the server's events at INFO one line each, as bits-server's command line does ({@code --log-format text}):
     * the JDK's default {@code SimpleFormatter} writes two lines per event and walks the stack to name the calling
     * method for every one, which showed as 9 % of the server's CPU in the small-uploads workload (issue #14).
     */
    private static void oneLineLogs() {
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        java.util.logging.Formatter f = new java.util.logging.Formatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return time.format(r.getInstant()) + ' ' + r.getLevel().getName() + ' ' + formatMessage(r)
                        + System.lineSeparator();
            }
        };
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setFormatter(f);
        }
    }

    /**
     * Runs a target.
     *
     * @param args kind, storage directory, optional buffer size (bare) or engine (bits, default jdk)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        // Same JDK server settings for every target (STYLE §1.4 item 3: set in main, before the first server).
        // maxIdleConnections: the JDK closes a kept-alive connection after its exchange once 200 are idle, which breaks
        // every driver with more than 200 concurrent uploads (ServerImpl.Exchange#run, JDK 25).
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        System.setProperty("sun.net.httpserver.maxIdleConnections",
                System.getProperty("sun.net.httpserver.maxIdleConnections", "4096"));
        String kind = args[0];
        Path dir = Path.of(args[1]);
        AutoCloseable server;
        int port;
        switch (kind) {
            case "bare" -> {
                int buffer = args.length > 2 ? Integer.parseInt(args[2]) : BareSink.DEFAULT_BUFFER;
                BareSink sink = BareSink.start(dir, buffer);
                server = sink;
                port = sink.port();
            }
            case "bits" -> {
                oneLineLogs();
                BitsTarget bits = BitsTarget.start(dir, args.length > 2 ? args[2] : Engines.JDK);
                server = bits;
                port = bits.port();
            }
            default -> throw new IllegalArgumentException("unknown target " + kind);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (true) {
                long used = memory.getHeapMemoryUsage().getUsed();
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        System.out.println("PORT " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            switch (line.trim()) {
                case "reset" -> {
                    peak.set(memory.getHeapMemoryUsage().getUsed());
                    cpuStart = os.getProcessCpuTime();
                    System.out.println("OK");
                }
                case "stats" -> System.out.println("STATS " + peak.get() + " " + (os.getProcessCpuTime() - cpuStart)
                        + " " + memory.getHeapMemoryUsage().getMax());
                default -> System.out.println("ERR unknown command");
            }
            System.out.flush();
        }
        sampler.interrupt();
        server.close();
        System.exit(0);
    }
}
