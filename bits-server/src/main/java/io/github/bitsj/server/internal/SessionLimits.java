// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open (non-tombstone) sessions in total and per directory and principal (SDK: Virtual Directory Cleanup), and holds the
 * per-client-address limits the directories check as well ({@link AddressLimits}).
 */
final class SessionLimits {
    private final int maxTotal;
    private final AddressLimits clients;
    private int total;
    private final Map<String, Integer> perOwner = new HashMap<>();

    /**
     * Creates the counter.
     *
     * @param maxTotal the most open sessions in total
     * @param clients the per-address limits
     */
    SessionLimits(int maxTotal, AddressLimits clients) {
        this.maxTotal = maxTotal;
        this.clients = clients;
    }

    AddressLimits clients() {
        return clients;
    }

    /**
     * Takes a slot, unless a limit is reached.
     *
     * @param key      directory + principal key
     * @param maxOwner the per-principal limit
     * @param force    take the slot even over a limit (recovery after restart)
     * @return whether the slot was taken
     */
    synchronized boolean acquire(String key, int maxOwner, boolean force) {
        int n = perOwner.getOrDefault(key, 0);
        if (!force && (total >= maxTotal || n >= maxOwner)) {
            return false;
        }
        total++;
        perOwner.put(key, n + 1);
        return true;
    }

    /**
     * Gives a slot back.
     *
     * @param key directory + principal key
     */
    synchronized void release(String key) {
        Integer n = perOwner.get(key);
        if (n == null) {
            return;
        }
        total--;
        if (n <= 1) {
            perOwner.remove(key);
        } else {
            perOwner.put(key, n - 1);
        }
    }
}
