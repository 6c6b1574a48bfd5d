// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How large the client makes each Fragment (MC-BUP §3.1.5.1.4; MC-BUP &lt;10&gt;, &lt;16&gt;): between
 * {@link ClientLimits#MIN_FRAGMENT_SIZE} (5 KiB, the floor Windows keeps when a server answers 413) and
 * {@link ClientLimits#MAX_FRAGMENT_SIZE} (13 MiB, the most Windows sends in one fragment).
 *
 * <p>An <em>adaptive</em> policy starts at {@link #initialSize()}, doubles the size while Acks come back within half
 * of {@link #targetAckTime()}, halves it when an Ack takes more than twice as long or an exchange fails, and never
 * exceeds {@link #maxSize()}; on a loopback or LAN link it reaches the maximum after a few fragments, which is what
 * lets {@code java.net.http} run at full speed. A <em>fixed</em> policy always uses one size. Both halve on 413
 * (MC-BUP §3.1.5.1.7) and then stay at or below the size the server accepted.
 *
 * <p>Built with {@link #newBuilder()}, or with the factories {@link #defaults()}, {@link #adaptive(int, int)} and
 * {@link #fixed(int)}; immutable and thread-safe.
 */
public final class FragmentPolicy {

    /** The default size of the first fragment, 256 KiB: {@value}. */
    public static final int DEFAULT_INITIAL_SIZE = 256 * 1024;

    /** The default Ack time an adaptive policy aims for, in milliseconds: {@value}. */
    public static final long DEFAULT_TARGET_ACK_MILLIS = 2000;

    private static final FragmentPolicy DEFAULTS = newBuilder().build();

    private final int initialSize;
    private final int maxSize;
    private final boolean adaptive;
    private final Duration targetAckTime;

    private FragmentPolicy(Builder b) {
        this.initialSize = b.initialSize;
        this.maxSize = b.maxSize;
        this.adaptive = b.adaptive;
        this.targetAckTime = b.targetAckTime;
    }

    /** {@return a builder holding the defaults: adaptive from 256 KiB up to 13 MiB, aiming at 2-second Acks} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return the default: adaptive from 256 KiB up to 13 MiB, aiming at 2-second Acks} */
    public static FragmentPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * {@return an adaptive policy aiming at 2-second Acks}
     *
     * @param initialSize the first fragment's size
     * @param maxSize the largest fragment
     * @throws IllegalArgumentException unless {@code 5 KiB ≤ initialSize ≤ maxSize ≤ 13 MiB}
     */
    public static FragmentPolicy adaptive(int initialSize, int maxSize) {
        return newBuilder().initialSize(initialSize).maxSize(maxSize).build();
    }

    /**
     * {@return a policy that always sends fragments of {@code size} bytes (the last one may be shorter)}
     *
     * @param size the fragment size
     * @throws IllegalArgumentException unless {@code 5 KiB ≤ size ≤ 13 MiB}
     */
    public static FragmentPolicy fixed(int size) {
        return newBuilder().initialSize(size).maxSize(size).adaptive(false).build();
    }

    /** {@return the size of the first fragment} */
    public int initialSize() {
        return initialSize;
    }

    /** {@return the largest fragment} */
    public int maxSize() {
        return maxSize;
    }

    /** {@return true if the size follows the Ack times} */
    public boolean isAdaptive() {
        return adaptive;
    }

    /** {@return the Ack time an adaptive policy aims for} */
    public Duration targetAckTime() {
        return targetAckTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FragmentPolicy p && initialSize == p.initialSize && maxSize == p.maxSize
                && adaptive == p.adaptive && targetAckTime.equals(p.targetAckTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialSize, maxSize, adaptive, targetAckTime);
    }

    @Override
    public String toString() {
        return "FragmentPolicy[initialSize=" + initialSize + ", maxSize=" + maxSize + ", adaptive=" + adaptive
                + ", targetAckTime=" + targetAckTime + "]";
    }

    /** Builds a {@link FragmentPolicy}; the sizes are checked against each other by {@link #build()}. */
    public static final class Builder {
        private int initialSize = DEFAULT_INITIAL_SIZE;
        private int maxSize = ClientLimits.MAX_FRAGMENT_SIZE;
        private boolean adaptive = true;
        private Duration targetAckTime = Duration.ofMillis(DEFAULT_TARGET_ACK_MILLIS);

        private Builder() {
        }

        /**
         * Sets the size of the first fragment (default {@value #DEFAULT_INITIAL_SIZE}).
         *
         * @param size the size in bytes
         * @return this builder
         */
        public Builder initialSize(int size) {
            this.initialSize = size;
            return this;
        }

        /**
         * Sets the largest fragment (default {@value ClientLimits#MAX_FRAGMENT_SIZE}).
         *
         * @param size the size in bytes
         * @return this builder
         */
        public Builder maxSize(int size) {
            this.maxSize = size;
            return this;
        }

        /**
         * Sets whether the size follows the Ack times (default true).
         *
         * @param adaptive false for a fixed size
         * @return this builder
         */
        public Builder adaptive(boolean adaptive) {
            this.adaptive = adaptive;
            return this;
        }

        /**
         * Sets the Ack time an adaptive policy aims for (default {@value #DEFAULT_TARGET_ACK_MILLIS} ms).
         *
         * @param time the time
         * @return this builder
         * @throws NullPointerException if time is null
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder targetAckTime(Duration time) {
            Objects.requireNonNull(time, "time");
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("targetAckTime must be positive");
            }
            this.targetAckTime = time;
            return this;
        }

        /**
         * {@return the policy}
         *
         * @throws IllegalArgumentException unless {@code 5 KiB ≤ initialSize ≤ maxSize ≤ 13 MiB}
         */
        public FragmentPolicy build() {
            if (initialSize < ClientLimits.MIN_FRAGMENT_SIZE || initialSize > maxSize
                    || maxSize > ClientLimits.MAX_FRAGMENT_SIZE) {
                throw new IllegalArgumentException("need 5 KiB <= initial <= max <= 13 MiB: " + initialSize + ", "
                        + maxSize);
            }
            return new FragmentPolicy(this);
        }
    }
}
