// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.SessionId;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** The validation of an {@link UploadDirectory} when it is built: one place for the rules of its settings. */
final class UploadDirectoryRules {
    private UploadDirectoryRules() {}

    /**
     * Checks a directory's settings.
     *
     * @param d the directory being built
     * @throws IllegalArgumentException if a setting is invalid
     */
    static void check(UploadDirectory d) {
        if (d.maxUploadSize() < 0) {
            throw new IllegalArgumentException("maxUploadSize must be >= 0");
        }
        if (d.maxFragmentSize() < 1) {
            throw new IllegalArgumentException("maxFragmentSize must be >= 1");
        }
        if (d.sessionTimeout().isNegative() || d.sessionTimeout().toSeconds() < 1) {
            throw new IllegalArgumentException("sessionTimeout must be at least 1 second");
        }
        if (d.maxSessionsPerPrincipal() < 1) {
            throw new IllegalArgumentException("maxSessionsPerPrincipal must be >= 1");
        }
        if (d.hostIdFallbackTimeout().isPresent() && d.hostId().isEmpty()) {
            throw new IllegalArgumentException("hostIdFallbackTimeout needs a hostId");
        }
        if (d.hostId().isPresent()) {
            // the protocol model's own rules for the Create-Session Ack (SDK: BITS IIS Extension Properties (BITSHostId), MC-BUP §2.2.3.2)
            new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, SessionId.random(), d.hostId(),
                    d.hostIdFallbackTimeout().map(t -> OptionalLong.of(t.toSeconds())).orElse(OptionalLong.empty()),
                    List.of());
        }
        String area = d.sessionDirectoryName();
        if (area.isEmpty() || area.startsWith(".")
                || !area.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("sessionDirectoryName must be a plain file name");
        }
    }

    /**
     * Refuses storage roots that are equal or nested: one directory's destination namespace would then contain
     * another directory's session area (its staging files and metadata, SDK: BITS IIS Extension Properties), and two directories would
     * manage one session area.
     *
     * @param roots the storage roots (absolute, normalised; real paths at start)
     * @throws IllegalArgumentException if two roots overlap
     */
    static void checkDisjointRoots(List<Path> roots) {
        for (int i = 0; i < roots.size(); i++) {
            for (int j = i + 1; j < roots.size(); j++) {
                if (roots.get(i).startsWith(roots.get(j)) || roots.get(j).startsWith(roots.get(i))) {
                    throw new IllegalArgumentException("storage roots must not be equal or nested: " + roots.get(i)
                            + " and " + roots.get(j));
                }
            }
        }
    }
}
