// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol.testkit;

import java.util.Random;
import java.util.function.Function;

/**
 * The project's one seeded property harness (DEVELOPERS.md: no jqwik), shared through bits-protocol's test-jar with
 * the other modules' tests. Each property runs {@code tries} cases from generators that draw from a {@link Random}
 * seeded per case; a failure reports the run seed and the case's value, so it can be replayed with
 * {@code -Dbitsj.seed=<seed>}. (Its own package, not {@code io.github.bitsj.protocol}: a test-jar class in the protocol
 * module's package would be a split package that the other modules' modular test compiles cannot see.)
 *
 * <pre>{@code
 * Props.forAll(1000, r -> randomRange(r), range -> assertEquals(...));
 * }</pre>
 */
public final class Props {
    private Props() {}

    /** Fixed per run from {@code -Dbitsj.seed}, else from the clock; printed on failure. */
    public static final long RUN_SEED = Long.getLong("bitsj.seed", System.nanoTime());

    /** A property body that may throw. @param <T> the case type */
    @FunctionalInterface
    public interface Property<T> {
        /** Checks one case. @param value the case @throws Throwable on failure */
        void check(T value) throws Throwable;
    }

    /**
     * Runs {@code property} on {@code tries} generated values.
     *
     * @param tries how many cases
     * @param gen the generator
     * @param property the property
     * @param <T> the case type
     */
    public static <T> void forAll(int tries, Function<Random, T> gen, Property<T> property) {
        Random seeds = new Random(RUN_SEED);
        for (int i = 0; i < tries; i++) {
            long caseSeed = seeds.nextLong();
            T value = gen.apply(new Random(caseSeed));
            try {
                property.check(value);
            } catch (Throwable t) {
                AssertionError e = new AssertionError("property failed on case " + i + " (run seed " + RUN_SEED
                        + ", replay with -Dbitsj.seed=" + RUN_SEED + "), value: " + abbreviate(String.valueOf(value)),
                        t);
                throw e;
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    // ---- generators shared by the modules' tests ----

    /** {@return a string of up to {@code max} characters drawn from a mix of ASCII, controls and non-ASCII} */
    public static String anyString(Random r, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(switch (r.nextInt(6)) {
                case 0 -> (char) r.nextInt(0x20);                         // controls, CR, LF, NUL
                case 1 -> (char) (0x80 + r.nextInt(0x780));               // Latin-1 .. Arabic-Indic digits
                case 2 -> "0123456789-/ ,{}xX+*"
                        .charAt(r.nextInt(20));                           // range / GUID punctuation
                case 3 -> "abcdefABCDEF".charAt(r.nextInt(12));
                default -> (char) (0x20 + r.nextInt(0x5F));               // printable ASCII
            });
        }
        return sb.toString();
    }

    /**
     * {@return {@code n} pseudo-random bytes, the same for the same seed (file contents for upload tests)}
     *
     * @param seed the seed
     * @param n how many bytes
     */
    public static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * {@return {@code n} bytes drawn from {@code r}}
     *
     * @param r the case's random source
     * @param n how many bytes
     */
    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** {@return a long in [0, bound), biased toward small values and edges} */
    public static long anyOffset(Random r, long bound) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt((int) Math.min(bound, 16));
            case 1 -> bound - 1 - r.nextInt((int) Math.min(bound, 16));
            default -> (long) (r.nextDouble() * bound);
        };
    }
}
