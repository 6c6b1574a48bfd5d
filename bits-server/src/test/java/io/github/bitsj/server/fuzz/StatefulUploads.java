// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import io.github.bitsj.server.fuzz.WireConnection.Answer;
import io.github.bitsj.server.fuzz.WireConnection.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The stateful part of the fuzz: up to three real uploads at a time, each created with Create-Session and fed
 * Fragments in order, overlapping what was received, duplicating it, leaving a gap, announcing another total, or cut
 * off mid-body, interleaved with the random requests on the same connections. It follows the server's
 * {@code BITS-Received-Content-Range} like a client (MC-BUP §2.2.7.2, §3.1.5.1.4), and checks it: an in-order or overlapping
 * Fragment moves it to its end, a gap is 416 and moves nothing, it never goes back nor past the total. A Close-Session
 * of a complete upload must commit exactly the uploaded bytes; a Cancel-Session must commit nothing.
 */
final class StatefulUploads {
    private static final int MAX_ACTIVE = 3;

    private final FuzzDriver driver;
    private final Random r;
    private final Map<String, Path> roots;
    private final List<Upload> active = new ArrayList<>();
    private int serial;

    /** One tracked upload. */
    private static final class Upload {
        final String target;
        final Path file;
        final byte[] content;
        String session;
        long received;
        /** After an aborted Fragment the server may hold more than {@link #received}. */
        boolean uncertain;
        /**
         * A Fragment of this upload was aborted: its request may still reach the server's handler after later ones
         * (another connection) and store bytes past what they acknowledged, as the protocol allows, so the received
         * offset may grow beyond what this model knows at any later answer.
         */
        boolean aborted;
        /** Whether a Fragment was accepted (an empty file needs its one empty-file Fragment before the Close). */
        boolean accepted;

        Upload(String target, Path file, byte[] content) {
            this.target = target;
            this.file = file;
            this.content = content;
        }
    }

    StatefulUploads(FuzzDriver driver, Random r, Map<String, Path> roots) {
        this.driver = driver;
        this.r = r;
        this.roots = roots;
    }

    /** Advances one upload by one packet (or starts a new one). */
    void step() {
        if (active.size() < MAX_ACTIVE && (active.isEmpty() || r.nextInt(4) == 0)) {
            start();
            return;
        }
        Upload u = active.get(r.nextInt(active.size()));
        long total = u.content.length;
        if (u.received == total && !u.uncertain && u.accepted) {
            close(u);
            return;
        }
        if (u.received == total && total > 0) {
            // after an abort with everything sent: resend the last byte to learn where the server is
            fragment(u, "state.overlap", total - 1, total, total);
            return;
        }
        if (u.uncertain) {
            // after an abort the server may hold more than we know: resynchronise before anything else
            fragment(u, "state.in-order", u.received, Math.min(total, u.received + 1 + r.nextInt(65_536)), total);
            return;
        }
        int roll = r.nextInt(100);
        if (roll < 3) {
            cancel(u);
        } else if (roll < 10 && total > 0) {
            abort(u);
        } else if (roll < 14 && u.received > 0 && !u.uncertain) {
            fragment(u, "state.wrong-total", u.received, Math.min(total, u.received + 1 + r.nextInt(4096)),
                    total + 1 + r.nextInt(100));
        } else if (roll < 24 && u.received + 1 < total) {
            long first = u.received + 1 + r.nextInt((int) Math.min(10_000, total - u.received - 1));
            fragment(u, "state.gap", first, Math.min(total, first + 1 + r.nextInt(4096)), total);
        } else if (roll < 32 && u.received > 0) {
            long first = r.nextInt((int) u.received);
            fragment(u, "state.duplicate", first, first + 1 + r.nextInt((int) (u.received - first)), total);
        } else if (roll < 50 && u.received > 0 && u.received < total) {
            long first = u.received - 1 - r.nextInt((int) Math.min(u.received, 8192));
            fragment(u, "state.overlap", first, Math.min(total, u.received + 1 + r.nextInt(16_384)), total);
        } else {
            fragment(u, "state.in-order", u.received, Math.min(total, u.received + 1 + r.nextInt(65_536)), total);
        }
    }

    /** Completes every active upload (in order), so that each one's file is checked. */
    void finish() {
        for (int guard = 0; !active.isEmpty() && guard < 300; guard++) {
            Upload u = active.get(0);
            if (u.received == u.content.length && !u.uncertain && u.accepted) {
                close(u);
            } else {
                long first = u.received == u.content.length && u.content.length > 0 ? u.received - 1 : u.received;
                fragment(u, "state.in-order", first, u.content.length, u.content.length);
            }
        }
        for (Upload u : active) {
            fail("state.finish", u, null, "could not be completed");
        }
    }

    private void start() {
        String prefix = r.nextInt(4) == 0 ? "/other/sub/" : "/upload/";
        String name = "st" + (++serial) + ".bin";
        int size = switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1 + r.nextInt(10);
            case 2 -> 100_000 + r.nextInt(200_000);
            default -> 1 + r.nextInt(40_000);
        };
        byte[] content = new byte[size];
        r.nextBytes(content);
        Upload u = new Upload(prefix + name, roots.get(prefix).resolve(name), content);
        Answer a = driver.exchange(new Draft(u.target).header("BITS-Packet-Type", "Create-Session")
                .header("BITS-Supported-Protocols", RequestGenerator.PROTOCOL).build("state.create"));
        if (a == null || a.status() != 200 || a.header("BITS-Session-Id") == null) {
            fail("state.create", u, a, "Create-Session not 200 with an id");
            return;
        }
        u.session = a.header("BITS-Session-Id");
        active.add(u);
        count("started");
    }

    /** Bytes {@code [first, end)} of the file; the empty-file range when the file is empty. */
    private Draft fragmentDraft(Upload u, long first, long end, long total) {
        Draft d = new Draft(u.target).header("BITS-Packet-Type", "Fragment").header("BITS-Session-Id", u.session);
        if (u.content.length == 0) {
            d.header("Content-Range", "bytes 0--1/0");
        } else {
            d.header("Content-Range", "bytes " + first + "-" + (end - 1) + "/" + total);
            d.body = Arrays.copyOfRange(u.content, (int) first, (int) end);
        }
        d.packet = "Fragment";
        d.session = u.session;
        return d;
    }

    private void fragment(Upload u, String action, long first, long end, long total) {
        Answer a = driver.exchange(fragmentDraft(u, first, end, total).build(action));
        if (a == null || a.outcome() != Outcome.RESPONSE) {
            u.uncertain = true; // the connection failed: the next Ack says where the server is
            return;
        }
        String rcr = a.header("BITS-Received-Content-Range");
        long now;
        try {
            now = rcr == null ? -1 : Long.parseLong(rcr);
        } catch (NumberFormatException e) {
            now = -1;
        }
        boolean wrongTotal = action.equals("state.wrong-total");
        if (wrongTotal) {
            if (a.status() == 200) {
                fail(action, u, a, "a Fragment announcing another total was accepted");
            }
            return;
        }
        if (now < 0) {
            fail(action, u, a, "no BITS-Received-Content-Range");
            return;
        }
        long before = u.received;
        long expectedEnd = u.content.length == 0 ? 0 : end;
        boolean ok = switch (action) {
            case "state.in-order", "state.overlap" -> u.uncertain
                    ? (a.status() == 200 || a.status() == 416) && now >= before
                    : u.aborted
                            ? (a.status() == 200 || a.status() == 416) && now >= before
                            : a.status() == 200 && now == Math.max(before, expectedEnd);
            case "state.gap" -> u.aborted
                    ? (a.status() == 200 || a.status() == 416) && now >= before // late bytes may fill the gap
                    : a.status() == 416 && (u.uncertain ? now >= before : now == before);
            case "state.duplicate" -> (a.status() == 200 || a.status() == 416)
                    && (u.uncertain || u.aborted ? now >= before : now == before);
            default -> throw new IllegalArgumentException(action);
        };
        if (!ok || now > u.content.length) {
            fail(action, u, a, "range " + first + "-" + end + "/" + total + ": received " + before + " -> " + now);
        }
        u.received = Math.min(now, u.content.length);
        u.uncertain = false;
        u.accepted |= a.status() == 200;
        count(action);
    }

    private void abort(Upload u) {
        long end = Math.min(u.content.length, u.received + 2 + r.nextInt(65_536));
        driver.abort(fragmentDraft(u, u.received, end, u.content.length).build("state.abort"));
        u.uncertain = true;
        u.aborted = true;
        count("state.abort");
    }

    private void close(Upload u) {
        active.remove(u);
        Answer a = driver.exchange(new Draft(u.target).header("BITS-Packet-Type", "Close-Session")
                .header("BITS-Session-Id", u.session).build("state.close"));
        if (a == null || a.status() != 200) {
            fail("state.close", u, a, "Close-Session of a complete upload not 200");
            return;
        }
        try {
            if (!Arrays.equals(u.content, Files.readAllBytes(u.file))) {
                fail("state.close", u, a, "the committed file differs from the bytes uploaded");
                return;
            }
        } catch (IOException e) {
            fail("state.close", u, a, "the committed file cannot be read: " + e);
            return;
        }
        count("uploads-verified");
    }

    private void cancel(Upload u) {
        active.remove(u);
        Answer a = driver.exchange(new Draft(u.target).header("BITS-Packet-Type", "Cancel-Session")
                .header("BITS-Session-Id", u.session).build("state.cancel"));
        if (a == null || a.status() != 200) {
            fail("state.cancel", u, a, "Cancel-Session not 200");
        }
        if (Files.exists(u.file)) {
            fail("state.cancel", u, a, "a cancelled upload was committed");
        }
        count("uploads-cancelled");
    }

    private void fail(String action, Upload u, Answer a, String why) {
        driver.stats().violation("stateful", action, u.target + " (" + u.content.length + " bytes, session "
                + u.session + "): " + why + "; answer " + (a == null ? "none" : a.outcome() + " " + a.status() + " "
                + a.headers()));
    }

    private void count(String what) {
        driver.stats().stateful.merge(what, 1L, Long::sum);
    }

}
