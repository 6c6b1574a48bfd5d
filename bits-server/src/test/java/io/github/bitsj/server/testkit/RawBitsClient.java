// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.testkit;

import io.github.bitsj.server.BitsServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The project's one raw BITS test client (shared through bits-server's test-jar): a tiny HTTP/1.1 client over a
 * socket that writes exact bytes, for what the JDK client refuses to send (duplicate headers, lower-case methods,
 * bodies cut off mid-way), and parses the response (status line, headers with names folded to lower case, a
 * Content-Length body). Keeps the connection open between requests. Optionally TLS ({@link #withTls}) and Basic
 * credentials ({@link #withBasicAuth}).
 */
public final class RawBitsClient implements AutoCloseable {
    /** The BITS 1.5 upload protocol GUID (MC-BUP §2.2.2), as a client offers it. */
    public static final String PROTOCOL = "{7df0354d-249b-430f-820d-3d2a9bef4931}";

    /**
     * A parsed response.
     *
     * @param status the status code
     * @param statusLine the status line
     * @param headers the headers, names in lower case
     * @param body the body
     */
    public record RawResponse(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
        /** {@return the first value of a header (any case), if present} @param name the header name */
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** {@return the first value of a header, or an AssertionError if absent} @param name the header name */
        public String require(String name) {
            return header(name).orElseThrow(() -> new AssertionError("missing header " + name + " in " + headers));
        }

        /** {@return how many times a header occurs} @param name the header name */
        public int count(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? 0 : v.size();
        }

        /** {@return {@code BITS-Received-Content-Range} (required)} */
        public long received() {
            return Long.parseLong(require("BITS-Received-Content-Range"));
        }

        /** {@return {@code BITS-Error-Code}, or null if absent} */
        public String errorCode() {
            return header("BITS-Error-Code").orElse(null);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private boolean used;
    private boolean responseStarted;
    /** The request in flight is a HEAD: its response has no body whatever its Content-Length says. */
    private boolean head;
    private InputStream in;
    private OutputStream out;
    private SSLSocketFactory tls;
    private Supplier<String> authorization;
    private java.net.InetAddress localAddress;

    /** @param base the server's base URI (host and port are used) */
    public RawBitsClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** @param server a running server */
    public RawBitsClient(BitsServer server) {
        this(server.uri());
    }

    /** {@return this client, talking TLS with this factory (for an HTTPS server)} @param factory the factory */
    public RawBitsClient withTls(SSLSocketFactory factory) {
        this.tls = factory;
        return this;
    }

    /**
     * {@return this client, adding {@code Authorization: Basic …} for this user to every request of the helpers}
     *
     * @param user the user
     * @param password the password
     */
    public RawBitsClient withBasicAuth(String user, String password) {
        String value = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.authorization = () -> value;
        return this;
    }

    /**
     * {@return this client, adding {@code Authorization: <value>} to every request of the helpers, the value asked
     * for anew each time (a fresh Negotiate token per request), or none when the supplier gives null}
     *
     * @param value the value's supplier
     */
    public RawBitsClient withAuthorization(Supplier<String> value) {
        this.authorization = value;
        return this;
    }

    /**
     * {@return this client, connecting from this local address (e.g. {@code 127.0.0.2}, another loopback client)}
     *
     * @param local the local address
     */
    public RawBitsClient from(java.net.InetAddress local) {
        this.localAddress = local;
        return this;
    }

    private void connect() throws IOException {
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(host, port), 10_000);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, "localhost", port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }
    }

    /** Closes the connection (a later request opens a new one). @throws IOException if closing fails */
    public void disconnect() throws IOException {
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

    /** Sends exact bytes. @param bytes the bytes @throws IOException if the connection fails */
    public void writeRaw(byte[] bytes) throws IOException {
        writeRaw(bytes, new byte[0], 0, 0);
    }

    private void writeRaw(byte[] head, byte[] body, int off, int len) throws IOException {
        connect();
        out.write(head);
        out.write(body, off, len);
        out.flush();
    }

    /**
     * {@return whether the server closes the connection (end of stream or reset) within {@code within}; false if it
     * is still open then}
     *
     * @param within how long to wait
     * @throws IOException if not connected
     */
    public boolean closedByPeer(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // discard whatever comes before the close
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * Sends exact bytes and reads one response. Like any HTTP client, retries once on a fresh connection when a
     * reused keep-alive connection turns out to have been closed by the server (the JDK server closes idle
     * connections beyond {@code sun.net.httpserver.maxIdleConnections}).
     *
     * @param request the request's bytes
     * @return the response
     * @throws IOException if the connection fails
     */
    public RawResponse exchange(byte[] request) throws IOException {
        return exchange(request, new byte[0], 0, 0);
    }

    private RawResponse exchange(byte[] head, byte[] body, int off, int len) throws IOException {
        boolean reused = socket != null && !socket.isClosed() && used;
        responseStarted = false;
        try {
            writeRaw(head, body, off, len);
            RawResponse r = readResponse();
            used = true;
            return r;
        } catch (IOException e) {
            if (!reused || responseStarted) {
                throw e;
            }
            disconnect();
            writeRaw(head, body, off, len);
            RawResponse r = readResponse();
            used = true;
            return r;
        }
    }

    /**
     * Sends a request with the given headers (in order; Host, Content-Length and credentials added) and body.
     *
     * @param method the method
     * @param path the request target
     * @param headers the headers
     * @param body the body
     * @return the response
     * @throws IOException if the connection fails
     */
    public RawResponse send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        return send(method, path, headers, body, 0, body.length);
    }

    private RawResponse send(String method, String path, Map<String, String> headers, byte[] body, int off, int len)
            throws IOException {
        head = method.equals("HEAD");
        String auth = authorization == null ? null : authorization.get();
        if (auth != null) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("Authorization", auth);
            headers = h;
        }
        return exchange(request(method, path, headers, new byte[0], len), body, off, len);
    }

    /**
     * {@return a request's bytes: request line, {@code Host}, the headers in order, {@code Content-Length} (unless
     * negative), the body}
     *
     * @param method the method
     * @param path the request target
     * @param headers the headers
     * @param body the body
     * @param contentLength the Content-Length to announce (may differ from the body), or -1 for none
     */
    public static byte[] request(String method, String path, Map<String, String> headers, byte[] body,
            long contentLength) {
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

    /** {@return the Ack of a Ping} @param path the URL path @throws IOException if the connection fails */
    public RawResponse ping(String path) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Ping"), new byte[0]);
    }

    /** {@return the Ack of a Create-Session} @param path the destination @throws IOException on failure */
    public RawResponse createSession(String path) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Create-Session");
        h.put("BITS-Supported-Protocols", PROTOCOL);
        return send("BITS_POST", path, h, new byte[0]);
    }

    /**
     * {@return the session id of a Create-Session that must succeed}
     *
     * @param path the destination
     * @throws IOException if the connection fails
     */
    public String newSession(String path) throws IOException {
        RawResponse r = createSession(path);
        if (r.status() != 200) {
            throw new AssertionError("Create-Session failed: " + r.statusLine() + " " + r.headers());
        }
        return r.require("BITS-Session-Id");
    }

    /**
     * {@return the Ack of a Fragment carrying all of {@code data} from offset {@code first}}
     *
     * @param path the destination
     * @param session the session id
     * @param data the body
     * @param first the offset of its first byte
     * @param total the file size
     * @throws IOException if the connection fails
     */
    public RawResponse fragment(String path, String session, byte[] data, long first, long total)
            throws IOException {
        return fragment(path, session, data, 0, data.length, first, total);
    }

    /**
     * {@return the Ack of a Fragment carrying {@code data[off, off+len)} as bytes {@code first..first+len-1}; with
     * {@code len == 0} the empty-file range {@code bytes 0--1/0}} The body is written from {@code data} itself.
     *
     * @param path the destination
     * @param session the session id
     * @param data the source
     * @param off where the body starts in {@code data}
     * @param len the body length
     * @param first the file offset of the body's first byte
     * @param total the file size
     * @throws IOException if the connection fails
     */
    public RawResponse fragment(String path, String session, byte[] data, int off, int len, long first, long total)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", session);
        h.put("Content-Range", len == 0 ? "bytes 0--1/0" : "bytes " + first + "-" + (first + len - 1) + "/" + total);
        return send("BITS_POST", path, h, data, off, len);
    }

    /**
     * Sends a Fragment announcing {@code len} bytes but only {@code sent} of them, then drops the connection, as a
     * network failure mid-body would.
     *
     * @param path the destination
     * @param session the session id
     * @param data the file
     * @param off the fragment's first byte (offset in {@code data} and in the file)
     * @param len the announced length
     * @param sent the bytes actually sent
     * @param total the file size
     * @throws IOException if the connection fails
     */
    public void interruptedFragment(String path, String session, byte[] data, int off, int len, int sent, long total)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("BITS-Packet-Type", "Fragment");
        h.put("BITS-Session-Id", session);
        h.put("Content-Range", "bytes " + off + "-" + (off + len - 1) + "/" + total);
        writeRaw(request("BITS_POST", path, h, new byte[0], len), data, off, sent);
        disconnect();
    }

    /** {@return the Ack of a Close-Session} @param path the URL @param session the id @throws IOException on failure */
    public RawResponse close(String path, String session) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Close-Session", "BITS-Session-Id", session),
                new byte[0]);
    }

    /**
     * {@return the Ack of a Cancel-Session}
     *
     * @param path the URL
     * @param session the id
     * @throws IOException if the connection fails
     */
    public RawResponse cancel(String path, String session) throws IOException {
        return send("BITS_POST", path, Map.of("BITS-Packet-Type", "Cancel-Session", "BITS-Session-Id", session),
                new byte[0]);
    }

    /**
     * Uploads a whole file in fragments of the given size, following the server's offset; an empty file as the
     * single empty-file Fragment.
     *
     * @param path the destination
     * @param session the session id
     * @param data the file
     * @param fragmentSize the fragment size
     * @return the final Fragment Ack
     * @throws IOException if the connection fails
     */
    public RawResponse upload(String path, String session, byte[] data, int fragmentSize) throws IOException {
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

    /** {@return the next response on the connection} @throws IOException if the connection fails */
    public RawResponse readResponse() throws IOException {
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
        if (head) {
            head = false; // a HEAD response announces the GET's length but has no body (RFC 9110 §9.3.2)
        } else if (cl != null) {
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
