// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload server (digest §6) on the JDK's {@code com.sun.net.httpserver}: the library API
 * ({@link io.github.bitsj.server.BitsServer}) and a command line, run with {@code java -m io.github.bitsj.server}.
 */
module io.github.bitsj.server {
    requires transitive io.github.bitsj.protocol;
    requires jdk.httpserver;
    requires static jdk.jfr;
    exports io.github.bitsj.server;
}
