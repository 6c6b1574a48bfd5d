// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.launcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The Main-Class of the self-contained {@code bits-server-VERSION-all.jar}. Compiled for Java 8 (its own compiler
 * execution in the pom), so that {@code java -jar} on a Java older than 21 says so in one line instead of failing with
 * {@code UnsupportedClassVersionError}; on Java 21 or newer it hands the arguments to
 * {@code io.github.bitsj.server.cli.Main}. Only the jar needs it: the runtime image and {@code java -m} start the
 * command line directly.
 */
public final class Launcher {
    private static final String MAIN = "io.github.bitsj.server.cli.Main";
    private static final int NEEDED = 21;

    private Launcher() {
    }

    /**
     * Checks the Java version, then runs the command line.
     *
     * @param args the command line
     * @throws Throwable whatever the command line throws
     */
    public static void main(String[] args) throws Throwable {
        String spec = System.getProperty("java.specification.version", "0"); // "1.8", "17", "25"
        int feature = feature(spec.startsWith("1.") ? spec.substring(2) : spec);
        if (feature < NEEDED) {
            System.err.println("bitsj needs Java " + NEEDED + " or newer; found " + (feature > 0 ? feature : spec)
                    + " at " + System.getProperty("java.home"));
            System.exit(1);
        }
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(MAIN), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    private static int feature(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && n < 10_000; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
