// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import java.util.List;
import java.util.Map;

/**
 * Help text wrapped to the terminal: words are never split, no line is longer than the width (a single word longer
 * than a line stands alone), option tables keep their help column and continue under it.
 */
final class HelpText {
    /** The width when {@code COLUMNS} is not set or not a number. */
    static final int DEFAULT_WIDTH = 80;
    /** The narrowest width we wrap to; below it the text would be all breaks. */
    static final int MIN_WIDTH = 40;

    private HelpText() {}

    /** {@return the terminal width: {@code $COLUMNS} when it is a number, at least {@link #MIN_WIDTH}, else 80} */
    static int width(Map<String, String> env) {
        String c = env.get("COLUMNS");
        if (c == null || c.isEmpty() || c.length() > 5 || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return DEFAULT_WIDTH;
        }
        return Math.max(MIN_WIDTH, Integer.parseInt(c));
    }

    /**
     * Wraps one paragraph: the first line starts with {@code first}, the others with {@code indent}.
     *
     * @param sb where the lines go, each ended by a newline
     */
    static void wrap(StringBuilder sb, String text, int width, String first, String indent) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.trim().split(" +")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                sb.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        sb.append(line).append('\n');
    }

    /** Wraps paragraphs separated by newlines (a blank line stays blank), each flush left. */
    static void paragraphs(StringBuilder sb, String text, int width) {
        for (String p : text.split("\n", -1)) {
            if (p.isBlank()) {
                sb.append('\n');
            } else {
                String lead = p.substring(0, p.length() - p.stripLeading().length());
                wrap(sb, p, width, lead, lead + "  ");
            }
        }
    }

    /**
     * An option table: the left column (flags and argument), the help from column {@code col} (on the next line when
     * the left one is too long), continued under that column.
     */
    static void table(StringBuilder sb, List<String[]> rows, int width, int col) {
        int helpCol = Math.min(col, width / 2);
        String pad = " ".repeat(helpCol);
        for (String[] row : rows) {
            String left = row[0];
            if (left.length() + 2 > helpCol) {
                sb.append(left).append('\n');
                wrap(sb, row[1], width, pad, pad);
            } else {
                wrap(sb, row[1], width, left + " ".repeat(helpCol - left.length()), pad);
            }
        }
    }
}
