// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command lines' sizes and durations. */
class UnitsTest {

    @Test
    void sizesAreBytesOrKmgOf1024() {
        assertEquals(0, Units.parseSize("0"));
        assertEquals(5000, Units.parseSize("5000"));
        assertEquals(5 * 1024, Units.parseSize("5K"));
        assertEquals(5 * 1024, Units.parseSize("5k"));
        assertEquals(13L * 1024 * 1024, Units.parseSize("13M"));
        assertEquals(10L * 1024 * 1024 * 1024, Units.parseSize("10G"));
        assertEquals(8L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024 - 1024,
                Units.parseSize(Long.toString(8L * 1024 * 1024 * 1024 * 1024 * 1024 - 1) + "K"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "K", "-5K", "+5", "5 K", "5KB", "5T", "1.5G", "١٢٣", "9223372036854775807K",
            "99999999999999999999"})
    void notSizes(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }

    @Test
    void durationsHaveUnitsOrAreBareSeconds() {
        assertEquals(Duration.ofSeconds(30), Units.parseDuration("30"));
        assertEquals(Duration.ofSeconds(30), Units.parseDuration("30s"));
        assertEquals(Duration.ofMillis(250), Units.parseDuration("250ms"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration("5m"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration("5M"));
        assertEquals(Duration.ofHours(12), Units.parseDuration("12h"));
        assertEquals(Duration.ofDays(14), Units.parseDuration("14d"));
        assertEquals(Duration.ZERO, Units.parseDuration("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1s", "+1", "1.5s", "5 m", "5min", "1w", "1sm", "١s", "9223372036854775807d"})
    void notDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
    }

    @Test
    void formatsRoundTripThroughTheParsers() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            long bytes = (r.nextLong() >>> (r.nextInt(33) + 31)) << (10 * r.nextInt(4));
            long unit = new long[] {1, 1000, 60_000, 86_400_000}[i % 4];
            Duration d = Duration.ofMillis((r.nextLong() >>> 44) / (1 + i % 4 * 4096) * unit);
            assertEquals(bytes, Units.parseSize(Units.formatSize(bytes)), "seed " + seed);
            assertEquals(d, Units.parseDuration(Units.formatDuration(d)), "seed " + seed);
        }
        assertEquals("13M", Units.formatSize(13L * 1024 * 1024));
        assertEquals("5K", Units.formatSize(5 * 1024));
        assertEquals("1000", Units.formatSize(1000));
        assertEquals("14d", Units.formatDuration(Duration.ofDays(14)));
        assertEquals("2m", Units.formatDuration(Duration.ofSeconds(120)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("0s", Units.formatDuration(Duration.ZERO));
    }

    @Test
    void humanUnitsAndClock() {
        assertEquals("999 B", Units.human(999));
        assertEquals("1.0 KiB", Units.human(1024));
        assertEquals("300.0 MiB", Units.human(300L * 1024 * 1024));
        assertEquals("1.5 GiB", Units.human(1536L * 1024 * 1024));
        assertEquals("0:07", Units.clock(7));
        assertEquals("59:59", Units.clock(3599));
        assertEquals("1:00:00", Units.clock(3600));
    }
}
