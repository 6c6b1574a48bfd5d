// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal.jetty;

import java.lang.System.Logger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider that forwards to {@code System.Logger} under the same logger names, so Jetty's own log lines
 * (it logs through SLF4J) go where the server's go. The command line selects it with the system property
 * {@code slf4j.provider} (unless the JVM names another); a library user running the Jetty engine may do the same, or
 * bind SLF4J to their own back end. No service registration: a library jar never becomes an SLF4J provider by being
 * on the class path.
 */
public final class Slf4jToSystemLogger implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ConcurrentMap<String, org.slf4j.Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Forwarder::new);

    /** For SLF4J, which instantiates providers reflectively. */
    public Slf4jToSystemLogger() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    /** One SLF4J logger writing to the {@code System.Logger} of the same name. */
    private static final class Forwarder extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger target;

        Forwarder(String name) {
            this.name = name;
            this.target = System.getLogger(name);
        }

        private static Logger.Level map(Level l) {
            return switch (l) {
                case TRACE -> Logger.Level.TRACE;
                case DEBUG -> Logger.Level.DEBUG;
                case INFO -> Logger.Level.INFO;
                case WARN -> Logger.Level.WARNING;
                case ERROR -> Logger.Level.ERROR;
            };
        }

        @Override
        public boolean isTraceEnabled() {
            return target.isLoggable(Logger.Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return target.isLoggable(Logger.Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return target.isLoggable(Logger.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return target.isLoggable(Logger.Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return target.isLoggable(Logger.Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (throwable == null) {
                target.log(map(level), message);
            } else {
                target.log(map(level), message, throwable);
            }
        }
    }
}
