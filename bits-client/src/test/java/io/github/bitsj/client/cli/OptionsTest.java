// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.RetryPolicy;
import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.internal.Units;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The usage text, the parser and the library defaults agree (issue #8: the module javadoc had drifted). */
class OptionsTest {

    /** The option lines of the usage text. */
    static List<String> optionLines() {
        return Options.usage().lines().filter(OptionsTest::isOptionLine).toList();
    }

    /** An option's first line (not a help text continued under the column, which may start with an option too). */
    static boolean isOptionLine(String line) {
        return line.matches("  (-., |    )--\\S.*");
    }

    /** The flags an option line names, e.g. {@code -f} and {@code --fragment-size}. */
    static List<String> flags(String line) {
        List<String> out = new ArrayList<>();
        for (String token : line.trim().split("[ ,]+")) {
            if (token.startsWith("-")) {
                out.add(token);
            } else {
                break;
            }
        }
        return out;
    }

    static String sample(String arg) {
        return switch (arg) {
            case "SIZE" -> "16K";
            case "TIME" -> "5s";
            case "bar|lines|none" -> "lines";
            case "'NAME: VALUE'" -> "X-A: b";
            default -> "x";
        };
    }

    /** The module javadoc carries the usage text (STYLE §2.2); it must not drift from what --help prints. */
    @Test
    void moduleJavadocCarriesTheCurrentUsageText() throws Exception {
        String src = Files.readString(Path.of("src/main/java/module-info.java"));
        String pre = src.substring(src.indexOf("<pre>\n") + 6, src.indexOf(" * </pre>"));
        String doc = pre.lines().map(l -> l.equals(" *") ? "" : l.substring(3))
                .collect(Collectors.joining("\n", "", "\n"));
        assertEquals(Options.usage(), doc);
    }

    @Test
    void everyOptionTheParserKnowsIsInTheUsageAndTheOtherWayRound() throws Exception {
        List<String> lines = optionLines();
        assertEquals(Options.SPECS.size(), lines.size(), Options.usage());
        for (Options.Spec s : Options.SPECS) {
            String line = lines.stream().filter(l -> flags(l).contains("--" + s.longName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no usage line for --" + s.longName()));
            if (s.shortName() != null) {
                assertTrue(flags(line).contains("-" + s.shortName()), line);
            }
        }
        for (String line : lines) {
            Options.Spec spec = Options.SPECS.get(lines.indexOf(line));
            for (String flag : flags(line)) {
                List<String> args = new ArrayList<>(List.of("upload", "a", "http://h/x", flag));
                if (spec.arg() != null) {
                    args.add(sample(spec.arg()));
                }
                Options.parse(args.toArray(String[]::new));   // throws UsageException for an unknown option
            }
        }
    }

    @Test
    void theDefaultsInTheUsageAreTheLibraryDefaults() throws Exception {
        String usage = Options.usage().replaceAll("\\s+", " ");
        assertTrue(usage.contains("--retry-delay TIME first wait after a transient error (default "
                + Units.formatDuration(RetryPolicy.defaults().initialDelay()) + ")"), usage);
        assertTrue(usage.contains("(default " + Units.formatDuration(RetryPolicy.defaults().noProgressTimeout())
                + ", as BITS; 2m in a terminal;"), usage);
        assertEquals("14d", Units.formatDuration(RetryPolicy.defaults().noProgressTimeout()));
        assertTrue(usage.contains("--timeout TIME per-request response timeout (default "
                + Units.formatDuration(BitsClient.DEFAULT_REQUEST_TIMEOUT) + ")"), usage);
        assertTrue(usage.contains("largest adaptive fragment (default "
                + FragmentPolicy.defaults().maxSize() / (1024 * 1024) + "M)"), usage);
        assertEquals(ClientLimits.MAX_FRAGMENT_SIZE, FragmentPolicy.defaults().maxSize());

        // and a command line without the options builds a client with exactly those defaults
        Options none = Options.parse("upload", "a", "http://h/x");
        assertEquals(RetryPolicy.defaults(), ClientFactory.retryPolicy(none, false));
        assertEquals(ClientFactory.INTERACTIVE_GIVE_UP, ClientFactory.retryPolicy(none, true).noProgressTimeout());
        assertEquals(Duration.ofHours(1), ClientFactory.retryPolicy(
                Options.parse("upload", "a", "http://h/x", "--give-up-after", "1h"), true).noProgressTimeout());
        try (BitsClient c = ClientFactory.build(none, Map.of(), null)) {
            assertEquals(RetryPolicy.defaults(), c.retryPolicy());
            assertEquals(FragmentPolicy.defaults(), c.fragmentPolicy());
        }
        Options some = Options.parse("upload", "a", "http://h/x", "--retry-delay", "7", "--give-up-after", "0s",
                "--max-fragment-size", "64K");
        try (BitsClient c = ClientFactory.build(some, Map.of(), null)) {
            assertEquals(7, c.retryPolicy().initialDelay().toSeconds());
            assertEquals(RetryPolicy.defaults().maxDelay(), c.retryPolicy().maxDelay());
            assertTrue(c.retryPolicy().noProgressTimeout().isZero());
            assertEquals(FragmentPolicy.adaptive(64 * 1024, 64 * 1024), c.fragmentPolicy());
        }
    }

    @Test
    void sizesTakeKAndMWithinTheProtocolBounds() throws Exception {
        assertEquals(16 * 1024, Options.size("-f", "16K"));
        assertEquals(13 * 1024 * 1024, Options.size("-f", "13m"));
        assertEquals(5120, Options.size("-f", "5120"));
        for (String bad : new String[] {"4K", "14M", "", "K", "+5K", "1.5M", "\u0661\u0662K"}) {
            org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> Options.size("-f", bad), bad);
        }
        assertEquals("13M", Options.size(ClientLimits.MAX_FRAGMENT_SIZE));
        assertEquals("5K", Options.size(ClientLimits.MIN_FRAGMENT_SIZE));
        assertEquals("5000", Options.size(5000));
    }

    @Test
    void durationsTakeUnitsAndBareSeconds() throws Exception {
        Options o = Options.parse("upload", "a", "http://h/x", "--timeout", "30", "--retry-delay", "500ms",
                "--give-up-after", "14d");
        assertEquals(Duration.ofSeconds(30), o.timeout);
        assertEquals(Duration.ofMillis(500), o.retryDelay);
        assertEquals(Duration.ofDays(14), o.giveUpAfter);
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> Options.parse("upload", "a", "http://h/x", "--timeout", "5 min"));
        assertTrue(e.getMessage().contains("invalid value for --timeout"), e.getMessage());
    }

    @Test
    void helpIsWrappedToColumnsAndNoLineIsLonger() {
        for (int columns : new int[] {40, 60, 80, 100, 172}) {
            String usage = Options.usage(columns);
            for (String line : usage.lines().toList()) {
                assertTrue(line.length() < columns, columns + ": " + line);
            }
            assertEquals(Options.SPECS.size(), usage.lines().filter(OptionsTest::isOptionLine).count());
        }
        assertEquals(80, HelpText.width(Map.of()));
        assertEquals(120, HelpText.width(Map.of("COLUMNS", "120")));
        assertEquals(HelpText.MIN_WIDTH, HelpText.width(Map.of("COLUMNS", "3")));
        assertEquals(80, HelpText.width(Map.of("COLUMNS", "wide")));
        assertTrue(Options.usage(172).lines().anyMatch(l -> l.length() > 80), "wide terminals use their width");
    }
}
