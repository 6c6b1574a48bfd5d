// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import java.util.List;

/** bits-client against the raw driver on the same bits-server; needs both on this branch. */
final class ClientComparison {
    private ClientComparison() {}

    static void run(LoadHarness.Run run, List<Targets.Handle> handles) {
        run.note("bits-client is not on this branch: the client comparison is missing.");
    }
}
