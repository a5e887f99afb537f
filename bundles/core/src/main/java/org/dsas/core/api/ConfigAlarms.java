package org.dsas.core.api;

import java.util.List;

/**
 * Where every component reports the outcome of checking its configuration: the problems of a
 * refused configuration are alarms in {@code dsas:status} (and error lines in the log) until the
 * component reports that configuration again without problems. Registered by core.
 */
public interface ConfigAlarms {

    /** The problems of {@code pid}'s configuration now; empty clears its alarms. */
    void report(String pid, List<String> problems);
}
