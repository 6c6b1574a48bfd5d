// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.nio.file.Path;
import java.util.List;

/** The rule that keeps upload directories' storage roots apart (checked at build and again at start). */
final class StorageRoots {
    private StorageRoots() {}

    /**
     * Refuses storage roots that are equal or nested: one directory's destination namespace would then contain
     * another directory's session area (its staging files and metadata, digest §6.3), and two directories would
     * manage one session area.
     *
     * @param roots the storage roots (absolute, normalised; real paths at start)
     * @throws IllegalArgumentException if two roots overlap
     */
    static void checkDisjoint(List<Path> roots) {
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
