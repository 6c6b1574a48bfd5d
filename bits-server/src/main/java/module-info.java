// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload server (digest §6) on the JDK's {@code com.sun.net.httpserver}.
 */
module io.github.bitsj.server {
    requires transitive io.github.bitsj.protocol;
    requires jdk.httpserver;
    exports io.github.bitsj.server;
}
