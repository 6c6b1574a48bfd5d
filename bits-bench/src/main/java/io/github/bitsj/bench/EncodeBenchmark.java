// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CancelSessionAck;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.EncodedRequest;
import io.github.bitsj.protocol.EncodedResponse;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.util.Optional;
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
 * Encoding of every request and Ack to its header list ({@link Packets#encode(Request)},
 * {@link Packets#encode(Response)}), with the values of the Windows traces ({@link WindowsTraces}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EncodeBenchmark {
    final SessionId session = new SessionId(WindowsTraces.SESSION);
    final Request ping = new Ping();
    final Request createSession = new CreateSession(CreateSession.bits15().supportedProtocols(),
            Optional.of("rfc2119.txt"));
    final Request fragment = new Fragment(session, new ContentRange(1048576, 2097151, 1073741824),
            Optional.of("rfc2119.txt"), Optional.empty());
    final Request closeSession = new CloseSession(session, Optional.of("rfc2119.txt"));
    final Request cancelSession = new CancelSession(session, Optional.of("rfc2119.txt"));

    final Response pingAck = new PingAck();
    final Response createSessionAck = CreateSessionAck.of(session);
    final Response fragmentAck = FragmentAck.accepted(2097152, session);
    final Response closeSessionAck = new CloseSessionAck(Optional.of(session));
    final Response cancelSessionAck = new CancelSessionAck(Optional.of(session));
    final Response errorAck = ErrorAck.of(500, HResult.BG_E_SESSION_NOT_FOUND, ErrorContext.REMOTE_FILE);

    @Benchmark
    public EncodedRequest encodePing() {
        return Packets.encode(ping);
    }

    @Benchmark
    public EncodedRequest encodeCreateSession() {
        return Packets.encode(createSession);
    }

    @Benchmark
    public EncodedRequest encodeFragment() {
        return Packets.encode(fragment);
    }

    @Benchmark
    public EncodedRequest encodeCloseSession() {
        return Packets.encode(closeSession);
    }

    @Benchmark
    public EncodedRequest encodeCancelSession() {
        return Packets.encode(cancelSession);
    }

    @Benchmark
    public EncodedResponse encodePingAck() {
        return Packets.encode(pingAck);
    }

    @Benchmark
    public EncodedResponse encodeCreateSessionAck() {
        return Packets.encode(createSessionAck);
    }

    @Benchmark
    public EncodedResponse encodeFragmentAck() {
        return Packets.encode(fragmentAck);
    }

    @Benchmark
    public EncodedResponse encodeCloseSessionAck() {
        return Packets.encode(closeSessionAck);
    }

    @Benchmark
    public EncodedResponse encodeCancelSessionAck() {
        return Packets.encode(cancelSessionAck);
    }

    @Benchmark
    public EncodedResponse encodeErrorAck() {
        return Packets.encode(errorAck);
    }
}
