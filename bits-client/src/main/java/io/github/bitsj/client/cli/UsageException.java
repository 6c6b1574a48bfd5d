// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

/** A command-line mistake; the message is shown to the user, and the exit code is {@link Main#USAGE}. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
