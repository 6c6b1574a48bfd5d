// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;

/** The client's body ended early or its connection failed: no answer can be delivered (digest §7.2, interrupted). */
final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(Throwable cause) {
        super(cause);
    }
}
