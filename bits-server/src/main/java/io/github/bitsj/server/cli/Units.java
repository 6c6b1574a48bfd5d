// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.protocol.internal.Ascii;
import java.time.Duration;

/**
 * The command line's units: sizes with an optional binary suffix ({@code 512}, {@code 64K}, {@code 10M}, {@code 10G},
 * {@code 1T}; K = 1024) and durations with a unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 14d}; a
 * bare number is seconds). Digits are ASCII only ({@link Ascii#parseDecimal}, not the lenient {@code Long.parseLong}).
 */
final class Units {
    private Units() {}

    /**
     * {@return the bytes a size names, or -1 if it is not a size}
     *
     * @param v e.g. {@code 10G}
     */
    static long size(String v) {
        if (v.isEmpty()) {
            return -1;
        }
        int shift = switch (Character.toUpperCase(v.charAt(v.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        long n = Ascii.parseDecimal(shift == 0 ? v : v.substring(0, v.length() - 1));
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            return -1;
        }
        return n << shift;
    }

    /**
     * {@return the duration a text names, or null if it is not a duration}
     *
     * @param v e.g. {@code 30s}
     */
    static Duration duration(String v) {
        String num = v;
        long unitMillis = 1000;
        if (v.endsWith("ms")) {
            num = v.substring(0, v.length() - 2);
            unitMillis = 1;
        } else if (!v.isEmpty() && "smhd".indexOf(v.charAt(v.length() - 1)) >= 0) {
            num = v.substring(0, v.length() - 1);
            unitMillis = switch (v.charAt(v.length() - 1)) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                default -> 86_400_000L;
            };
        }
        long n = Ascii.parseDecimal(num);
        if (n < 0 || n > Long.MAX_VALUE / unitMillis) {
            return null;
        }
        return Duration.ofMillis(n * unitMillis);
    }

    /** {@return a size in its largest exact binary unit: {@code 32M}, {@code 100M}, {@code 1000}} */
    static String formatSize(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
