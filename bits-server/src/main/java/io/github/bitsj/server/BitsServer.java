// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/** The BITS upload server (digest §6). Under construction. */
public final class BitsServer {
    private BitsServer() {}
}
