// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.server.testkit.ServerNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child JVM running the command line on port 0; its base URI is read from its "listening on" line. */
record ChildServer(Process process, URI uri) {

    static ChildServer start(Path root, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "-d", root.toString(), "--shutdown-grace", "10s"));
        args.addAll(List.of(extra));
        ServerNode n = ServerNode.launch(List.of(), args);
        return new ChildServer(n.process(), n.uri());
    }
}
