// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.time.Duration;

/**
 * The numbers a BITS client lives by (MC-BUP §3.1.2, SDK: Upload Limits, MC-BUP §3.1.5.1.4), in one place: fragment bounds, retry limits and the
 * MC-BUP timer defaults. Each constant names its source.
 */
public final class ClientLimits {
    private ClientLimits() {}

    /**
     * The smallest fragment a client sends, 5 KiB: the floor Windows keeps when a server answers 413
     * (MC-BUP &lt;10&gt;; MC-BUP §3.1.5.1.7, SDK: Upload Limits): {@value}.
     */
    public static final int MIN_FRAGMENT_SIZE = 5 * 1024;

    /** The largest fragment a client sends, 13 MiB (MC-BUP &lt;16&gt;; MC-BUP §3.1.2, SDK: Upload Limits): {@value}. */
    public static final int MAX_FRAGMENT_SIZE = 13 * 1024 * 1024;

    /**
     * Consecutive Fragment Acks that do not move past the fragment's start before the client reports
     * BG_E_NO_PROGRESS (MC-BUP §3.1.5.1.7: "fails to advance repeatedly"; the threshold is ours): {@value}.
     */
    public static final int MAX_STALLED_ACKS = 8;

    /**
     * Session restarts in a row without progress (MC-BUP §3.1.5.1.4 case 2) before a restart waits like a transient error,
     * so a server that keeps losing sessions is not hammered (ours): {@value}.
     */
    public static final int MAX_QUICK_RESTARTS = 3;

    /** How long Cancel-Session is re-sent at most: 24 hours (sdk-api IBackgroundCopyJob::Cancel; SDK: Cancel-Session). */
    public static final Duration MAX_CANCEL_RETRY = Duration.ofHours(24);

    /**
     * The largest reply kept in memory, 1 MiB, as {@code GetReplyData} does; larger replies go to a file
     * (sdk-api GetReplyData; MC-BUP §3.1.2): {@value}.
     */
    public static final long MAX_REPLY_DATA = 1024 * 1024;

    /**
     * The most custom header bytes a job may carry, 16 KiB (Windows: else BG_E_STRING_TOO_LONG; MC-BUP §2.2.1, SDK: BITS Return Values):
     * {@value}.
     */
    public static final int MAX_CUSTOM_HEADER_BYTES = 16 * 1024;

    /** MC-BUP's request (send) timer default: 2 minutes (MC-BUP §3.1.2.1; MC-BUP §3.1.2). */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofMinutes(2);

    /** MC-BUP's response (receive) timer default: 5 minutes (MC-BUP §3.1.2.2; MC-BUP §3.1.2). */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(5);

    /** The no-progress timeout Windows uses by default: 14 days (sdk-api SetNoProgressTimeout; MC-BUP §3.1.2). */
    public static final Duration DEFAULT_NO_PROGRESS_TIMEOUT = Duration.ofDays(14);
}
