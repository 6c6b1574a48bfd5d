// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The hostile traffic of issue #9's hostile-load run, all on loopback against one server port:
 * <ul>
 *   <li><b>slowloris</b>: connections that send a request's header section at one byte per {@code drip} and never
 *       finish it;
 *   <li><b>idle keep-alive</b>: connections that send one Ping, read its answer and then stay open, silent;
 *   <li><b>cut-short bodies</b>: at a steady rate, a new connection sends a request announcing a 64 KiB body, sends
 *       1,000 bytes of it and goes away — alternately with FIN and with RST, as a client whose network drops does;
 *   <li><b>Create-Session flood</b>: from one source address, Create-Session after Create-Session as fast as the
 *       server answers, on kept-alive connections.
 * </ul>
 * Slowloris and idle connections are kept at their target counts for as long as the traffic runs: when the server
 * closes or refuses one, another is opened (at most {@code connectsPerSecond} new ones per second). They come from a
 * pool of loopback source addresses ({@code 127.0.1.1} onwards), as from many hosts, so per-address limits do not stop
 * them trivially; the flood comes from one address, the well-behaved client from {@code 127.0.0.1}. Slow and idle
 * connections are served by one selector thread; connections this side closes are reset (SO_LINGER 0) so that no
 * TIME_WAIT accumulates across rounds.
 */
final class HostileClients implements AutoCloseable {

    /**
     * What to send.
     *
     * @param port the server's loopback port
     * @param slowloris slowloris connections to keep open
     * @param idle idle keep-alive connections to keep open
     * @param sources source addresses for slowloris, idle and cut-short connections
     * @param cutShortPerSecond cut-short requests per second (0: none)
     * @param floodConnections Create-Session flood connections (0: no flood)
     * @param floodSource the flood's one source address
     * @param connectsPerSecond most new slowloris/idle connections per second
     * @param drip the time between two header bytes of a slowloris connection
     */
    record Plan(int port, int slowloris, int idle, List<InetAddress> sources, double cutShortPerSecond,
            int floodConnections, InetAddress floodSource, int connectsPerSecond, Duration drip) {}

    /**
     * Counters since the start.
     *
     * @param openSlow slowloris connections open (connected) now
     * @param openIdle idle connections open now
     * @param connects connection attempts for slowloris and idle connections
     * @param connectFailures attempts refused or reset before being established
     * @param connectTimeouts attempts not established within 5 s
     * @param closedByServer established slow/idle connections the server closed or reset
     * @param serverAnswers answers the server sent on slowloris connections (e.g. 408, 431) before closing
     * @param idleAnswered Pings answered on idle connections
     * @param cutShort cut-short requests sent
     * @param cutShortFailures cut-short requests that could not even connect or send
     * @param floodCreated Create-Sessions answered 200 with a session id
     * @param floodRefused Create-Sessions answered otherwise
     * @param floodErrors flood requests that failed at the transport level
     * @param firstFloodRefusal status and {@code BITS-Error-Code} of the first refusal, or ""
     */
    record Stats(int openSlow, int openIdle, long connects, long connectFailures, long connectTimeouts,
            long closedByServer, long serverAnswers, long idleAnswered, long cutShort, long cutShortFailures,
            long floodCreated, long floodRefused, long floodErrors, String firstFloodRefusal) {}

    private static final byte[] SLOW_PREFIX = ascii("BITS_POST /upload/slowloris.bin HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nBITS-Packet-Type: Ping\r\n");
    private static final byte[] SLOW_REPEAT = ascii("X-a: b\r\n");
    private static final byte[] IDLE_PING = ascii("BITS_POST /upload/idle.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "BITS-Packet-Type: Ping\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n");
    private static final byte[] CUT_SHORT_HEAD = ascii("BITS_POST /upload/cut-short.bin HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nBITS-Packet-Type: Ping\r\nContent-Length: 65536\r\nConnection: Keep-Alive\r\n\r\n");
    private static final long CONNECT_TIMEOUT = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_PENDING = 1024;

    private final Plan plan;
    private final InetSocketAddress server;
    private volatile boolean running = true;
    private volatile int openSlow;
    private volatile int openIdle;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong connectTimeouts = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong serverAnswers = new AtomicLong();
    private final AtomicLong idleAnswered = new AtomicLong();
    private final AtomicLong cutShort = new AtomicLong();
    private final AtomicLong cutShortFailures = new AtomicLong();
    private final AtomicLong floodCreated = new AtomicLong();
    private final AtomicLong floodRefused = new AtomicLong();
    private final AtomicLong floodErrors = new AtomicLong();
    private final AtomicReference<String> firstFloodRefusal = new AtomicReference<>("");
    private final List<Thread> threads = new ArrayList<>();
    private final List<RawBitsDriver.Connection> floodConnections = new ArrayList<>();
    private final Selector selector;

    private HostileClients(Plan plan) throws IOException {
        this.plan = plan;
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), plan.port());
        this.selector = Selector.open();
    }

    /**
     * Starts all the traffic of a plan.
     *
     * @param plan what to send
     * @return the running traffic; {@link #close()} stops it
     * @throws IOException if no selector can be opened
     */
    static HostileClients start(Plan plan) throws IOException {
        HostileClients h = new HostileClients(plan);
        h.threads.add(Thread.ofPlatform().daemon().name("hostile-slow-idle").start(h::slowAndIdle));
        if (plan.cutShortPerSecond() > 0) {
            h.threads.add(Thread.ofPlatform().daemon().name("hostile-cut-short").start(h::cutShort));
        }
        for (int i = 0; i < plan.floodConnections(); i++) {
            RawBitsDriver.Connection c = new RawBitsDriver.Connection(plan.floodSource(), plan.port(), 0);
            synchronized (h.floodConnections) {
                h.floodConnections.add(c);
            }
            int id = i;
            h.threads.add(Thread.ofPlatform().daemon().name("hostile-flood-" + i).start(() -> h.flood(c, id)));
        }
        return h;
    }

    /** {@return the pool of source addresses 127.0.1.1, 127.0.1.2, ... (n of them)} */
    static List<InetAddress> sourcePool(int n) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int v = 256 + 1 + i; // 127.0.1.1 onwards, skipping .0 and .255 of each /24
            int third = v / 254;
            int fourth = v % 254 + 1;
            out.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) third, (byte) fourth}));
        }
        return out;
    }

    /** {@return the counters now} */
    Stats stats() {
        return new Stats(openSlow, openIdle, connects.get(), connectFailures.get(), connectTimeouts.get(),
                closedByServer.get(), serverAnswers.get(), idleAnswered.get(), cutShort.get(), cutShortFailures.get(),
                floodCreated.get(), floodRefused.get(), floodErrors.get(), firstFloodRefusal.get());
    }

    /**
     * Waits until {@code wanted} slow and idle connections are open, or the deadline passes.
     *
     * @return the number open when it returned
     * @throws InterruptedException if interrupted
     */
    int awaitOpen(int wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (openSlow + openIdle < wanted && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100); // polling a counter with a deadline
        }
        return openSlow + openIdle;
    }

    // ------------------------------------------------------------------------------------- slowloris and idle

    /** One slow or idle connection. */
    private static final class Conn {
        final boolean slow;
        final SocketChannel channel;
        final long startedAt;
        boolean connected;
        long sent;
        long nextDrip;
        boolean answered;
        int tail; // bytes of "\r\n\r\n" matched so far (idle: end of the Ping's answer)

        Conn(boolean slow, SocketChannel channel, long now) {
            this.slow = slow;
            this.channel = channel;
            this.startedAt = now;
        }
    }

    private void slowAndIdle() {
        List<Conn> all = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer one = ByteBuffer.allocate(1);
        int haveSlow = 0;
        int haveIdle = 0;
        int pending = 0;
        int nextSource = 0;
        double tokens = 0;
        long last = System.nanoTime();
        long lastDripScan = 0;
        long drip = plan.drip().toNanos();
        try {
            while (running) {
                long now = System.nanoTime();
                tokens = Math.min(plan.connectsPerSecond(), tokens + (now - last) / 1e9 * plan.connectsPerSecond());
                last = now;
                while (tokens >= 1 && pending < MAX_PENDING
                        && (haveSlow < plan.slowloris() || haveIdle < plan.idle())) {
                    boolean slow = haveSlow < plan.slowloris()
                            && (haveIdle >= plan.idle() || haveSlow * (long) plan.idle() <= haveIdle
                            * (long) plan.slowloris());
                    tokens--;
                    connects.incrementAndGet();
                    SocketChannel ch = null;
                    try {
                        ch = SocketChannel.open();
                        ch.configureBlocking(false);
                        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        ch.bind(new InetSocketAddress(plan.sources().get(nextSource++ % plan.sources().size()), 0));
                        Conn c = new Conn(slow, ch, now);
                        boolean done = ch.connect(server);
                        ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
                        all.add(c);
                        pending++;
                        if (slow) {
                            haveSlow++;
                        } else {
                            haveIdle++;
                        }
                        if (done) {
                            pending--;
                            established(c, now);
                        }
                    } catch (IOException e) {
                        connectFailures.incrementAndGet();
                        closeQuietly(ch);
                    }
                }
                selector.select(10);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    Conn c = (Conn) k.attachment();
                    if (!k.isValid()) {
                        continue;
                    }
                    try {
                        if (k.isConnectable()) {
                            if (!c.channel.finishConnect()) {
                                continue;
                            }
                            pending--;
                            k.interestOps(SelectionKey.OP_READ);
                            established(c, System.nanoTime());
                        } else if (k.isReadable()) {
                            in.clear();
                            int n = c.channel.read(in);
                            if (n < 0) {
                                closedByServer.incrementAndGet();
                                drop(c, k);
                            } else if (c.slow) {
                                if (!c.answered) {
                                    c.answered = true;
                                    serverAnswers.incrementAndGet();
                                }
                            } else if (!c.answered && endOfHead(c, in)) {
                                c.answered = true;
                                idleAnswered.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        if (!c.connected) {
                            pending--;
                            connectFailures.incrementAndGet();
                        } else {
                            closedByServer.incrementAndGet();
                        }
                        drop(c, k);
                    }
                }
                now = System.nanoTime();
                if (now - lastDripScan >= TimeUnit.MILLISECONDS.toNanos(50)) {
                    lastDripScan = now;
                    int slowOpen = 0;
                    int idleOpen = 0;
                    for (Iterator<Conn> it = all.iterator(); it.hasNext(); ) {
                        Conn c = it.next();
                        if (!c.channel.isOpen()) {
                            it.remove();
                            if (c.slow) {
                                haveSlow--;
                            } else {
                                haveIdle--;
                            }
                            continue;
                        }
                        if (!c.connected) {
                            if (now - c.startedAt > CONNECT_TIMEOUT) {
                                connectTimeouts.incrementAndGet();
                                pending--;
                                drop(c, c.channel.keyFor(selector));
                            }
                            continue;
                        }
                        if (c.slow) {
                            slowOpen++;
                            if (now >= c.nextDrip) {
                                one.clear();
                                one.put(slowByte(c.sent)).flip();
                                try {
                                    if (c.channel.write(one) == 1) {
                                        c.sent++;
                                    }
                                    c.nextDrip = now + drip;
                                } catch (IOException e) {
                                    closedByServer.incrementAndGet();
                                    drop(c, c.channel.keyFor(selector));
                                }
                            }
                        } else {
                            idleOpen++;
                        }
                    }
                    openSlow = slowOpen;
                    openIdle = idleOpen;
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("hostile slow/idle traffic stopped: " + e);
        } finally {
            for (Conn c : all) {
                closeQuietly(c.channel);
            }
            openSlow = 0;
            openIdle = 0;
            try {
                selector.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private void established(Conn c, long now) throws IOException {
        c.connected = true;
        if (c.slow) {
            c.nextDrip = now;
        } else {
            ByteBuffer b = ByteBuffer.wrap(IDLE_PING);
            c.channel.write(b); // a few dozen bytes into an empty socket buffer: written at once
            if (b.hasRemaining()) {
                throw new IOException("Ping not written at once");
            }
        }
    }

    /** {@return true once the bytes read so far on an idle connection hold the end of the answer's head} */
    private static boolean endOfHead(Conn c, ByteBuffer in) {
        in.flip();
        while (in.hasRemaining()) {
            byte b = in.get();
            boolean cr = (c.tail == 0 || c.tail == 2);
            c.tail = cr ? (b == '\r' ? c.tail + 1 : 0) : (b == '\n' ? c.tail + 1 : b == '\r' ? 1 : 0);
            if (c.tail == 4) {
                return true;
            }
        }
        return false;
    }

    private static byte slowByte(long i) {
        return i < SLOW_PREFIX.length ? SLOW_PREFIX[(int) i]
                : SLOW_REPEAT[(int) ((i - SLOW_PREFIX.length) % SLOW_REPEAT.length)];
    }

    private void drop(Conn c, SelectionKey k) {
        if (k != null) {
            k.cancel();
        }
        closeQuietly(c.channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    // -------------------------------------------------------------------------------------------- cut short

    private void cutShort() {
        byte[] partial = new byte[1000];
        long interval = (long) (1e9 / plan.cutShortPerSecond());
        long next = System.nanoTime();
        long k = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing, not synchronisation
                continue;
            }
            next += interval;
            boolean reset = (k++ & 1) == 0;
            InetAddress source = plan.sources().get((int) (k % plan.sources().size()));
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(source, 0));
                s.connect(server, 2000);
                OutputStream out = s.getOutputStream();
                out.write(CUT_SHORT_HEAD);
                out.write(partial);
                out.flush();
                if (reset) {
                    s.setSoLinger(true, 0);
                }
                cutShort.incrementAndGet();
            } catch (IOException e) {
                cutShortFailures.incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- flood

    private void flood(RawBitsDriver.Connection c, int id) {
        try {
            floodLoop(c, id);
        } finally {
            c.close(); // also a connection reopened after close() began
        }
    }

    private void floodLoop(RawBitsDriver.Connection c, int id) {
        long n = 0;
        while (running) {
            String path = "/upload/flood-" + id + "-" + n++ + ".bin";
            try {
                int st = c.exchange(RawBitsDriver.createSession(path, plan.port()), null);
                if (st == 200 && c.header("BITS-Session-Id") != null) {
                    floodCreated.incrementAndGet();
                } else {
                    floodRefused.incrementAndGet();
                    firstFloodRefusal.compareAndSet("", st + " " + c.header("BITS-Error-Code"));
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                floodErrors.incrementAndGet();
                c.close();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // pacing reconnects to a refusing server
            }
        }
    }

    /** Stops all traffic and closes every connection (resets), waiting up to 10 s for the threads. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        synchronized (floodConnections) {
            floodConnections.forEach(RawBitsDriver.Connection::close);
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
