package org.dsas.metrics.collector.rrd;

import java.nio.file.Path;
import java.util.List;

import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDef;

/**
 * gmetad's RRD layout: files at {@code <root>/<cluster>/<host>/<metric>.rrd} and cluster summaries at
 * {@code <root>/<cluster>/__SummaryInfo__/<metric>.rrd}; a 15 s step; one data source "sum" (summaries add
 * "num", the hosts reporting); heartbeat 8 x step; AVERAGE archives of gmetad 3.7's defaults
 * ({@code RRA:AVERAGE:0.5:1:5856}, {@code :4:20160}, {@code :40:52704}: about 1 day at 15 s, 2 weeks at 1 min,
 * 1 year at 10 min, as a real gmetad 3.7.2 wrote them in ../shared/captures/README.md).
 */
public final class RrdLayout {

    public static final long STEP = 15;
    /** gmetad's rrd_helpers.c: {@code heartbeat = 8*step}. */
    public static final long HEARTBEAT = 8 * STEP;
    public static final String SUMMARY_DIR = "__SummaryInfo__";
    public static final String SUM = "sum";
    public static final String NUM = "num";

    /** One AVERAGE archive: primary data points per row, rows. */
    public record Archive(int steps, int rows) {
        public long seconds() {
            return STEP * steps * rows;
        }
    }

    public static final List<Archive> ARCHIVES = List.of(new Archive(1, 5856), new Archive(4, 20160),
            new Archive(40, 52704));

    private RrdLayout() {
    }

    /** Host RRD path; {@code host} null: the cluster summary. */
    public static Path path(Path root, String cluster, String host, String metric) {
        return root.resolve(component(cluster)).resolve(host == null ? SUMMARY_DIR : component(host))
                .resolve(component(metric) + ".rrd");
    }

    /**
     * A name as one path component: names come from the network, so '/', NUL and a leading '.' (".", "..",
     * hidden files) are replaced; everything else is kept as gmetad keeps it.
     */
    public static String component(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(c == '/' || c == '\0' || c == '\\' || (i == 0 && c == '.') ? '_' : c);
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    /**
     * gmetad's data source type by slope: a positive slope (a counter that only grows) is a COUNTER, so the
     * RRD holds its rate; anything else a GAUGE.
     */
    public static DsType sumType(String slope) {
        return "positive".equals(slope) ? DsType.COUNTER : DsType.GAUGE;
    }

    /** The definition of a new RRD; gmetad starts it one second before its first sample. */
    public static RrdDef definition(Path file, boolean summary, String slope, long firstSample) {
        RrdDef def = new RrdDef(file.toString(), firstSample - 1, STEP);
        def.addDatasource(SUM, sumType(slope), HEARTBEAT, Double.NaN, Double.NaN);
        if (summary) {
            // gmetad gives "num" the metric's type too, which turns a host count into a rate for counters;
            // a count of hosts is a gauge.
            def.addDatasource(NUM, DsType.GAUGE, HEARTBEAT, Double.NaN, Double.NaN);
        }
        for (Archive a : ARCHIVES) {
            def.addArchive(ConsolFun.AVERAGE, 0.5, a.steps(), a.rows());
        }
        return def;
    }
}
