// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The counts of a fuzz run and its violations, each keyed {@code "<check> <category>"} (checks: {@code non-ack},
 * {@code wrong-answer}, {@code desync}, {@code hang}, {@code stateful}), with the first examples of each.
 */
public final class FuzzStats {
    private static final int EXAMPLES = 3;

    /** Requests sent (not counting the desync Pings), by category. */
    public final Map<String, Long> sent = new TreeMap<>();
    /** Answers by status, or by outcome ({@code CLOSED}, {@code TIMEOUT}, {@code MALFORMED}) when there was none. */
    public final Map<String, Long> answers = new TreeMap<>();
    /** Requests answered by nothing but a closed connection, by category. */
    public final Map<String, Long> unanswered = new TreeMap<>();
    /** Violations by key. */
    public final Map<String, Long> violations = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();
    /** Answers cut off by a connection reset after they began, by category. */
    public final Map<String, Long> resets = new TreeMap<>();
    /** Aborts, by the category of the request cut off (the mode is in {@link #sent}). */
    public final Map<String, Long> aborts = new TreeMap<>();
    /** Stateful outcomes (uploads verified, cancelled...). */
    public final Map<String, Long> stateful = new TreeMap<>();
    /** Nanoseconds spent per category (request and its desync check). */
    public final Map<String, Long> nanos = new TreeMap<>();
    /** The longest wait for one answer, in ms (the read timeout bounds it). */
    public long slowestAnswerMillis;
    public long pipelines;
    public long pipelined;
    public long desyncChecks;
    /** Desync Pings that found the connection closed although the answer before did not say so. */
    public long closedUnannounced;
    public long connections;
    public long bitsPostAnswers;

    void sent(String category) {
        sent.merge(category, 1L, Long::sum);
    }

    void time(String category, long n) {
        nanos.merge(category, n, Long::sum);
    }

    /** {@return the categories that took the most time, in ms} @param n how many */
    public Map<String, Long> slowest(int n) {
        return nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / 1_000_000, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    void answer(String key) {
        answers.merge(key, 1L, Long::sum);
    }

    /**
     * Counts a violation.
     *
     * @param check the check
     * @param category the category
     * @param detail an example
     */
    public void violation(String check, String category, String detail) {
        String key = check + " " + category;
        violations.merge(key, 1L, Long::sum);
        List<String> e = examples.computeIfAbsent(key, k -> new ArrayList<>());
        if (e.size() < EXAMPLES) {
            e.add(detail);
        }
    }

    /** {@return the total number of requests sent} */
    public long total() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@return the total of a check's violations} @param check the check */
    public long count(String check) {
        return violations.entrySet().stream().filter(e -> e.getKey().startsWith(check + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** {@return the examples of a violation key} @param key the key */
    public List<String> examples(String key) {
        return examples.getOrDefault(key, List.of());
    }

    /** {@return requests sent, summed by family (the part of the category before the dot)} */
    public Map<String, Long> byFamily() {
        return sent.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getKey().contains(".") ? e.getKey().substring(0, e.getKey().indexOf('.')) : e.getKey(),
                TreeMap::new, Collectors.summingLong(Map.Entry::getValue)));
    }
}
