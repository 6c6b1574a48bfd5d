// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress display's frames, rendered with a hand-driven clock. */
class ProgressDisplayTest {
    static final long MIB = 1024 * 1024;
    static final long SECOND = 1_000_000_000L;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final long[] now = {1_000 * SECOND};

    ProgressDisplay display(ProgressDisplay.Mode mode, String name, int width) {
        return new ProgressDisplay(new PrintWriter(out), new PrintWriter(err), mode, name, width, () -> now[0]);
    }

    /** The frames a bar wrote: what follows each carriage return. */
    List<String> frames() {
        return List.of(out.toString().split("\r", -1)).subList(1, out.toString().split("\r", -1).length);
    }

    /** A frame with runs of blanks as one: the fields are padded to fixed widths. */
    static String words(String frame) {
        return frame.replaceAll(" +", " ").strip();
    }

    static long etaSeconds(String frame) {
        Matcher m = Pattern.compile("ETA (\\d+):(\\d\\d)").matcher(frame);
        assertTrue(m.find(), frame);
        return Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
    }

    @Test
    void aBarFrameShowsNameBarPercentBytesRateAndEta() {
        ProgressDisplay d = display(ProgressDisplay.Mode.BAR, "backup.tar", 80);
        now[0] += 3 * SECOND;
        d.update(MIB, 100 * MIB);        // the first ack: no rate yet (the time before it was no transfer)
        assertTrue(words(frames().get(0)).endsWith("] 1% 1.0 MiB/100.0 MiB --/s ETA --:--"), frames().get(0));
        now[0] += SECOND;
        d.update(10 * MIB, 100 * MIB);   // 9 MiB in the next second
        String f = frames().get(1);
        assertEquals("backup.tar [=> ] 10% 10.0 MiB/100.0 MiB 9.0 MiB/s ETA 0:10", words(f));
        assertEquals(frames().get(0).indexOf(']'), f.indexOf(']'), "fixed-width fields: the bar keeps its place");
        assertTrue(f.length() < 80);
    }

    @Test
    void etaFollowsTheCurrentRateNotTheAverage() {
        ProgressDisplay d = display(ProgressDisplay.Mode.BAR, "f.bin", 80);
        long done = 0;
        for (int i = 0; i < 10; i++) {   // 10 s at 10 MiB/s
            now[0] += SECOND;
            done += 10 * MIB;
            d.update(done, 1000 * MIB);
        }
        for (int i = 0; i < 30; i++) {   // then 30 s at 1 MiB/s: the average is 3.25 MiB/s
            now[0] += SECOND;
            done += MIB;
            d.update(done, 1000 * MIB);
        }
        double rate = d.currentRate() / MIB;
        assertTrue(rate > 1.0 && rate < 1.05, "smoothed current rate " + rate);
        List<String> frames = frames();
        long eta = etaSeconds(frames.get(frames.size() - 1));
        long atCurrent = (1000 - 130) ;                     // 870 MiB left at ~1 MiB/s
        assertTrue(Math.abs(eta - atCurrent) < 50, "ETA " + eta + " s, at the current rate " + atCurrent);
        assertTrue(eta > 2 * (870 / 3.25), "not the average's " + (long) (870 / 3.25) + " s");
    }

    @Test
    void theRateAdaptsWithinSecondsAndSurvivesAResync() {
        ProgressDisplay d = display(ProgressDisplay.Mode.NONE, "f.bin", 80);
        now[0] += SECOND;
        d.update(MIB, 100 * MIB);
        assertTrue(d.currentRate() < 0, "no rate from one count");
        now[0] += SECOND;
        d.update(2 * MIB, 100 * MIB);
        assertEquals(1.0, d.currentRate() / MIB, 1e-9);
        now[0] += SECOND;
        d.update(MIB / 2, 100 * MIB);                       // the server went back: no negative rate
        assertEquals(1.0, d.currentRate() / MIB, 1e-9);
        for (int i = 0; i < 15; i++) {
            now[0] += SECOND;
            d.update(MIB / 2 + (i + 1) * 4 * MIB, 100 * MIB);
        }
        assertEquals(4.0, d.currentRate() / MIB, 0.2);
    }

    @Test
    void aShorterFrameIsPaddedOverTheLongerOneAndFramesAreThrottled() {
        ProgressDisplay d = display(ProgressDisplay.Mode.BAR, "f.bin", 80);
        now[0] += 10 * SECOND;
        d.update(1000 * MIB, 10_000 * MIB);   // "1000.0 MiB/9.8 GiB ... ETA 1:30"
        now[0] += 10_000_000;                  // 10 ms later: not redrawn
        d.update(1001 * MIB, 10_000 * MIB);
        assertEquals(1, frames().size());
        now[0] += SECOND;
        d.update(10_000 * MIB - 1, 10_000 * MIB);
        now[0] += 10_000_000;
        d.update(10_000 * MIB, 10_000 * MIB);  // the last frame is always drawn
        List<String> f = frames();
        assertEquals(3, f.size(), f.toString());
        for (int i = 1; i < f.size(); i++) {
            assertTrue(f.get(i).length() >= f.get(i - 1).stripTrailing().length(), f.toString());
        }
        assertTrue(words(f.get(2)).contains("100% 9.8 GiB/9.8 GiB"), f.get(2));
        assertTrue(words(f.get(2)).contains("ETA 0:00"), f.get(2));
        d.finish();
        assertTrue(out.toString().endsWith("\n"));
    }

    @Test
    void noFrameIsWiderThanTheTerminalAndLongNamesKeepTheirEnd() {
        String name = "a-very-long-directory-name-for-backups-of-2026-12-02-the-nightly-archive-final.tar.gz";
        for (int width : new int[] {40, 60, 80, 120, 200}) {
            out.getBuffer().setLength(0);
            ProgressDisplay d = display(ProgressDisplay.Mode.BAR, name, width);
            now[0] += SECOND;
            d.update(123 * MIB, 4096 * MIB);
            String f = frames().get(0);
            assertTrue(f.length() < width, width + ": " + f.length() + " " + f);
            assertTrue(words(f).contains("3% 123.0 MiB/4.0 GiB"), f);
            if (width >= 80) {
                assertTrue(f.contains(".tar.gz ["), f);
            }
        }
    }

    @Test
    void plainLinesComeOncePerTenthOrPerTenSecondsWithoutCarriageReturns() {
        ProgressDisplay d = display(ProgressDisplay.Mode.LINES, "f.bin", 80);
        long total = 100 * MIB;
        for (int i = 1; i <= 100; i++) {   // 100 acks, one a second
            now[0] += SECOND;
            d.update(i * MIB, total);
        }
        List<String> lines = out.toString().lines().toList();
        assertFalse(out.toString().contains("\r"));
        assertEquals(11, lines.size(), lines.toString());   // the first ack, then 10%, 20%, ..., 100%
        assertEquals("f.bin: 1% 1.0 MiB of 100.0 MiB (1048576/104857600 bytes) at --/s, ETA --:--", lines.get(0));
        assertEquals("f.bin: 10% 10.0 MiB of 100.0 MiB (10485760/104857600 bytes) at 1.0 MiB/s, ETA 1:30",
                lines.get(1));
        assertTrue(lines.get(10).startsWith("f.bin: 100% 100.0 MiB of 100.0 MiB"), lines.get(9));

        out.getBuffer().setLength(0);
        ProgressDisplay slow = display(ProgressDisplay.Mode.LINES, "s.bin", 80);
        for (int i = 1; i <= 60; i++) {   // 60 s for 6% of the file: a line every 10 s all the same
            now[0] += SECOND;
            slow.update(i * MIB, 1000 * MIB);
        }
        assertEquals(6, out.toString().lines().count(), out.toString());
    }

    @Test
    void aResumedJobSaysWhereItResumed() {
        ProgressDisplay d = display(ProgressDisplay.Mode.LINES, "f.bin", 80);
        d.onResume("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}", 40 * MIB);
        now[0] += 5 * SECOND;
        d.update(41 * MIB, 100 * MIB);
        now[0] += SECOND;
        d.update(42 * MIB, 100 * MIB);
        List<String> lines = out.toString().lines().toList();
        assertEquals("f.bin: resumed at 41943040 bytes (40.0 MiB), session {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("f.bin: 41% 41.0 MiB of 100.0 MiB"), lines.toString());
        assertEquals(1.0, d.currentRate() / MIB, 1e-9, "the rate counts this run's bytes, not the resumed ones");
    }
}
