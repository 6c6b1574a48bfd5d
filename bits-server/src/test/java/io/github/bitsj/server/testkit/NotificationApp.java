// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real server application for upload-reply tests (SDK: Notification Protocol for Server Applications): a {@code com.sun.net.httpserver} on loopback that
 * records every notification it receives (method, URI, headers, body) and answers as the test scripts it; a
 * by-reference answer may write the reply into {@code BITS-Response-DataFile-Name}, as an IIS application does.
 */
public final class NotificationApp implements AutoCloseable {

    /**
     * A notification as received.
     *
     * @param method the method
     * @param uri the request URI (path and query)
     * @param headers the headers, names in lower case, in arrival order
     * @param body the body
     */
    public record Notification(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        /** {@return a header's single value} @param name the name, any case */
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** {@return how often a header appears} @param name the name, any case */
        public int count(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? 0 : v.size();
        }

        /** {@return the bytes of the file named by a header (by reference)} @param name the header */
        public byte[] fileOf(String name) {
            try {
                return Files.readAllBytes(Path.of(header(name).orElseThrow()));
            } catch (IOException e) {
                throw new AssertionError("cannot read the file named by " + name, e);
            }
        }
    }

    /**
     * How the application answers one notification.
     *
     * @param status the status
     * @param headers response headers
     * @param body the response body (by value: the reply)
     * @param replyFile bytes to write into {@code BITS-Response-DataFile-Name} before answering, or null
     * @param hold a latch awaited (up to 20 s) before answering, or null
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, byte[] replyFile, CountDownLatch hold) {
        /** {@return a plain 200} */
        public static Answer ok() {
            return new Answer(200, Map.of(), new byte[0], null, null);
        }

        /** {@return an answer with this status} @param status the status */
        public static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], null, null);
        }

        /** {@return this answer with a header} @param name the name @param value the value */
        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, replyFile, hold);
        }

        /** {@return this answer with a body} @param b the body */
        public Answer withBody(byte[] b) {
            return new Answer(status, headers, b, replyFile, hold);
        }

        /** {@return this answer writing the reply file first} @param b the reply */
        public Answer writingReply(byte[] b) {
            return new Answer(status, headers, body, b, hold);
        }

        /** {@return this answer given only once {@code latch} opens} @param latch the latch */
        public Answer heldBy(CountDownLatch latch) {
            return new Answer(status, headers, body, replyFile, latch);
        }
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final String path;
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();
    private volatile Function<Notification, Answer> behaviour;

    private NotificationApp(HttpServer http, ExecutorService executor, String path,
            Function<Notification, Answer> behaviour) {
        this.http = http;
        this.executor = executor;
        this.path = path;
        this.behaviour = behaviour;
    }

    /**
     * {@return a running application answering at {@code path} on 127.0.0.1, port 0}
     *
     * @param path the URL path, e.g. {@code /bitsasp/test.REPLY}
     * @param behaviour how to answer each notification
     * @throws IOException if it cannot bind
     */
    public static NotificationApp start(String path, Function<Notification, Answer> behaviour) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        NotificationApp app = new NotificationApp(http, ex, path, behaviour);
        http.createContext(path, app::handle);
        http.setExecutor(ex);
        http.start();
        return app;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            Notification n = new Notification(ex.getRequestMethod(), ex.getRequestURI(), headers, body);
            received.add(n);
            Answer a = behaviour.apply(n);
            if (a.hold() != null) {
                holds.add(a.hold());
                try {
                    a.hold().await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (a.replyFile() != null) {
                Files.write(Path.of(n.header("BITS-Response-DataFile-Name").orElseThrow()), a.replyFile());
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    /** {@return the notification URL: {@code http://127.0.0.1:PORT/path}} */
    public URI url() {
        return URI.create("http://" + http.getAddress().getAddress().getHostAddress() + ":"
                + http.getAddress().getPort() + path);
    }

    /** Replaces the behaviour. @param b how to answer from now on */
    public void behaviour(Function<Notification, Answer> b) {
        behaviour = b;
    }

    /** {@return the notifications received so far, in order} */
    public List<Notification> notifications() {
        return new ArrayList<>(received);
    }

    /** {@return how many notifications arrived} */
    public int count() {
        return received.size();
    }

    /**
     * Waits until a condition holds (polling, bounded).
     *
     * @param condition the condition
     * @param within the deadline
     * @return whether it held in time
     * @throws InterruptedException if interrupted
     */
    public static boolean await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Releases held answers and stops. */
    @Override
    public void close() {
        holds.forEach(CountDownLatch::countDown);
        http.stop(0);
        executor.shutdownNow();
    }
}
