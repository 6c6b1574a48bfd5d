// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

/** The fragment size of one job under a {@link FragmentPolicy} (digest §7.6). Not thread-safe. */
final class FragmentSizer {
    private final FragmentPolicy policy;
    private final long targetNanos;
    private int current;
    private int cap;

    FragmentSizer(FragmentPolicy policy) {
        this.policy = policy;
        this.targetNanos = policy.targetAckTime().toNanos();
        this.current = policy.initialSize();
        this.cap = policy.maxSize();
    }

    int current() {
        return current;
    }

    int next(long remaining) {
        return (int) Math.min(current, remaining);
    }

    /** A fragment of {@code len} bytes was acknowledged in full after {@code nanos}. */
    void onAck(int len, long nanos) {
        if (!policy.adaptive()) {
            return;
        }
        if (nanos < targetNanos / 2 && len >= current / 2) {
            current = (int) Math.min(cap, current * 2L);
        } else if (nanos > targetNanos * 2) {
            shrink();
        }
    }

    /** A fragment exchange failed (transport or status): adaptive policies back off. */
    void onError() {
        if (policy.adaptive()) {
            shrink();
        }
    }

    /**
     * The server answered 413 to a fragment of {@code len} bytes: halve below it and never grow back above
     * (digest §5.2, floor 5 KiB).
     *
     * @return false if the fragment was already at the floor (nothing smaller can be sent)
     */
    boolean onTooLarge(int len) {
        if (len <= FragmentPolicy.MIN_FRAGMENT_SIZE) {
            return false;
        }
        current = Math.max(FragmentPolicy.MIN_FRAGMENT_SIZE, Math.min(current, len) / 2);
        cap = current;
        return true;
    }

    private void shrink() {
        current = Math.max(FragmentPolicy.MIN_FRAGMENT_SIZE, current / 2);
    }
}
