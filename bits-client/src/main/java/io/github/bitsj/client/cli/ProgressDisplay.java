// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.client.Progress;
import io.github.bitsj.client.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The command line's progress: a bar redrawn with CR on a terminal, plain lines otherwise, or nothing. */
final class ProgressDisplay implements ProgressListener {

    /** How progress is shown. */
    enum Mode { BAR, LINES, NONE }

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Mode mode;
    private long lastNanos;
    private int lastTenth = -1;
    private boolean drew;

    ProgressDisplay(PrintWriter out, PrintWriter err, Mode mode) {
        this.out = out;
        this.err = err;
        this.mode = mode;
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
    public void onProgress(Progress p) {
        long now = System.nanoTime();
        boolean end = p.bytesAcknowledged() == p.totalBytes();
        String eta = p.bytesPerSecond() > 0
                ? duration((long) ((p.totalBytes() - p.bytesAcknowledged()) / p.bytesPerSecond())) : "--:--";
        int pct = (int) Math.floor(p.fraction() * 100);
        switch (mode) {
            case BAR -> {
                if (!end && now - lastNanos < REDRAW_NANOS && drew) {
                    return;
                }
                lastNanos = now;
                int filled = (int) (p.fraction() * BAR_WIDTH);
                String bar = "=".repeat(filled)
                        + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
                out.printf(Locale.ROOT, "\r[%s] %3d%% %10s/s ETA %s ", bar, pct, bytes(p.bytesPerSecond()), eta);
                out.flush();
                drew = true;
            }
            case LINES -> {
                int tenth = pct / 10;
                if ((tenth == lastTenth && !end) || (end && lastTenth == 10)) {
                    return;
                }
                lastTenth = tenth;
                out.printf(Locale.ROOT, "progress %d%% %d/%d bytes %s/s eta %s%n", pct, p.bytesAcknowledged(),
                        p.totalBytes(), bytes(p.bytesPerSecond()), eta);
                out.flush();
            }
            case NONE -> { }
        }
    }

    @Override
    public void onRetry(BitsClientException cause, Duration delay) {
        if (drew) {
            out.println();
            drew = false;
        }
        err.printf(Locale.ROOT, "bits-client: %s; retrying in %.1f s%n", cause.getMessage(), delay.toMillis() / 1000.0);
        err.flush();
    }

    /** Ends a bar's line. */
    void finish() {
        if (drew) {
            out.println();
            out.flush();
            drew = false;
        }
    }

    /** {@return a byte count or rate for people: 1000-based units, e.g. {@code 412.5 MB}} */
    static String bytes(double b) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (b >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }

    /** {@return seconds as m:ss or h:mm:ss} */
    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
