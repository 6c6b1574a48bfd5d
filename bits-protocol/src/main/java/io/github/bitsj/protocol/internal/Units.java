// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * The command lines' one convention for sizes and durations, as pure functions (no I/O): sizes are bytes or a number
 * with {@code K}, {@code M} or {@code G} (1024-based, case-insensitive; {@code 5K}, {@code 13M}, {@code 10G});
 * durations are a number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 30s}, {@code 5m},
 * {@code 14d}), or bare seconds. Digits are ASCII only ({@link Ascii}); no sign, no spaces, no fractions.
 */
public final class Units {
    private Units() {}

    private static final long K = 1024;

    /**
     * Parses a size.
     *
     * @param text bytes, or a number with K, M or G
     * @return the size in bytes
     * @throws IllegalArgumentException with a message for people if the text is not a size or does not fit a long
     */
    public static long parseSize(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        long mult = switch (Character.toUpperCase(text.charAt(text.length() - 1))) {
            case 'K' -> K;
            case 'M' -> K * K;
            case 'G' -> K * K * K;
            default -> 1;
        };
        long n = Ascii.parseDecimal(text, 0, mult == 1 ? text.length() : text.length() - 1);
        if (n == Ascii.INVALID) {
            throw new IllegalArgumentException("not a size (bytes, or a number with K, M or G): " + text);
        }
        if (n > Long.MAX_VALUE / mult) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return n * mult;
    }

    /**
     * Parses a duration.
     *
     * @param text a number with ms, s, m, h or d, or bare seconds
     * @return the duration
     * @throws IllegalArgumentException with a message for people if the text is not a duration or is too long
     */
    public static Duration parseDuration(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int digits = lower.length();
        while (digits > 0 && (lower.charAt(digits - 1) < '0' || lower.charAt(digits - 1) > '9')) {
            digits--;
        }
        long unitMillis = switch (lower.substring(digits)) {
            case "", "s" -> 1000;
            case "ms" -> 1;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> -1;
        };
        long n = unitMillis < 0 ? Ascii.INVALID : Ascii.parseDecimal(lower, 0, digits);
        if (n == Ascii.INVALID) {
            throw new IllegalArgumentException("not a duration (a number with ms, s, m, h or d): " + text);
        }
        if (n > Long.MAX_VALUE / 1_000_000 / unitMillis) {
            throw new IllegalArgumentException("duration too long: " + text);
        }
        return Duration.ofMillis(n * unitMillis);
    }

    /**
     * {@return a size as an option takes it: the largest exact unit, e.g. {@code 13M}, {@code 256K}, {@code 1000}}
     *
     * @param bytes the size
     */
    public static String formatSize(long bytes) {
        String[] units = {"", "K", "M", "G"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % K == 0) {
            bytes /= K;
            u++;
        }
        return bytes + units[u];
    }

    /**
     * {@return a duration as an option takes it: the largest exact unit, e.g. {@code 14d}, {@code 2m}, {@code 300s}}
     *
     * @param d the duration, whole milliseconds
     */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + names[i];
            }
        }
        return ms + "ms";
    }

    /**
     * {@return a byte count for people, 1024-based with one decimal: {@code 999 B}, {@code 12.3 KiB}, {@code 1.5 GiB}}
     *
     * @param bytes the count (a rate's bytes per second too)
     */
    public static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    }

    /**
     * {@return a duration for people: {@code m:ss}, or {@code h:mm:ss} from an hour on}
     *
     * @param seconds whole seconds, not negative
     */
    public static String clock(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
