// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One named conformance case: what it checks, the public sections it checks it against (MC-BUP, the Win32 SDK pages,
 * and the bitsj decision where they leave a question open), and the code that runs it.
 *
 * @param name the name used by {@code --only} and in reports, e.g. {@code fragment-gap}
 * @param group the group in reports, e.g. {@code Fragment}
 * @param sections the sections checked, e.g. {@code MC-BUP §3.2.5.2.6; SDK:fragment; Fragment table row 10}
 * @param checks one sentence: what a passing server does
 * @param body the code
 */
record Case(String name, String group, String sections, String checks, Body body) {

    Case {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sections, "sections");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(body, "body");
    }

    /** The code of a case. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the case; returns normally when the server passed it.
         *
         * @param ctx the case's context: connections, protocol steps with their checks, notes
         * @return what the server did, for the PASS line (e.g. the behaviour it chose)
         * @throws Exception a failure the context did not classify (reported as FAIL with the exception)
         */
        String run(CaseContext ctx) throws Exception;
    }

    /** How a case ended. */
    enum Result { PASS, FAIL, SKIP }

    /**
     * The result of running a case.
     *
     * @param test the case
     * @param result pass, fail or skip
     * @param reason the one-line reason: what passed, the broken rule, or why it was skipped
     * @param notes the behaviours the server chose where the spec allows several, and other observations
     * @param elapsed how long it ran
     */
    record Outcome(Case test, Result result, String reason, List<String> notes, Duration elapsed) {
        Outcome {
            notes = List.copyOf(notes);
        }
    }

    /** Ends a case with FAIL; the message names the broken rule. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Ends a case with SKIP; the message says what the case needs. */
    static final class Skip extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Skip(String reason) {
            super(reason, null, false, false);
        }
    }
}
