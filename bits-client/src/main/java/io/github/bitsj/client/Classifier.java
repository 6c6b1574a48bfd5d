// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.HResult;
import java.util.Optional;

/** Transient or fatal: the status table and overrides of digest §5.2. */
final class Classifier {
    private Classifier() {}

    static boolean isTransient(int status, Optional<HResult> code) {
        if (code.isPresent()) {
            HResult c = code.get();
            if (c.equals(HResult.BG_E_TOO_LARGE) || c.equals(HResult.E_INVALIDARG)) {
                return false;
            }
        }
        if (status >= 300 && status <= 399) {
            return !(status <= 305 || status == 307);
        }
        if (status >= 400 && status <= 499) {
            return status == 408 || status == 409;
        }
        if (status >= 500 && status <= 599) {
            return status != 501 && status != 505;
        }
        return true;
    }
}
