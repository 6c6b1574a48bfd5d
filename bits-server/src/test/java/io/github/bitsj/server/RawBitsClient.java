// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny HTTP/1.1 client over a raw socket for tests: writes exact bytes and parses the response (status line,
 * headers with names folded to lower case, Content-Length body). Keeps the connection open between requests.
 */
final class RawBitsClient implements AutoCloseable {
    static final String PROTOCOL = "{7df0354d-249b-430f-820d-3d2a9bef4931}";

    /** A parsed response. */
    record RawResponse(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        String require(String name) {
            return header(name).orElseThrow(() -> new AssertionError("missing header " + name + " in " + headers));
        }

        int count(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? 0 : v.size();
        }

        long received() {
            return Long.parseLong(require("BITS-Received-Content-Range"));
        }

        String errorCode() {
            return header("BITS-Error-Code").orElse(null);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private boolean used;
    private boolean responseStarted;
    private InputStream in;
    private OutputStream out;

    RawBitsClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    RawBitsClient(BitsServer server) {
        this(server.uri());
    }

    private javax.net.ssl.SSLSocketFactory tls;
    private String authorization;

    /** Talks TLS with this factory (for an HTTPS server). */
    RawBitsClient withTls(javax.net.ssl.SSLSocketFactory factory) {
        this.tls = factory;
        return this;
    }

    /** Adds {@code Authorization: Basic …} for this user to every request built by the helpers. */
    RawBitsClient withBasicAuth(String user, String password) {
        this.authorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void connect() throws IOException {
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 10_000);
            if (tls != null) {
                javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.createSocket(socket, "localhost", port,
                        true);
                javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
    }

    /** Closes the connection (a later request opens a new one). */
    void disconnect() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
            used = false;
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
    }

    /** Sends exact bytes. */
    void writeRaw(byte[] bytes) throws IOException {
        connect();
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends exact bytes and reads one response. Like any HTTP client, retries once on a fresh connection when a
     * reused keep-alive connection turns out to have been closed by the server (the JDK server closes idle
     * connections beyond {@code sun.net.httpserver.maxIdleConnections}).
     */
    RawResponse exchange(byte[] request) throws IOException {
        boolean reused = socket != null && !socket.isClosed() && used;
        responseStarted = false;
        try {
            writeRaw(request);
            RawResponse r = readResponse();
            used = true;
            return r;
        } catch (IOException e) {
            if (!reused || responseStarted) {
                throw e;
            }
            disconnect();
            writeRaw(request);
            RawResponse r = readResponse();
            used = true;
            return r;
        }
    }

    /** Sends a request with the given headers (in order; Host and Content-Length added) and body. */
    RawResponse send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        if (authorization != null) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("Authorization", authorization);
            headers = h;
        }
        return exchange(request(method, path, headers, body, body.length));
    }

    static byte[] request(String method, String path, Map<String, String> headers, byte[] body, long contentLength) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        if (contentLength >= 0) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    RawResponse ping(String path) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Ping"), new byte[0]);
    }

    RawResponse createSession(String path) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Create-Session");
        h.put("BITS-Supported-Protocols", PROTOCOL);
        return send("BITS_POST", path, h, new byte[0]);
    }

    /** Create-Session that must succeed; returns the session id. */
    String newSession(String path) throws IOException {
        RawResponse r = createSession(path);
        if (r.status() != 200) {
            throw new AssertionError("Create-Session failed: " + r.statusLine() + " " + r.headers());
        }
        return r.require("BITS-Session-Id");
    }

    RawResponse fragment(String path, String session, byte[] data, long first, long total) throws IOException {
        return fragment(path, session, data, 0, data.length, first, total);
    }

    RawResponse fragment(String path, String session, byte[] data, int off, int len, long first, long total)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", session);
        h.put("Content-Range", len == 0 ? "bytes 0--1/0" : "bytes " + first + "-" + (first + len - 1) + "/" + total);
        byte[] body = new byte[len];
        System.arraycopy(data, off, body, 0, len);
        return send("BITS_POST", path, h, body);
    }

    /**
     * Sends a Fragment announcing {@code len} bytes but only {@code sent} of them, then drops the connection, as a
     * network failure mid-body would.
     */
    void interruptedFragment(String path, String session, byte[] data, int off, int len, int sent, long total)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", session);
        h.put("Content-Range", "bytes " + off + "-" + (off + len - 1) + "/" + total);
        byte[] body = new byte[sent];
        System.arraycopy(data, off, body, 0, sent);
        writeRaw(request("BITS_POST", path, h, body, len));
        disconnect();
    }

    RawResponse close(String path, String session) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", session),
                new byte[0]);
    }

    RawResponse cancel(String path, String session) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Cancel-Session", "BITS-Session-Id", session),
                new byte[0]);
    }

    /** Uploads a whole file in fragments of the given size; returns the final Fragment Ack. */
    RawResponse upload(String path, String session, byte[] data, int fragmentSize) throws IOException {
        if (data.length == 0) {
            return fragment(path, session, data, 0, 0, 0, 0);
        }
        long pos = 0;
        RawResponse last = null;
        while (pos < data.length) {
            int len = (int) Math.min(fragmentSize, data.length - pos);
            last = fragment(path, session, data, (int) pos, len, pos, data.length);
            if (last.status() != 200 && last.status() != 416) {
                throw new AssertionError("fragment failed: " + last.statusLine() + " " + last.headers());
            }
            pos = last.received();
        }
        return last;
    }

    RawResponse readResponse() throws IOException {
        responseStarted = false;
        String statusLine = readLine();
        responseStarted = statusLine != null;
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        while (statusLine.startsWith("HTTP/1.1 100")) {
            while (!readLine().isEmpty()) {
                // skip 100-continue headers
            }
            statusLine = readLine();
        }
        String[] parts = statusLine.split(" ", 3);
        if (!statusLine.startsWith("HTTP/1.") || parts.length < 2) {
            throw new IOException("not an HTTP/1.x response");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        List<String> cl = headers.get("content-length");
        byte[] body = new byte[0];
        if (cl != null) {
            int n = Integer.parseInt(cl.get(0));
            body = in.readNBytes(n);
        } else if ("chunked".equalsIgnoreCase(String.valueOf(headers.getOrDefault("transfer-encoding",
                List.of("")).get(0)))) {
            throw new IOException("unexpected chunked response: " + statusLine);
        }
        List<String> conn = headers.get("connection");
        if (conn != null && conn.get(0).equalsIgnoreCase("close")) {
            disconnect();
        }
        return new RawResponse(status, statusLine, headers, body);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
