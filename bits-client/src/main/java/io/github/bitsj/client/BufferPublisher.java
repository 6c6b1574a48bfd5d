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

    /** A chunk size that hands the whole body out as one item: the JDK client's socket writes take what fits. */
    static final int WHOLE = Integer.MAX_VALUE;

    private final ByteBuffer data;
    private final int chunk;

    /** @param data the body between position and limit; not modified; published in {@link #CHUNK}s */
    BufferPublisher(ByteBuffer data) {
        this(data, CHUNK);
    }

    /**
     * @param data the body between position and limit; not modified
     * @param chunk the most bytes per item, &gt; 0
     */
    BufferPublisher(ByteBuffer data, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be positive: " + chunk);
        }
        this.data = data.asReadOnlyBuffer();
        this.chunk = chunk;
    }

    @Override
    public long contentLength() {
        return data.remaining();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Slices(subscriber, data.duplicate(), chunk));
    }

    private static final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ByteBuffer view;
        private final int chunk;
        private long demand;
        private boolean draining;
        private boolean finished;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber, ByteBuffer view, int chunk) {
            this.subscriber = subscriber;
            this.view = view;
            this.chunk = chunk;
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
                        int len = Math.min(chunk, view.remaining());
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
