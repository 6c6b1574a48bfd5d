// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server on loopback that records every request (method, target, headers, body) and answers
 * from a script: the misbehaving peer of the client tests. Header names are recorded in lower case; the response is
 * written byte for byte as the script says, in the case it says.
 */
public final class ScriptedServer implements AutoCloseable {

    /** One recorded request. */
    public record Recorded(int index, String method, String target, Map<String, List<String>> headers, byte[] body,
            long bodyLength) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String packetType() {
            String t = header("BITS-Packet-Type");
            return t == null ? method : t;
        }

        /** "Fragment bytes 0-9/10", "Ping", "GET /x bytes=0-": what the tests compare. */
        public String summary() {
            if (!"BITS_POST".equals(method)) {
                String range = header("Range");
                return method + " " + target + (range == null ? "" : " " + range);
            }
            String range = header("Content-Range");
            return packetType() + (range == null ? "" : " " + range);
        }
    }

    /** What to answer; {@code raw}, when set, is written instead, byte for byte, with nothing added. */
    public record Reply(int status, List<String[]> headers, byte[] body, boolean resetMidBody, boolean closeAfter,
            long declaredLength, byte[] raw) {
        public Reply(int status, List<String[]> headers, byte[] body, boolean resetMidBody, boolean closeAfter,
                long declaredLength) {
            this(status, headers, body, resetMidBody, closeAfter, declaredLength, null);
        }

        public Reply(int status, List<String[]> headers, byte[] body, boolean resetMidBody, boolean closeAfter) {
            this(status, headers, body, resetMidBody, closeAfter, -1);
        }

        /**
         * Exactly these bytes (a response head written as text, lines joined with CRLF, ending in a blank line),
         * then the connection stays open for the next request unless {@code close}: a peer's answer as it sends it.
         */
        public static Reply raw(String head, boolean close) {
            return new Reply(0, List.of(), new byte[0], false, close, -1,
                    head.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }

        /** No answer at all: the request was read, then the connection is closed (a peer that crashed on it). */
        public static Reply drop() {
            return new Reply(0, List.of(), new byte[0], false, true, -1, new byte[0]);
        }

        public static Reply of(int status, String... nameValues) {
            List<String[]> h = new ArrayList<>();
            for (int i = 0; i < nameValues.length; i += 2) {
                h.add(new String[] {nameValues[i], nameValues[i + 1]});
            }
            return new Reply(status, h, new byte[0], false, false);
        }

        public static Reply ack(int status, String... nameValues) {
            String[] all = new String[nameValues.length + 2];
            all[0] = "BITS-Packet-Type";
            all[1] = "Ack";
            System.arraycopy(nameValues, 0, all, 2, nameValues.length);
            return of(status, all);
        }

        /** Read part of the body, then reset the connection (RST) without answering. */
        public static Reply reset() {
            return new Reply(0, List.of(), new byte[0], true, true);
        }

        public Reply withBody(byte[] b) {
            return new Reply(status, headers, b, resetMidBody, closeAfter, declaredLength);
        }

        /** Announce {@code n} bytes of body but send only {@link #body()}, then close: a connection cut mid-reply. */
        public Reply cutAfterBody(long n) {
            return new Reply(status, headers, body, resetMidBody, true, n);
        }
    }

    /** The script: called once per request. */
    public interface Script {
        /** Called after the headers; return {@link Reply#reset()} to cut the body off, or null to read it. */
        default Reply beforeBody(Recorded headersOnly) {
            return null;
        }

        Reply answer(Recorded request) throws IOException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Recorded> requests = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private ScriptedServer(ServerSocket socket, Script script) {
        this.socket = socket;
        this.script = script;
        pool.execute(this::acceptLoop);
    }

    public static ScriptedServer start(Script script) throws IOException {
        return start(InetAddress.getByName("127.0.0.1"), 0, script);
    }

    public static ScriptedServer start(InetAddress address, int port, Script script) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port), 50);
        return new ScriptedServer(s, script);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public URI uri(String path) {
        return URI.create("http://" + socket.getInetAddress().getHostAddress() + ":" + port() + path);
    }

    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** {@return how many connections were accepted so far} */
    public int connections() {
        return connections.get();
    }

    public List<String> summaries() {
        return requests().stream().map(Recorded::summary).toList();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                synchronized (this) {
                    open.add(s);
                }
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = readLine(in);
                if (line == null || line.isEmpty()) {
                    return;
                }
                String[] parts = line.split(" ", 3);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
                }
                List<String> cl = headers.get("content-length");
                long length = cl == null ? 0 : Long.parseLong(cl.get(0));   // test peer: trusted input
                int index;
                synchronized (this) {
                    index = requests.size();
                }
                Recorded head = new Recorded(index, parts[0], parts[1], headers, new byte[0], length);
                Reply early = script.beforeBody(head);
                if (early != null && early.resetMidBody()) {
                    byte[] part = in.readNBytes((int) Math.min(length / 2, 1 << 20));
                    synchronized (this) {
                        requests.add(new Recorded(index, parts[0], parts[1], headers, part, part.length));
                    }
                    s.setSoLinger(true, 0);
                    return;
                }
                byte[] body = in.readNBytes((int) length);
                Recorded r = new Recorded(index, parts[0], parts[1], headers, body, body.length);
                synchronized (this) {
                    requests.add(r);
                }
                Reply reply = script.answer(r);
                if (reply.raw() != null) {
                    out.write(reply.raw());
                    out.flush();
                    if (reply.closeAfter()) {
                        return;
                    }
                    continue;
                }
                StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(" X\r\n");
                for (String[] f : reply.headers()) {
                    sb.append(f[0]).append(": ").append(f[1]).append("\r\n");
                }
                long declared = reply.declaredLength() >= 0 ? reply.declaredLength() : reply.body().length;
                sb.append("Content-Length: ").append(declared).append("\r\n\r\n");
                out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(reply.body());
                out.flush();
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (this) {
            for (Socket s : open) {
                s.close();
            }
        }
        pool.shutdownNow();
    }
}
