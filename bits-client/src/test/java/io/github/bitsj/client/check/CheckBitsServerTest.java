// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.HttpEngine;
import io.github.bitsj.server.testkit.TlsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance kit against a real {@code bits-server} on loopback, with {@code --root}: every case passes except
 * the documented known gaps ({@link KitRun#KNOWN_GAPS}), over HTTP and HTTPS, on both engines; where the spec allows several
 * behaviours, the server's other configurations pass too and the report names the behaviour chosen.
 */
@Timeout(180)
class CheckBitsServerTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void everyCasePassesOverHttpExceptTheKnownGaps(HttpEngine engine) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path md = dir.resolve("report.md");
        Path xml = dir.resolve("report.xml");
        try (BitsServer server = KitRun.server(root, d -> d, c -> c.engine(engine))) {
            KitRun run = KitRun.run(server.uri().resolve("upload/").toString(), "--root", root.toString(),
                    "--report", md.toString(), "--report", xml.toString());
            run.assertOnlyKnownGaps(Set.of());
            assertEquals(0, server.openSessions(), "the kit cancels the sessions it opens");
        }
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of("BITS-Sessions"), left.map(p -> p.getFileName().toString()).toList(),
                    "the kit deletes what it uploaded into --root");
        }
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(report.contains("| PASS | `fragment-gap` |"), report);
        assertTrue(report.contains("MC-BUP §3.2.5.2.6"), report);
        assertTrue(report.contains("403 + E_ACCESSDENIED"), "the report names the behaviour chosen:\n" + report);
        String junit = Files.readString(xml, StandardCharsets.UTF_8);
        assertTrue(junit.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"bits-conformance\" "
                + "tests=\"" + Suite.all().size() + "\" failures=\"" + KitRun.KNOWN_GAPS.size() + "\""), junit);
        assertEquals(Suite.all().size(), junit.split("<testcase ", -1).length - 1, junit);
        assertEquals(KitRun.KNOWN_GAPS.size(), junit.split("<failure ", -1).length - 1, junit);
        assertTrue(junit.endsWith("</testsuite>\n"), junit);
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void everyCasePassesOverHttpsExceptTheKnownGaps(HttpEngine engine) throws Exception {
        // the project's one TLS fixture (bits-server's test-jar); the client's own copies of the keys are gone
        SSLContext ctx = TlsFixture.serverContext();
        Path trust = TlsFixture.writeTrustStore(dir.resolve("trust.p12"));
        Path root = Files.createDirectories(dir.resolve("root"));
        try (BitsServer server = KitRun.server(root, d -> d, c -> c.sslContext(ctx).engine(engine))) {
            String url = server.uri().resolve("upload/").toString();
            KitRun run = KitRun.run(Map.of("TRUST_PW", TlsFixture.PASSWORD), url, "--root", root.toString(),
                    "--trust-store", trust.toString(), "--trust-store-password-env", "TRUST_PW");
            run.assertOnlyKnownGaps(Set.of());
        }
    }

    @Test
    void theOtherAllowedBehavioursPassTooAndAreReported() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path md = dir.resolve("strict.md");
        try (BitsServer server = KitRun.server(root, d -> d.strictRanges(true).allowOverwrites(true), c -> c)) {
            KitRun run = KitRun.run(server.uri().resolve("upload/").toString(), "--root", root.toString(),
                    "--only", "fragment-overlap,fragment-duplicate,existing-destination,resume-interrupted-fragment",
                    "--report", md.toString());
            assertEquals(CheckCommand.OK, run.exitCode(), run.out());
            assertEquals(Set.of("fragment-overlap", "fragment-duplicate", "existing-destination",
                    "resume-interrupted-fragment"), run.with(Case.Result.PASS), run.out());
            assertTrue(run.lines().get("fragment-overlap").reason().startsWith("416 with offset 1000 (MC-BUP"),
                    run.out());
            assertTrue(run.lines().get("existing-destination").reason().startsWith("200: overwrites are allowed"),
                    run.out());
        }
        assertTrue(Files.readString(md).contains("416 with the received offset (MC-BUP §3.2.5.2.6)"));
    }

    @Test
    void withoutRootTheFileSystemChecksAreLeftOutAndNoted() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        try (BitsServer server = KitRun.server(root, d -> d, c -> c)) {
            KitRun run = KitRun.run(server.uri().resolve("upload/").toString(),
                    "--only", "fragment-in-order,existing-destination,directory-destination");
            assertEquals(CheckCommand.OK, run.exitCode(), run.out());
            assertEquals("offsets [1000, 2000, 2500], Close-Session 200", run.lines().get("fragment-in-order").reason());
            assertTrue(run.out().contains("no --root: file-system checks off"), run.out());
        }
    }
}
