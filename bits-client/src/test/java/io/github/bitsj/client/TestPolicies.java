// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import java.time.Duration;

/** Short forms of the policy builders for tests. */
final class TestPolicies {
    private TestPolicies() {}

    static RetryPolicy retry(Duration initialDelay, Duration maxDelay, Duration noProgressTimeout) {
        return RetryPolicy.newBuilder().initialDelay(initialDelay).maxDelay(maxDelay)
                .noProgressTimeout(noProgressTimeout).build();
    }

    static FragmentPolicy adaptive(int initialSize, int maxSize, Duration targetAckTime) {
        return FragmentPolicy.newBuilder().initialSize(initialSize).maxSize(maxSize).adaptive(true)
                .targetAckTime(targetAckTime).build();
    }
}
