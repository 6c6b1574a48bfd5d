// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.server.BitsServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP engines bits-server can run on (issue #9: {@code --engine jdk|jetty} on the command line, an engine option
 * in the library configuration), and how every harness passes the choice to the server it starts. Every bits-server
 * row of every harness is measured once per engine named in {@code --engines}.
 *
 * <p>This is the one place that knows how an engine is selected. Until the server has the option, only {@code jdk}
 * (the JDK's built-in {@code com.sun.net.httpserver} engine, today's only one) runs; asking for another engine is
 * reported and skipped, never silently measured on the JDK engine.
 */
final class Engines {
    private Engines() {}

    /** The JDK's built-in engine: the library's default, and today the only one. */
    static final String JDK = "jdk";

    /** Jetty 12 behind the JDK's {@code HttpServerProvider} SPI (issue #9): the distribution's default-to-be. */
    static final String JETTY = "jetty";

    /**
     * Whether bits-server has the engine option yet.
     *
     * <p>TODO(issue 9): set to {@code true} once {@code --engine jdk|jetty} and the library's engine option exist
     * (and add {@code org.eclipse.jetty:jetty-http-spi} to bits-bench's dependencies, since it is optional in
     * bits-server); then every bits-server row runs per engine and {@code --engines jdk,jetty} becomes the default.
     * {@link #configure} is the other line that changes with it.
     */
    static final boolean SERVER_HAS_ENGINE_OPTION = false;

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
        // TODO(issue 9): once BitsServerConfig has its engine option, select it here, e.g.
        //   builder.engine(engine.equals(JETTY) ? Engine.JETTY : Engine.JDK);
        return builder;
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
