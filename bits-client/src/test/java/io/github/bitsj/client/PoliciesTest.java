// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.protocol.ClientReactions;
import io.github.bitsj.protocol.HResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Transient/fatal classification (MC-BUP §3.1.5.1.7, from the protocol module), retry delays, fragment sizing (§7.6). */
class PoliciesTest {

    @Test
    void statusClassesFollowTheDigestTable() {
        List<Integer> fatal = new ArrayList<>();
        for (int s = 100; s <= 599; s++) {
            if (!ClientReactions.isTransient(s, Optional.empty())) {
                fatal.add(s);
            }
        }
        List<Integer> expected = new ArrayList<>(List.of(300, 301, 302, 303, 304, 305, 307));
        for (int s = 400; s <= 499; s++) {
            if (s != 408 && s != 409) {
                expected.add(s);
            }
        }
        expected.addAll(List.of(501, 505));
        assertEquals(expected, fatal);
    }

    @Test
    void errorCodesOverrideTheStatus() {
        assertFalse(ClientReactions.isTransient(500, Optional.of(HResult.BG_E_TOO_LARGE)));
        assertFalse(ClientReactions.isTransient(503, Optional.of(HResult.E_INVALIDARG)));
        assertTrue(ClientReactions.isTransient(500, Optional.of(HResult.ERROR_DISK_FULL)));
        assertTrue(ClientReactions.isTransient(408, Optional.of(HResult.ERROR_DISK_FULL)));
    }

    @Test
    void retryDelayDoublesUpToTheMaximum() {
        RetryPolicy p = TestPolicies.retry(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1));
        assertEquals(List.of(5L, 10L, 20L, 30L, 30L),
                List.of(1, 2, 3, 4, 50).stream().map(a -> p.delay(a).toSeconds()).toList());
        assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.newBuilder().initialDelay(Duration.ofSeconds(5)).maxDelay(Duration.ofSeconds(1))
                        .noProgressTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.newBuilder().initialDelay(Duration.ofSeconds(-1)).maxDelay(Duration.ofSeconds(1))
                        .noProgressTimeout(Duration.ZERO).build());
    }

    @Test
    void fragmentPolicyBoundsAreFiveKibAndThirteenMib() {
        assertThrows(IllegalArgumentException.class, () -> FragmentPolicy.fixed(5 * 1024 - 1));
        assertThrows(IllegalArgumentException.class, () -> FragmentPolicy.fixed(13 * 1024 * 1024 + 1));
        assertThrows(IllegalArgumentException.class, () -> FragmentPolicy.adaptive(64 * 1024, 32 * 1024));
        assertEquals(13 * 1024 * 1024, FragmentPolicy.defaults().maxSize());
    }

    @Test
    void adaptiveSizerGrowsOnFastAcksAndShrinksOnSlowOnesAndErrors() {
        FragmentSizer s = new FragmentSizer(TestPolicies.adaptive(64 * 1024, 1024 * 1024, Duration.ofSeconds(2)));
        long fast = Duration.ofMillis(10).toNanos();
        long slow = Duration.ofSeconds(5).toNanos();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int len = s.next(Long.MAX_VALUE);
            sizes.add(len);
            s.onAck(len, fast);
        }
        assertEquals(List.of(65536, 131072, 262144, 524288, 1048576, 1048576), sizes);
        s.onAck(1048576, slow);
        assertEquals(524288, s.current());
        s.onAck(524288, Duration.ofSeconds(2).toNanos());   // on target: keep
        assertEquals(524288, s.current());
        s.onError();
        assertEquals(262144, s.current());
        assertEquals(1000, s.next(1000), "the last fragment is the rest of the file");
    }

    /** What a job does on a 413 (MC-BUP §3.1.5.1.7): asks the protocol for the smaller size and caps the sizer there. */
    static boolean onTooLarge(FragmentSizer s, int len) {
        OptionalInt size = ClientReactions.fragmentSizeAfterTooLarge(len);
        size.ifPresent(s::limitTo);
        return size.isPresent();
    }

    @Test
    void tooLargeHalvesBelowTheRefusedSizeAndNeverGrowsBack() {
        FragmentSizer s = new FragmentSizer(TestPolicies.adaptive(64 * 1024, 1024 * 1024, Duration.ofSeconds(2)));
        assertTrue(onTooLarge(s, 64 * 1024));
        assertEquals(32 * 1024, s.current());
        for (int i = 0; i < 5; i++) {
            s.onAck(s.current(), 1);
        }
        assertEquals(32 * 1024, s.current(), "capped at what the server accepted");
        assertTrue(onTooLarge(s, 8 * 1024));
        assertEquals(5 * 1024, s.current(), "floor 5 KiB");
        assertFalse(onTooLarge(s, 5 * 1024));
    }

    @Test
    void fixedSizerNeverAdapts() {
        FragmentSizer s = new FragmentSizer(FragmentPolicy.fixed(16 * 1024));
        s.onAck(16 * 1024, 1);
        s.onError();
        assertEquals(16 * 1024, s.current());
    }
}
