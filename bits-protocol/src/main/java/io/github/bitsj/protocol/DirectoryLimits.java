// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

/**
 * The limits of one upload directory that the Fragment decision applies (Fragment table rows 5, 6, 8 and 9; §7.4).
 *
 * @param maxUploadSize the largest accepted upload in bytes ({@code BITSMaximumUploadSize}, SDK: BITS IIS Extension Properties); a first
 *     fragment announcing a larger total gets 500 {@code BG_E_TOO_LARGE} (row 5)
 * @param maxFragmentSize the largest fragment body the server takes in one request; a larger one gets 413 (row 6)
 * @param strictRanges answer a fragment that overlaps held data with 416 (MC-BUP §3.2.5.2.6) instead of writing only
 *     its new bytes (the SDK's behaviour), rows 8 and 9, decision D2
 */
public record DirectoryLimits(long maxUploadSize, long maxFragmentSize, boolean strictRanges) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code maxUploadSize} is negative or {@code maxFragmentSize} below 1
     */
    public DirectoryLimits {
        if (maxUploadSize < 0) {
            throw new IllegalArgumentException("maxUploadSize must be >= 0");
        }
        if (maxFragmentSize < 1) {
            throw new IllegalArgumentException("maxFragmentSize must be >= 1");
        }
    }
}
