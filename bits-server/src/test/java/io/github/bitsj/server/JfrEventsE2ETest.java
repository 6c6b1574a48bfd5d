// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.testkit.RawBitsClient;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's JFR events carry sessions, fragments and commits. */
class JfrEventsE2ETest {
    @TempDir
    Path root;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void recordsSessionFragmentCommitAndEndEvents() throws Exception {
        Path file = root.resolve("rec.jfr");
        String sid;
        try (Recording rec = new Recording()) {
            for (String n : List.of("SessionCreated", "FragmentReceived", "SessionCommitted", "SessionEnded")) {
                rec.enable("io.github.bitsj.server." + n).withoutThreshold();
            }
            rec.start();
            try (BitsServer server = TestServers.start(root.resolve("up")); RawBitsClient c = new RawBitsClient(server)) {
                sid = c.newSession("/upload/j.bin");
                c.upload("/upload/j.bin", sid, new byte[3000], 1000);
                c.close("/upload/j.bin", sid);
            }
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.github.bitsj.server."))
                .filter(e -> sid.equals(e.getString("sessionId")))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .toList();
        List<String> names = events.stream().map(e -> e.getEventType().getName().substring(23)).toList();
        assertEquals(List.of("SessionCreated", "FragmentReceived", "FragmentReceived", "FragmentReceived",
                "SessionCommitted", "SessionEnded"), names);
        RecordedEvent last = events.get(3);
        assertEquals(2000, last.getLong("first"));
        assertEquals(1000, last.getLong("written"));
        assertEquals(3000, last.getLong("received"));
        // the event spans the body's read and write, not a single instant
        assertTrue(last.getDuration().toNanos() > 0, "FragmentReceived has a duration");
        assertEquals(3000, events.get(4).getLong("bytes"));
        assertEquals("j.bin", events.get(4).getString("destination"));
        assertEquals("CLOSED", events.get(5).getString("how"));
        assertTrue(events.get(5).getBoolean("complete"));
    }
}
