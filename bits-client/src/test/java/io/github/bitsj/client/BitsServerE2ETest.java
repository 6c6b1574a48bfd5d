// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against the real {@code bits-server} on loopback: uploads verified with SHA-256. */
@Timeout(120)
class BitsServerE2ETest {
    static final int FRAG = 64 * 1024;

    @TempDir
    Path dir;

    BitsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    BitsServer start(UploadDirectory.Builder d) throws IOException {
        return start(d, 0);
    }

    BitsServer start(UploadDirectory.Builder d, int port) throws IOException {
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", port))
                .addDirectory(d.build())
                .build());
        return server;
    }

    Path storage() throws IOException {
        return Files.createDirectories(dir.resolve("store"));
    }

    static BitsClient.Builder client() {
        return BitsClient.newBuilder()
                .retryPolicy(TestPolicies.retry(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30)));
    }

    Path randomFile(String name, long size) throws IOException {
        Path p = dir.resolve(name);
        Random r = new Random(size * 31 + name.hashCode());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                r.nextBytes(chunk);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return p;
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 5119, 5120, FRAG - 1, FRAG, FRAG + 1, 3 * FRAG + 7})
    void uploadsFilesOnAndOffFragmentBoundaries(long size) throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store));
        Path file = randomFile("f" + size + ".bin", size);
        UploadResult r = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).build()
                .upload(file, server.uri().resolve("up/f.bin"));
        assertEquals(size, r.bytes());
        // the empty file goes as Create-Session + Close-Session, without a Fragment (decision D9)
        assertEquals((size + FRAG - 1) / FRAG, r.fragments());
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
        assertEquals(0, server.openSessions());
    }

    @Test
    @Timeout(240)
    void uploads200MibWithTheAdaptivePolicy() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store));
        Path file = randomFile("big.bin", 200L << 20);
        UploadResult r = client().build().upload(file, server.uri().resolve("up/big.bin"));
        assertEquals(200L << 20, r.bytes());
        assertEquals(sha256(file), sha256(store.resolve("big.bin")));
        System.out.printf("200 MiB loopback upload: %.1f MB/s, %d fragments%n", r.bytesPerSecond() / 1e6,
                r.fragments());
    }

    @Test
    void halvesFragmentsOnTheServers413() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store).maxFragmentSize(100_000));
        Path file = randomFile("f.bin", 1_000_000);
        UploadResult r = client().fragmentPolicy(FragmentPolicy.fixed(256 * 1024)).build()
                .upload(file, server.uri().resolve("up/f.bin"));
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
        assertEquals(2 + (1_000_000 + 65535) / 65536, r.fragments(), "256K -> 413, 128K -> 413, then 64K pieces");
    }

    @Test
    void followsTheServersHostId() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store).hostId("localhost"));
        Path file = randomFile("f.bin", 300_000);
        UploadResult r = client().build().upload(file, server.uri().resolve("up/f.bin"));
        assertEquals("localhost", r.target().getHost());
        assertEquals(server.port(), r.target().getPort());
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
    }

    @Test
    void refusedOverwriteIsFatal() throws Exception {
        Path store = storage();
        Files.write(store.resolve("f.bin"), new byte[] {1});
        start(UploadDirectory.newBuilder("/up", store));
        BitsClientException e = assertThrows(BitsClientException.class,
                () -> client().build().upload(randomFile("f.bin", 10), server.uri().resolve("up/f.bin")));
        assertFalse(e.isTransient());
        assertEquals(PacketType.CREATE_SESSION, e.packet().orElseThrow());
        assertTrue(e.status() == 403 || e.status() == 409, "status " + e.status());
    }

    @Test
    void resumesThePersistedSessionOnARestartedServer() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store));
        int port = server.port();
        Path file = randomFile("f.bin", 2_000_000);
        Path state = dir.resolve("job.state");
        CountDownLatch halfway = new CountDownLatch(1);
        BitsClient first = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).retryPolicy(RetryPolicy.never())
                .build();
        UploadJob job = first.newJob(file, server.uri().resolve("up/f.bin")).stateFile(state).listener(p -> {
            if (p.bytesAcknowledged() >= 1_000_000 && halfway.getCount() > 0) {
                halfway.countDown();
                server.close();   // the server goes away mid-upload
            }
        }).build();
        BitsClientException e = assertThrows(BitsClientException.class, job::run);
        assertTrue(e.isTransient());
        assertTrue(Files.exists(state));

        start(UploadDirectory.newBuilder("/up", store), port);   // same storage: the session survives
        UploadResult r = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).build()
                .newJob(file, server.uri().resolve("up/f.bin")).stateFile(state).build().run();
        assertEquals(0, r.sessions(), "resumed, no new session");
        assertTrue(r.fragments() < (2_000_000 / FRAG), "only the rest was sent: " + r.fragments());
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
        assertFalse(Files.exists(state));
    }

    @Test
    void restartsFromByteZeroWhenTheServerLostTheSession() throws Exception {
        start(UploadDirectory.newBuilder("/up", storage()));
        int port = server.port();
        Path file = randomFile("f.bin", 1_000_000);
        Path state = dir.resolve("job.state");
        BitsClient first = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).retryPolicy(RetryPolicy.never())
                .build();
        UploadJob job = first.newJob(file, server.uri().resolve("up/f.bin")).stateFile(state).listener(p -> {
            if (p.bytesAcknowledged() >= 500_000) {
                server.close();
            }
        }).build();
        assertThrows(BitsClientException.class, job::run);

        Path other = Files.createDirectories(dir.resolve("other"));   // a server that never saw the session
        start(UploadDirectory.newBuilder("/up", other), port);
        UploadResult r = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).build()
                .newJob(file, server.uri().resolve("up/f.bin")).stateFile(state).build().run();
        assertEquals(1, r.sessions());
        assertEquals(sha256(file), sha256(other.resolve("f.bin")));
    }

    @Test
    void cancelFromAnotherThreadRemovesTheServerSession() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store));
        Path file = randomFile("f.bin", 2_000_000);
        CountDownLatch progressed = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        UploadJob job = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).build()
                .newJob(file, server.uri().resolve("up/f.bin")).listener(p -> {
                    progressed.countDown();
                    try {
                        cancelled.await(10, TimeUnit.SECONDS);   // hold the job until the cancel is in
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        try (ExecutorService runner = Executors.newSingleThreadExecutor()) {
            Future<UploadResult> f = runner.submit(job::run);
            assertTrue(progressed.await(20, TimeUnit.SECONDS));
            assertEquals(1, server.openSessions());
            job.cancel();
            cancelled.countDown();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof CancellationException);
        }
        assertEquals(0, server.openSessions());
        assertFalse(Files.exists(store.resolve("f.bin")));
    }

    @Test
    void cancelSessionOfAnUnknownSessionIsDone() throws Exception {
        start(UploadDirectory.newBuilder("/up", storage()));
        // BG_E_SESSION_NOT_FOUND ends a cancel: nothing to cancel, no error (MC-BUP §2.2.10, §3.1.5.2.1)
        assertDoesNotThrow(() -> client().build()
                .cancelSession(server.uri().resolve("up/f.bin"), "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}"));
    }

    @Test
    void localFileChangeIsReportedAgainstTheRealServer() throws Exception {
        start(UploadDirectory.newBuilder("/up", storage()));
        Path file = randomFile("f.bin", 500_000);
        UploadJob job = client().fragmentPolicy(FragmentPolicy.fixed(FRAG)).build()
                .newJob(file, server.uri().resolve("up/f.bin")).listener(p -> {
                    try {
                        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).build();
        BitsClientException e = assertThrows(BitsClientException.class, job::run);
        assertEquals(HResult.BG_E_LOCAL_FILE_CHANGED, e.errorCode().orElseThrow());
    }

    @Test
    void uriWithQueryAndEncodedPathUploadsToTheDecodedName() throws Exception {
        Path store = storage();
        start(UploadDirectory.newBuilder("/up", store));
        Path file = randomFile("f.bin", 1000);
        client().build().upload(file, URI.create(server.uri() + "up/a%20b.bin"));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(store.resolve("a b.bin")));
        assertEquals(List.of(), List.of());
    }

    @Test
    void authenticatesWithBasicCredentialsAndFailsFatallyWithWrongOnes() throws Exception {
        Path store = storage();
        server = BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .addDirectory(UploadDirectory.newBuilder("/up", store).build())
                .users(io.github.bitsj.server.UserStore.parse(
                        List.of(io.github.bitsj.server.UserStore.hashLine("alice", "s3cret".toCharArray()))))
                .build());
        Path file = randomFile("f.bin", 100_000);
        client().credentials("alice", "s3cret".toCharArray()).build().upload(file, server.uri().resolve("up/f.bin"));
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
        BitsClientException e = assertThrows(BitsClientException.class, () -> client()
                .credentials("alice", "wrong".toCharArray()).build().upload(file, server.uri().resolve("up/g.bin")));
        assertEquals(401, e.status());
        assertFalse(e.isTransient());
    }

    @Test
    void uploadsOverIpv6LoopbackAndBracketsAnIpv6HostId() throws Exception {
        Path store = storage();
        try {
            server = BitsServer.start(BitsServerConfig.newBuilder()
                    .bindAddress(new InetSocketAddress("::1", 0))
                    .addDirectory(UploadDirectory.newBuilder("/up", store).hostId("0:0:0:0:0:0:0:1").build())
                    .build());
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
        }
        Path file = randomFile("f.bin", 200_000);
        URI target = URI.create("http://[::1]:" + server.port() + "/up/f.bin");
        UploadResult r = client().build().upload(file, target);
        assertEquals(URI.create("http://[0:0:0:0:0:0:0:1]:" + server.port() + "/up/f.bin"), r.target());
        assertEquals(sha256(file), sha256(store.resolve("f.bin")));
    }
}
