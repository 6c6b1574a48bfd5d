// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload client (digest §1.7, §5.2) on {@code java.net.http}.
 */
module io.github.bitsj.client {
    requires transitive io.github.bitsj.protocol;
    requires java.net.http;
    exports io.github.bitsj.client;
}
