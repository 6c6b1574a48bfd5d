// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code check} command line: usage, the case list, refusals before any request, and the dispatch from Main. */
@Timeout(30)
class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpAndListAndTheDispatchFromTheClientCommandLine() {
        KitRun help = KitRun.run("--help");
        assertEquals(CheckCommand.OK, help.exitCode());
        assertTrue(help.out().startsWith("Usage: bits-client check URL"), help.out());
        KitRun list = KitRun.run("--list");
        assertEquals(CheckCommand.OK, list.exitCode());
        for (Case c : Suite.all()) {
            assertTrue(list.out().contains(c.name() + " ") && list.out().contains(c.sections()), c.name());
        }
    }

    @Test
    void badCommandLinesAreRefusedWithExitCode2() {
        String[][] bad = {{}, {"--bogus", "http://127.0.0.1:1/u/"}, {"http://127.0.0.1:1/u/", "--only", "no-such-case"},
            {"ftp://127.0.0.1/u/"}, {"http://127.0.0.1:1/u/", "--report", "r.txt"},
            {"http://127.0.0.1:1/u/", "--root", dir.resolve("missing").toString()},
            {"http://127.0.0.1:1/u/", "--timeout", "0"}, {"http://127.0.0.1:1/u/", "--timeout", "+5"},
            {"http://127.0.0.1:1/u/", "http://127.0.0.1:2/u/"}, {"http://127.0.0.1:1/u/?q=1"},
            {"http://127.0.0.1:1/u/", "--trust-store", "x.p12"}, {"http://127.0.0.1:1/u/", "--root"}};
        for (String[] args : bad) {
            KitRun r = KitRun.run(args);
            assertEquals(CheckCommand.USAGE, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("Try 'bits-client check --help'"), r.err());
            assertTrue(r.lines().isEmpty(), "nothing ran: " + r.out());
        }
    }

    @Test
    void onlyLoopbackTargetsUnlessAllowRemote() {
        KitRun r = KitRun.run("http://192.0.2.10:8080/upload/");
        assertEquals(CheckCommand.USAGE, r.exitCode());
        assertTrue(r.err().contains("not a loopback address") && r.err().contains("--allow-remote"), r.err());
    }

    @Test
    void anUnreachableServerIsExitCode3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        KitRun r = KitRun.run("http://127.0.0.1:" + port + "/upload/", "--timeout", "2");
        assertEquals(CheckCommand.UNREACHABLE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("cannot connect"), r.err());
    }
}
