// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.server.BitsServerConfig;
import io.github.bitsj.server.HttpEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP engines bits-server can run on (issue #9: {@code --engine jdk|jetty} on the command line, an engine option
 * in the library configuration), and how every harness passes the choice to the server it starts. Every bits-server
 * row of every harness is measured once per engine named in {@code --engines}.
 *
 * <p>This is the one place that knows how an engine is selected: {@code BitsServerConfig.Builder.engine} in process,
 * {@code --engine} for a server process. An engine not listed in {@link #available()} is reported and skipped, never
 * silently measured on another.
 */
final class Engines {
    private Engines() {}

    /** The JDK's built-in engine: the library's default. */
    static final String JDK = "jdk";

    /** Jetty 12 behind the JDK's {@code com.sun.net.httpserver} API (jetty-http-spi): the distribution's default. */
    static final String JETTY = "jetty";

    /**
     * Whether bits-server has the engine option ({@code --engine jdk|jetty}, {@code BitsServerConfig.engine}): since
     * issue #9 it has, and {@code org.eclipse.jetty:jetty-http-spi} is on bits-bench's class path.
     */
    static final boolean SERVER_HAS_ENGINE_OPTION = true;

    /** {@return the engines bits-server can be started with} */
    static List<String> available() {
        return SERVER_HAS_ENGINE_OPTION ? List.of(JDK, JETTY) : List.of(JDK);
    }

    /**
     * Splits a requested engine list into the ones that can run and notes the others.
     *
     * @param requested engine names from the command line
     * @param notes where a skipped engine is explained
     * @return the engines to run, in the requested order
     */
    static List<String> select(List<String> requested, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (String e : requested) {
            if (available().contains(e)) {
                out.add(e);
            } else {
                notes.add("engine '" + e + "' skipped: bits-server on this commit has no engine option yet (issue #9);"
                        + " only " + available() + " ran.");
            }
        }
        return out;
    }

    /**
     * {@return the command-line arguments that select {@code engine} in {@code io.github.bitsj.server.cli.Main}}
     * Once the option exists it is always passed, since the distribution's default engine is not the library's.
     *
     * @param engine an engine from {@link #available()}
     */
    static List<String> cliArgs(String engine) {
        require(engine);
        return SERVER_HAS_ENGINE_OPTION ? List.of("--engine", engine) : List.of();
    }

    /**
     * Selects {@code engine} in a library configuration.
     *
     * @param builder the configuration being built
     * @param engine an engine from {@link #available()}
     * @return the builder
     */
    static BitsServerConfig.Builder configure(BitsServerConfig.Builder builder, String engine) {
        require(engine);
        return builder.engine(engine.equals(JETTY) ? HttpEngine.JETTY : HttpEngine.JDK);
    }

    /** {@return the table name of bits-server on {@code engine}, e.g. {@code bits-server (jdk)}} */
    static String targetName(String engine) {
        return Report.BITS + " (" + engine + ")";
    }

    private static void require(String engine) {
        if (!available().contains(engine)) {
            throw new IllegalArgumentException("engine " + engine + " is not available on this commit");
        }
    }
}
