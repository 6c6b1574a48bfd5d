// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

/** The BITS upload client (digest §1.7). Under construction. */
public final class BitsClient {
    private BitsClient() {}
}
