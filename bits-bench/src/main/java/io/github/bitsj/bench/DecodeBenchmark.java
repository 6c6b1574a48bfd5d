// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import com.sun.net.httpserver.Headers;
import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
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

/**
 * Decoding of every request and Ack on the Windows header sets ({@link WindowsTraces}), each beside the naive
 * regex/{@code split}/{@code parseLong} baseline ({@link NaiveCodec}) so the speed-up is a ratio from one run.
 * Run with {@code -prof gc} for {@code gc.alloc.rate.norm} (bytes allocated per operation).
 *
 * <p>{@code decodeFragmentJdkHeaders} decodes the same Fragment through a lookup over the JDK server's own
 * {@link Headers}, as bits-server does, to show what the HTTP stack's map adds on top of the codec;
 * {@code decodeFragmentJdkHeadersScan} does the same through an allocation-free scan of the entries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // one fork: 2-core machines; more forks add wall time, not precision
@State(Scope.Thread)
public class DecodeBenchmark {
    final String method = "BITS_POST";
    final String target = WindowsTraces.TARGET;

    final HeaderLookup ping = WindowsTraces.lookup(WindowsTraces.PING);
    final HeaderLookup createSession = WindowsTraces.lookup(WindowsTraces.CREATE_SESSION);
    final HeaderLookup fragment = WindowsTraces.lookup(WindowsTraces.FRAGMENT);
    final HeaderLookup closeSession = WindowsTraces.lookup(WindowsTraces.CLOSE_SESSION);
    final HeaderLookup cancelSession = WindowsTraces.lookup(WindowsTraces.CANCEL_SESSION);
    final HeaderLookup fragmentJdk = jdkHeaders(WindowsTraces.FRAGMENT);
    final HeaderLookup fragmentJdkScan = jdkHeadersScan(WindowsTraces.FRAGMENT);

    final HeaderLookup pingAck = WindowsTraces.lookup(WindowsTraces.PING_ACK);
    final HeaderLookup createSessionAck = WindowsTraces.lookup(WindowsTraces.CREATE_SESSION_ACK);
    final HeaderLookup fragmentAck = WindowsTraces.lookup(WindowsTraces.FRAGMENT_ACK);
    final HeaderLookup closeSessionAck = WindowsTraces.lookup(WindowsTraces.CLOSE_SESSION_ACK);
    final HeaderLookup errorAck = WindowsTraces.lookup(WindowsTraces.ERROR_ACK);

    final SessionId session = new SessionId(WindowsTraces.SESSION);
    final Request sentPing = new Ping();
    final Request sentCreateSession = CreateSession.bits15();
    final Request sentFragment = Fragment.of(session, new ContentRange(1048576, 2097151, 1073741824));
    final Request sentCloseSession = CloseSession.of(session);
    final Request sentCancelSession = CancelSession.of(session);

    private static HeaderLookup jdkHeaders(java.util.List<HeaderField> fields) {
        Headers headers = new Headers();
        for (HeaderField f : fields) {
            headers.add(f.name(), f.value());
        }
        return name -> {
            java.util.List<String> v = headers.get(name);
            return v == null ? java.util.List.of() : v;
        };
    }

    /**
     * The alternative to {@code Headers.get}, whose name normalisation allocates a {@code char[]} and a
     * {@code String} on every call: a case-insensitive scan of the (about ten) entries, allocation-free.
     */
    private static HeaderLookup jdkHeadersScan(java.util.List<HeaderField> fields) {
        Headers headers = new Headers();
        for (HeaderField f : fields) {
            headers.add(f.name(), f.value());
        }
        return name -> {
            for (java.util.Map.Entry<String, java.util.List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return java.util.List.of();
        };
    }

    // ------------------------------------------------------------------------------------------- requests

    @Benchmark
    public Decoded<Request> decodePing() {
        return Packets.decodeRequest(method, target, ping);
    }

    @Benchmark
    public Request decodePingNaive() {
        return NaiveCodec.decodeRequest(method, target, ping);
    }

    @Benchmark
    public Decoded<Request> decodeCreateSession() {
        return Packets.decodeRequest(method, target, createSession);
    }

    @Benchmark
    public Request decodeCreateSessionNaive() {
        return NaiveCodec.decodeRequest(method, target, createSession);
    }

    @Benchmark
    public Decoded<Request> decodeFragment() {
        return Packets.decodeRequest(method, target, fragment);
    }

    @Benchmark
    public Request decodeFragmentNaive() {
        return NaiveCodec.decodeRequest(method, target, fragment);
    }

    @Benchmark
    public Decoded<Request> decodeFragmentJdkHeaders() {
        return Packets.decodeRequest(method, target, fragmentJdk);
    }

    @Benchmark
    public Decoded<Request> decodeFragmentJdkHeadersScan() {
        return Packets.decodeRequest(method, target, fragmentJdkScan);
    }

    @Benchmark
    public Decoded<Request> decodeCloseSession() {
        return Packets.decodeRequest(method, target, closeSession);
    }

    @Benchmark
    public Request decodeCloseSessionNaive() {
        return NaiveCodec.decodeRequest(method, target, closeSession);
    }

    @Benchmark
    public Decoded<Request> decodeCancelSession() {
        return Packets.decodeRequest(method, target, cancelSession);
    }

    @Benchmark
    public Request decodeCancelSessionNaive() {
        return NaiveCodec.decodeRequest(method, target, cancelSession);
    }

    // ----------------------------------------------------------------------------------------------- Acks

    @Benchmark
    public Decoded<Response> decodePingAck() {
        return Packets.decodeResponse(sentPing, 200, pingAck);
    }

    @Benchmark
    public Response decodePingAckNaive() {
        return NaiveCodec.decodeResponse(sentPing, 200, pingAck);
    }

    @Benchmark
    public Decoded<Response> decodeCreateSessionAck() {
        return Packets.decodeResponse(sentCreateSession, 200, createSessionAck);
    }

    @Benchmark
    public Response decodeCreateSessionAckNaive() {
        return NaiveCodec.decodeResponse(sentCreateSession, 200, createSessionAck);
    }

    @Benchmark
    public Decoded<Response> decodeFragmentAck() {
        return Packets.decodeResponse(sentFragment, 200, fragmentAck);
    }

    @Benchmark
    public Response decodeFragmentAckNaive() {
        return NaiveCodec.decodeResponse(sentFragment, 200, fragmentAck);
    }

    @Benchmark
    public Decoded<Response> decodeCloseSessionAck() {
        return Packets.decodeResponse(sentCloseSession, 200, closeSessionAck);
    }

    @Benchmark
    public Response decodeCloseSessionAckNaive() {
        return NaiveCodec.decodeResponse(sentCloseSession, 200, closeSessionAck);
    }

    @Benchmark
    public Decoded<Response> decodeCancelSessionAck() {
        return Packets.decodeResponse(sentCancelSession, 200, closeSessionAck);
    }

    @Benchmark
    public Response decodeCancelSessionAckNaive() {
        return NaiveCodec.decodeResponse(sentCancelSession, 200, closeSessionAck);
    }

    @Benchmark
    public Decoded<Response> decodeErrorAck() {
        return Packets.decodeResponse(sentFragment, 500, errorAck);
    }

    @Benchmark
    public Response decodeErrorAckNaive() {
        return NaiveCodec.decodeResponse(sentFragment, 500, errorAck);
    }
}
