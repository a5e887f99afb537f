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

import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.collector.rrd.RrdStore;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Gmond;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics agent and collector inside the built appliance (not as plain Java mains) against real ganglia 3.7.2
 * on one rig bridge: box = the appliance with the base role (the agent) and metrics-collector, g = a real gmond
 * (cluster "dsas", multicast 239.2.11.71:8649), ops = the operator's host (SSH) and a real gmetad. The agent and
 * gmond list each other; the appliance's collector polls the real gmond and its RRDs fill with both hosts; gmetad
 * polls the appliance's 8649 and writes RRDs with numbers; the collector's 8651 serves the grid to ops.
 */
class MetricsApplianceIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("gmond", "gmetad", "rrdtool", "bash", "ssh",
            "ssh-keygen");

    /** The appliance's agent names itself by its address (host.name empty), as gmond does. */
    private static final String BOX = "192.0.2.10";
    private static final String GMOND = "192.0.2.30";

    @Test
    void applianceAgentAndCollectorWorkWithRealGmondAndGmetad() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host box = rig.host("box", lan, BOX + "/24");
        Host ops = rig.host("ops", lan, "192.0.2.20/24");
        Host g = rig.host("g", lan, GMOND + "/24");
        Gmond.on(g).cluster("dsas").metricInterval(5).start();

        NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "metrics-collector");
        app.edit("etc/org.dsas.metrics.agent.cfg", "multicast.interface", "eth0")
                .edit("etc/org.dsas.metrics.agent.cfg", "collect.interval", "5")
                // the real gmond's cluster, polled every 5 s; the grid served on every address so ops can read it
                .edit("etc/org.dsas.metrics.collector.cfg", "data.sources", "\"dsas\" 5 " + GMOND + ":8649")
                .edit("etc/org.dsas.metrics.collector.cfg", "bind.address", "0.0.0.0")
                .edit("etc/org.dsas.metrics.collector.cfg", "grid.name", "box-grid");
        app.start(ops);
        ExecResult roles = app.admin(ops, "role:list");
        assertTrue(roles.out().matches("(?s).*\\bmetrics-collector\\s+active\\b.*"), roles.toString());

        // The appliance's agent lists the real gmond's host (named "g" by override_hostname) and itself.
        String[] hosts = {""};
        box.await("metrics:hosts --json listing g and " + BOX, Duration.ofSeconds(60), () -> {
            hosts[0] = app.admin(ops, "metrics:hosts --json").out();
            return hosts[0].contains("\"name\":\"g\",\"ip\":\"" + GMOND + "\",\"up\":true")
                    && hosts[0].contains("\"name\":\"" + BOX + "\",\"ip\":\"" + BOX + "\",\"up\":true");
        });
        assertTrue(hosts[0].contains("\"cluster\":\"dsas\""), hosts[0]);

        // The real gmond lists the appliance's host with its metrics.
        String[] gx = {""};
        g.await("gmond's XML listing " + BOX + " with load_one and mem_total", Duration.ofSeconds(60), () -> {
            gx[0] = xml(ops, GMOND, 8649);
            int host = gx[0].indexOf("<HOST NAME=\"" + BOX + "\"");
            int end = gx[0].indexOf("</HOST>", host);
            return host >= 0 && between(gx[0], "<METRIC NAME=\"load_one\"", host, end)
                    && between(gx[0], "<METRIC NAME=\"mem_total\"", host, end);
        });

        // The appliance's collector polls the real gmond: RRDs of both hosts of the cluster fill.
        RrdStore store = new RrdStore(app.home.resolve("data/rrds"));
        app.process().await("three polled values of load_one for g, " + BOX + " and the cluster in "
                + store.root(), Duration.ofSeconds(120), () -> points(store, "g", "load_one") >= 3
                        && points(store, BOX, "load_one") >= 3 && points(store, null, "load_one") >= 3);
        assertTrue(store.metrics("dsas", "g").containsAll(List.of("load_one", "mem_free")),
                store.metrics("dsas", "g").toString());
        ExecResult status = app.admin(ops, "dsas:status");
        // dsas:status names the source and the default RRD directory (${karaf.data}/rrds) the test reads
        assertTrue(status.out().contains(GMOND + ":8649") && status.out().contains(store.root().toString()),
                status.toString());

        // The collector's grid port (8651) serves gmetad's XML with gmond's cluster, from another host.
        String grid = xml(ops, BOX, 8651);
        assertTrue(grid.contains("<GRID NAME=\"box-grid\""), grid);
        assertTrue(grid.contains("<CLUSTER NAME=\"dsas\""), grid);
        assertTrue(grid.contains("<HOST NAME=\"g\""), grid);

        // A real gmetad polls the appliance's agent on 8649 and writes RRDs with numbers for both hosts.
        Path gm = rig.newDir("gmetad");
        Path rrds = Files.createDirectories(gm.resolve("rrds"));
        Path conf = gm.resolve("gmetad.conf");
        Files.writeString(conf, String.join("\n", "data_source \"dsas\" 15 " + BOX + ":8649", "setuid off",
                "rrd_rootdir \"" + rrds + "\"", "xml_port 8651", "interactive_port 8652",
                "case_sensitive_hostnames 1", ""));
        rig.addLog("ops gmetad.conf", conf);
        Proc gmetad = ops.start("gmetad", Map.of(), gm, List.of(Cmd.tool("gmetad"), "-d", "1", "-c", conf.toString(),
                "-p", gm.resolve("gmetad.pid").toString()));
        for (String host : List.of(BOX, "g")) {
            Path rrd = rrds.resolve("dsas").resolve(host).resolve("load_one.rrd");
            gmetad.await("two numbers in " + rrd, Duration.ofSeconds(120), () -> Files.isRegularFile(rrd)
                    && numbers(ops, rrd).size() >= 2);
        }
        List<Double> memTotal = numbers(ops, rrds.resolve("dsas").resolve(BOX).resolve("mem_total.rrd"));
        assertTrue(!memTotal.isEmpty() && memTotal.stream().allMatch(v -> v > 1024), memTotal.toString());
        assertFalse(gmetad.output().toLowerCase(java.util.Locale.ROOT).contains("error"), gmetad.output());
        assertTrue(app.process().isAlive(), app.process().output());
        app.stop();
    }

    private static boolean between(String s, String what, int from, int to) {
        int i = s.indexOf(what, from);
        return i > from && i < to;
    }

    /** Everything a TCP port of {@code address} writes to a client in {@code from} (gmond/gmetad XML). */
    private static String xml(Host from, String address, int port) {
        return from.exec("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port + "; cat <&3").out();
    }

    private static int points(RrdStore store, String host, String metric) {
        long now = System.currentTimeMillis() / 1000;
        Series s;
        try {
            s = store.fetch("dsas", host, metric, "", now - 600, now + 15);
        } catch (RuntimeException e) {
            return 0; // not written yet
        }
        int n = 0;
        for (double v : s.values()) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    /** The non-NaN AVERAGE rows of the last 5 minutes of a one-data-source RRD written by gmetad. */
    private static List<Double> numbers(Host on, Path rrd) {
        String out = on.exec("rrdtool", "fetch", rrd.toString(), "AVERAGE", "-r", "15", "-s", "-300").out();
        List<Double> values = new ArrayList<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                double d = Double.parseDouble(line.substring(colon + 1).trim().split("\\s+")[0]);
                if (!Double.isNaN(d)) {
                    values.add(d);
                }
            } catch (NumberFormatException e) {
                // "-nan" rows: no update in that step
            }
        }
        return values;
    }
}
