// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The separate plain-HTTP listener of the operator endpoints ({@code --metrics-bind}): the JDK's built-in server
 * whatever the upload engine, with a {@link Router} holding only {@code /metrics} and {@code /health} (every other
 * path gets 404), one virtual thread per exchange.
 */
final class OpsListener {
    private final HttpServer http;
    private final ExecutorService executor;

    private OpsListener(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Binds {@code address} and starts serving {@code endpoints}. */
    static OpsListener start(InetSocketAddress address, OpsEndpoints endpoints) throws IOException {
        Router router = new Router(false);
        endpoints.install(router);
        HttpServer http = HttpServer.create(address, 0);
        http.createContext("/", router);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.start();
        return new OpsListener(http, executor);
    }

    /** {@return the bound address, with the actual port} */
    InetSocketAddress address() {
        return http.getAddress();
    }

    /** Closes the listener now. */
    void stop() {
        http.stop(0);
        executor.shutdownNow();
    }
}
