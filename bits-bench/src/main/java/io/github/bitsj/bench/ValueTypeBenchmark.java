// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.SessionId;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and formatting of the value types ({@link ContentRange}, {@link ProtocolId}, {@link SessionId},
 * {@link HResult}) on the values of the Windows traces, each parse beside its naive JDK baseline
 * ({@code *Naive}: regex + {@code Long.parseLong}, {@code UUID.fromString}, {@code String.format}).
 * {@code hresultFormatToHexString} is the plain alternative to the {@code String.format} in {@link HResult#wire()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ValueTypeBenchmark {
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VISIBLE = Pattern.compile("\\p{Graph}{1,100}");

    String rangeText = "bytes 1048576-2097151/1073741824";
    String protocolText = "{7df0354d-249b-430f-820d-3d2a9bef4931}";
    String sessionText = WindowsTraces.SESSION;
    String hresultText = "0x8020001F";

    ContentRange range = new ContentRange(1048576, 2097151, 1073741824);
    ProtocolId protocol = ProtocolId.BITS_1_5_UPLOAD;
    SessionId session = new SessionId(WindowsTraces.SESSION);
    HResult hresult = HResult.BG_E_SESSION_NOT_FOUND;

    @Benchmark
    public Decoded<ContentRange> contentRangeParse() {
        return ContentRange.parse(rangeText);
    }

    @Benchmark
    public ContentRange contentRangeParseNaive() {
        Matcher m = RANGE.matcher(rangeText);
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        return new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    @Benchmark
    public String contentRangeFormat() {
        return range.wire();
    }

    @Benchmark
    public String contentRangeFormatNaive() {
        return String.format("bytes %d-%d/%d", range.first(), range.last(), range.total());
    }

    @Benchmark
    public Decoded<ProtocolId> protocolIdParse() {
        return ProtocolId.parse(protocolText);
    }

    @Benchmark
    public ProtocolId protocolIdParseNaive() {
        return new ProtocolId(UUID.fromString(protocolText.substring(1, protocolText.length() - 1)));
    }

    @Benchmark
    public String protocolIdFormat() {
        return protocol.wire();
    }

    @Benchmark
    public Decoded<SessionId> sessionIdParse() {
        return SessionId.parse(sessionText);
    }

    @Benchmark
    public SessionId sessionIdParseNaive() {
        if (!VISIBLE.matcher(sessionText).matches()) {
            throw new IllegalArgumentException();
        }
        return new SessionId(sessionText);
    }

    @Benchmark
    public String sessionIdMatchKey() {
        return session.matchKey();
    }

    @Benchmark
    public Decoded<HResult> hresultParse() {
        return HResult.parse(hresultText);
    }

    @Benchmark
    public HResult hresultParseNaive() {
        return new HResult((int) Long.parseLong(hresultText.substring(2), 16));
    }

    @Benchmark
    public String hresultFormat() {
        return hresult.wire();
    }

    @Benchmark
    public String hresultFormatToHexString() {
        return "0x" + Integer.toHexString(hresult.value()).toUpperCase(java.util.Locale.ROOT);
    }
}
