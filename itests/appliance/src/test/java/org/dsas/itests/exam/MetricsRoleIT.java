package org.dsas.itests.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The metrics capability in the real assembly: the agent (base role) lists this node; the metrics-collector
 * role, switched on by the flags file, polls the agent's gmond XML (loopback only: this container shares the
 * build machine's network, so nothing multicasts), keeps history and serves the web page through pax-web.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsRoleIT {

    // Chosen in the test JVM for the configuration; the container reads the HTTP port back from etc/ (its own
    // static fields are initialised afresh).
    private static final int AGENT_PORT = freePort();
    private static final int HTTP_PORT_CHOSEN = freePort();

    private static int HTTP_PORT;

    @Inject
    private SessionFactory sessions;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return RolesIT.staticImports(probe);
    }

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(new RolesIT().config()));
        options.add(editConfigurationFilePut("etc/dsas.flags", "roles", "metrics-collector"));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "tcp.port", String.valueOf(AGENT_PORT)));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "tcp.bind", "127.0.0.1"));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "host.name", "exam-node"));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "collect.interval", "2"));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.collector.cfg", "data.sources",
                "\"exam\" 15 127.0.0.1:" + AGENT_PORT));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.collector.cfg", "xml.port", "0"));
        options.add(editConfigurationFilePut("etc/org.dsas.metrics.collector.cfg", "interactive.port", "0"));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                String.valueOf(HTTP_PORT_CHOSEN)));
        return options.toArray(new Option[0]);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int httpPort() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(
                java.nio.file.Path.of(System.getProperty("karaf.etc"), "org.ops4j.pax.web.cfg"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("org.osgi.service.http.port").trim());
    }

    @Test
    public void agentListsThisNodeAndTheCollectorServesItsPage() throws Exception {
        HTTP_PORT = httpPort();
        String list = RolesIT.waitForRole(sessions, "metrics-collector", "active", true);
        RolesIT.assertRole(list, "metrics-collector", true, "flags-file");

        String hosts = waitFor(() -> RolesIT.run(sessions, "metrics:hosts --json"), "exam-node");
        assertTrue(hosts, hosts.contains("exam-node"));
        String metrics = RolesIT.run(sessions, "metrics:list --json exam-node");
        assertTrue(metrics, metrics.contains("load_one"));

        String page = waitFor(() -> get("/metrics-ui/"), "exam-node");
        assertTrue(page, page.contains("exam-node"));
        HttpURLConnection png = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT
                + "/metrics-ui/graph.png?c=exam&g=load&r=hour").openConnection();
        assertEquals(200, png.getResponseCode());
        assertEquals("image/png", png.getContentType());
        try (InputStream in = png.getInputStream()) {
            byte[] head = in.readNBytes(8);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
        }
        String status = RolesIT.run(sessions, "dsas:status --json");
        assertTrue(status, status.contains("metrics-collector"));
    }

    private String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + path).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if (c.getResponseCode() != 200) {
                return "HTTP " + c.getResponseCode();
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            return e.toString();
        }
    }

    private interface Text {
        String get() throws Exception;
    }

    private static String waitFor(Text text, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = text.get();
            if (last.contains(expected)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("never saw '" + expected + "': " + last);
    }
}
