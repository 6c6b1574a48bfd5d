// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted raw-socket server that breaks exactly one rule: it relays every request byte for byte to a real
 * {@code bits-server} and every answer back, except where its {@link Rule} changes an answer or does something to the
 * file system. Everything else a server must do comes from the real server, so the whole suite can run against it and
 * exactly the cases that check the broken rule fail. One upstream connection per client connection, so keep-alive
 * and {@code Connection: close} pass through unchanged.
 */
final class BreakingProxy implements AutoCloseable {

    /** A request as relayed: the parsed head and the exact bytes. */
    record Req(String method, String target, List<String[]> headers, byte[] raw) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        /** {@return the BITS packet type, or "" } */
        String packetType() {
            String t = header("BITS-Packet-Type");
            return t == null ? "" : t;
        }

        /** {@return the target with %XX decoded (ISO-8859-1)} */
        String decodedTarget() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c == '%' && i + 2 < target.length() && Character.digit(target.charAt(i + 1), 16) >= 0
                        && Character.digit(target.charAt(i + 2), 16) >= 0) {
                    b.write(Integer.parseInt(target.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** An answer as relayed; its headers may be changed by the rule. */
    static final class Resp {
        String statusLine;
        final List<String[]> headers;
        byte[] body;

        Resp(String statusLine, List<String[]> headers, byte[] body) {
            this.statusLine = statusLine;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        boolean closes() {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Connection")
                    && h[1].toLowerCase(Locale.ROOT).contains("close"));
        }
    }

    /** The one rule the proxy breaks. */
    interface Rule {
        /** Called before the request is relayed. */
        default void onRequest(Req r) throws IOException {
        }

        /** {@return the answer to send instead of the real one (by default the real one)} */
        default Resp onResponse(Req r, Resp real) {
            return real;
        }
    }

    private final ServerSocket socket;
    private final InetSocketAddress upstream;
    private final Rule rule;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> open = new ArrayList<>();

    private BreakingProxy(ServerSocket socket, InetSocketAddress upstream, Rule rule) {
        this.socket = socket;
        this.upstream = upstream;
        this.rule = rule;
        pool.execute(this::acceptLoop);
    }

    static BreakingProxy start(URI upstream, Rule rule) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        return new BreakingProxy(s, new InetSocketAddress(upstream.getHost(), upstream.getPort()), rule);
    }

    /** {@return the URL of {@code path} through the proxy} */
    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                synchronized (open) {
                    open.add(c);
                }
                pool.execute(() -> relay(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket up = null;
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            InputStream upIn = null;
            while (true) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                String requestLine = line(in, raw);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                List<String[]> headers = headers(in, raw);
                boolean complete = body(in, raw, headers, false);
                String[] parts = requestLine.split(" ", 3);
                Req req = new Req(parts[0], parts.length > 1 ? parts[1] : "", headers, raw.toByteArray());
                rule.onRequest(req);
                if (up == null || up.isClosed()) {
                    up = new Socket();
                    up.connect(upstream, 10_000);
                    up.setSoTimeout(30_000);
                    synchronized (open) {
                        open.add(up);
                    }
                    upIn = new BufferedInputStream(up.getInputStream());
                }
                up.getOutputStream().write(req.raw());
                up.getOutputStream().flush();
                if (!complete) {
                    return; // the client cut the body off: so does the proxy
                }
                ByteArrayOutputStream respBody = new ByteArrayOutputStream();
                String status = line(upIn, new ByteArrayOutputStream());
                if (status == null) {
                    return;
                }
                List<String[]> respHeaders = headers(upIn, new ByteArrayOutputStream());
                boolean framed = body(upIn, respBody, respHeaders, true);
                Resp resp = rule.onResponse(req, new Resp(status, respHeaders, respBody.toByteArray()));
                StringBuilder sb = new StringBuilder(resp.statusLine).append("\r\n");
                for (String[] h : resp.headers) {
                    sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
                out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(resp.body);
                out.flush();
                if (!framed || resp.closes()) {
                    up.close();
                    return;
                }
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            if (up != null) {
                try {
                    up.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }

    /** Reads a line, copying its bytes to {@code raw}; null at the end of the stream. */
    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            raw.write(c);
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String[]> headers(InputStream in, ByteArrayOutputStream raw) throws IOException {
        List<String[]> headers = new ArrayList<>();
        String h;
        while ((h = line(in, raw)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).strip()});
        }
        return headers;
    }

    /**
     * Copies a body (Content-Length, chunked, or for a response until the end of the stream) to {@code raw}.
     *
     * @return false when the stream ended before the body did (or a response body ran to the end of the stream)
     */
    private static boolean body(InputStream in, ByteArrayOutputStream raw, List<String[]> headers, boolean response)
            throws IOException {
        String te = null;
        String cl = null;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Transfer-Encoding")) {
                te = h[1];
            } else if (h[0].equalsIgnoreCase("Content-Length")) {
                cl = h[1];
            }
        }
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line(in, raw);
                if (size == null) {
                    return false;
                }
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    String t;
                    while ((t = line(in, raw)) != null && !t.isEmpty()) {
                        // trailers
                    }
                    return t != null;
                }
                byte[] chunk = in.readNBytes(n + 2);
                raw.writeBytes(chunk);
                if (chunk.length < n + 2) {
                    return false;
                }
            }
        }
        if (cl != null) {
            long n = Long.parseLong(cl.strip());
            byte[] b = in.readNBytes((int) n);
            raw.writeBytes(b);
            return b.length == n;
        }
        if (response) {
            raw.writeBytes(in.readAllBytes());
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
        pool.shutdownNow();
    }
}
