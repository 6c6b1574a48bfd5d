// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.HeaderField;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One raw HTTP/1.1 connection to the target: writes exact bytes (malformed ones included) and parses each response
 * itself, so nothing between the kit and the server normalises, re-cases or repairs a header. Plain TCP or TLS with
 * host-name verification. Every read is bounded by the target's timeout and by size limits.
 */
final class Wire implements AutoCloseable {
    /** Longest status or header line read. */
    private static final int MAX_LINE = 16 * 1024;
    /** Most header lines read per response. */
    private static final int MAX_HEADERS = 200;
    /** Most body bytes kept; more are read and discarded up to {@link #MAX_DRAIN}. */
    private static final int MAX_EXCERPT = 120;
    private static final long MAX_DRAIN = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean open = true;
    private int exchanges;

    /**
     * Nothing of an answer arrived: the write failed, or the connection ended before the first byte of the status
     * line. On a reused keep-alive connection that is a server closing an idle connection, and a client resends on a
     * new one (RFC 9112 §9.3.1).
     */
    static final class NoAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection to the target.
     *
     * @param t the target
     * @return the connection
     * @throws IOException if it cannot connect or the TLS handshake fails
     */
    static Wire open(Target t) throws IOException {
        int ms = (int) Math.min(Integer.MAX_VALUE, t.timeout().toMillis());
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(t.host(), t.port()), ms);
            s.setSoTimeout(ms);
            s.setTcpNoDelay(true);
            if (t.tls().isPresent()) {
                SSLSocket ssl = (SSLSocket) t.tls().get().createSocket(s, t.host(), t.port(), true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(ms);
                ssl.startHandshake();
                return new Wire(ssl);
            }
            return new Wire(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** {@return false once the server closed the connection or announced that it will} */
    boolean isOpen() {
        return open && !socket.isClosed();
    }

    /**
     * Writes bytes and flushes.
     *
     * @param bytes the exact bytes
     * @throws IOException if the connection fails
     */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes a request and reads its response.
     *
     * @param request the exact request bytes
     * @return the response
     * @throws IOException if the connection fails, times out or the response is not HTTP
     */
    RawResponse exchange(byte[] request) throws IOException {
        try {
            write(request);
        } catch (IOException e) {
            open = false;
            throw new NoAnswer("the request could not be written: " + e.getMessage(), e);
        }
        exchanges++;
        return read();
    }

    /** {@return true once a request went out on this connection (before the current one)} */
    boolean reused() {
        return exchanges > 1;
    }

    /**
     * Reads one response (skipping 1xx interim responses).
     *
     * @return the response
     * @throws IOException if the connection fails, times out, or what arrives is not an HTTP/1.x response
     */
    RawResponse read() throws IOException {
        String status = readLine(true);
        String[] head = statusLine(status);
        while (head[1].startsWith("1") && !head[1].equals("101")) {
            readHeaders();
            status = readLine(false);
            head = statusLine(status);
        }
        int code = Integer.parseInt(head[1]); // three ASCII digits, checked by statusLine
        List<HeaderField> headers = readHeaders();
        RawResponse.Framing framing;
        ByteArrayOutputStream excerpt = new ByteArrayOutputStream();
        long length;
        boolean closes = false;
        List<String> te = values(headers, "Transfer-Encoding");
        List<String> cl = values(headers, "Content-Length");
        if (code == 204 || code == 304) {
            framing = RawResponse.Framing.LENGTH;
            length = 0;
        } else if (!te.isEmpty() && te.get(te.size() - 1).toLowerCase(Locale.ROOT).contains("chunked")) {
            framing = RawResponse.Framing.CHUNKED;
            length = readChunked(excerpt);
        } else if (cl.size() == 1 && isDigits(cl.get(0).strip())) {
            framing = RawResponse.Framing.LENGTH;
            length = parseLength(cl.get(0).strip());
            drain(length, excerpt);
        } else if (!cl.isEmpty()) {
            throw new IOException("unparsable Content-Length in the response: " + Text.escape(cl.toString(), 60));
        } else {
            framing = RawResponse.Framing.UNTIL_CLOSE;
            length = drainToClose(excerpt);
            closes = true;
        }
        for (String c : values(headers, "Connection")) {
            if (c.toLowerCase(Locale.ROOT).contains("close")) {
                closes = true;
            }
        }
        if (head[0].equals("HTTP/1.0") && values(headers, "Connection").stream()
                .noneMatch(c -> c.toLowerCase(Locale.ROOT).contains("keep-alive"))) {
            closes = true;
        }
        if (closes) {
            open = false;
        }
        String text = Text.escape(excerpt.toString(StandardCharsets.ISO_8859_1), MAX_EXCERPT);
        return new RawResponse(head[0], code, headers, framing, length, text, closes);
    }

    private static String[] statusLine(String line) throws IOException {
        // HTTP-version SP 3DIGIT SP reason-phrase (RFC 9112 §4); a missing reason is tolerated
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || !isDigits(line.substring(9, 12)) || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.x status line: \"" + Text.escape(line, 80) + "\"");
        }
        return new String[] {line.substring(0, 8), line.substring(9, 12)};
    }

    private List<HeaderField> readHeaders() throws IOException {
        List<HeaderField> headers = new ArrayList<>();
        String line;
        while (!(line = readLine(false)).isEmpty()) {
            if (headers.size() == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: \"" + Text.escape(line, 80) + "\"");
            }
            headers.add(HeaderField.of(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private static List<String> values(List<HeaderField> headers, String name) {
        List<String> out = new ArrayList<>(1);
        for (HeaderField f : headers) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.value());
            }
        }
        return out;
    }

    private long readChunked(ByteArrayOutputStream excerpt) throws IOException {
        long total = 0;
        while (true) {
            String size = readLine(false);
            int semi = size.indexOf(';');
            String hex = (semi >= 0 ? size.substring(0, semi) : size).strip();
            long n = 0;
            if (hex.isEmpty() || hex.length() > 12) {
                throw new IOException("bad chunk size: \"" + Text.escape(size, 40) + "\"");
            }
            for (int i = 0; i < hex.length(); i++) {
                int d = Character.digit(hex.charAt(i), 16);
                if (d < 0 || hex.charAt(i) > 'f') {
                    throw new IOException("bad chunk size: \"" + Text.escape(size, 40) + "\"");
                }
                n = n * 16 + d;
            }
            if (n == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailer fields are ignored
                }
                return total;
            }
            drain(n, excerpt);
            total += n;
            if (total > MAX_DRAIN) {
                throw new IOException("response body over " + MAX_DRAIN + " bytes");
            }
            readLine(false);
        }
    }

    private void drain(long n, ByteArrayOutputStream excerpt) throws IOException {
        if (n > MAX_DRAIN) {
            throw new IOException("response body of " + n + " bytes (an Ack has none)");
        }
        for (long i = 0; i < n; i++) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed after " + i + " of " + n + " body bytes");
            }
            if (excerpt.size() < MAX_EXCERPT) {
                excerpt.write(c);
            }
        }
    }

    /** A body delimited by the end of the connection; a read timeout ends it too (the server kept it open). */
    private long drainToClose(ByteArrayOutputStream excerpt) throws IOException {
        long n = 0;
        try {
            int c;
            while (n < MAX_DRAIN && (c = in.read()) >= 0) {
                if (excerpt.size() < MAX_EXCERPT) {
                    excerpt.write(c);
                }
                n++;
            }
        } catch (SocketTimeoutException e) {
            // the server neither framed the body nor closed: treat what came as the body
        }
        return n;
    }

    private String readLine(boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while (true) {
            try {
                c = in.read();
            } catch (java.net.SocketException e) {
                open = false;
                if (first && b.size() == 0) {
                    throw new NoAnswer("connection reset without an answer", e);
                }
                throw e;
            }
            if (c < 0) {
                break;
            }
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        open = false;
        if (first && b.size() == 0) {
            throw new NoAnswer("connection closed without an answer", null);
        }
        throw new EOFException("connection closed in the middle of a response");
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
