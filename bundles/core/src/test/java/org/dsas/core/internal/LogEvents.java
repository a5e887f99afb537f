package org.dsas.core.internal;

import java.lang.reflect.Proxy;

import org.ops4j.pax.logging.spi.PaxLevel;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/** Test helper: Pax Logging events as Karaf's logging hands them to appenders. */
final class LogEvents {

    static final String FEATURES_LOGGER = "org.apache.karaf.features.internal.service.FeaturesServiceImpl";

    private LogEvents() {
    }

    /**
     * @param syslogSeverity 3 error, 4 warn, 6 info, 7 debug (what {@link PaxLevel#getSyslogEquivalent()} answers)
     */
    static PaxLoggingEvent event(String logger, int syslogSeverity, long timestamp, String message) {
        PaxLevel level = (PaxLevel) Proxy.newProxyInstance(LogEvents.class.getClassLoader(),
                new Class<?>[] {PaxLevel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSyslogEquivalent" -> syslogSeverity;
                    case "toString" -> "PaxLevel(" + syslogSeverity + ")";
                    default -> throw new UnsupportedOperationException("PaxLevel." + method.getName());
                });
        return (PaxLoggingEvent) Proxy.newProxyInstance(LogEvents.class.getClassLoader(),
                new Class<?>[] {PaxLoggingEvent.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getLevel" -> level;
                    case "getLoggerName" -> logger;
                    case "getRenderedMessage", "getMessage" -> message;
                    case "getTimeStamp" -> timestamp;
                    case "toString" -> "PaxLoggingEvent(" + logger + ": " + message + ")";
                    default -> throw new UnsupportedOperationException("PaxLoggingEvent." + method.getName());
                });
    }

    /** An INFO line from Karaf's features service, as its Deployer prints a simulated plan. */
    static PaxLoggingEvent featuresLine(String message) {
        return event(FEATURES_LOGGER, 6, System.currentTimeMillis(), message);
    }
}
