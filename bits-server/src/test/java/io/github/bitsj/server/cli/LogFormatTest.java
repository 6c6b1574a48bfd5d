// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Text and JSON lines from one record: UTC time, System.Logger level names, fields parsed back exactly. */
class LogFormatTest {
    private static LogRecord record(Level level, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(Instant.parse("2026-07-01T23:30:05.123Z"));
        r.setLoggerName("io.github.bitsj.server");
        return r;
    }

    @Test
    void timesAreUtcWhateverTheDefaultZone() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            assertEquals("2026-07-01T23:30:05.123Z DEBUG event=hook_ran hook=on-complete" + System.lineSeparator(),
                    LogFormat.named("text").format(record(Level.FINE, "event=hook_ran hook=on-complete")));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void jsonTurnsFieldsIntoMembers() {
        String line = "event=request_rejected destination=\"/a b=\\\"c\\\"\\n\\u0007\" kind=BAD n=42 ok=false id=007x z=007";
        assertEquals("{\"time\":\"2026-07-01T23:30:05.123Z\",\"level\":\"ERROR\",\"logger\":\"io.github.bitsj.server\","
                + "\"event\":\"request_rejected\",\"destination\":\"/a b=\\\"c\\\"\\n\\u0007\",\"kind\":\"BAD\","
                + "\"n\":42,\"ok\":false,\"id\":\"007x\",\"z\":\"007\"}" + System.lineSeparator(),
                LogFormat.named("json").format(record(Level.SEVERE, line)));
        assertEquals("{\"time\":\"2026-07-01T23:30:05.123Z\",\"level\":\"WARNING\",\"logger\":\"io.github.bitsj.server\","
                + "\"message\":\"not ours {0}\"}" + System.lineSeparator(),
                LogFormat.named("json").format(record(Level.WARNING, "not ours {0}")));
    }
}
