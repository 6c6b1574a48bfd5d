// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How large the client makes each Fragment (digest §7.6; MC-BUP &lt;10&gt;, &lt;16&gt;): between
 * {@link #MIN_FRAGMENT_SIZE} (5 KiB, the floor Windows keeps when a server answers 413) and
 * {@link #MAX_FRAGMENT_SIZE} (13 MiB, the most Windows sends in one fragment).
 *
 * <p>An <em>adaptive</em> policy starts at {@code initialSize}, doubles the size while Acks come back within half of
 * {@code targetAckTime}, halves it when an Ack takes more than twice as long or an exchange fails, and never exceeds
 * {@code maxSize}; on a loopback or LAN link it reaches the maximum after a few fragments, which is what lets
 * {@code java.net.http} run at full speed. A <em>fixed</em> policy always uses one size. Both halve on 413
 * (digest §5.2) and then stay at or below the size the server accepted.
 *
 * @param initialSize the size of the first fragment
 * @param maxSize the largest fragment
 * @param adaptive whether the size follows the Ack times
 * @param targetAckTime the Ack time an adaptive policy aims for
 */
public record FragmentPolicy(int initialSize, int maxSize, boolean adaptive, Duration targetAckTime) {

    /** The smallest fragment, 5 KiB (MC-BUP &lt;10&gt;): {@value}. */
    public static final int MIN_FRAGMENT_SIZE = 5 * 1024;

    /** The largest fragment, 13 MiB (MC-BUP &lt;16&gt;): {@value}. */
    public static final int MAX_FRAGMENT_SIZE = 13 * 1024 * 1024;

    /**
     * Validates the bounds.
     *
     * @throws NullPointerException if targetAckTime is null
     * @throws IllegalArgumentException unless {@code 5 KiB ≤ initialSize ≤ maxSize ≤ 13 MiB} and the target is
     *     positive
     */
    public FragmentPolicy {
        Objects.requireNonNull(targetAckTime, "targetAckTime");
        if (initialSize < MIN_FRAGMENT_SIZE || initialSize > maxSize || maxSize > MAX_FRAGMENT_SIZE) {
            throw new IllegalArgumentException("need 5 KiB <= initial <= max <= 13 MiB: " + initialSize + ", " + maxSize);
        }
        if (targetAckTime.isNegative() || targetAckTime.isZero()) {
            throw new IllegalArgumentException("targetAckTime must be positive");
        }
    }

    /**
     * {@return the default: adaptive from 256 KiB up to 13 MiB, aiming at 2-second Acks}
     */
    public static FragmentPolicy defaults() {
        return adaptive(256 * 1024, MAX_FRAGMENT_SIZE);
    }

    /**
     * {@return an adaptive policy aiming at 2-second Acks}
     *
     * @param initialSize the first fragment's size
     * @param maxSize the largest fragment
     * @throws IllegalArgumentException unless {@code 5 KiB ≤ initialSize ≤ maxSize ≤ 13 MiB}
     */
    public static FragmentPolicy adaptive(int initialSize, int maxSize) {
        return new FragmentPolicy(initialSize, maxSize, true, Duration.ofSeconds(2));
    }

    /**
     * {@return a policy that always sends fragments of {@code size} bytes (the last one may be shorter)}
     *
     * @param size the fragment size
     * @throws IllegalArgumentException unless {@code 5 KiB ≤ size ≤ 13 MiB}
     */
    public static FragmentPolicy fixed(int size) {
        return new FragmentPolicy(size, size, false, Duration.ofSeconds(2));
    }
}
