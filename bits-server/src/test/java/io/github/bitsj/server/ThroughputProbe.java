// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A quick throughput probe (not a test): uploads {@code size} bytes in fragments of {@code fragment} bytes to a
 * running server over one keep-alive connection, streaming each fragment from one reused buffer, and prints MB/s.
 * The proper harness is bits-bench's. Usage: {@code ThroughputProbe http://127.0.0.1:8080/upload/x.bin 1073741824
 * 1048576}.
 */
final class ThroughputProbe {
    private ThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long size = Long.parseLong(args[1]);
        int fragment = Integer.parseInt(args[2]);
        byte[] buf = new byte[fragment];
        new Random(1).nextBytes(buf);
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String path = url.getRawPath();
            String sid = header(send(out, in, path, "BITS-Packet-Type: Create-Session\r\n"
                    + "BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r\n", 0, null),
                    "bits-session-id");
            long t0 = System.nanoTime();
            long pos = 0;
            while (pos < size) {
                int len = (int) Math.min(fragment, size - pos);
                String resp = send(out, in, path, "BITS-Packet-Type: Fragment\r\nBITS-Session-Id: " + sid
                        + "\r\nContent-Range: bytes " + pos + "-" + (pos + len - 1) + "/" + size + "\r\n", len, buf);
                pos = Long.parseLong(header(resp, "bits-received-content-range"));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            send(out, in, path, "BITS-Packet-Type: Close-Session\r\nBITS-Session-Id: " + sid + "\r\n", 0, null);
            System.out.printf("uploaded %d bytes in %.2f s: %.1f MB/s (%.1f MiB/s)%n", size, secs,
                    size / secs / 1e6, size / secs / 1048576);
        }
    }

    private static String send(OutputStream out, InputStream in, String path, String headers, int len, byte[] body)
            throws IOException {
        String head = "BITS_POST " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + len
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (len > 0) {
            out.write(body, 0, len);
        }
        out.flush();
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (!sb.toString().startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected answer: " + sb);
        }
        return sb.toString();
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        throw new IllegalStateException("no " + name);
    }
}
