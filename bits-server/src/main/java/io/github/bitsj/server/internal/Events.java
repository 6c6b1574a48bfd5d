// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

/**
 * The server's JFR events, guarded: every {@code jdk.jfr} reference lives in {@link JfrEvents}, which is only
 * loaded when the {@code jdk.jfr} module is present, so a runtime without it still works (STYLE §2.2).
 */
final class Events {
    private static final boolean ENABLED = jfrPresent();

    private Events() {}

    private static boolean jfrPresent() {
        try {
            ModuleLayer layer = Events.class.getModule().getLayer();
            if (layer == null) {
                layer = ModuleLayer.boot();
            }
            return layer.findModule("jdk.jfr").isPresent() && JfrEvents.init();
        } catch (Throwable t) {
            return false;
        }
    }

    static void sessionCreated(String id, String destination) {
        if (ENABLED) {
            JfrEvents.sessionCreated(id, destination);
        }
    }

    /** {@return a token for {@link #fragment}: the started event, so the event's duration covers the write} */
    static Object fragmentBegin() {
        return ENABLED ? JfrEvents.fragmentBegin() : null;
    }

    static void fragment(Object begun, String id, long first, long written, long received) {
        if (begun != null) {
            JfrEvents.fragment(begun, id, first, written, received);
        }
    }

    static void committed(String id, String destination, long bytes) {
        if (ENABLED) {
            JfrEvents.committed(id, destination, bytes);
        }
    }

    static void ended(String id, String how, boolean complete) {
        if (ENABLED) {
            JfrEvents.ended(id, how, complete);
        }
    }
}
