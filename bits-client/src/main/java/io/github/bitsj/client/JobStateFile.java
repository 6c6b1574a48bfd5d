// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.internal.Ascii;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The persisted state of a job (a small properties file), so that an upload cut off by a client crash resumes on the
 * next run against the same session, as Windows BITS resumes across reboots (MC-BUP §3.1.5.1.4 case 1).
 *
 * @param origin the job's remote URL
 * @param file the absolute local path
 * @param size the file size when the job started
 * @param modified the file's modification time ({@code FileTime.toString()})
 * @param sessionId the session
 * @param hostId the {@code BITS-Host-Id} in use, or empty
 * @param fallbackSeconds the host fallback timeout, -1 for never
 * @param acknowledged the last acknowledged offset
 */
record JobStateFile(URI origin, String file, long size, String modified, String sessionId, String hostId,
        long fallbackSeconds, long acknowledged) {

    static Optional<JobStateFile> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new JobStateFile(URI.create(p.getProperty("origin")), p.getProperty("file"),
                    number(p, "size"), p.getProperty("modified"), p.getProperty("session"),
                    p.getProperty("hostId", ""), number(p, "fallbackSeconds"), number(p, "acknowledged")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // unreadable state: start afresh
        }
    }

    // Our own file, written by write() below; digits only, through the protocol module's scanner.
    private static long number(Properties p, String key) {
        String s = p.getProperty(key);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(key);
        }
        boolean negative = s.charAt(0) == '-';
        long v = Ascii.parseDecimal(s, negative ? 1 : 0, s.length());
        if (v == Ascii.INVALID) {
            throw new IllegalArgumentException(key);
        }
        return negative ? -v : v;
    }

    void write(Path path) throws IOException {
        Properties p = new Properties();
        p.setProperty("origin", origin.toString());
        p.setProperty("file", file);
        p.setProperty("size", Long.toString(size));
        p.setProperty("modified", modified);
        p.setProperty("session", sessionId);
        p.setProperty("hostId", hostId);
        p.setProperty("fallbackSeconds", Long.toString(fallbackSeconds));
        p.setProperty("acknowledged", Long.toString(acknowledged));
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "bitsj upload job state");
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
