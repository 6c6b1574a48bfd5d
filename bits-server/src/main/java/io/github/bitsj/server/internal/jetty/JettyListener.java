// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal.jetty;

import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.ConnectionLimits;
import io.github.bitsj.server.internal.HttpQuirks;
import io.github.bitsj.server.internal.Listener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * The Jetty engine, the only class touching Jetty (loaded by name only when {@code HttpEngine.JETTY} is chosen): a
 * Jetty {@code Server} configured here — one connector with the limits mapped onto Jetty's API, handlers on virtual
 * threads, errors Jetty answers itself as BITS Acks — handed to {@code jetty-http-spi}'s {@link JettyHttpServer} (what
 * its {@code JettyHttpServerProvider} builds, without the provider's JVM-wide static server), so the server code stays
 * on {@code com.sun.net.httpserver}.
 *
 * <p>Mapping of {@link ConnectionLimits}: {@code maxConnections} a {@link NetworkConnectionLimit} (further connections
 * wait in the accept queue), and from 90 % of it a {@link LowResourceMonitor} that closes quiet connections; {@code idleTimeout} the connector's idle timeout (also a read or write stalled that long
 * within a request); {@code maxHeaderSize} {@link HttpConfiguration#setRequestHeaderSize}; {@code maxHeaderCount} is
 * checked by the handler; the minimum request data rate by {@link MinimumRate}. {@code maxRequestTime} and
 * {@code maxResponseTime} are the JDK engine's timers, which Jetty has not: set, they fail the start.
 */
public final class JettyListener extends Listener {
    private final Server server;
    private final ServerConnector connector;
    private final JettyHttpServer http;
    private final InetSocketAddress requested;

    /**
     * Builds, binds and starts.
     *
     * @param config the configuration
     * @param root the handler at {@code /}
     * @throws IOException if the address cannot be bound
     */
    public JettyListener(BitsServerConfig config, HttpHandler root) throws IOException {
        ConnectionLimits l = config.connectionLimits();
        if (l.maxRequestTime().isPresent() || l.maxResponseTime().isPresent()) {
            throw new IllegalArgumentException("the Jetty engine has no total request or response timer"
                    + " (maxRequestTime/maxResponseTime are the JDK engine's); Jetty bounds a request by the idle"
                    + " timeout and the minimum request data rate: unset them, or choose the JDK engine");
        }
        requested = config.bindAddress();
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("bits-jetty");
        pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("bits-exchange"));
        server = new Server(pool);
        server.setStopTimeout(0);
        HttpConfiguration hc = new HttpConfiguration();
        hc.setRequestHeaderSize(l.maxHeaderSize());
        hc.setSendServerVersion(false);
        hc.setSendXPoweredBy(false);
        HttpConnectionFactory http11 = new HttpConnectionFactory(hc);
        // Request bodies are read in chunks of the connection's input buffer. 64 KiB instead of Jetty's 8 KiB moved
        // 1.2-1.8x the bytes per second at 1 MiB fragments (issue 14, bits-bench), but a fuzz run with it once
        // committed a file that differed from the bytes uploaded (open, not yet explained), so the default stays
        // Jetty's until that is understood; -Dbitsj.jetty.inputBuffer=BYTES sets it (experimental, for measurements).
        http11.setInputBufferSize(Integer.getInteger("bitsj.jetty.inputBuffer", http11.getInputBufferSize()));
        if (config.sslContext().isPresent()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(config.sslContext().get());
            hc.addCustomizer(new SecureRequestCustomizer(false)); // clients may use an IP address: no SNI check
            connector = new ServerConnector(server, new SslConnectionFactory(tls, http11.getProtocol()), http11);
        } else {
            connector = new ServerConnector(server, http11);
        }
        connector.setHost(requested.getAddress().getHostAddress());
        connector.setPort(requested.getPort());
        connector.setIdleTimeout(l.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(l.maxConnections(), connector));
        server.addBean(shedding(server, connector, l));
        ContextHandlerCollection contexts = new ContextHandlerCollection(true);
        server.setHandler(new RawRequest(l.minRequestDataRate() > 0
                ? new MinimumRate(contexts, l.minRequestDataRate(), l.minDataRateGrace().toNanos()) : contexts));
        server.setErrorHandler(new AckErrors(config.legacyErrorHeader()));
        http = new JettyHttpServer(server, false);
        http.bind(requested, 0); // finds the connector above (same port): adds none of its own
        http.createContext("/", root);
        try {
            http.start();
        } catch (RuntimeException e) {
            stop();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress boundAddress() {
        return new InetSocketAddress(requested.getAddress(), connector.getLocalPort());
    }

    @Override
    public void stop() {
        try {
            http.stop(0);
        } catch (RuntimeException e) {
            // stopping is best effort; the connector is closed either way
        }
    }

    /**
     * Answers what Jetty rejects before a handler runs (bad request syntax, an unsupported transfer coding, a header
     * section too large, a bad {@code Content-Length}) as a BITS Ack: the status (501 for a transfer coding becomes
     * 400, as Windows answers), {@code BITS-Error-Code} ({@code E_INVALIDARG} for 4xx, {@code E_FAIL} for 5xx),
     * context {@code 0x5}, no body.
     */
    private static final class AckErrors extends ErrorHandler {
        private final boolean legacyErrorHeader;

        AckErrors(boolean legacyErrorHeader) {
            this.legacyErrorHeader = legacyErrorHeader;
        }

        static ErrorAck ack(int status) {
            if (status == 501 || status < 400 || status > 599) {
                status = status == 501 ? 400 : status < 400 ? 400 : 500;
            }
            if (status == 404) {
                return Kind.DESTINATION_NOT_FOUND.toErrorAck();
            }
            return ErrorAck.of(status, status < 500 ? HResult.E_INVALIDARG : HResult.E_FAIL, ErrorContext.REMOTE_FILE);
        }

        private void put(ErrorAck ack, HttpFields.Mutable fields) {
            for (HeaderField f : Packets.encode(ack, legacyErrorHeader).headers()) {
                fields.put(f.name(), f.value());
            }
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            ErrorAck ack = ack(response.getStatus());
            response.setStatus(ack.status());
            response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
            put(ack, response.getHeaders());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
            return true;
        }
    }

    /** Share of the connection cap at which connections that are quiet for {@link #LOW_RESOURCES_IDLE_MILLIS} go. */
    private static final double LOW_RESOURCES_SHARE = 0.9;

    /** The idle timeout while near the cap: a slow-header or idle client gives way; a busy upload never goes quiet. */
    static final int LOW_RESOURCES_IDLE_MILLIS = 500;

    /**
     * Sheds quiet connections near the cap. Jetty has no deadline for a header section, so without this a client
     * trickling a byte per second holds a slot for good, and enough of them hold every slot (the JDK engine drops them
     * through its request timer). From 90 % of {@code maxConnections} on, every connection quiet for 500 ms is closed
     * until the count falls again: idle keep-alives and trickling headers go, an upload that is sending stays.
     */
    private static LowResourceMonitor shedding(Server server, ServerConnector connector, ConnectionLimits l) {
        LowResourceMonitor monitor = new LowResourceMonitor(server);
        monitor.setMonitoredConnectors(List.of(connector));
        monitor.addLowResourceCheck(monitor.new MaxConnectionsLowResourceCheck(
                Math.max(1, (int) (l.maxConnections() * LOW_RESOURCES_SHARE))));
        monitor.setMonitorThreads(false);
        monitor.setPeriod(250);
        monitor.setLowResourcesIdleTimeout((int) Math.min(LOW_RESOURCES_IDLE_MILLIS, l.idleTimeout().toMillis()));
        monitor.setAcceptingInLowResources(true);
        return monitor;
    }

    /**
     * Hands the handlers the request as it came, before jetty-http-spi's view of it: the header fields unsplit
     * (its {@code getRequestHeaders()} parses every value as a quoted list and throws on an unbalanced quote) and the
     * raw path and query (its {@code getRequestURI()} throws on a bad percent escape). {@code HttpQuirks} reads them.
     */
    private static final class RawRequest extends Handler.Wrapper {
        RawRequest(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            com.sun.net.httpserver.Headers raw = new com.sun.net.httpserver.Headers();
            for (org.eclipse.jetty.http.HttpField f : request.getHeaders()) {
                raw.add(f.getName(), f.getValue() == null ? "" : f.getValue());
            }
            request.setAttribute(HttpQuirks.RAW_HEADERS, raw);
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            request.setAttribute(HttpQuirks.RAW_TARGET, (path == null ? "" : path) + (query == null ? "" : "?" + query));
            return super.handle(request, response, callback);
        }
    }

    /**
     * The minimum request data rate (Jetty's {@code MinimumDataRateHandler} with a grace period): once
     * {@code graceNanos} have passed since the handler first asked for body bytes, a read finding the average rate
     * below {@code bytesPerSecond} fails, which the handler sees as the client going away (the bytes that arrived
     * stay received).
     */
    private static final class MinimumRate extends Handler.Wrapper {
        private final long bytesPerSecond;
        private final long graceNanos;

        MinimumRate(Handler handler, long bytesPerSecond, long graceNanos) {
            super(handler);
            this.bytesPerSecond = bytesPerSecond;
            this.graceNanos = graceNanos;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return super.handle(new Request.Wrapper(request) {
                private long firstDemand;
                private long read;
                private Content.Chunk failure;

                @Override
                public void demand(Runnable demandCallback) {
                    long now = NanoTime.now();
                    if (firstDemand == 0) {
                        firstDemand = now == 0 ? 1 : now;
                    }
                    long elapsed = NanoTime.elapsed(firstDemand, now);
                    if (elapsed > graceNanos && read * 1_000_000_000L / elapsed < bytesPerSecond) {
                        failure = Content.Chunk.from(new TimeoutException("request data rate below "
                                + bytesPerSecond + " bytes/s"));
                        demandCallback.run();
                        return;
                    }
                    super.demand(demandCallback);
                }

                @Override
                public Content.Chunk read() {
                    if (failure != null) {
                        return failure;
                    }
                    Content.Chunk c = super.read();
                    if (c != null && c.hasRemaining()) {
                        read += c.remaining();
                    }
                    return c;
                }
            }, response, callback);
        }
    }
}
