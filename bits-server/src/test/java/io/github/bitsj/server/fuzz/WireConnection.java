// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One raw TCP connection for the fuzzer: writes exact bytes and reads responses with a strict HTTP/1.1 parser that
 * never retries and never hides what it saw. Unlike {@code RawBitsClient} it reports a malformed response, an end
 * of stream and a timeout as distinct outcomes (a desync must not look like a closed keep-alive connection), and it
 * can abort a request mid-body with a FIN or a reset.
 */
public final class WireConnection implements AutoCloseable {
    /** How a connection ends a response, or fails to give one. */
    public enum Outcome {
        /** A complete, well-formed response. */
        RESPONSE,
        /** End of stream (or a reset) before any byte of a response. */
        CLOSED,
        /** No complete response within the read timeout. */
        TIMEOUT,
        /** Bytes that are not a well-formed HTTP/1.x response (or one cut off mid-way). */
        MALFORMED
    }

    /**
     * What one read gave.
     *
     * @param outcome the outcome
     * @param status the status code (RESPONSE only, else -1)
     * @param headers the headers, names in lower case (RESPONSE only)
     * @param bodyLength the body's length
     * @param closeAfter whether the connection is closed after this response (announced or delimited by the close)
     * @param detail what went wrong (non-RESPONSE), for the report
     * @param interim how many 1xx interim responses came first
     * @param millis how long the read took
     */
    public record Answer(Outcome outcome, int status, Map<String, List<String>> headers, int bodyLength,
            boolean closeAfter, String detail, int interim, long millis) {
        /** {@return the first value of a header, or null} @param name the name (any case) */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** {@return how many times a header occurs} @param name the name (any case) */
        public int count(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? 0 : v.size();
        }

        static Answer failed(Outcome o, String detail, int interim) {
            return new Answer(o, -1, Map.of(), 0, true, detail, interim, 0);
        }

        Answer took(long nanos) {
            return new Answer(outcome, status, headers, bodyLength, closeAfter, detail, interim, nanos / 1_000_000);
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [1-5][0-9][0-9]( [^\\r\\n]*)?");
    private static final int MAX_HEAD = 256 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean closed;
    /** Whether a byte of the response being read has arrived. */
    private boolean started;

    /**
     * Connects.
     *
     * @param address the server
     * @param readTimeoutMillis how long one read may block
     * @throws IOException if connecting fails
     */
    public WireConnection(InetSocketAddress address, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
        out = socket.getOutputStream();
    }

    /** {@return whether this side closed, or a response said the connection ends} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Writes bytes; a failure (the server closed or reset) leaves the connection open for reading what the server
     * said before it closed.
     *
     * @param bytes the bytes
     * @param off the start
     * @param len how many
     * @return whether all bytes were written
     */
    public boolean write(byte[] bytes, int off, int len) {
        if (closed) {
            return false;
        }
        try {
            out.write(bytes, off, len);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Ends the request side mid-body: a FIN after which the server may still answer, or a reset.
     *
     * @param reset true for a reset (SO_LINGER 0), false for a FIN (shutdown of the output)
     */
    public void abort(boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
                close();
            } else {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            close();
        }
    }

    /**
     * Reads one response (skipping 1xx interim responses).
     *
     * @param headRequest whether it answers a HEAD (no body whatever the headers say)
     * @return the answer
     */
    public Answer read(boolean headRequest) {
        long t0 = System.nanoTime();
        return readAnswer(headRequest).took(System.nanoTime() - t0);
    }

    private Answer readAnswer(boolean headRequest) {
        if (closed) {
            return Answer.failed(Outcome.CLOSED, "closed by this side", 0);
        }
        int interim = 0;
        started = false;
        try {
            while (true) {
                String statusLine = readLine(true);
                if (statusLine == null) {
                    close();
                    return Answer.failed(Outcome.CLOSED, "end of stream", interim);
                }
                if (!STATUS_LINE.matcher(statusLine).matches()) {
                    close();
                    return Answer.failed(Outcome.MALFORMED, "status line: " + printable(statusLine), interim);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                Map<String, List<String>> headers = new LinkedHashMap<>();
                int headSize = statusLine.length();
                String line;
                while (!(line = readLine(false)).isEmpty()) {
                    headSize += line.length();
                    int colon = line.indexOf(':');
                    if (colon <= 0 || headSize > MAX_HEAD) {
                        close();
                        return Answer.failed(Outcome.MALFORMED, "header line: " + printable(line), interim);
                    }
                    headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
                }
                if (status < 200) {
                    interim++;
                    continue;
                }
                return body(status, headers, headRequest, interim);
            }
        } catch (SocketTimeoutException e) {
            close();
            return Answer.failed(Outcome.TIMEOUT, "read timeout", interim);
        } catch (IOException e) {
            close();
            return Answer.failed(started ? Outcome.MALFORMED : Outcome.CLOSED, "io: " + e, interim);
        }
    }

    private Answer body(int status, Map<String, List<String>> headers, boolean headRequest, int interim)
            throws IOException {
        boolean closeAfter = headers.getOrDefault("connection", List.of()).stream()
                .anyMatch(v -> v.equalsIgnoreCase("close"));
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        int length = 0;
        if (headRequest || status == 204 || status == 304) {
            length = 0;
        } else if (te != null) {
            if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked")) {
                close();
                return Answer.failed(Outcome.MALFORMED, "transfer-encoding " + te, interim);
            }
            length = chunked();
        } else if (cl != null) {
            if (cl.size() != 1 || !cl.get(0).matches("[0-9]{1,9}") || Integer.parseInt(cl.get(0)) > MAX_BODY) {
                close();
                return Answer.failed(Outcome.MALFORMED, "content-length " + cl, interim);
            }
            length = Integer.parseInt(cl.get(0));
            in.skipNBytes(length);
        } else {
            length = (int) Math.min(Integer.MAX_VALUE, in.transferTo(OutputStream.nullOutputStream()));
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Answer(Outcome.RESPONSE, status, headers, length, closeAfter, null, interim, 0);
    }

    private int chunked() throws IOException {
        int total = 0;
        while (true) {
            String size = readLine(false);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
            if (n == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += n;
            if (total > MAX_BODY) {
                throw new IOException("chunked body too large");
            }
            in.skipNBytes(n);
            if (!readLine(false).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** A line without its CRLF; null at a clean end of stream before the first byte when {@code first}. */
    private String readLine(boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            started = true;
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
        if (first && b.size() == 0) {
            return null;
        }
        throw new IOException("end of stream inside a response");
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char ch : t.toCharArray()) {
            sb.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
