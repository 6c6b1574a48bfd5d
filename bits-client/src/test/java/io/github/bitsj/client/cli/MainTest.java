// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.BitsSim;
import io.github.bitsj.client.ScriptedServer;
import io.github.bitsj.client.ScriptedServer.Recorded;
import io.github.bitsj.client.ScriptedServer.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line through {@link Main#run}: exit codes, progress output, credentials, headers, cancel. */
@Timeout(30)
class MainTest {
    @TempDir
    Path dir;

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(Map<String, String> env, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), env, null, args);
    }

    int run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void checkIsTheConformanceKitAndTheUsageNamesIt() {
        StringWriter kit = new StringWriter();
        assertEquals(0, io.github.bitsj.client.check.CheckCommand.run(new PrintWriter(kit),
                new PrintWriter(new StringWriter()), "--help"));
        assertEquals(0, run("check", "--help"));
        assertEquals(kit.toString(), out.toString());
        out.getBuffer().setLength(0);
        run("--help");
        assertTrue(out.toString().contains("bits-client check URL"), out.toString());
    }

    Path file(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path p = dir.resolve("f.bin");
        Files.write(p, b);
        return p;
    }

    @Test
    void uploadPrintsProgressLinesAndExitsZero() throws Exception {
        BitsSim sim = new BitsSim();
        Path file = file(100_000);
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            int code = run("upload", file.toString(), server.uri("/up/f.bin").toString(), "-f", "16K",
                    "--progress", "lines", "-H", "X-Trace: abc");
            assertEquals(Main.OK, code, err.toString());
            String o = out.toString();
            assertTrue(o.contains("f.bin: 16% 16.0 KiB of 97.7 KiB (16384/100000 bytes) at "), o);
            assertTrue(o.contains("f.bin: 100% 97.7 KiB of 97.7 KiB (100000/100000 bytes) at "), o);
            assertTrue(o.contains("uploaded 100000 bytes (97.7 KiB) to " + server.uri("/up/f.bin")), o);
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());
            assertTrue(server.requests().stream().allMatch(r -> "abc".equals(r.header("X-Trace"))));
        }
    }

    @Test
    void progressBarRedrawsOneLineWithPercentRateAndEta() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(sim)) {
            int code = run("upload", file(50_000).toString(), server.uri("/up/f.bin").toString(), "-f", "10K",
                    "--progress=bar");
            assertEquals(Main.OK, code, err.toString());
            String o = out.toString();
            assertTrue(o.startsWith("\rf.bin ["), o);
            assertTrue(o.contains("100%"), o);
            assertTrue(o.contains("ETA "), o);
            assertTrue(o.contains("/s"), o);
        }
    }

    @Test
    void fatalServerErrorExitsOneWithStatusHresultNameAndContext() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> r.packetType().equals("Ping") ? Reply.ack(200)
                : Reply.ack(403, "BITS-Error-Code", "0x80070005", "BITS-Error-Context", "0x5"))) {
            int code = run("upload", file(1000).toString(), server.uri("/up/f.bin").toString(), "-q");
            assertEquals(Main.FATAL, code);
            String e = err.toString();
            assertTrue(e.contains("HTTP 403"), e);
            assertTrue(e.contains("E_ACCESSDENIED"), e);
            assertTrue(e.contains("0x80070005"), e);
            assertTrue(e.contains("0x5"), e);
        }
    }

    @Test
    void transientErrorsGivenUpOnExitThree() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.ack(503))) {
            int code = run("upload", file(1000).toString(), server.uri("/up/f.bin").toString(), "-q",
                    "--give-up-after", "0");
            assertEquals(Main.GAVE_UP, code);
            assertTrue(err.toString().contains("HTTP 503"), err.toString());
        }
    }

    @Test
    void badUsageExitsTwoWithADistinctMessage() throws Exception {
        assertEquals(Main.USAGE, run());
        assertTrue(err.toString().contains("missing command"));
        assertEquals(Main.USAGE, run("upload", "--bogus"));
        assertTrue(err.toString().contains("unknown option: --bogus"));
        assertEquals(Main.USAGE, run("upload", "a", "http://h/x", "-f"));
        assertTrue(err.toString().contains("missing argument for -f"));
        assertEquals(Main.USAGE, run("upload", "a", "http://h/x", "-f", "1K"));
        assertTrue(err.toString().contains("invalid value for -f"));
        assertEquals(Main.USAGE, run("upload-reply", "a", "http://h/x"));
        assertTrue(err.toString().contains("--reply"));
        assertEquals(Main.USAGE, run("upload", dir.resolve("missing").toString(), "http://h/x"));
        assertEquals(Main.USAGE, run("upload", file(10).toString(), "ftp://h/x"));
        assertEquals(Main.USAGE, run("upload", file(10).toString(), "http://h/x", "-u", "bob"));
        assertTrue(err.toString().contains("--password-env"));
        assertEquals(Main.OK, run("--help"));
        assertTrue(out.toString().contains("Exit codes"));
    }

    @Test
    void passwordComesFromTheEnvironmentAndIsNeverPrinted() throws Exception {
        BitsSim sim = new BitsSim();
        try (ScriptedServer server = ScriptedServer.start(r -> r.header("Authorization") == null
                ? Reply.of(401, "WWW-Authenticate", "Basic realm=\"r\"") : sim.answer(r))) {
            int code = run(Map.of("BITS_PW", "hunter2"), "upload", file(1000).toString(),
                    server.uri("/up/f.bin").toString(), "-u", "bob", "--password-env", "BITS_PW", "--progress",
                    "lines");
            assertEquals(Main.OK, code, err.toString());
            assertFalse(out.toString().contains("hunter2"));
            assertFalse(err.toString().contains("hunter2"));
            Recorded last = server.requests().get(server.requests().size() - 1);
            assertEquals("Close-Session", last.packetType());
        }
    }

    @Test
    void passwordFileIsRead() throws Exception {
        BitsSim sim = new BitsSim();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        try (ScriptedServer server = ScriptedServer.start(r -> r.header("Authorization") == null
                ? Reply.of(401, "WWW-Authenticate", "Basic realm=\"r\"") : sim.answer(r))) {
            int code = run("upload", file(1000).toString(), server.uri("/up/f.bin").toString(), "-u", "bob",
                    "--password-file", pw.toString(), "-q");
            assertEquals(Main.OK, code, err.toString());
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("bob:s3cret".getBytes());
            assertEquals(basic, server.requests().get(server.requests().size() - 1).header("Authorization"));
        }
    }

    @Test
    void uploadReplyWritesTheReply() throws Exception {
        BitsSim sim = new BitsSim();
        sim.replyUrl = "reply\\r.bin";
        byte[] reply = "thank you".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.start(r -> r.method().equals("GET")
                ? Reply.of(206, "Content-Range", "bytes 0-8/9").withBody(reply) : sim.answer(r))) {
            Path outFile = dir.resolve("out.bin");
            int code = run("upload-reply", file(1000).toString(), server.uri("/up/f.bin").toString(), "--reply",
                    outFile.toString(), "-q");
            assertEquals(Main.OK, code, err.toString());
            assertArrayEquals(reply, Files.readAllBytes(outFile));
            assertTrue(out.toString().contains("reply: 9 bytes written"), out.toString());
        }
    }

    @Test
    void cancelSendsCancelSession() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(r -> Reply.ack(200))) {
            String id = "{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}";
            int code = run("cancel", server.uri("/up/f.bin").toString(), id);
            assertEquals(Main.OK, code, err.toString());
            assertEquals(List.of("Cancel-Session"), server.summaries());
            assertEquals(id, server.requests().get(0).header("BITS-Session-Id"));
        }
    }

    @Test
    void stateFileLetsASecondRunResumeAndCancelUseIt() throws Exception {
        BitsSim sim = new BitsSim();
        java.util.concurrent.atomic.AtomicInteger fragments = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedServer.Script script = new ScriptedServer.Script() {
            @Override
            public Reply beforeBody(Recorded r) {
                return r.packetType().equals("Fragment") && fragments.getAndIncrement() == 1 ? Reply.reset() : null;
            }

            @Override
            public Reply answer(Recorded r) {
                return sim.answer(r);
            }
        };
        Path file = file(100_000);
        Path state = dir.resolve("job.state");
        try (ScriptedServer server = ScriptedServer.start(script)) {
            String url = server.uri("/up/f.bin").toString();
            assertEquals(Main.GAVE_UP, run("upload", file.toString(), url, "-f", "16K", "--state", state.toString(),
                    "--give-up-after", "0", "-q"));
            assertTrue(Files.exists(state));
            assertEquals(Main.OK, run("upload", file.toString(), url, "-f", "16K", "--state", state.toString(), "-q"),
                    err.toString());
            assertFalse(Files.exists(state));
            assertEquals(List.of("Ping", "Create-Session", "Fragment bytes 0-16383/100000",
                    "Fragment bytes 16384-32767/100000", "Ping", "Fragment bytes 16384-32767/100000"),
                    server.summaries().subList(0, 6));
            assertArrayEquals(Files.readAllBytes(file), sim.onlyClosedUpload());

            // a third run that dies again leaves a state file that `cancel --state` cleans up on the server
            fragments.set(1);
            assertEquals(Main.GAVE_UP, run("upload", file.toString(), url, "-f", "16K", "--state", state.toString(),
                    "--give-up-after", "0", "-q"));
            String session = server.requests().get(server.requests().size() - 1).header("BITS-Session-Id");
            assertEquals(Main.OK, run("cancel", "--state", state.toString()), err.toString());
            Recorded last = server.requests().get(server.requests().size() - 1);
            assertEquals("Cancel-Session", last.packetType());
            assertEquals(session, last.header("BITS-Session-Id"));
            assertFalse(Files.exists(state));
        }
    }

    @Test
    void cancelFromAStateFileGoesToTheHostIdNodeKeepingSchemePathAndQuery() throws Exception {
        // SDK: BITS IIS Extension Properties (BITSHostId): after a BITS-Host-Id every packet, the cancel included, goes to that node; a host id with a
        // port is accepted leniently (decision D13) and replaces the origin's port
        try (ScriptedServer node = ScriptedServer.start(r -> Reply.ack(200))) {
            Path state = dir.resolve("cancel.state");
            Files.writeString(state, "origin=http\\://127.0.0.1\\:1/up/f.bin?x\\=1\n"
                    + "session={A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\n"
                    + "hostId=127.0.0.1\\:" + node.uri("/").getPort() + "\n"
                    + "file=f.bin\nsize=10\nmodified=0\nfallbackSeconds=-1\nacknowledged=0\n");
            assertEquals(Main.OK, run("cancel", "--state", state.toString()), err.toString());
            Recorded r = node.requests().get(node.requests().size() - 1);
            assertEquals("Cancel-Session", r.packetType());
            assertEquals("/up/f.bin?x=1", r.target());
            assertEquals("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}", r.header("BITS-Session-Id"));
            assertFalse(Files.exists(state));
        }
    }
}
