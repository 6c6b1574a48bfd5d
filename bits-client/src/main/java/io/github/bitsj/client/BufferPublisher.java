// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A fragment body over a (direct) buffer that already holds the bytes: a fixed {@code Content-Length}, never chunked
 * (STYLE §1.4 item 7), and no copy. The JDK's {@code BodyPublishers.ofByteArray} copies every fragment into fresh
 * 16 KiB heap buffers on each subscription, which costs an allocation of the fragment's size per request and an
 * extra copy into the socket's direct buffer; this publisher hands out read-only slices of the buffer instead.
 * Each subscription (the JDK re-subscribes when it resends after a 401) reads its own view from the start.
 */
final class BufferPublisher implements HttpRequest.BodyPublisher {
    static final int CHUNK = 256 * 1024;

    private final ByteBuffer data;

    /** @param data the body between position and limit; not modified */
    BufferPublisher(ByteBuffer data) {
        this.data = data.asReadOnlyBuffer();
    }

    @Override
    public long contentLength() {
        return data.remaining();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Slices(subscriber, data.duplicate()));
    }

    private static final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ByteBuffer view;
        private long demand;
        private boolean draining;
        private boolean finished;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber, ByteBuffer view) {
            this.subscriber = subscriber;
            this.view = view;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                if (n <= 0) {
                    finished = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (draining) {
                        return;   // the running drain loop picks up the new demand (no recursion)
                    }
                    draining = true;
                }
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            while (true) {
                ByteBuffer next;
                boolean complete = false;
                synchronized (this) {
                    if (finished) {
                        draining = false;
                        return;
                    }
                    if (!view.hasRemaining()) {
                        finished = true;
                        draining = false;
                        complete = true;
                        next = null;
                    } else if (demand == 0) {
                        draining = false;
                        return;
                    } else {
                        demand--;
                        int len = Math.min(CHUNK, view.remaining());
                        next = view.slice(view.position(), len);
                        view.position(view.position() + len);
                    }
                }
                if (complete) {
                    subscriber.onComplete();
                    return;
                }
                subscriber.onNext(next);
            }
        }

        @Override
        public synchronized void cancel() {
            finished = true;
        }
    }
}
