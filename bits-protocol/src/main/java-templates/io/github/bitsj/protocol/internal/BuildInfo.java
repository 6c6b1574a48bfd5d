// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol.internal;

/**
 * Facts about this build of bitsj, written in by the build: this file is a template under
 * {@code src/main/java-templates}, filtered by maven-resources-plugin into {@code target/generated-sources}. The
 * command lines' {@code --version} and the client's default {@code User-Agent} read it, so the version is stated once,
 * in the pom.
 */
public final class BuildInfo {
    /** The project version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}; a compile-time constant. */
    public static final String VERSION = "${project.version}";

    private BuildInfo() {
    }
}
