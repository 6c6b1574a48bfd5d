// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import io.github.bitsj.server.testkit.TlsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS, Basic authentication, sessions bound to their principal, session limits (SDK: Authentication, SDK: Virtual Directory Cleanup). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityE2ETest {
    private static final String PATH = "/upload/s.bin";
    @TempDir
    Path root;

    private static final UserStore USERS = UserStore.parse(List.of(
            UserStore.hashLine("alice", "alice-pw".toCharArray()), UserStore.hashLine("bob", "bob-pw".toCharArray())));

    private static UserStore users() {
        return USERS;
    }

    @Test
    void uploadsOverHttps() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data);
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.sslContext(TlsFixture.serverContext()))) {
            assertEquals("https", server.uri().getScheme());
            try (RawBitsClient c = new RawBitsClient(server).withTls(TlsFixture.clientContext().getSocketFactory())) {
                String sid = c.newSession(PATH);
                assertEquals(data.length, c.upload(PATH, sid, data, 64_000).received());
                assertEquals(200, c.close(PATH, sid).status());
            }
            try (RawBitsClient plain = new RawBitsClient(server)) {
                assertThrows(IOException.class, () -> plain.ping(PATH), "plain HTTP on the TLS port");
            }
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("s.bin")));
    }

    @Test
    void basicAuthenticationIsRequiredAndNeverLogged() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("io.github.bitsj.server");
        jul.addHandler(capture);
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.users(users()).realm("uploads"))) {
            try (RawBitsClient anon = new RawBitsClient(server)) {
                RawResponse r = anon.ping(PATH);
                assertEquals(401, r.status());
                assertTrue(r.require("WWW-Authenticate").startsWith("Basic realm=\"uploads\""));
            }
            try (RawBitsClient wrong = new RawBitsClient(server).withBasicAuth("alice", "bob-pw")) {
                assertEquals(401, wrong.ping(PATH).status());
            }
            try (RawBitsClient alice = new RawBitsClient(server).withBasicAuth("alice", "alice-pw")) {
                String sid = alice.newSession(PATH);
                assertEquals(200, alice.upload(PATH, sid, new byte[] {1, 2, 3}, 3).status());
                assertEquals(200, alice.close(PATH, sid).status());
            }
        } finally {
            jul.removeHandler(capture);
        }
        String all = String.join("\n", logged);
        for (String event : List.of("event=auth_failed", "event=session_created", "event=session_committed",
                "event=session_closed")) {
            assertTrue(all.contains(event), event + " in " + all);
        }
        for (String line : logged) {
            assertFalse(line.contains("alice-pw") || line.contains("bob-pw") || line.contains("Basic "), line);
        }
    }

    @Test
    void someoneElsesSessionIdIsNotFound() throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.users(users()));
                RawBitsClient alice = new RawBitsClient(server).withBasicAuth("alice", "alice-pw");
                RawBitsClient bob = new RawBitsClient(server).withBasicAuth("bob", "bob-pw")) {
            String sid = alice.newSession(PATH);
            RawResponse stolen = bob.fragment(PATH, sid, new byte[] {6, 6, 6}, 0, 3);
            assertEquals(500, stolen.status());
            assertEquals("0x8020001F", stolen.errorCode());
            assertEquals("0x8020001F", bob.cancel(PATH, sid).errorCode());
            assertEquals("0x8020001F", bob.close(PATH, sid).errorCode());
            assertEquals(3, alice.fragment(PATH, sid, new byte[] {1, 2, 3}, 0, 3).received());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(root.resolve("s.bin")));
    }

    @Test
    void perPrincipalSessionLimit() throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d.maxSessionsPerPrincipal(2), c -> c.users(users()));
                RawBitsClient alice = new RawBitsClient(server).withBasicAuth("alice", "alice-pw");
                RawBitsClient bob = new RawBitsClient(server).withBasicAuth("bob", "bob-pw")) {
            String first = alice.newSession("/upload/a1");
            alice.newSession("/upload/a2");
            RawResponse third = alice.createSession("/upload/a3");
            assertEquals(503, third.status());
            assertEquals("0x80070045", third.errorCode());
            bob.newSession("/upload/b1"); // another principal is not affected
            assertEquals(200, alice.cancel("/upload/a1", first).status());
            alice.newSession("/upload/a3"); // a slot is free again
        }
    }

    @Test
    void totalSessionLimit() throws Exception {
        try (BitsServer server = TestServers.start(root, d -> d, c -> c.maxSessions(3));
                RawBitsClient c = new RawBitsClient(server)) {
            for (int i = 0; i < 3; i++) {
                c.newSession("/upload/t" + i);
            }
            assertEquals(503, c.createSession("/upload/t3").status());
            assertEquals(3, server.openSessions());
        }
    }
}
