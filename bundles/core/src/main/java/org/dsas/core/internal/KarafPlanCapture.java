package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/**
 * Collects what Karaf's features service logs while DSAS asks it to simulate a
 * role change. Registered as a Pax Logging appender (Karaf's PaxOsgi appender
 * hands every event to such services).
 */
final class KarafPlanCapture implements PaxAppender {

    static final String APPENDER_NAME = "DsasRolePlan";
    private static final String FEATURES_LOGGER = "org.apache.karaf.features.internal.service.FeaturesServiceImpl";

    private final List<String> lines = new ArrayList<>();
    private boolean capturing;

    synchronized void start() {
        lines.clear();
        capturing = true;
    }

    synchronized List<String> stop() {
        capturing = false;
        return new ArrayList<>(lines);
    }

    @Override
    public synchronized void doAppend(PaxLoggingEvent event) {
        if (capturing && FEATURES_LOGGER.equals(event.getLoggerName())) {
            lines.add(event.getRenderedMessage());
        }
    }
}
