// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.NotificationApp;
import io.github.bitsj.server.testkit.NotificationApp.Answer;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server application's answers through a real server and a real application on loopback (SDK: Handling Server Application Errors, MC-BUP §3.2.5.2.6
 * rows 11-12, decision D10-Q12, Q15, Q24): relayed statuses with context 0x7, 408 when too late, 411 when malformed, 502
 * when unreachable, a static reply URL, copy to the destination, the cached final Ack after a lost Ack and after a
 * restart, credentials for the call, and the reply refused to other principals.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationOutcomesE2ETest {
    private static final String PATH = "/upload/report.bin";
    private static final byte[] DATA = "crash dump 0042: stack overflow".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REPLY = "known issue: install KB123".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private NotificationApp app;
    private BitsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private BitsServer start(UnaryOperator<ServerApplication> notification) throws Exception {
        return start(notification, c -> c);
    }

    private BitsServer start(UnaryOperator<ServerApplication> notification,
            UnaryOperator<BitsServerConfig.Builder> cfg) throws Exception {
        server = TestServers.start(root, d -> d.serverApplication(notification.apply(
                ServerApplication.notifyByValue(app.url().toString()))), cfg);
        return server;
    }

    private static void assertRelayed(int status, RawResponse r) {
        assertEquals(status, r.status(), r.statusLine());
        assertEquals("Ack", r.require("BITS-Packet-Type"));
        assertEquals(String.format("0x%08X", 0x80190000 + status), r.require("BITS-Error-Code"));
        assertEquals("0x7", r.require("BITS-Error-Context"));
        assertEquals(DATA.length, r.received(), "R = T: every byte is held");
        assertEquals(0, r.count("BITS-Reply-URL"));
    }

    private static RawResponse last(RawBitsClient c, String sid) throws Exception {
        return c.fragment(PATH, sid, DATA, 0, DATA.length);
    }

    @Test
    void statuses500And403AreRelayedWithContext0x7AndAResentFinalFragmentNotifiesAgain() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.status(500));
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            String sid = c.newSession(PATH);
            assertRelayed(500, last(c, sid));
            app.behaviour(n -> Answer.status(403));
            assertRelayed(403, last(c, sid));
            app.behaviour(n -> Answer.ok().withBody(REPLY));
            RawResponse ok = last(c, sid);
            assertEquals(200, ok.status());
            assertEquals(DATA.length, ok.received());
            assertTrue(ok.header("BITS-Reply-URL").isPresent());
            assertEquals(3, app.count(), "each resend after a failure notified again (MC-BUP §3.2.5.1.3)");
            RawResponse get = c.send("GET", URI.create(ok.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]);
            assertArrayEquals(REPLY, get.body());
        }
    }

    @Test
    void anApplicationTooLateGets408ThenTheNextFragmentNotifiesAgain() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        app = NotificationApp.start("/app", n -> Answer.ok().heldBy(never));
        try (RawBitsClient c = new RawBitsClient(start(a -> a.withTimeout(Duration.ofMillis(300))))) {
            String sid = c.newSession(PATH);
            RawResponse late = last(c, sid);
            assertEquals(408, late.status());
            assertEquals("0x80070112", late.require("BITS-Error-Code"), "MC-BUP §3.3.6 as written (decision D12)");
            assertEquals("0x7", late.require("BITS-Error-Context"));
            assertEquals(DATA.length, late.received());
            app.behaviour(n -> Answer.ok());
            RawResponse ok = last(c, sid);
            assertEquals(200, ok.status());
            assertEquals(2, app.count());
        }
    }

    @Test
    void aMalformedAnswerIs411AndAnUnreachableApplication502() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.ok().withHeader("BITS-Static-Response-URL", "not a URL"));
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            String sid = c.newSession(PATH);
            RawResponse bad = last(c, sid);
            assertEquals(411, bad.status());
            assertEquals("0x80070057", bad.require("BITS-Error-Code"));
            app.close(); // nobody listens there any more
            RawResponse gone = last(c, sid);
            assertEquals(502, gone.status());
            assertEquals("0x7", gone.require("BITS-Error-Context"));
            assertEquals(DATA.length, gone.received());
        }
    }

    @Test
    void aStaticResponseUrlIsTheReplyUrlAndNothingIsServed() throws Exception {
        String cdn = "https://cdn.example.com/packages/kb123.msi";
        app = NotificationApp.start("/app", n -> Answer.ok().withHeader("BITS-Static-Response-URL", cdn));
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            String sid = c.newSession(PATH);
            RawResponse ok = last(c, sid);
            assertEquals(200, ok.status());
            assertEquals(cdn, ok.require("BITS-Reply-URL"));
            assertEquals(cdn, last(c, sid).require("BITS-Reply-URL"), "replayed");
            assertEquals(1, app.count());
            assertEquals(200, c.close(PATH, sid).status());
        }
    }

    @Test
    void copyToDestinationCommitsTheUploadOnlyWhenAsked() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.ok().withBody(REPLY));
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            String sid = c.newSession(PATH);
            assertEquals(200, last(c, sid).status());
            assertFalse(Files.exists(root.resolve("report.bin")), "not copied by default (MC-BUP §3.3.5.2.4)");
            assertEquals(200, c.close(PATH, sid).status());
            assertFalse(Files.exists(root.resolve("report.bin")));

            app.behaviour(n -> Answer.ok().withBody(REPLY).withHeader("BITS-Copy-File-To-Destination", "1"));
            String sid2 = c.newSession(PATH);
            RawResponse ok = last(c, sid2);
            assertEquals(200, ok.status());
            assertArrayEquals(DATA, Files.readAllBytes(root.resolve("report.bin")), "copied (SDK: Notification Protocol for Server Applications)");
            assertArrayEquals(REPLY, c.send("GET", URI.create(ok.require("BITS-Reply-URL")).getRawPath(), Map.of(),
                    new byte[0]).body(), "and the reply is served");
            assertEquals(200, c.close(PATH, sid2).status());
            assertArrayEquals(DATA, Files.readAllBytes(root.resolve("report.bin")), "kept after Close-Session");
        }
    }

    @Test
    void aLostFinalAckGetsTheCachedAckWithoutASecondNotification() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        app = NotificationApp.start("/app", n -> Answer.ok().withBody(REPLY).heldBy(answer));
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            String sid = c.newSession(PATH);
            Map<String, String> h = new LinkedHashMap<>();
            h.put("BITS-Packet-Type", "Fragment");
            h.put("BITS-Session-Id", sid);
            h.put("Content-Range", "bytes 0-" + (DATA.length - 1) + "/" + DATA.length);
            c.writeRaw(RawBitsClient.request("BITS_POST", PATH, h, DATA, DATA.length));
            c.disconnect(); // the final Ack is lost with the connection
            assertTrue(NotificationApp.await(() -> app.count() == 1, Duration.ofSeconds(10)));
            answer.countDown();
            // the client resends the final fragment on a new connection: it waits for the notification in progress,
            // then gets the cached final Ack (Fragment table row 11, decision D24)
            RawResponse again = last(c, sid);
            assertEquals(200, again.status());
            assertEquals(DATA.length, again.received());
            String url = again.require("BITS-Reply-URL");
            assertEquals(url, c.fragment(PATH, sid, DATA, 0, 10, 0, DATA.length).require("BITS-Reply-URL"),
                    "any fragment, any range");
            assertEquals(1, app.count(), "notified once");
            assertArrayEquals(REPLY, c.send("GET", URI.create(url).getRawPath(), Map.of(), new byte[0]).body());
        }
    }

    @Test
    void theCachedFinalAckIsReplayedAfterARestart() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.ok().withBody(REPLY));
        String sid;
        String url;
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            sid = c.newSession(PATH);
            url = last(c, sid).require("BITS-Reply-URL");
        }
        server.close();
        server = null;
        try (RawBitsClient c = new RawBitsClient(start(a -> a))) {
            RawResponse again = last(c, sid);
            assertEquals(200, again.status());
            assertEquals(DATA.length, again.received());
            String replayed = again.require("BITS-Reply-URL");
            assertEquals(URI.create(url).getRawPath(), URI.create(replayed).getRawPath(), "the same reply");
            assertEquals(1, app.count(), "not notified again after the restart");
            assertArrayEquals(REPLY, c.send("GET", URI.create(replayed).getRawPath(), Map.of(), new byte[0]).body());
            assertEquals(200, c.close(PATH, sid).status());
        }
    }

    @Test
    void theUploadUrlsQueryIsAppendedAndServiceCredentialsAreSent() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.ok());
        try (RawBitsClient c = new RawBitsClient(start(a -> a.withCredentials("svc", "s3cret".toCharArray())))) {
            String path = PATH + "?ACCOUNT=86433";
            String sid = c.newSession(path);
            assertEquals(200, c.fragment(path, sid, DATA, 0, DATA.length).status());
            NotificationApp.Notification n = app.notifications().get(0);
            assertEquals("/app?ACCOUNT=86433", n.uri().toString(), "SDK: BITS IIS Extension Properties: the query string is appended");
            assertTrue(n.header("BITS-Original-Request-URL").orElseThrow().endsWith(path));
            assertEquals("Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)),
                    n.header("Authorization").orElseThrow());
        }
    }

    private static final UserStore USERS = UserStore.parse(List.of(
            UserStore.hashLine("alice", "alice-pw".toCharArray()), UserStore.hashLine("bob", "bob-pw".toCharArray())));

    @Test
    void theClientsBasicCredentialsAreForwardedAndTheReplyIsRefusedToOthers() throws Exception {
        app = NotificationApp.start("/app", n -> Answer.ok().withBody(REPLY));
        start(ServerApplication::withForwardedCredentials, b -> b.users(USERS));
        try (RawBitsClient alice = new RawBitsClient(server).withBasicAuth("alice", "alice-pw");
                RawBitsClient bob = new RawBitsClient(server).withBasicAuth("bob", "bob-pw");
                RawBitsClient nobody = new RawBitsClient(server)) {
            String sid = alice.newSession(PATH);
            String url = last(alice, sid).require("BITS-Reply-URL");
            assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(
                    StandardCharsets.UTF_8)), app.notifications().get(0).header("Authorization").orElseThrow(),
                    "forwarded (SDK: Setting Permissions on Virtual Directories)");
            String path = URI.create(url).getRawPath();
            RawResponse forBob = bob.send("GET", path, Map.of(), new byte[0]);
            assertEquals(404, forBob.status(), "another principal's reply does not exist for him");
            assertEquals(0, forBob.body().length);
            assertEquals(401, nobody.send("GET", path, Map.of(), new byte[0]).status());
            String forged = path.replaceAll("[0-9a-f]{32}/responsefile", "0".repeat(32) + "/responsefile");
            assertEquals(404, alice.send("GET", forged, Map.of(), new byte[0]).status(), "the token is checked");
            assertArrayEquals(REPLY, alice.send("GET", path, Map.of(), new byte[0]).body());
        }
    }
}
