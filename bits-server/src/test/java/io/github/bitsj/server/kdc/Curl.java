// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's curl, built with GSS-API (MIT Kerberos), as an independent Negotiate client: {@code --negotiate -u :}
 * takes the Kerberos ticket from {@code KRB5CCNAME} and the realm's configuration from {@code KRB5_CONFIG}.
 */
public final class Curl {
    private Curl() {}

    /**
     * What curl got.
     *
     * @param status  the final HTTP status ({@code %{http_code}})
     * @param headers the response header lines of every response, lower-cased names
     * @param body    the final response body
     */
    public record Result(int status, List<String> headers, String body) {
        /** Copies the list. */
        public Result {
            headers = List.copyOf(headers);
        }

        /** {@return the values of a header across all responses, in order} @param name a lower-case name */
        public List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                    out.add(h.substring(colon + 1).strip());
                }
            }
            return out;
        }
    }

    /** Skips the calling test (JUnit assumption) unless curl with SPNEGO support is installed. */
    public static void assumeInstalled() {
        String version;
        try {
            version = run(List.of("curl", "-V"), Map.of()).body();
        } catch (IOException e) {
            version = "";
        }
        Assumptions.assumeTrue(version.contains("SPNEGO") && version.contains("GSS-API"),
                "curl with GSS-API/SPNEGO not installed (Debian's curl package has it)");
    }

    /**
     * Runs {@code curl --negotiate -u :} against a URL.
     *
     * @param kdc   the KDC (its krb5.conf)
     * @param cache the ticket cache to use
     * @param url   the URL
     * @param extra more curl arguments (a method, {@code --data-binary @file}...)
     * @return what curl got
     * @throws IOException if curl cannot run or fails at the transport level
     */
    public static Result negotiate(MitKdc kdc, Path cache, String url, String... extra) throws IOException {
        Path headers = kdc.directory().resolve("curl-headers-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-4", "--max-time", "20", "--negotiate", "-u",
                ":", "-D", headers.toString(), "-w", "\n%{http_code}"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Result r = run(cmd, kdc.env(cache));
        String out = r.body();
        int nl = out.lastIndexOf('\n');
        int status = Integer.parseInt(out.substring(nl + 1).strip());
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(headers, StandardCharsets.ISO_8859_1);
        } finally {
            java.nio.file.Files.deleteIfExists(headers);
        }
        return new Result(status, lines, out.substring(0, nl));
    }

    private static Result run(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("curl did not finish");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("curl exited with " + p.exitValue() + ": " + out);
        }
        return new Result(0, List.of(), out);
    }
}
