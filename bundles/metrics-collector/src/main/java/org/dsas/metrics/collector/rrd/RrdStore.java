package org.dsas.metrics.collector.rrd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.collector.xml.ClusterSnapshot;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.FetchRequest;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the RRD files under one root directory, in gmetad's {@link RrdLayout}: writes one polled cluster at a
 * time (every host's numeric metrics, then the cluster summaries), lists what has history and reads it back.
 *
 * <p>Backend: rrd4j's RandomAccessFile backend. An update touches a few hundred bytes of a 630 KB file; the
 * default NIO backend would map every file (tens of GB of address space for a thousand hosts) and needs a
 * sync thread, the file backend writes through the page cache like rrdtool. rrd4j's pool shares an open file
 * between threads that use it at the same time and closes it when the last one releases it.
 */
public final class RrdStore {

    private static final Logger LOG = LoggerFactory.getLogger(RrdStore.class);

    /** What one batch did: RRD updates, files created, samples skipped (not newer than the file), failures. */
    public record WriteResult(int updates, int created, int skipped, int failed, long nanos, String firstError) {
    }

    private final Path root;
    private final RrdDbPool pool;

    public RrdStore(Path root) {
        this.root = root;
        this.pool = new RrdDbPool(new RrdRandomAccessFileBackendFactory());
    }

    public Path root() {
        return root;
    }

    /**
     * Writes a polled cluster at its LOCALTIME (gmetad's process time): each up-to-date numeric metric of each
     * host, then per metric the sum over the hosts that are up and their number.
     */
    public WriteResult write(ClusterSnapshot cluster) {
        long start = System.nanoTime();
        long time = cluster.localtime() > 0 ? cluster.localtime() : System.currentTimeMillis() / 1000;
        Batch batch = new Batch();
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> slopes = new LinkedHashMap<>();
        for (HostState h : cluster.hosts()) {
            for (MetricValue m : h.metrics()) {
                double v = m.number();
                // gmetad's rule: an expired metric (tn beyond its dmax) is not recorded.
                if (Double.isNaN(v) || Double.isInfinite(v) || (m.dmax() > 0 && m.tn() > m.dmax())) {
                    continue;
                }
                batch.update(RrdLayout.path(root, cluster.name(), h.name(), m.name()), false, m.slope(), time,
                        v, Double.NaN);
                if (h.up()) {
                    double[] sn = sums.computeIfAbsent(m.name(), k -> new double[2]);
                    sn[0] += v;
                    sn[1]++;
                    slopes.putIfAbsent(m.name(), m.slope());
                }
            }
        }
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            batch.update(RrdLayout.path(root, cluster.name(), null, e.getKey()), true, slopes.get(e.getKey()), time,
                    e.getValue()[0], e.getValue()[1]);
        }
        return new WriteResult(batch.updates, batch.created, batch.skipped, batch.failed, System.nanoTime() - start,
                batch.firstError);
    }

    private final class Batch {
        int updates;
        int created;
        int skipped;
        int failed;
        String firstError;

        void update(Path file, boolean summary, String slope, long time, double sum, double num) {
            RrdDb db = null;
            try {
                if (Files.exists(file)) {
                    db = pool.requestRrdDb(file.toString());
                } else {
                    Files.createDirectories(file.getParent());
                    db = pool.requestRrdDb(RrdLayout.definition(file, summary, slope, time));
                    created++;
                }
                if (time <= db.getLastUpdateTime()) {
                    // Same LOCALTIME polled twice (a source that did not move on): rrd would refuse it.
                    skipped++;
                    return;
                }
                var sample = db.createSample(time).setValue(RrdLayout.SUM, sum);
                if (summary) {
                    sample.setValue(RrdLayout.NUM, num);
                }
                sample.update();
                updates++;
            } catch (IOException | RuntimeException e) {
                failed++;
                if (firstError == null) {
                    firstError = "update " + file + ": " + e.getMessage();
                    LOG.warn("rrd {}: {}", file, e.toString());
                }
            } finally {
                if (db != null) {
                    try {
                        pool.release(db);
                    } catch (IOException e) {
                        LOG.warn("rrd {}: release: {}", file, e.toString());
                    }
                }
            }
        }
    }

    /** Cluster directories with history. */
    public List<String> clusters() {
        return directories(root);
    }

    /** Hosts of a cluster with history (the summary directory excluded). */
    public List<String> hosts(String cluster) {
        List<String> hosts = directories(root.resolve(RrdLayout.component(cluster)));
        hosts.remove(RrdLayout.SUMMARY_DIR);
        return hosts;
    }

    /** Metrics with history of a host ({@code host} null: the cluster summary), sorted. */
    public List<String> metrics(String cluster, String host) {
        Path dir = root.resolve(RrdLayout.component(cluster))
                .resolve(host == null ? RrdLayout.SUMMARY_DIR : RrdLayout.component(host));
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.rrd")) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                names.add(f.substring(0, f.length() - 4));
            }
        } catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    /**
     * One metric's "sum" between two epoch seconds from the finest archive whose span reaches back to
     * {@code from}; a missing file or span gives an empty series (all NaN), never an exception.
     */
    public Series fetch(String cluster, String host, String metric, String units, long from, long to) {
        Path file = RrdLayout.path(root, cluster, host, metric);
        if (to <= from || !Files.exists(file)) {
            return new Series(cluster, host, metric, units, from, RrdLayout.STEP, new double[0]);
        }
        RrdDb db = null;
        try {
            db = pool.requestRrdDb(file.toString());
            long last = db.getLastUpdateTime();
            long resolution = resolution(Math.max(last, to) - from);
            FetchRequest request = db.createFetchRequest(ConsolFun.AVERAGE, from, to, resolution);
            FetchData data = request.fetchData();
            long[] t = data.getTimestamps();
            double[] values = data.getValues(RrdLayout.SUM);
            return new Series(cluster, host, metric, units, t.length > 0 ? t[0] : from, data.getStep(), values);
        } catch (IOException | RuntimeException e) {
            LOG.warn("rrd {}: fetch {}..{}: {}", file, from, to, e.toString());
            return new Series(cluster, host, metric, units, from, RrdLayout.STEP, new double[0]);
        } finally {
            if (db != null) {
                try {
                    pool.release(db);
                } catch (IOException e) {
                    LOG.warn("rrd {}: release: {}", file, e.toString());
                }
            }
        }
    }

    /** Seconds per point of the finest archive that keeps {@code span} seconds back from the newest point. */
    static long resolution(long span) {
        for (RrdLayout.Archive a : RrdLayout.ARCHIVES) {
            if (a.seconds() >= span) {
                return RrdLayout.STEP * a.steps();
            }
        }
        return RrdLayout.STEP * RrdLayout.ARCHIVES.get(RrdLayout.ARCHIVES.size() - 1).steps();
    }

    private static List<String> directories(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }
}
