// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Eager validation in the builders. */
@org.junit.jupiter.api.Timeout(30)
class BitsClientBuilderTest {

    @Test
    void rejectsHeadersTheProtocolOrTheJdkControls() {
        BitsClient.Builder b = BitsClient.newBuilder();
        for (String name : new String[] {"BITS-Packet-Type", "bits-session-id", "Content-Range", "Content-Name",
                "Content-Length", "Host", "Connection", "Range"}) {
            assertThrows(IllegalArgumentException.class, () -> b.header(name, "x"), name);
        }
        assertThrows(IllegalArgumentException.class, () -> b.header("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.header("X-A", "a\r\nInjected: 1"));
        assertThrows(NullPointerException.class, () -> b.header("X-A", null));
    }

    @Test
    void customHeadersAreLimitedTo16Kb() {
        BitsClient.Builder b = BitsClient.newBuilder();
        b.header("X-A", "a".repeat(10_000));
        assertThrows(IllegalArgumentException.class, () -> b.header("X-B", "b".repeat(7_000)));
    }

    @Test
    void rejectsNonPositiveTimeoutsAndNonHttpTargets() {
        assertThrows(IllegalArgumentException.class, () -> BitsClient.newBuilder().requestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> BitsClient.newBuilder().connectTimeout(Duration.ofSeconds(-1)));
        BitsClient c = BitsClient.newBuilder().build();
        assertThrows(IllegalArgumentException.class, () -> c.newJob(Path.of("x"), URI.create("file:///x")));
        assertThrows(NullPointerException.class, () -> c.newJob(null, URI.create("http://h/x")));
    }

    @Test
    void aJobRunsOnce() throws Exception {
        BitsClient c = BitsClient.newBuilder().build();
        UploadJob job = c.newJob(Path.of("does-not-exist"), URI.create("http://127.0.0.1:9/x")).build();
        job.cancel();
        assertThrows(java.util.concurrent.CancellationException.class, job::run);
        assertThrows(IllegalStateException.class, job::run);
    }

    @Test
    void aClosedClientFailsNewJobs() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("bitsj", ".bin");
        try {
            BitsClient c = BitsClient.newBuilder().retryPolicy(RetryPolicy.never()).build();
            c.close();
            assertThrows(java.io.IOException.class, () -> c.upload(f, URI.create("http://127.0.0.1:9/x")));
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
