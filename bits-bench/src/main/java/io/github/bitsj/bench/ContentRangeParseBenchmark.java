// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Decoded;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Isolates {@link ContentRange#parse(CharSequence)} on the header the Windows client sends ([T4.1]). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // one fork: 2-core machines; more forks add wall time, not precision
@State(Scope.Thread)
public class ContentRangeParseBenchmark {
    String header = "bytes 1048576-2097151/1073741824";

    @Benchmark
    public Decoded<ContentRange> parse() {
        return ContentRange.parse(header);
    }
}
