// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The console log format of the command line ({@code --log-format text|json}), one line per record, the time in UTC
 * whatever the JVM's time zone ({@code 2026-12-02T13:34:50.123Z}).
 * <ul>
 *   <li>text: {@code 2026-12-02T13:34:50.123Z INFO event=session_created session=… client=…}</li>
 *   <li>json: {@code {"time":"…","level":"INFO","event":"session_created","session":"…",…}}: the server's
 *       {@code key=value} fields become members (digits as numbers, {@code true}/{@code false} as booleans), any
 *       other message is {@code "message"}, a stack trace {@code "exception"}.</li>
 * </ul>
 */
final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final boolean json;

    LogFormat(boolean json) {
        this.json = json;
    }

    /**
     * {@return the format named by {@code --log-format}}
     *
     * @param name {@code text} or {@code json}
     * @throws IllegalArgumentException for another name
     */
    static LogFormat named(String name) {
        return switch (name) {
            case "text" -> new LogFormat(false);
            case "json" -> new LogFormat(true);
            default -> throw new IllegalArgumentException("invalid value for --log-format: " + name
                    + " (text or json)");
        };
    }

    @Override
    public String format(LogRecord r) {
        String time = TIME.format(r.getInstant());
        String level = levelName(r.getLevel());
        String message = formatMessage(r);
        String thrown = null;
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            try (PrintWriter pw = new PrintWriter(sw)) {
                r.getThrown().printStackTrace(pw);
            }
            thrown = sw.toString();
        }
        if (!json) {
            return time + " " + level + " " + message + System.lineSeparator() + (thrown == null ? "" : thrown);
        }
        StringBuilder sb = new StringBuilder(128).append("{\"time\":\"").append(time).append("\",\"level\":\"")
                .append(level).append("\",\"logger\":");
        string(sb, r.getLoggerName() == null ? "" : r.getLoggerName());
        if (!fields(sb, message)) {
            sb.append(",\"message\":");
            string(sb, message);
        }
        if (thrown != null) {
            sb.append(",\"exception\":");
            string(sb, thrown);
        }
        return sb.append('}').append(System.lineSeparator()).toString();
    }

    /** The System.Logger level names: JUL's FINE is DEBUG, SEVERE is ERROR. */
    private static String levelName(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /**
     * Appends the fields of an {@code event=name key=value…} line as JSON members; returns false (appending nothing)
     * for a message of another shape.
     */
    static boolean fields(StringBuilder out, String line) {
        try {
            return line.startsWith("event=") && parse(out, line);
        } catch (NumberFormatException e) {
            return false; // a malformed u-escape: not one of ours
        }
    }

    private static boolean parse(StringBuilder out, String line) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (i < n) {
            int eq = line.indexOf('=', i);
            if (eq <= i) {
                return false;
            }
            String key = line.substring(i, eq);
            if (!key.chars().allMatch(c -> c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
            i = eq + 1;
            String value;
            boolean quoted = i < n && line.charAt(i) == '"';
            if (quoted) {
                StringBuilder v = new StringBuilder();
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case 'r' -> v.append('\r');
                            case 't' -> v.append('\t');
                            case 'u' -> {
                                if (i + 4 > n) {
                                    return false;
                                }
                                v.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> v.append(e);
                        }
                    } else {
                        v.append(c);
                    }
                }
                if (i >= n) {
                    return false;
                }
                i++; // closing quote
                value = v.toString();
            } else {
                int sp = line.indexOf(' ', i);
                value = line.substring(i, sp < 0 ? n : sp);
                i = sp < 0 ? n : sp;
            }
            if (i < n && line.charAt(i) != ' ') {
                return false;
            }
            i++;
            sb.append(",\"").append(key).append("\":");
            boolean literal = value.matches("-?(0|[1-9][0-9]{0,17})") || value.equals("true")
                    || value.equals("false");
            if (!quoted && literal) {
                sb.append(value);
            } else {
                string(sb, value);
            }
        }
        out.append(sb);
        return true;
    }

    /** Appends a JSON string (RFC 8259 escapes). */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
