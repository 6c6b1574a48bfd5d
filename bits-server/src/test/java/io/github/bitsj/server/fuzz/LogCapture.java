// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the server logs while the fuzz runs, through {@code java.util.logging} (the backend of
 * {@code System.Logger} here, as in {@code SecurityE2ETest}): our logger {@code io.github.bitsj} from DEBUG up, the
 * JDK server's {@code com.sun.net.httpserver} from TRACE up (it logs an exception that escapes a handler at TRACE,
 * "ServerImpl.Exchange"), anything else at WARNING and above through the root logger, and uncaught exceptions of
 * any thread. A problem is: a record at ERROR/SEVERE ({@code event=request_failed} among them), a record with a
 * stack trace at WARNING or above, a record whose stack trace passes through our code (an exception that escaped
 * a handler into the engine), or an uncaught exception; each is counted by kind, and a {@code request_failed} whose
 * IOException came from sending the answer (the client had left) is its own kind,
 * {@code client-gone-while-answering}. The captured loggers stop writing to the console for the
 * run (20,000 requests' INFO lines); problems are kept (the first ones in full) for the report.
 */
public final class LogCapture implements AutoCloseable {
    private static final int KEEP = 3;

    private final Logger ours = Logger.getLogger("io.github.bitsj");
    private final Logger jdk = Logger.getLogger("com.sun.net.httpserver");
    private final Logger root = Logger.getLogger("");
    private final Level oursLevel = ours.getLevel();
    private final Level jdkLevel = jdk.getLevel();
    private final boolean oursParents = ours.getUseParentHandlers();
    private final boolean jdkParents = jdk.getUseParentHandlers();
    private final Thread.UncaughtExceptionHandler previousUncaught = Thread.getDefaultUncaughtExceptionHandler();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            record(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Handler rootHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                record(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final Map<String, Long> counts = new TreeMap<>();
    /** Problems by kind, with the first ones in full. */
    private final Map<String, Long> problemCounts = new TreeMap<>();
    private final Map<String, List<String>> problems = new TreeMap<>();
    private long records;

    /** Starts capturing. */
    public LogCapture() {
        ours.setLevel(Level.FINE);
        jdk.setLevel(Level.ALL);
        ours.setUseParentHandlers(false);
        jdk.setUseParentHandlers(false);
        ours.addHandler(handler);
        jdk.addHandler(handler);
        root.addHandler(rootHandler);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> problem("uncaught", "in " + t + ": " + trace(e)));
    }

    private synchronized void record(LogRecord r) {
        records++;
        String raw = String.valueOf(r.getMessage());
        String key = r.getLoggerName() + " " + r.getLevel() + " " + eventOf(raw);
        counts.merge(key, 1L, Long::sum);
        Throwable t = r.getThrown();
        boolean severe = r.getLevel().intValue() >= Level.SEVERE.intValue();
        boolean traceAtWarning = t != null && r.getLevel().intValue() >= Level.WARNING.intValue();
        boolean throughOurCode = t != null && passesThroughOurCode(t);
        if (severe || traceAtWarning || throughOurCode) {
            String msg = String.valueOf(formatter.formatMessage(r));
            String kind;
            if (msg.contains("event=request_failed") && t instanceof java.io.IOException && sendingAnswer(t)) {
                kind = "client-gone-while-answering";
            } else if (msg.contains("event=request_failed")) {
                kind = "request_failed";
            } else if (severe) {
                kind = "severe";
            } else if (traceAtWarning) {
                kind = "stack-trace";
            } else {
                kind = "escaped-into-engine";
            }
            problem(kind, r.getLevel() + " " + r.getLoggerName() + " " + msg + (t == null ? "" : "\n" + trace(t)));
        }
    }

    private synchronized void problem(String kind, String text) {
        problemCounts.merge(kind, 1L, Long::sum);
        List<String> first = problems.computeIfAbsent(kind, k -> new ArrayList<>());
        if (first.size() < KEEP) {
            first.add(text);
        }
    }

    /** Whether the exception came from writing the answer (the client had gone: issue 9 wants DEBUG for that). */
    private static boolean sendingAnswer(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("sendResponseHeaders")) {
                return true;
            }
        }
        return false;
    }

    private static String eventOf(String msg) {
        if (msg.startsWith("event=")) {
            int end = msg.indexOf(' ');
            return end < 0 ? msg : msg.substring(0, end);
        }
        return msg.length() > 40 ? msg.substring(0, 40) : msg;
    }

    private static boolean passesThroughOurCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (e.getClassName().startsWith("io.github.bitsj.")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String trace(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(st.length, 30); i++) {
            sb.append("\n    at ").append(st[i]);
        }
        return sb.toString();
    }

    /** {@return how many problems (escaped exceptions, ERROR records, stack traces) were seen} */
    public synchronized long problemCount() {
        return problemCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@return the problem counts by kind} */
    public synchronized Map<String, Long> problemCounts() {
        return new TreeMap<>(problemCounts);
    }

    /** {@return the first problems of a kind in full} @param kind the kind */
    public synchronized List<String> problems(String kind) {
        return List.copyOf(problems.getOrDefault(kind, List.of()));
    }

    /** {@return how many records were captured at all (a capture that saw nothing proves nothing)} */
    public synchronized long records() {
        return records;
    }

    /** {@return the record counts by logger, level and event} */
    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previousUncaught);
        root.removeHandler(rootHandler);
        ours.removeHandler(handler);
        jdk.removeHandler(handler);
        ours.setUseParentHandlers(oursParents);
        jdk.setUseParentHandlers(jdkParents);
        ours.setLevel(oursLevel);
        jdk.setLevel(jdkLevel);
    }
}
