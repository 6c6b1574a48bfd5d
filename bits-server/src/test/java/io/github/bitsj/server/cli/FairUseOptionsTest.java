// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bitsj.server.FairUseLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fair-use options (D43, D44) reach the library configuration; their defaults are the library's. */
class FairUseOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheLibrarys() throws Exception {
        assertEquals(FairUseLimits.defaults(),
                Settings.toConfig(Options.parse("-d", dir.toString())).fairUseLimits());
    }

    @Test
    void everyOptionReachesTheConfiguration() throws Exception {
        FairUseLimits f = Settings.toConfig(Options.parse("-d", dir.toString(),
                "--max-requests-per-address", "7", "--session-creates-per-minute", "0",
                "--max-anonymous-sessions-per-address", "9", "--max-fragmentless-sessions-per-address", "11",
                "--fragmentless-session-timeout", "2m", "--login-failures-per-address", "3",
                "--login-failures-per-user", "4", "--login-backoff", "30s", "--max-password-checks", "5"))
                .fairUseLimits();
        assertEquals(new FairUseLimits(7, 0, 9, 11, Duration.ofMinutes(2), 3, 4, Duration.ofSeconds(30), 5), f);
    }

    @Test
    void badValuesAreUsageErrors() {
        Options.UsageException e = assertThrows(Options.UsageException.class,
                () -> Options.parse("--max-password-checks", "0"));
        assertTrue(e.getMessage().contains("--max-password-checks"), e.getMessage());
        e = assertThrows(Options.UsageException.class, () -> Options.parse("--login-backoff", "10ms"));
        assertTrue(e.getMessage().contains("--login-backoff"), e.getMessage());
        assertThrows(Options.UsageException.class, () -> Options.parse("--session-creates-per-minute", "-1"));
    }
}
