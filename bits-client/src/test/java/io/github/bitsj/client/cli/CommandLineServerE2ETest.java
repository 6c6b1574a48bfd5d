// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.AuthScheme;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.DirectoryAuth;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UserStore;
import io.github.bitsj.server.testkit.TlsFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against the real {@code bits-server} on loopback (and, for a refused connection and https to a
 * plain port, a plain socket as the peer): the plain progress lines it prints when not on a terminal, the resume note,
 * and each failure in plain words with its hint.
 */
@Timeout(60)
class CommandLineServerE2ETest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    BitsServer server(UploadDirectory.Builder d, BitsServerConfig.Builder b) throws IOException {
        BitsServer s = BitsServer.start(b.bindAddress(new InetSocketAddress("127.0.0.1", 0)).addDirectory(d.build())
                .build());
        closing.add(s);
        return s;
    }

    BitsServer server(UploadDirectory.Builder d) throws IOException {
        return server(d, BitsServerConfig.newBuilder());
    }

    Path store() throws IOException {
        return Files.createDirectories(dir.resolve("store"));
    }

    Path file(String name, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    int run(String... args) {
        return run(new PrintWriter(out), args);
    }

    int run(PrintWriter o, String... args) {
        return Main.run(o, new PrintWriter(err), Map.of("PW", "s3cret", "TRUST_PW", TlsFixture.PASSWORD), null,
                args);
    }

    @Test
    void plainProgressLinesWhenNotOnATerminal() throws Exception {
        Path store = store();
        BitsServer s = server(UploadDirectory.newBuilder("/up", store));
        Path f = file("backup.bin", 3 * 1024 * 1024);
        int code = run("upload", f.toString(), s.uri().resolve("up/backup.bin").toString(), "-f", "64K");
        assertEquals(Main.OK, code, err.toString());
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(store.resolve("backup.bin")));
        String o = out.toString();
        assertTrue(!o.contains("\r"), "no carriage returns in lines mode");
        Pattern line = Pattern.compile("backup\\.bin: \\d{1,3}% [\\d.]+ (B|KiB|MiB) of 3\\.0 MiB \\(\\d+/3145728 "
                + "bytes\\) at (--|[\\d.]+ (B|KiB|MiB|GiB))/s, ETA (--:--|\\d+:\\d\\d)");
        List<String> lines = o.lines().toList();
        List<String> progress = lines.stream().filter(l -> l.startsWith("backup.bin: ")).toList();
        assertTrue(progress.size() >= 10 && progress.size() <= 12, o);   // the first ack, then per tenth
        progress.forEach(l -> assertTrue(line.matcher(l).matches(), l));
        assertTrue(progress.get(progress.size() - 1).startsWith("backup.bin: 100% 3.0 MiB of 3.0 MiB"), o);
        assertTrue(Pattern.compile("uploaded 3145728 bytes \\(3\\.0 MiB\\) to http://127\\.0\\.0\\.1:\\d+/up/"
                + "backup\\.bin in [\\d.]+ s \\([\\d.]+ \\w+/s on average\\), session \\{[0-9A-F-]{36}\\}")
                .matcher(lines.get(lines.size() - 1)).matches(), o);
        System.out.println("captured plain progress:\n" + o);
    }

    /** Stops the upload (as Ctrl-C with --state does: an interrupt) once a progress line has been printed. */
    static final class InterruptOnFirstProgress extends Writer {
        final StringWriter text = new StringWriter();

        @Override
        public void write(char[] c, int off, int len) {
            text.write(c, off, len);
            if (text.toString().contains("% ")) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStoppedJobSaysHowToResumeAndTheNextRunSaysWhereItResumed() throws Exception {
        Path store = store();
        BitsServer s = server(UploadDirectory.newBuilder("/up", store));
        Path f = file("big.bin", 1024 * 1024);
        Path state = dir.resolve("big.state");
        String url = s.uri().resolve("up/big.bin").toString();
        InterruptOnFirstProgress first = new InterruptOnFirstProgress();
        int code = run(new PrintWriter(first), "upload", f.toString(), url, "-f", "64K", "--progress", "lines",
                "--state", state.toString());
        Thread.interrupted();
        assertEquals(Main.CANCELLED, code, err.toString());
        String e = err.toString();
        assertTrue(e.contains("bits-client: stopped; session {"), e);
        assertTrue(e.contains("is kept"), e);
        assertTrue(e.contains("resume: run the same command again (it has --state " + state + ")"), e);
        assertTrue(e.contains("or cancel it: bits-client cancel --state " + state), e);

        code = run("upload", f.toString(), url, "-f", "64K", "--progress", "lines", "--state", state.toString());
        assertEquals(Main.OK, code, err.toString());
        String o = out.toString();
        assertTrue(Pattern.compile("(?s)^big\\.bin: resumed at \\d+ bytes \\([\\d.]+ KiB\\), session \\{.*")
                .matcher(o).matches(), o);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(store.resolve("big.bin")));
    }

    @Test
    void unauthorisedSaysUseMinusU() throws Exception {
        Path users = Files.write(dir.resolve("users"), List.of(UserStore.hashLine("bob", "s3cret".toCharArray())));
        BitsServer s = server(UploadDirectory.newBuilder("/up", store()).auth(DirectoryAuth.of(Set.of(
                AuthScheme.BASIC))), BitsServerConfig.newBuilder().users(UserStore.load(users)));
        Path f = file("f.bin", 10_000);
        String url = s.uri().resolve("up/f.bin").toString();
        assertEquals(Main.FATAL, run("upload", f.toString(), url, "-q"));
        String e = err.toString();
        assertTrue(e.contains("HTTP 401"), e);
        assertTrue(e.contains("hint: the server wants credentials: -u USER"), e);
        assertEquals(Main.OK, run("upload", f.toString(), url, "-q", "-u", "bob", "--password-env", "PW"), e);
    }

    @Test
    void forbiddenCreateSaysTheFileExistsAndOverwritesAreOff() throws Exception {
        Path store = store();
        Files.writeString(store.resolve("f.bin"), "already here");
        BitsServer s = server(UploadDirectory.newBuilder("/up", store));
        assertEquals(Main.FATAL, run("upload", file("f.bin", 10_000).toString(),
                s.uri().resolve("up/f.bin").toString(), "-q"));
        String e = err.toString();
        assertTrue(e.contains("Create-Session failed: HTTP 403"), e);
        assertTrue(e.contains("E_ACCESSDENIED"), e);
        assertTrue(e.contains("context 0x"), e);
        assertTrue(e.contains("the file exists and overwrites are off on the server"), e);
        assertEquals("already here", Files.readString(store.resolve("f.bin")));
    }

    @Test
    void untrustedCertificateSaysUseTrustStore() throws Exception {
        BitsServer s = server(UploadDirectory.newBuilder("/up", store()),
                BitsServerConfig.newBuilder().sslContext(TlsFixture.serverContext()));
        assertEquals(Main.FATAL, run("upload", file("f.bin", 10_000).toString(),
                s.uri().resolve("up/f.bin").toString(), "-q"));
        String e = err.toString();
        assertTrue(e.contains("the server's TLS certificate is not trusted"), e);
        assertTrue(e.contains("hint: give the server's certificate or its CA with --trust-store FILE"), e);
        assertTrue(!e.contains("Exception"), e);
    }

    @Test
    void httpToATlsPortSaysUseHttps() throws Exception {
        BitsServer s = server(UploadDirectory.newBuilder("/up", store()),
                BitsServerConfig.newBuilder().sslContext(TlsFixture.serverContext()));
        String url = s.uri().resolve("up/f.bin").toString().replace("https://", "http://");
        long t0 = System.nanoTime();
        assertEquals(Main.FATAL, run("upload", file("f.bin", 10_000).toString(), url, "-q"));
        String e = err.toString();
        assertTrue(e.contains("speaks TLS; use https://"), e);
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "fast, not BITS' retries");
    }

    @Test
    void httpsToAPlainPortFailsFastSayingUseHttp() throws Exception {
        // a real bits-server on plain HTTP: it answers a TLS ClientHello with nothing or a plain 400
        BitsServer s = server(UploadDirectory.newBuilder("/up", store()));
        String url = s.uri().resolve("up/f.bin").toString().replace("http://", "https://");
        long t0 = System.nanoTime();
        assertEquals(Main.FATAL, run("upload", file("f.bin", 10_000).toString(), url, "-q"));
        assertTrue(err.toString().contains("the server speaks plain HTTP; use http://"), err.toString());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "no hang");

        // and a silent peer (a plain socket that never answers): the handshake times out quickly
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    held.forEach(h -> {
                        try {
                            h.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    });
                }
            });
            err.getBuffer().setLength(0);
            t0 = System.nanoTime();
            assertEquals(Main.FATAL, run("upload", file("f.bin", 10_000).toString(),
                    "https://127.0.0.1:" + silent.getLocalPort() + "/up/f.bin", "-q", "--timeout", "2s"));
            assertTrue(err.toString().contains("no TLS answer from 127.0.0.1:" + silent.getLocalPort()
                    + " in 2 s: the server speaks plain HTTP; use http://"), err.toString());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no hang");
            silent.close();
            acceptor.join(5000);
        }
    }

    @Test
    void refusedConnectionSaysConnectionRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();   // closed again: nothing listens there
        }
        assertEquals(Main.GAVE_UP, run("upload", file("f.bin", 10_000).toString(),
                "http://127.0.0.1:" + port + "/up/f.bin", "-q", "--give-up-after", "0"));
        String e = err.toString();
        assertTrue(e.contains("connection refused by 127.0.0.1:" + port), e);
        assertTrue(!e.contains("ConnectException"), e);
    }

    @Test
    void unknownHostSaysUnknownHost() throws Exception {
        // .invalid never resolves (RFC 2606); no connection is made
        assertEquals(Main.GAVE_UP, run("upload", file("f.bin", 10_000).toString(),
                "http://no-such-host.invalid/up/f.bin", "-q", "--give-up-after", "0", "--timeout", "5s"));
        String e = err.toString();
        assertTrue(e.contains("unknown host no-such-host.invalid"), e);
    }
}
