package org.dsas.metrics.api;

import java.util.List;

/**
 * The collector's history (gmetad's RRDs, kept with rrd4j in ganglia's layout: 15 s step; about 1 day at 15 s,
 * 2 weeks at 1 min, 1 year at 10 min) and its latest poll of each data source. Registered by the collector;
 * the web page and the shell read it.
 */
public interface MetricHistory {

    /** A time series: {@code values[i]} is the value at {@code start + i * step} (epoch seconds); NaN = no data. */
    record Series(String cluster, String host, String metric, String units, long start, long step, double[] values) {

        /** True when no point has data: graphs then say so instead of failing. */
        public boolean empty() {
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The data sources polled and how the last poll went ("ok 12 hosts in 35 ms", "connect refused"). */
    record SourceStatus(String name, String address, boolean ok, String detail, long lastPollEpochSeconds) {
    }

    List<SourceStatus> sources();

    List<String> clusters();

    /** Latest state of every host of a cluster, as last polled. */
    List<HostState> hosts(String cluster);

    /** Metric names with history for a host ({@code host} null: the cluster summary). */
    List<String> metrics(String cluster, String host);

    /**
     * History of one metric of one host ({@code host} null: the cluster summary, the sum over hosts as
     * gmetad's __SummaryInfo__) between two epoch seconds, at the finest resolution that covers the span.
     */
    Series fetch(String cluster, String host, String metric, long from, long to);
}
