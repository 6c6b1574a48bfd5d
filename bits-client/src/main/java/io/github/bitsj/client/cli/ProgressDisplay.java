// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.Progress;
import io.github.bitsj.client.ProgressListener;
import io.github.bitsj.protocol.internal.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The command line's progress, curl-like: on a terminal one line redrawn in place (carriage return, then padded so no
 * stale character stays) with the file name, a bar, the percentage, bytes done and total, the current rate and the
 * time left at that rate; elsewhere (a pipe, a log file) plain lines, one per tenth of the file or per
 * {@link #LINE_EVERY}; or nothing. The current rate is an exponentially weighted average with a time constant of
 * {@link #RATE_WINDOW}, so the ETA follows what the link does now, not the run's average. The clock and the width are
 * given, so tests render frames without waiting.
 */
final class ProgressDisplay implements ProgressListener {

    /** How progress is shown. */
    enum Mode { BAR, LINES, NONE }

    /** The time constant of the rate average: older samples weigh e^(-age/window). */
    static final Duration RATE_WINDOW = Duration.ofSeconds(5);
    /** Plain lines: at least one this often, besides one per tenth of the file. */
    static final Duration LINE_EVERY = Duration.ofSeconds(10);
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Mode mode;
    private final String name;
    private final int width;
    private final LongSupplier nanos;
    private long sampleNanos;
    private long sampleBytes;
    private boolean counting;
    private double weightedBytes;
    private double weightedNanos;
    private double rate = -1;
    private long drawnNanos;
    private int drawnLength;
    private boolean drew;
    private long lineNanos;
    private int lineTenth = -1;

    /**
     * @param name the file name shown
     * @param width the terminal's columns; a bar line never fills the last one
     * @param nanos the clock, {@link System#nanoTime} outside tests
     */
    ProgressDisplay(PrintWriter out, PrintWriter err, Mode mode, String name, int width, LongSupplier nanos) {
        this.out = out;
        this.err = err;
        this.mode = mode;
        this.name = name;
        this.width = width;
        this.nanos = nanos;
        this.sampleNanos = nanos.getAsLong();
        this.lineNanos = sampleNanos;
    }

    /** {@return the mode the options ask for: none when quiet, else as given, else a bar on a terminal} */
    static Mode modeOf(Options o, boolean terminal) {
        if (o.quiet) {
            return Mode.NONE;
        }
        if (o.progress != null) {
            return Mode.valueOf(o.progress.toUpperCase(Locale.ROOT));
        }
        return terminal ? Mode.BAR : Mode.LINES;
    }

    @Override
    public void onResume(String sessionId, long offset) {
        if (mode != Mode.NONE) {
            out.printf(Locale.ROOT, "%s: resumed at %d bytes (%s), session %s%n", name, offset, Units.human(offset),
                    sessionId);
            out.flush();
        }
    }

    @Override
    public void onProgress(Progress p) {
        update(p.bytesAcknowledged(), p.totalBytes());
    }

    /** Takes one acknowledged count: updates the rate and draws what the mode and the clock allow. */
    void update(long done, long total) {
        long now = nanos.getAsLong();
        sample(done, now);
        boolean end = done == total;
        switch (mode) {
            case BAR -> {
                if (!end && drew && now - drawnNanos < REDRAW_NANOS) {
                    return;
                }
                drawnNanos = now;
                String line = barLine(done, total);
                out.print('\r' + line + " ".repeat(Math.max(0, drawnLength - line.length())));
                out.flush();
                drawnLength = line.length();
                drew = true;
            }
            case LINES -> {
                int tenth = total == 0 ? 10 : (int) (done * 10 / total);
                boolean due = now - lineNanos >= LINE_EVERY.toNanos();
                if (tenth == lineTenth && !due || end && lineTenth == 10) {
                    return;
                }
                lineTenth = tenth;
                lineNanos = now;
                out.printf(Locale.ROOT, "%s: %d%% %s of %s (%d/%d bytes) at %s/s, ETA %s%n", name, percent(done, total),
                        Units.human(done), Units.human(total), done, total, rate(), eta(done, total));
                out.flush();
            }
            case NONE -> { }
        }
    }

    /**
     * Adds the bytes since the last count to a time-weighted average whose weights decay with
     * {@link #RATE_WINDOW}: {@code rate = sum(bytes * decay) / sum(seconds * decay)}. Unlike a plain EWMA it has no
     * bias at the start (the first intervals are simply averaged), and the first count only sets the baseline: the
     * time before it (connecting, Create-Session, the JVM warming up) is no transfer rate.
     */
    private void sample(long done, long now) {
        if (!counting || done < sampleBytes) {   // the first count, or the server went back (a resync)
            counting = true;
            sampleBytes = done;
            sampleNanos = now;
            return;
        }
        long dt = now - sampleNanos;
        if (dt <= 0) {
            return;   // the bytes count in the next sample
        }
        double decay = Math.exp(-(double) dt / RATE_WINDOW.toNanos());
        weightedBytes = weightedBytes * decay + (done - sampleBytes);
        weightedNanos = weightedNanos * decay + dt;
        rate = weightedBytes * 1e9 / weightedNanos;
        sampleBytes = done;
        sampleNanos = now;
    }

    /** {@return the smoothed current rate in bytes per second, or a negative number before the second sample} */
    double currentRate() {
        return rate;
    }

    private String rate() {
        return rate < 0 ? "--" : Units.human(rate);
    }

    private String eta(long done, long total) {
        if (done == total) {
            return Units.clock(0);
        }
        if (rate <= 0) {
            return "--:--";
        }
        double s = (total - done) / rate;
        return s > 99 * 3600 ? ">99h" : Units.clock((long) Math.ceil(s));
    }

    private static int percent(long done, long total) {
        return total == 0 ? 100 : (int) (done * 100 / total);
    }

    /** One bar frame, at most {@code width - 1} characters: name, bar, percent, bytes, rate, ETA. */
    String barLine(long done, long total) {
        String all = Units.human(total);   // fixed-width fields: the bar keeps its size from frame to frame
        String tail = String.format(Locale.ROOT, " %3d%% %" + all.length() + "s/%s %12s ETA %-7s",
                percent(done, total), Units.human(done), all, rate() + "/s", eta(done, total));
        int room = width - 1 - tail.length();
        String shown = name;
        int barWidth = Math.min(30, room - shown.length() - 3);
        if (barWidth < 10) {   // a short bar, and the name cut from the left (the end of a name tells most)
            barWidth = Math.max(0, Math.min(10, room - 3 - 4));
            int nameRoom = room - barWidth - 3;
            if (nameRoom < 4) {
                shown = "";
            } else if (shown.length() > nameRoom) {
                shown = "..." + shown.substring(shown.length() - (nameRoom - 3));
            }
        }
        int filled = total == 0 ? barWidth : (int) (barWidth * done / total);
        String bar = barWidth == 0 ? "" : "[" + "=".repeat(filled)
                + (filled < barWidth ? ">" + " ".repeat(barWidth - filled - 1) : "") + "]";
        String line = shown + (shown.isEmpty() ? "" : " ") + bar + tail;
        line = line.stripTrailing();
        return line.length() < width ? line : line.substring(0, width - 1);
    }

    @Override
    public void onRetry(BitsClientException cause, Duration delay) {
        endLine();
        err.printf(Locale.ROOT, "bits-client: %s; retrying in %s%n", Explain.of(cause), Units.formatDuration(
                Duration.ofMillis(Math.max(1, delay.toMillis()))));
        err.flush();
    }

    /** Ends a bar's line, so what follows starts on its own line. */
    void finish() {
        endLine();
    }

    private void endLine() {
        if (drew) {
            out.println();
            out.flush();
            drew = false;
            drawnLength = 0;
        }
    }
}
