// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.NotificationApp;
import io.github.bitsj.server.testkit.NotificationApp.Answer;
import io.github.bitsj.server.testkit.NotificationApp.Notification;
import io.github.bitsj.server.testkit.RawBitsClient;
import io.github.bitsj.server.testkit.RawBitsClient.RawResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the upload-reply exchange of MC-BUP §4.2 (MC-BUP §1.3.3, §4.2, §2.2.7, SDK: Notification Protocol for Server Applications, MC-BUP §3.3.5.2.6) byte for byte over a raw
 * socket, against bits-server with a host id (SDK: BITS IIS Extension Properties (BITSHostId)) and a real notification application on loopback, and
 * checks every Ack, the notification request and the reply download field by field; then the same flow notifying by
 * value (SDK: Notification Protocol for Server Applications).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadReplyWireReplayE2ETest {
    private static final String VDIR = "/upload-ref-isapi-WebFarm";
    private static final String NAME = "2100mb-rfc2119.txt";
    private static final Pattern REPLY_URL = Pattern.compile(
            "http://FRANKCAO8" + VDIR + "/BITS-Sessions/Replies/[0-9a-f]{64}/responsefile\\.bin");

    @TempDir
    Path root;

    private static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] file() {
        byte[] file = new byte[4892];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) ("The key words MUST, MUST NOT, REQUIRED ".charAt(i % 39));
        }
        return file;
    }

    private static byte[] reply() {
        byte[] reply = new byte[10240];
        for (int i = 0; i < reply.length; i++) {
            reply[i] = (byte) (i * 31 + 7);
        }
        return reply;
    }

    private BitsServer start(ServerApplication app) throws Exception {
        return BitsServer.start(BitsServerConfig.newBuilder()
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .shutdownGrace(Duration.ofSeconds(5))
                .addDirectory(UploadDirectory.newBuilder(VDIR, root)
                        .hostId("FRANKCAO8").hostIdFallbackTimeout(Duration.ofSeconds(110))
                        .serverApplication(app).build())
                .build());
    }

    /** Create-Session, Ping and the one Fragment of [T4.2]; returns the final Ack and the session id. */
    private static RawResponse[] upload(RawBitsClient c, byte[] file) throws Exception {
        RawResponse create = c.exchange(crlf("""
                BITS_POST %s/%s HTTP/1.1
                Accept: */*
                BITS-Packet-Type: Create-Session
                BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}
                User-Agent: Microsoft BITS/7.5
                Host: frankcao8
                Content-Length: 0
                Connection: Keep-Alive

                """.formatted(VDIR, NAME)));
        assertAll("Create-Session Ack with the host id (MC-BUP §2.2.3, SDK: BITS IIS Extension Properties (BITSHostId))",
                () -> assertEquals(200, create.status()),
                () -> assertEquals("Ack", create.require("BITS-Packet-Type")),
                () -> assertEquals("FRANKCAO8", create.require("BITS-Host-Id")),
                () -> assertEquals("110", create.require("BITS-Host-Id-Fallback-Timeout")),
                () -> assertEquals("0", create.require("Content-Length")));
        String sid = create.require("BITS-Session-Id");
        RawResponse ping = c.exchange(crlf("""
                BITS_POST %s/%s HTTP/1.1
                Accept: */*
                BITS-Packet-Type: Ping
                User-Agent: Microsoft BITS/7.5
                Host: FRANKCAO8
                Content-Length: 0
                Connection: Keep-Alive

                """.formatted(VDIR, NAME)));
        assertEquals(200, ping.status());
        byte[] head = crlf("""
                BITS_POST %s/%s HTTP/1.1
                Accept: */*
                BITS-Packet-Type: Fragment
                BITS-Session-Id: %s
                Content-Name: rfc2119.txt
                Content-Range: bytes 0-4891/4892
                User-Agent: Microsoft BITS/7.5
                Host: FRANKCAO8
                Content-Length: 4892
                Connection: Keep-Alive

                """.formatted(VDIR, NAME, sid));
        byte[] fragment = Arrays.copyOf(head, head.length + file.length);
        System.arraycopy(file, 0, fragment, head.length, file.length);
        RawResponse frag = c.exchange(fragment);
        assertAll("final Fragment Ack of an upload-reply (MC-BUP §2.2.7, §3.2.5.2.6, decision D10, Q11)",
                () -> assertEquals(200, frag.status()),
                () -> assertEquals("Ack", frag.require("BITS-Packet-Type")),
                () -> assertEquals("4892", frag.require("BITS-Received-Content-Range")),
                () -> assertEquals("0", frag.require("Content-Length")),
                () -> assertEquals(1, frag.count("BITS-Reply-URL")),
                () -> assertTrue(REPLY_URL.matcher(frag.require("BITS-Reply-URL")).matches(),
                        frag.require("BITS-Reply-URL")),
                () -> assertEquals(0, frag.count("BITS-Error-Code")));
        return new RawResponse[] {create, frag};
    }

    /** The reply download of [T4.2] (first block, headers as the Windows client sent them), then the rest. */
    private static void download(RawBitsClient c, String replyUrl, byte[] reply) throws Exception {
        String path = URI.create(replyUrl).getRawPath();
        RawResponse first = c.exchange(crlf("""
                GET %s HTTP/1.1
                Accept: */*
                Accept-Encoding: identity
                Range: bytes=0-9976
                User-Agent: Microsoft BITS/7.5
                Host: frankcao8
                Connection: Keep-Alive

                """.formatted(path)));
        assertAll("206 for the first block (MC-BUP §3.3.5.2.6 item 3)",
                () -> assertEquals(206, first.status()),
                () -> assertEquals("9977", first.require("Content-Length")),
                () -> assertEquals("application/octet-stream", first.require("Content-Type")),
                () -> assertEquals("bytes 0-9976/10240", first.require("Content-Range")),
                () -> assertEquals("bytes", first.require("Accept-Ranges")),
                () -> assertTrue(first.require("ETag").startsWith("\""), "a strong ETag"),
                () -> assertTrue(first.header("Last-Modified").isPresent()),
                () -> assertArrayEquals(Arrays.copyOf(reply, 9977), first.body()));
        RawResponse rest = c.exchange(crlf("""
                GET %s HTTP/1.1
                Accept: */*
                Accept-Encoding: identity
                Range: bytes=9977-
                If-Unmodified-Since: %s
                User-Agent: Microsoft BITS/7.5
                Host: frankcao8
                Connection: Keep-Alive

                """.formatted(path, first.require("Last-Modified"))));
        assertEquals(206, rest.status());
        assertEquals("bytes 9977-10239/10240", rest.require("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(reply, 9977, 10240), rest.body());
    }

    private static RawResponse close(RawBitsClient c, String sid) throws Exception {
        return c.exchange(crlf("""
                BITS_POST %s/%s HTTP/1.1
                Accept: */*
                BITS-Packet-Type: Close-Session
                BITS-Session-Id: %s
                Content-Name: rfc2119.txt
                User-Agent: Microsoft BITS/7.5
                Host: FRANKCAO8
                Content-Length: 0
                Connection: Keep-Alive

                """.formatted(VDIR, NAME, sid)));
    }

    @Test
    void replaysTrace42ByReferenceWithAHostId() throws Exception {
        byte[] file = file();
        byte[] reply = reply();
        byte[][] requestData = new byte[1][];
        try (NotificationApp app = NotificationApp.start("/bitsasp/test.REPLY", n -> {
            requestData[0] = n.fileOf("BITS-Request-DataFile-Name"); // read before answering, as IIS apps must
            return Answer.ok().writingReply(reply).withHeader("Content-type", "text/html");
        });
                BitsServer server = start(ServerApplication.notifyByReference(app.url().toString()));
                RawBitsClient c = new RawBitsClient(server)) {
            RawResponse[] up = upload(c, file);
            String sid = up[0].require("BITS-Session-Id");
            String replyUrl = up[1].require("BITS-Reply-URL");

            assertEquals(1, app.count());
            Notification n = app.notifications().get(0);
            assertAll("the by-reference notification (SDK: Notification Protocol for Server Applications, [T4.2])",
                    () -> assertEquals("POST", n.method()),
                    () -> assertEquals("/bitsasp/test.REPLY", n.uri().toString()),
                    () -> assertEquals("*/*", n.header("Accept").orElseThrow()),
                    () -> assertEquals("http://frankcao8" + VDIR + "/" + NAME,
                            n.header("BITS-Original-Request-URL").orElseThrow()),
                    () -> assertTrue(Path.of(n.header("BITS-Request-DataFile-Name").orElseThrow()).isAbsolute()),
                    () -> assertTrue(Path.of(n.header("BITS-Response-DataFile-Name").orElseThrow()).isAbsolute()),
                    () -> assertTrue(n.header("User-Agent").orElseThrow().matches("bitsj/\\d+\\.\\d+\\.\\d+.*"),
                            "names bitsj and its version"),
                    () -> assertEquals("0", n.header("Content-Length").orElseThrow()),
                    () -> assertEquals(0, n.body().length),
                    () -> assertArrayEquals(file, requestData[0], "the request file holds the upload"));
            assertFalse(Files.exists(root.resolve(NAME)), "no copy to the destination unless asked (MC-BUP §3.3.5.2.4)");
            Path requestFile = Path.of(n.header("BITS-Request-DataFile-Name").orElseThrow());
            Path responseFile = Path.of(n.header("BITS-Response-DataFile-Name").orElseThrow());
            assertFalse(Files.exists(requestFile), "request data deleted after the success (decision D15)");
            assertTrue(Files.exists(responseFile), "the reply lives until Close-Session (decision D15)");

            download(c, replyUrl, reply);

            RawResponse close = close(c, sid);
            assertEquals(200, close.status());
            assertEquals("Ack", close.require("BITS-Packet-Type"));
            assertFalse(Files.exists(responseFile), "Close-Session deletes the reply (MC-BUP §3.3.5.2.6 item 5)");
            RawResponse gone = c.send("GET", URI.create(replyUrl).getRawPath(), Map.of(), new byte[0]);
            assertEquals(404, gone.status());
            assertEquals(1, app.count(), "notified exactly once");
        }
    }

    @Test
    void theSameFlowNotifyingByValue() throws Exception {
        byte[] file = file();
        byte[] reply = reply();
        try (NotificationApp app = NotificationApp.start("/bitsasp/test.REPLY", n -> Answer.ok().withBody(reply));
                BitsServer server = start(ServerApplication.notifyByValue(app.url().toString()));
                RawBitsClient c = new RawBitsClient(server)) {
            RawResponse[] up = upload(c, file);
            Notification n = app.notifications().get(0);
            assertAll("the by-value notification (SDK: Notification Protocol for Server Applications)",
                    () -> assertEquals("POST", n.method()),
                    () -> assertEquals("http://frankcao8" + VDIR + "/" + NAME,
                            n.header("BITS-Original-Request-URL").orElseThrow()),
                    () -> assertEquals(0, n.count("BITS-Request-DataFile-Name"), "their absence tells the mode"),
                    () -> assertEquals(0, n.count("BITS-Response-DataFile-Name")),
                    () -> assertEquals("4892", n.header("Content-Length").orElseThrow()),
                    () -> assertArrayEquals(file, n.body()));
            download(c, up[1].require("BITS-Reply-URL"), reply);
            assertEquals(200, close(c, up[0].require("BITS-Session-Id")).status());
            assertEquals(404, c.send("GET", URI.create(up[1].require("BITS-Reply-URL")).getRawPath(),
                    Map.of(), new byte[0]).status());
        }
    }
}
