// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What an upload costs the harness JVM itself, where both client drivers of the client comparison run: context
 * switches of all its threads (summed over {@code /proc/self/task/<tid>/status}; Linux only, else -1) and process CPU
 * time. Switches are counted per thread, so those of a thread that ends during the upload are lost: the JDK client's
 * threads live for the client's life, so this undercounts little. Less sensitive to other load on the machine than
 * MB/s (issue #14).
 *
 * @param threads per thread id: voluntary context switches (a thread blocked: a hand-off between threads or a wait for
 *     I/O) and involuntary ones (preempted); null if not on Linux
 * @param cpuNanos process CPU time
 */
record ClientCost(Map<String, long[]> threads, long cpuNanos) {

    static ClientCost now() {
        Map<String, long[]> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                long[] c = new long[2];
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            c[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            c[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    threads.put(t.getFileName().toString(), c);
                } catch (IOException | NumberFormatException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            threads = null;
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new ClientCost(threads, os.getProcessCpuTime());
    }

    /** {@return a line with the cost since {@code start} per fragment and per GB} */
    String since(ClientCost start, long fragments, long bytes) {
        double f = Math.max(1, fragments);
        double gb = Math.max(1, bytes) / 1e9;
        long vol = 0;
        long invol = 0;
        if (threads != null && start.threads != null) {
            // per thread alive at the end; one that ended meanwhile is lost (see above)
            for (Map.Entry<String, long[]> e : threads.entrySet()) {
                long[] before = start.threads.getOrDefault(e.getKey(), new long[2]);
                vol += e.getValue()[0] - before[0];
                invol += e.getValue()[1] - before[1];
            }
        }
        return String.format(java.util.Locale.ROOT, "%.2f voluntary + %.2f involuntary switches/fragment, "
                + "%.2f s CPU/GB (%d fragments)", vol / f, invol / f, (cpuNanos - start.cpuNanos) / 1e9 / gb,
                fragments);
    }
}
