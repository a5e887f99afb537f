package org.dsas.itests.netns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.collector.internal.Collector;
import org.dsas.metrics.collector.internal.DataSourceSpec;
import org.dsas.metrics.collector.rrd.RrdStore;
import org.dsas.metrics.collector.xml.GangliaDocument;
import org.dsas.metrics.collector.xml.GangliaXmlParser;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.Gmond;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our collector against real ganglia 3.7.2 (Debian) in network namespaces on one bridge: a = a real gmond
 * (cluster "dsas-test"), b = our collector (this class's {@link Main} in its own JVM) polling a, c = a real
 * gmetad polling our grid port on b as a data source. Our RRDs must fill with a's numbers, and gmetad must
 * take our XML and write RRDs from it.
 */
class CollectorGmondIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("gmond", "gmetad", "rrdtool", "ss", "busybox");

    /** Our collector outside OSGi: {@code Main <rrd dir> <bind> <xml port> <data sources...>}; runs until killed. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            List<DataSourceSpec> sources = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                sources.add(DataSourceSpec.parse(args[i]));
            }
            Collector c = new Collector(new Collector.Settings(sources, Path.of(args[0]), "dsas-grid",
                    "http://" + args[1] + "/", args[1], Integer.parseInt(args[2]), Integer.parseInt(args[2]) + 1,
                    Duration.ofSeconds(5), 64L << 20));
            c.start();
            System.out.println("COLLECTOR STARTED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void pollsRealGmondAndRealGmetadPollsUs() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host a = rig.host("a", lan, "192.0.2.1/24");
        Host b = rig.host("b", lan, "192.0.2.2/24");
        Host c = rig.host("c", lan, "192.0.2.3/24");
        Gmond.on(a).cluster("dsas-test").metricInterval(5).start();

        Path ours = rig.newDir("collector-rrds");
        Proc collector = b.start("collector", Map.of(), rig.newDir("collector"), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), ours.toString(), "192.0.2.2", "8651",
                "\"dsas-test\" 5 192.0.2.1:8649"));
        collector.awaitOutput("COLLECTOR STARTED", Duration.ofSeconds(30));

        // Our RRDs fill with gmond's numbers: a few polls of load_one (a's host RRD and the cluster sum).
        RrdStore store = new RrdStore(ours);
        collector.await("three polled values of a's load_one in " + ours, Duration.ofSeconds(90),
                () -> points(store, "a", "load_one") >= 3 && points(store, null, "load_one") >= 3);
        assertTrue(store.metrics("dsas-test", "a").containsAll(List.of("load_one", "mem_free")),
                store.metrics("dsas-test", "a").toString());
        long now = System.currentTimeMillis() / 1000;
        Series load = store.fetch("dsas-test", "a", "load_one", "", now - 600, now);
        assertEquals(15, load.step());
        for (double v : load.values()) {
            assertTrue(Double.isNaN(v) || v >= 0, "load_one " + v);
        }

        // Our grid port serves gmetad's XML with a's metrics.
        String xml = b.exec("busybox", "nc", "192.0.2.2", "8651").out();
        GangliaDocument doc = GangliaXmlParser.parse(new java.io.ByteArrayInputStream(
                xml.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals("gmetad", doc.source());
        assertEquals("dsas-test", doc.clusters().get(0).name());
        assertTrue(doc.clusters().get(0).hosts().get(0).metric("load_one").isPresent());

        // A real gmetad takes our grid port as a data source and writes RRDs from it.
        Path gm = rig.newDir("gmetad");
        Path gmRrds = Files.createDirectories(gm.resolve("rrds"));
        Path conf = gm.resolve("gmetad.conf");
        Files.writeString(conf, String.join("\n", "data_source \"dsas-grid\" 15 192.0.2.2:8651",
                "gridname \"upper\"", "setuid off", "rrd_rootdir \"" + gmRrds + "\"", "xml_port 8651",
                "interactive_port 8652", "case_sensitive_hostnames 1", ""));
        rig.addLog("c gmetad.conf", conf);
        Proc gmetad = c.start("gmetad", Map.of(), gm, List.of(Cmd.tool("gmetad"), "-d", "1", "-c", conf.toString(),
                "-p", gm.resolve("gmetad.pid").toString()));
        gmetad.await("gmetad RRDs of a's load_one from our XML under " + gmRrds, Duration.ofSeconds(90),
                () -> !rrds(gmRrds, "load_one.rrd").isEmpty());
        List<String> written = rrds(gmRrds, "load_one.rrd").stream().map(p -> gmRrds.relativize(p).toString())
                .sorted().toList();
        System.out.println("gmetad wrote " + written);
        // gmetad (scalable mode) keeps a gmetad source as a grid: its sums under <grid>/__SummaryInfo__/.
        assertEquals(List.of("dsas-grid/__SummaryInfo__/load_one.rrd"), written);
        // Its last input is our cluster's sum over one host: "<time>: <sum> 1".
        Path summary = gmRrds.resolve(written.get(0));
        gmetad.await("a number in gmetad's " + summary, Duration.ofSeconds(60),
                () -> c.exec("rrdtool", "lastupdate", summary.toString()).out().matches("(?s).*\\d+: [0-9.e+-]+ 1(\\.0*)?\\s*"));
        assertTrue(c.exec("rrdtool", "info", summary.toString()).out().contains("step = 15"));
        assertTrue(gmetad.isAlive(), gmetad.output());
    }

    private static int points(RrdStore store, String host, String metric) {
        long now = System.currentTimeMillis() / 1000;
        Series s = store.fetch("dsas-test", host, metric, "", now - 600, now + 15);
        int n = 0;
        for (double v : s.values()) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    private static List<Path> rrds(Path root, String name) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
