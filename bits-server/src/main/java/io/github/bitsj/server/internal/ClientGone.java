// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.io.IOException;

/** The client's body ended early or its connection failed: no answer can be delivered (MC-BUP §3.2.5.2.6, interrupted). */
final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(Throwable cause) {
        super(cause);
    }
}
