// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running the command line on port 0; its base URI is read from its "listening on" line. */
record ChildServer(Process process, URI uri) {

    static ChildServer start(Path root, String... extra) throws IOException, InterruptedException {
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaCmd, "-cp", System.getProperty("java.class.path"),
                "io.github.bitsj.server.cli.Main", "--port", "0", "-d", root.toString(), "--shutdown-grace", "10s"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            int at = line.indexOf(" listening on ");
            if (at >= 0) {
                URI uri = URI.create(line.substring(at + " listening on ".length()).strip());
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new ChildServer(p, uri);
            }
        }
        throw new IOException("child ended before listening, exit " + p.waitFor(10, TimeUnit.SECONDS));
    }
}
