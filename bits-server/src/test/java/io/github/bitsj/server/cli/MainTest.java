// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.UploadDirectory;
import io.github.bitsj.server.UserStore;
import io.github.bitsj.server.testkit.TlsFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line: usage text, error exits, precedence of flags over the config file, startup. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Main.Prepared prepare(InputStream in, String... args) {
        return Main.prepare(new PrintWriter(out, true), new PrintWriter(err, true), in, false, args);
    }

    private Main.Prepared prepare(String... args) {
        return prepare(InputStream.nullInputStream(), args);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Main.Prepared p = prepare("--help");
        assertEquals(0, p.exitCode());
        assertNull(p.server());
        String text = out.toString();
        // one entry per option: its line and the wrapped description's continuation lines, joined
        List<String> entries = new java.util.ArrayList<>();
        for (String l : text.lines().toList()) {
            if (l.startsWith(" ".repeat(10)) && !entries.isEmpty()) { // option lines are indented 2 or 6
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + l.strip());
            } else {
                entries.add(l);
            }
        }
        for (Usage.Spec s : Usage.SPECS) {
            String line = entries.stream().filter(l -> l.trim().startsWith("-")
                    && (l.contains("--" + s.key() + " ") || l.endsWith("--" + s.key())))
                    .findFirst().orElseThrow(() -> new AssertionError("no line for --" + s.key()));
            assertTrue(line.endsWith("[default: " + (s.def().isEmpty() ? "none" : s.def()) + "]"), line);
        }
    }

    @Test
    void helpIsWrappedToTheTerminalWidth() {
        for (int width : new int[] {80, 100, 132}) {
            for (String line : Usage.text(width).lines().toList()) {
                assertTrue(line.length() <= width, width + ": " + line);
            }
        }
        assertTrue(Usage.text(132).lines().count() < Usage.text(80).lines().count());
    }

    /** The module javadoc carries the --help text (STYLE §2.2); it must not drift from what --help prints. */
    @Test
    void moduleJavadocCarriesTheCurrentHelpText() throws Exception {
        String src = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/module-info.java"));
        String pre = src.substring(src.indexOf("<pre>\n") + 6, src.indexOf(" * </pre>"));
        String doc = pre.lines().map(l -> l.equals(" *") ? "" : l.substring(3)).collect(
                java.util.stream.Collectors.joining("\n", "", "\n"));
        assertEquals(Usage.text(), doc);
    }

    /** README's "Server configuration" table lists exactly the options, each with the default --help prints. */
    @Test
    void readmeServerTableMatchesTheOptionsAndTheirDefaults() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Server configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        java.util.Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `-")).toList()) {
            String[] cells = line.split("\\|");
            String option = cells[1].strip().replace("`", "");
            String key = option.substring(option.indexOf("--") + 2).split(" ")[0];
            rows.put(key, cells[2].strip().replace("`", ""));
        }
        assertEquals(Usage.SPECS.stream().map(Usage.Spec::key).toList(), List.copyOf(rows.keySet()),
                "README rows, in --help order");
        for (Usage.Spec s : Usage.SPECS) {
            assertEquals(s.def().isEmpty() ? "none" : s.def(), rows.get(s.key()), s.key());
        }
    }

    @Test
    void durationsAreShownInTheirLargestWholeUnit() {
        assertEquals("14d", Usage.format(Duration.ofDays(14)));
        assertEquals("2h", Usage.format(Duration.ofHours(2)));
        assertEquals("90s", Usage.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Usage.format(Duration.ofMillis(1500)));
        assertEquals("0ms", Usage.format(Duration.ZERO));
    }

    @Test
    void unknownOptionMissingArgumentAndInvalidValueExitWith2() {
        assertEquals(2, prepare("--no-such-thing").exitCode());
        assertTrue(err.toString().contains("unknown option"));
        assertEquals(2, prepare("--port").exitCode());
        assertTrue(err.toString().contains("missing argument"));
        assertEquals(2, prepare("--port", "+80").exitCode());
        assertEquals(2, prepare("--port", "70000").exitCode());
        assertEquals(2, prepare("--session-timeout", "soon").exitCode());
        assertEquals(2, prepare("--allow-overwrites=maybe").exitCode());
        assertTrue(err.toString().contains("invalid value"));
    }

    @Test
    void flagsWinOverTheConfigFileWhichWinsOverDefaults() throws Exception {
        Path props = dir.resolve("bits.properties");
        Files.writeString(props, "port=9123\nmax-fragment-size=1000\nsession-timeout=2h\nallow-overwrites=true\n");
        Options o = Options.parse("--config", props.toString(), "--port", "9124", "-d", dir.toString());
        BitsServerConfig c = Settings.toConfig(o);
        UploadDirectory d = c.directories().get(0);
        assertEquals(9124, c.bindAddress().getPort());
        assertEquals(1000, d.maxFragmentSize());
        assertEquals(Duration.ofHours(2), d.sessionTimeout());
        assertTrue(d.allowOverwrites());
        assertEquals(UploadDirectory.DEFAULT_MAX_UPLOAD_SIZE, d.maxUploadSize());
        assertEquals("/upload", d.urlPrefix());
        Files.writeString(props, "no-such-key=1\n");
        assertEquals(2, prepare("--config", props.toString()).exitCode());
    }

    @Test
    void defaultsMatchTheLibraryDefaults() throws Exception {
        BitsServerConfig c = Settings.toConfig(Options.parse());
        UploadDirectory d = c.directories().get(0);
        UploadDirectory lib = UploadDirectory.newBuilder("/upload", Path.of("bits-uploads")).build();
        assertEquals(8080, c.bindAddress().getPort());
        assertTrue(c.bindAddress().getAddress().isLoopbackAddress());
        assertEquals(lib.maxUploadSize(), d.maxUploadSize());
        assertEquals(lib.maxFragmentSize(), d.maxFragmentSize());
        assertEquals(lib.sessionTimeout(), d.sessionTimeout());
        assertEquals(lib.maxSessionsPerPrincipal(), d.maxSessionsPerPrincipal());
        assertEquals(lib.sessionDirectoryName(), d.sessionDirectoryName());
        assertEquals(Path.of("bits-uploads").toAbsolutePath().normalize(), d.storageRoot());
        assertEquals(BitsServerConfig.newBuilder().addDirectory(lib).build().maxSessions(), c.maxSessions());
    }

    @Test
    void hashPasswordPrintsAUsersFileLineThatAuthenticates() {
        Main.Prepared p = prepare(new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
                "--hash-password", "alice");
        assertEquals(0, p.exitCode());
        String line = out.toString().strip();
        assertTrue(line.startsWith("alice:pbkdf2-sha256:"));
        assertTrue(!line.contains("s3cret"));
        UserStore users = UserStore.parse(List.of(line));
        assertEquals("alice", users.authenticate("alice", "s3cret".toCharArray()).orElseThrow());
        assertTrue(users.authenticate("alice", "wrong".toCharArray()).isEmpty());
    }

    @Test
    void tlsWithoutAPasswordSourceIsACommandLineError() throws Exception {
        Path ks = dir.resolve("none.p12");
        Files.write(ks, new byte[] {1});
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--tls-keystore-password-file",
                dir.resolve("pw").toString());
        assertEquals(2, p.exitCode(), "password file without keystore");
    }

    @Test
    void servesHttpsWithAKeystoreAndAPasswordFile() throws Exception {
        Path ks = TlsFixture.writeKeyStore(dir.resolve("server.p12"));
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "changeit\n");
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("up").toString(), "--tls-keystore", ks.toString(),
                "--tls-keystore-password-file", pw.toString());
        assertEquals(0, p.exitCode(), err.toString());
        try (var server = p.server()) {
            assertEquals("https", server.uri().getScheme());
        }
        Files.writeString(pw, "wrong\n");
        assertEquals(1, prepare("--port", "0", "-d", dir.resolve("up").toString(), "--tls-keystore", ks.toString(),
                "--tls-keystore-password-file", pw.toString()).exitCode());
        assertTrue(!err.toString().contains("wrong"), "the password is never echoed");
    }

    @Test
    void startsOnAnEmbeddedDefaultAndPrintsTheUploadUrl() throws Exception {
        Main.Prepared p = prepare("--port", "0", "-d", dir.resolve("uploads").toString());
        assertEquals(0, p.exitCode(), err.toString());
        assertNotNull(p.server());
        try (var server = p.server()) {
            assertTrue(out.toString().contains("  " + server.uri() + "upload/\n"), out.toString());
            assertTrue(out.toString().contains("bitsadmin /transfer job /upload " + server.uri() + "upload/file.bin"
                    + " C:\\path\\file.bin"), out.toString());
            assertTrue(out.toString().contains("Bound to loopback only"), out.toString());
            assertTrue(Files.isDirectory(dir.resolve("uploads")));
        }
    }
}
