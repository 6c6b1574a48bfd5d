// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The session ids the random part of the fuzz may name: ids the server minted for random Create-Sessions (live, with
 * the target they were created for), and ids of sessions a random Close or Cancel ended. The stateful part keeps its
 * own sessions out of this pool, so random packets never touch the uploads whose bytes it verifies.
 */
public final class SessionPool {
    /** A live session. @param id its id @param target the target it was created for */
    public record Live(String id, String target) {}

    private final List<Live> live = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();

    /** @param id a new id the server minted @param target the target of its Create-Session */
    public void minted(String id, String target) {
        live.add(new Live(id, target));
    }

    /** @param id an id whose session a Close or Cancel ended */
    public void ended(String id) {
        if (live.removeIf(l -> l.id().equals(id))) {
            ended.add(id);
            if (ended.size() > 200) {
                ended.remove(0);
            }
        }
    }

    /** {@return how many live ids there are} */
    public int liveCount() {
        return live.size();
    }

    /** {@return the oldest live session (to be cancelled so the pool stays bounded)} */
    public Live oldest() {
        return live.get(0);
    }

    /** {@return a live session, or null if none} @param r the randomness */
    public Live pick(Random r) {
        return live.isEmpty() ? null : live.get(r.nextInt(live.size()));
    }

    /** {@return a live id, or null if none} @param r the randomness */
    public String live(Random r) {
        Live l = pick(r);
        return l == null ? null : l.id();
    }

    /** {@return an ended id, or null if none} @param r the randomness */
    public String ended(Random r) {
        return ended.isEmpty() ? null : ended.get(r.nextInt(ended.size()));
    }
}
