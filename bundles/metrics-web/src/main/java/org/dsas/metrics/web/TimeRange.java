package org.dsas.metrics.web;

import java.util.Locale;

/** The spans a graph can show, as ganglia's web front end offers them. */
enum TimeRange {
    HOUR(3600, 600, "HH:mm"),
    DAY(86400, 4 * 3600, "HH:mm"),
    WEEK(7 * 86400, 86400, "EEE dd"),
    MONTH(31 * 86400L, 7 * 86400, "dd MMM"),
    YEAR(366 * 86400L, 61 * 86400, "MMM yy");

    final long seconds;
    /** Seconds between time-axis labels. */
    final long tick;
    final String labelFormat;

    TimeRange(long seconds, long tick, String labelFormat) {
        this.seconds = seconds;
        this.tick = tick;
        this.labelFormat = labelFormat;
    }

    String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The smallest range that covers a span, for the time axis. */
    static TimeRange rangeFor(long span) {
        for (TimeRange r : values()) {
            if (span <= r.seconds) {
                return r;
            }
        }
        return YEAR;
    }

    /** The range a request names; hour for anything else. */
    static TimeRange of(String param) {
        for (TimeRange r : values()) {
            if (r.param().equals(param)) {
                return r;
            }
        }
        return HOUR;
    }
}
