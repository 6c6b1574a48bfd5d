// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload server (digest §6) on the JDK's {@code com.sun.net.httpserver}: the library API
 * ({@link io.github.bitsj.server.BitsServer}) and a command line, run with {@code java -m io.github.bitsj.server}
 * (or {@code java -jar bits-server-all.jar}); {@code --help} lists every option with its default.
 *
 * <pre>
 * Usage: java -m io.github.bitsj.server [options]
 *   -b, --bind ADDRESS            address to listen on [default: 127.0.0.1]
 *   -p, --port PORT               port to listen on [default: 8080]
 *   -d, --directory PATH          storage root [default: ./bits-uploads]
 *       --prefix URL-PATH         URL path prefix [default: /upload]
 *       --allow-overwrites, --max-upload-size, --max-fragment-size, --session-timeout, --host-id, ...
 *       --tls-keystore PATH, --users-file PATH, --config FILE.properties, --hash-password USER
 * </pre>
 */
module io.github.bitsj.server {
    requires transitive io.github.bitsj.protocol;
    requires jdk.httpserver;
    requires java.logging;
    requires static jdk.jfr;
    exports io.github.bitsj.server;
}
