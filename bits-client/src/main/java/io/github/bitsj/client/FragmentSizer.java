// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientLimits;

/** The fragment size of one job under a {@link FragmentPolicy} (MC-BUP §3.1.5.1.4). Not thread-safe. */
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
        if (!policy.isAdaptive()) {
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
        if (policy.isAdaptive()) {
            shrink();
        }
    }

    /**
     * The server answered 413 and the protocol chose {@code size} (MC-BUP §3.1.5.1.7:
     * {@link io.github.bitsj.protocol.ClientReaction.ShrinkFragment}): use it, and never grow above it again.
     */
    void limitTo(int size) {
        current = Math.min(current, size);
        cap = current;
    }

    private void shrink() {
        current = Math.max(ClientLimits.MIN_FRAGMENT_SIZE, current / 2);
    }
}
