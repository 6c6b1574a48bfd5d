// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.Response;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The connections of one case: a default keep-alive connection, more on demand, and the exchange of one request for
 * one answer with the keep-alive check.
 *
 * <p>Keep-alive integrity (MC-BUP §2.1, §2.1: one request at a time on a persistent connection): after
 * <em>every</em> answer that is not 2xx, a Ping follows on the same connection and must get its Ack, unless the
 * server announced the end of the connection ({@code Connection: close}), which HTTP allows. A server that closes an
 * idle keep-alive connection before a new request is not at fault: the request is resent once on a new connection,
 * as any HTTP client does (RFC 9112 §9.3.1).
 */
final class Connections {
    private static final String KEEP_ALIVE = "MC-BUP §2.1: after a rejected request the connection "
            + "stays usable (or the server says Connection: close)";

    private final Target target;
    private final CaseContext ctx;
    private final List<Wire> wires = Collections.synchronizedList(new ArrayList<>());
    private Wire main;

    Connections(Target target, CaseContext ctx) {
        this.target = target;
        this.ctx = ctx;
    }

    /** {@return the case's keep-alive connection, (re)opened when needed} */
    synchronized Wire main() {
        if (main == null || !main.isOpen()) {
            main = connect();
        }
        return main;
    }

    /** {@return a new connection, closed with the case} */
    Wire connect() {
        try {
            Wire w = Wire.open(target);
            wires.add(w);
            return w;
        } catch (IOException e) {
            throw CaseContext.fail("cannot connect to " + target.hostHeader() + ": "
                    + Text.escape(String.valueOf(e), 160));
        }
    }

    /** {@return {@code w} if it is still open, else the default connection (the server closed {@code w})} */
    Wire live(Wire w) {
        return w.isOpen() ? w : main();
    }

    /**
     * Sends a request and reads the answer; after an answer that is not 2xx, checks that the connection still works.
     *
     * @param w the connection (a closed one is replaced by the default connection)
     * @param r the request
     * @return the answer
     */
    RawResponse send(Wire w, RawRequest r) {
        Wire[] used = {live(w)};
        RawResponse a = exchange(used, r);
        if (!a.isSuccess()) {
            keepAlive(used[0], r, a);
        }
        return a;
    }

    /** Exchanges on {@code used[0]}; when a reused connection turns out closed, once more on a new one. */
    private RawResponse exchange(Wire[] used, RawRequest r) {
        byte[] bytes = r.bytes(target.hostHeader());
        try {
            try {
                return used[0].exchange(bytes);
            } catch (Wire.NoAnswer e) {
                if (!used[0].reused()) {
                    throw e;
                }
                ctx.note("closed an idle keep-alive connection; the request was resent on a new one");
                used[0] = used[0] == main ? main() : connect();
                return used[0].exchange(bytes);
            }
        } catch (SocketTimeoutException e) {
            throw CaseContext.fail("no answer within " + target.timeout().toSeconds() + " s to " + r.describe());
        } catch (IOException e) {
            throw CaseContext.fail("no valid HTTP answer to " + r.describe() + ": " + Text.escape(e.getMessage() == null
                    ? e.toString() : e.getMessage(), 200));
        }
    }

    private void keepAlive(Wire w, RawRequest after, RawResponse rejected) {
        if (rejected.closes()) {
            ctx.note("closed the connection after a " + rejected.status() + " (Connection: close)");
            return;
        }
        RawRequest ping = RawRequest.of(new Ping(), target.path("keep-alive-ping"));
        RawResponse a;
        try {
            a = w.exchange(ping.bytes(target.hostHeader()));
        } catch (IOException e) {
            throw CaseContext.fail(KEEP_ALIVE + "; the Ping after the " + rejected.status() + " to "
                    + after.describe() + " got no answer (" + Text.escape(String.valueOf(e.getMessage()), 100) + ")");
        }
        if (!(Oracle.decode(new Ping(), a) instanceof Decoded.Ok<Response> ok && ok.value() instanceof PingAck)
                || Oracle.ackShape(a).isPresent()) {
            throw CaseContext.fail(KEEP_ALIVE + "; the Ping after the " + rejected.status() + " to "
                    + after.describe() + " got " + a.describe() + " instead of its 200 Ack");
        }
    }

    /** Closes every connection. */
    void closeAll() {
        for (Wire w : List.copyOf(wires)) {
            w.close();
        }
    }
}
