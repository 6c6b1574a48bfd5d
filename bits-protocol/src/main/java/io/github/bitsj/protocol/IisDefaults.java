// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.time.Duration;

/**
 * The per-virtual-directory defaults of the reference server, the IIS BITS Server Extension (SDK: BITS IIS Extension Properties), which a
 * server that behaves as IIS does starts from.
 */
public final class IisDefaults {
    private IisDefaults() {}

    /**
     * {@code BITSMaximumUploadSize}: {@value} bytes, both IIS's ceiling and what an empty value means (SDK: BITS IIS Extension Properties,
     * SDK: Upload Limits).
     */
    public static final long MAX_UPLOAD_SIZE = 1_844_674_407_370_955L;

    /** {@code BITSSessionTimeout}: 1,209,600 seconds, 14 days without progress before a session is removed (SDK: BITS IIS Extension Properties). */
    public static final Duration SESSION_TIMEOUT = Duration.ofDays(14);

    /** {@code BITSHostIdFallbackTimeout}: 86,400 seconds, one day (SDK: BITS IIS Extension Properties, SDK: BITS IIS Extension Properties (BITSHostId)). */
    public static final Duration HOST_ID_FALLBACK_TIMEOUT = Duration.ofDays(1);

    /** {@code BITSNumberOfSessionsLimit}: {@value} concurrent sessions per user (SDK: BITS IIS Extension Properties, SDK: Virtual Directory Cleanup). */
    public static final int SESSIONS_PER_USER = 50;

    /** {@code BITSSessionDirectory}: {@value}, the session area under the directory's physical path (SDK: BITS IIS Extension Properties, SDK: BITS IIS Extension Properties). */
    public static final String SESSION_DIRECTORY = "BITS-Sessions";
}
