// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.bitsj.protocol.BitsHeaders;
import io.github.bitsj.protocol.EncodedResponse;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.Packets;
import io.github.bitsj.protocol.ProtocolError.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one handler at {@code /} on every engine: picks the upload directory whose URL prefix is the path or a whole
 * leading segment run of it ({@code /upload} and {@code /upload/a}, never {@code /uploadX}), so no engine's own
 * context matching (the JDK's plain string prefix, Jetty's trailing-slash redirect) decides. A {@code BITS_POST}
 * outside every prefix gets a 404 Ack with {@code ERROR_PATH_NOT_FOUND} (MC-BUP §2.2.1.2: every rejection of a packet
 * is an Ack); other methods get a short plain-text 404. Exact paths (the operator endpoints {@code /metrics} and
 * {@code /health}) are matched first.
 */
final class Router implements HttpHandler {
    private static final byte[] NOT_FOUND = "Not Found\n".getBytes(StandardCharsets.US_ASCII);

    private record Route(String prefix, HttpHandler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, HttpHandler> exact = new HashMap<>();
    private final boolean legacyErrorHeader;

    Router(boolean legacyErrorHeader) {
        this.legacyErrorHeader = legacyErrorHeader;
    }

    /** Adds a directory's handler; longer prefixes are tried first. */
    void add(String prefix, HttpHandler handler) {
        routes.add(new Route(prefix, handler));
        routes.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    }

    /** Adds a handler for exactly {@code path} (the operator endpoints); tried before the upload prefixes. */
    void addExact(String path, HttpHandler handler) {
        exact.put(path, handler);
    }

    /** {@return whether {@code path} lies under {@code prefix}, at a segment boundary} */
    static boolean under(String path, String prefix) {
        return prefix.isEmpty() || path.equals(prefix)
                || (path.startsWith(prefix) && path.length() > prefix.length() && path.charAt(prefix.length()) == '/');
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = HttpQuirks.path(ex);
        if (!validTarget(ex)) {
            path = null; // answered below: a BITS_POST gets an Ack, never the engine's own page
        }
        if (path != null) {
            HttpHandler e = exact.get(path);
            if (e != null) {
                e.handle(ex);
                return;
            }
            for (Route r : routes) {
                if (under(path, r.prefix())) {
                    r.handler().handle(ex);
                    return;
                }
            }
        }
        try (ex) {
            boolean read = drain(ex.getRequestBody());
            if (!read) {
                ex.getResponseHeaders().set("Connection", "close");
            }
            if (BitsHeaders.METHOD.equals(ex.getRequestMethod())) {
                EncodedResponse e = Packets.encode(path == null && !validTarget(ex)
                        ? ErrorAck.of(400, HResult.E_INVALIDARG, ErrorContext.REMOTE_FILE)
                        : Kind.DESTINATION_NOT_FOUND.toErrorAck(), legacyErrorHeader);
                for (HeaderField f : e.headers()) {
                    ex.getResponseHeaders().add(f.name(), f.value());
                }
                ex.sendResponseHeaders(e.status(), -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
                boolean head = "HEAD".equals(ex.getRequestMethod());
                ex.sendResponseHeaders(404, head ? -1 : NOT_FOUND.length);
                if (!head) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(NOT_FOUND);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LogEvent.CLIENT_GONE.log("client", Caller.remote(ex), "error", e.getClass().getSimpleName());
        }
    }

    /** {@return whether the raw target is a URI reference (the JDK engine checks it itself; Jetty's bridge throws)} */
    private static boolean validTarget(HttpExchange ex) {
        try {
            new URI(HttpQuirks.target(ex));
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Reads (never skips: some engines' skip does not consume) a small unread body; false if it did not end. */
    private static boolean drain(InputStream in) {
        byte[] scratch = new byte[8192];
        long left = 64 * 1024;
        try {
            while (left > 0) {
                int n = in.read(scratch);
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }
}
