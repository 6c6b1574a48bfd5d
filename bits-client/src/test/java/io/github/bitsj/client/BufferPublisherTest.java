// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The zero-copy fragment body: every byte once, in order, on any demand pattern, and again on re-subscription. */
class BufferPublisherTest {

    static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long batch;
        Flow.Subscription sub;
        boolean complete;
        Throwable error;
        int items;

        Collector(long batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            sub = s;
            s.request(batch);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            if (++items % batch == 0) {
                sub.request(batch);   // re-entrant request from onNext
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @Test
    void publishesTheBufferBetweenPositionAndLimit() {
        byte[] data = new byte[BufferPublisher.CHUNK * 3 + 17];
        new Random(1).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 10);
        direct.position(5);
        direct.put(data);
        direct.flip().position(5);
        BufferPublisher p = new BufferPublisher(direct);
        assertEquals(data.length, p.contentLength());
        for (long batch : new long[] {1, 2, Long.MAX_VALUE}) {
            Collector c = new Collector(batch);
            p.subscribe(c);
            assertTrue(c.complete);
            assertArrayEquals(data, c.bytes.toByteArray());
            assertEquals(4, c.items);
        }
        assertEquals(5, direct.position(), "the caller's buffer is untouched");
    }

    @Test
    void aWholeBodyPublisherHandsOutOneItem() {
        byte[] data = new byte[BufferPublisher.CHUNK * 3 + 17];
        new Random(2).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        BufferPublisher p = new BufferPublisher(direct, BufferPublisher.WHOLE);
        assertEquals(data.length, p.contentLength());
        for (long batch : new long[] {1, Long.MAX_VALUE}) {
            Collector c = new Collector(batch);
            p.subscribe(c);
            assertTrue(c.complete);
            assertArrayEquals(data, c.bytes.toByteArray());
            assertEquals(1, c.items);
        }
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        BufferPublisher p = new BufferPublisher(ByteBuffer.allocate(10));
        Collector c = new Collector(0);
        p.subscribe(c);
        assertTrue(c.error instanceof IllegalArgumentException);
    }
}
