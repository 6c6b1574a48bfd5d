// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * curl as the reference driver (issue #5: "show that the raw driver is at least as fast as curl against the bare
 * sink"): one curl process, one kept-alive connection, {@code Expect:} disabled, every Fragment of one session sent
 * from the same fragment file with its own {@code Content-Range}. Create-Session and Close-Session go through the
 * raw driver's connection and are not timed.
 */
final class CurlDriver {
    private CurlDriver() {}

    static LoadHarness.Row run(LoadHarness.Run run, Targets.Handle target, int fragment, long total)
            throws Exception {
        Path work = run.options().work;
        Path body = work.resolve("curl-fragment.bin");
        Path config = work.resolve("curl.config");
        int port = target.target().port();
        String path = target.target().pathPrefix() + "curl-" + System.nanoTime() + ".bin";
        try (FileChannel fc = FileChannel.open(body, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                RawBitsDriver.Connection c = new RawBitsDriver.Connection(port, 0)) {
            ByteBuffer b = run.payload().slice(0, fragment);
            while (b.hasRemaining()) {
                fc.write(b);
            }
            int st = c.exchange(RawBitsDriver.createSession(path, port), null);
            String session = c.header("BITS-Session-Id");
            if (st != 200 || session == null) {
                throw new IOException("Create-Session answered " + st);
            }
            long count = total / fragment;
            StringBuilder cfg = new StringBuilder();
            for (long k = 0; k < count; k++) {
                long first = k * fragment;
                cfg.append("url = \"http://127.0.0.1:").append(port).append(path).append("\"\n")
                        .append("request = \"BITS_POST\"\n")
                        .append("header = \"BITS-Packet-Type: Fragment\"\n")
                        .append("header = \"BITS-Session-Id: ").append(session).append("\"\n")
                        .append("header = \"Content-Range: bytes ").append(first).append('-')
                        .append(first + fragment - 1).append('/').append(count * fragment).append("\"\n")
                        .append("header = \"Expect:\"\n")
                        .append("header = \"Content-Type:\"\n")
                        .append("data-binary = \"@").append(body.toAbsolutePath()).append("\"\n")
                        .append("output = \"/dev/null\"\n")
                        .append("write-out = \"%{http_code}\\n\"\n");
                if (k + 1 < count) {
                    cfg.append("next\n");
                }
            }
            Files.writeString(config, cfg);
            Targets.empty(target.storage());
            run.warm(run.options().warmEachRun ? run.options().warm : 0);
            target.reset();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("curl", "-sS", "--http1.1", "-K", config.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String codes;
            try (InputStream in = p.getInputStream()) {
                codes = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            p.waitFor(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] stats = target.stats();
            long ok = codes.lines().filter("200"::equals).count();
            c.exchange(RawBitsDriver.closeSession(path, port, session), null);
            Targets.empty(target.storage());
            long errors = count - ok;
            return new LoadHarness.Row("driver", target.name(), fragment, 1,
                    new RawBitsDriver.Outcome(ok * fragment, ok, seconds, new long[0], errors,
                            errors == 0 ? "" : errors + " curl requests not answered 200"),
                    stats[0], stats[1] / 1e9, "curl (one process, kept-alive)");
        } finally {
            Files.deleteIfExists(body);
            Files.deleteIfExists(config);
        }
    }
}
