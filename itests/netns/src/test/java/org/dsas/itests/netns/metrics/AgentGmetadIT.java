package org.dsas.itests.netns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real gmetad 3.7.2 (Debian) polls our agent's gmond XML on TCP 8649, as it would poll a stock gmond: a = our
 * agent ({@link AgentMain}, multicasting only on the rig bridge), b = gmetad with {@code data_source "dsas"} on
 * a:8649 and its rrd_rootdir in the rig directory. gmetad must take our XML, write host and cluster-summary RRDs
 * with numbers in them, and list our host in its own XML.
 */
class AgentGmetadIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("gmetad", "rrdtool", "bash");

    /** Our agent names itself by its address (no override_hostname), as gmond does. */
    private static final String OUR_HOST = "192.0.2.1";

    private static final List<String> NODE_METRICS = List.of("load_one", "mem_total", "cpu_idle");

    @Test
    void realGmetadPollsOurAgentAndWritesRrds() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host a = rig.host("a", lan, OUR_HOST + "/24");
        Host b = rig.host("b", lan, "192.0.2.2/24");
        Proc agent = a.start("agent", Map.of(), null, List.of(Cmd.which("java").orElseThrow().toString(), "-cp",
                System.getProperty("java.class.path"), AgentMain.class.getName(), "dsas", "eth0", "5"));
        a.awaitTcpListen(8649, Duration.ofSeconds(30));
        // gmetad records what the agent served at the time of the poll: wait until our node lists itself
        a.await("our agent listing itself with load_one", Duration.ofSeconds(60),
                () -> xml(a, OUR_HOST, 8649).contains("<HOST NAME=\"" + OUR_HOST + "\"")
                        && xml(a, OUR_HOST, 8649).contains("<METRIC NAME=\"load_one\""));

        Path gm = rig.newDir("gmetad");
        Path rrds = Files.createDirectories(gm.resolve("rrds"));
        Path conf = gm.resolve("gmetad.conf");
        Files.writeString(conf, String.join("\n", "data_source \"dsas\" 15 " + OUR_HOST + ":8649",
                "setuid off", "rrd_rootdir \"" + rrds + "\"", "xml_port 8651", "interactive_port 8652",
                "case_sensitive_hostnames 1",
                // gmetad answers on its xml_port only to localhost and trusted hosts: we ask from b's address
                "trusted_hosts 192.0.2.2", ""));
        rig.addLog("b gmetad.conf", conf);
        // -d 1: foreground with its log on stderr, so the rig owns (and stops) the process
        Proc gmetad = b.start("gmetad", Map.of(), gm, List.of(Cmd.tool("gmetad"), "-d", "1", "-c", conf.toString(),
                "-p", gm.resolve("gmetad.pid").toString()));

        Path hostDir = rrds.resolve("dsas").resolve(OUR_HOST);
        Path summaryDir = rrds.resolve("dsas").resolve("__SummaryInfo__");
        gmetad.await("gmetad's RRDs " + NODE_METRICS + " under " + hostDir + " and " + summaryDir,
                Duration.ofSeconds(90), () -> NODE_METRICS.stream().allMatch(
                        m -> Files.isRegularFile(hostDir.resolve(m + ".rrd"))
                                && Files.isRegularFile(summaryDir.resolve(m + ".rrd"))));

        // Numbers, not NaN: gmetad updates on every 15 s poll; two consolidated rows need a couple of polls.
        for (String m : NODE_METRICS) {
            Path host = hostDir.resolve(m + ".rrd");
            gmetad.await("two numbers in " + host, Duration.ofSeconds(90),
                    () -> numbers(b, host).size() >= 2);
            assertTrue(b.exec("rrdtool", "lastupdate", host.toString()).out()
                    .matches("(?s)\\s*sum\\s+\\d+: [0-9.e+-]+\\s*"), () -> b.exec("rrdtool", "lastupdate",
                            host.toString()).out());
            assertTrue(b.exec("rrdtool", "info", host.toString()).out().contains("step = 15"));
            // the cluster summary: sum over our one host, "num" 1
            Path summary = summaryDir.resolve(m + ".rrd");
            gmetad.await("a sum over one host in " + summary, Duration.ofSeconds(60),
                    () -> b.exec("rrdtool", "lastupdate", summary.toString()).out()
                            .matches("(?s)\\s*sum num\\s+\\d+: [0-9.e+-]+ 1(\\.0*)?\\s*"));
        }
        // mem_total is what the agent read from /proc/meminfo (kB): the machine has some memory
        List<Double> memTotal = numbers(b, hostDir.resolve("mem_total.rrd"));
        assertTrue(memTotal.stream().allMatch(v -> v > 1024), memTotal.toString());
        for (double idle : numbers(b, hostDir.resolve("cpu_idle.rrd"))) {
            assertTrue(idle >= 0 && idle <= 100, "cpu_idle " + idle);
        }

        // gmetad's own XML (8651) lists our host in cluster "dsas" with load_one
        String gx = xml(b, "192.0.2.2", 8651);
        int cluster = gx.indexOf("<CLUSTER NAME=\"dsas\"");
        assertTrue(cluster >= 0, gx);
        int host = gx.indexOf("<HOST NAME=\"" + OUR_HOST + "\"", cluster);
        assertTrue(host > cluster, gx);
        int end = gx.indexOf("</HOST>", host);
        int load = gx.indexOf("<METRIC NAME=\"load_one\"", host);
        assertTrue(load > host && load < end, gx);
        assertEquals(1, count(gx, "<HOST NAME="), gx);

        try (var files = Files.walk(rrds)) {
            System.out.println("gmetad wrote " + files.filter(p -> p.toString().endsWith(".rrd")).count()
                    + " RRDs; load_one " + b.exec("rrdtool", "lastupdate", hostDir.resolve("load_one.rrd").toString())
                            .out().trim().replace('\n', ' ') + "; mem_total " + memTotal);
        }
        // gmetad logs what it rejects in our XML (XML_ParseBuffer() error, RRD_update errors) and goes on
        assertFalse(gmetad.output().toLowerCase(java.util.Locale.ROOT).contains("error"), gmetad.output());
        assertTrue(gmetad.isAlive(), gmetad.output());
        assertTrue(agent.isAlive(), agent.output());
    }

    private static String xml(Host from, String address, int port) {
        return from.exec("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port + "; cat <&3").out();
    }

    /** The non-NaN AVERAGE rows of the last 5 minutes of a one-data-source RRD. */
    private static List<Double> numbers(Host on, Path rrd) {
        String out = on.exec("rrdtool", "fetch", rrd.toString(), "AVERAGE", "-r", "15", "-s", "-300").out();
        List<Double> values = new ArrayList<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String v = line.substring(colon + 1).trim().split("\\s+")[0];
            try {
                double d = Double.parseDouble(v);
                if (!Double.isNaN(d)) {
                    values.add(d);
                }
            } catch (NumberFormatException e) {
                // "-nan" / "nan" rows: no update in that step
            }
        }
        return values;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
