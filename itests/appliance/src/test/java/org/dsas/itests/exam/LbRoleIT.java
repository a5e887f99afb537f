package org.dsas.itests.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The lb role in the real assembly: it comes up from the flags file, and the lb: commands build a
 * virtual service that forwards real connections (proxy dataplane on loopback, so the host's own
 * nftables and addresses are never touched), persist it, and refuse bad input with one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LbRoleIT {

    // The shell's SessionFactory is looked up by name once the shell is there: naming its type in a field made
    // the probe load it while the boot features were still being installed (ClassNotFoundException, seen once).
    @Inject
    private BundleContext context;

    private Object sessions;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return RolesIT.staticImports(probe);
    }

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(new RolesIT().config()));
        options.add(editConfigurationFilePut("etc/dsas.flags", "roles", "lb"));
        options.add(editConfigurationFilePut("etc/org.dsas.lb.cfg", "backend", "proxy"));
        return options.toArray(new Option[0]);
    }

    private String run(String command) throws Exception {
        if (sessions == null) {
            ServiceTracker<Object, Object> t = new ServiceTracker<>(context,
                    context.createFilter("(objectClass=org.apache.karaf.shell.api.console.SessionFactory)"), null);
            t.open();
            sessions = t.waitForService(120_000);
            assertTrue("the shell's SessionFactory never came", sessions != null);
        }
        return RolesIT.run((SessionFactory) sessions, command);
    }

    @Test
    public void lbRoleComesUpFromFlagsAndCommandsBuildAWorkingService() throws Exception {
        // The lb role installs while the test starts. Felix cannot wire the probe's dynamic imports while another
        // thread holds the resolver (ClassNotFoundException for JDK and shell classes alike), so the first
        // command is retried until the install is done.
        for (int attempt = 0; ; attempt++) {
            try {
                run("role:list");
                break;
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                if (attempt == 120) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        String list = RolesIT.waitForRole((SessionFactory) sessions, "lb", "active", true);
        RolesIT.assertRole(list, "lb", true, "flags-file");

        String backend = waitFor("lb:backend", "proxy: configured");
        assertTrue(backend, backend.contains("backend = proxy"));

        try (ServerSocket real = new ServerSocket()) {
            real.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread answer = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = real.accept()) {
                            s.getOutputStream().write("hello from real server\n".getBytes(StandardCharsets.UTF_8));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            answer.setDaemon(true);
            answer.start();
            int vport;
            try (ServerSocket probe = new ServerSocket(0)) {
                vport = probe.getLocalPort();
            }
            String vip = "127.0.0.1:" + vport;
            String rip = "127.0.0.1:" + real.getLocalPort();

            assertEquals("added TCP " + vip, run("lb:service-add -t " + vip + " -s rr").trim());
            assertEquals("added " + rip + " to TCP " + vip, run("lb:server-add -t " + vip + " -r " + rip + " -m -w 2").trim());

            // a real connection through the virtual service
            try (Socket c = new Socket("127.0.0.1", vport)) {
                c.setSoTimeout(10_000);
                InputStream in = c.getInputStream();
                String got = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("hello from real server\n", got);
            }

            String json = run("lb:list --json");
            assertTrue(json, json.contains("\"backend\":\"proxy\""));
            assertTrue(json, json.contains("\"service\":\"TCP " + vip + "\""));
            assertTrue(json, json.contains("\"server\":\"" + rip + "\",\"forward\":\"Masq\",\"weight\":2"));
            assertTrue(run("lb:diff"), run("lb:diff").contains("the dataplane matches desired state"));

            // persisted in ipvsadm-save format
            String rules = Files.readString(Path.of(System.getProperty("karaf.etc"), "dsas-lb.rules"));
            assertTrue(rules, rules.contains("-A -t " + vip + " -s rr"));
            assertTrue(rules, rules.contains("-a -t " + vip + " -r " + rip + " -m -w 2"));
            String export = run("lb:export");
            assertTrue(export, export.contains("-a -t " + vip + " -r " + rip + " -m -w 2"));

            // drain: weight 0 on the dataplane, configured weight kept
            assertTrue(run("lb:drain " + rip), run("lb:list --json").contains("\"weight\":0"));
            assertTrue(rules, Files.readString(Path.of(System.getProperty("karaf.etc"), "dsas-lb.rules"))
                    .contains("-w 2"));
            run("lb:undrain " + rip);
            assertTrue(run("lb:list --json").contains("\"weight\":2"));

            // bad input: one line naming the problem, state unchanged
            String bad = run("lb:service-add -t 127.0.0.1:99999 -s rr");
            assertTrue(bad, bad.contains("99999"));
            assertEquals(bad, 1, bad.trim().lines().count());
            String badSched = run("lb:service-add -t 127.0.0.2:80 -s fastest");
            assertTrue(badSched, badSched.contains("unknown scheduler 'fastest'"));
            String gate = run("lb:server-add -t " + vip + " -r 127.0.0.3:" + vport + " -g");
            assertTrue(gate, gate.contains("not supported by the proxy dataplane"));
            assertFalse(run("lb:list"), run("lb:list").contains("127.0.0.3"));

            String status = run("dsas:status --json");
            assertTrue(status, status.contains("\"backend\":\"proxy\""));

            assertEquals("deleted TCP " + vip, run("lb:service-delete -t " + vip).trim());
            assertFalse(run("lb:list"), run("lb:list").contains(vip));
        }
    }

    /**
     * In the built appliance: lb:import-keepalived with one checker value the health checks refuse lists
     * the problem, imports nothing and writes no checks file; and the shipped etc/org.dsas.*.cfg of the
     * running components are accepted with no unknown key (dsas:status has no configuration alarm).
     */
    @Test
    public void aBadCheckerImportsNothingAndTheShippedConfigurationHasNoConfigurationAlarm() throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                run("role:list");
                break;
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                if (attempt == 120) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        RolesIT.waitForRole((SessionFactory) sessions, "lb", "active", true);
        waitFor("lb:backend", "proxy: configured");
        waitFor("dsas:status", "check");

        Path conf = Files.createTempFile("keepalived", ".conf");
        Files.writeString(conf, """
                virtual_server 127.0.0.1 18080 {
                    lb_algo rr
                    real_server 127.0.0.1 18081 {
                        HTTP_GET {
                            url {
                                path /health
                                status_code abc
                            }
                        }
                    }
                }
                """);
        Path checks = Path.of(System.getProperty("karaf.etc"), "dsas-lb-checks.conf");
        String before = Files.exists(checks) ? Files.readString(checks) : "<none>";

        String out = run("lb:import-keepalived " + conf);
        assertTrue(out, out.contains(conf + ":7: status_code: not a number: 'abc'"));
        assertTrue(out, out.contains("1 problem in " + conf + "; nothing imported"));
        assertFalse(run("lb:list"), run("lb:list").contains("18080"));
        assertEquals(before, Files.exists(checks) ? Files.readString(checks) : "<none>");
        Path rules = Path.of(System.getProperty("karaf.etc"), "dsas-lb.rules");
        assertFalse(Files.exists(rules) && Files.readString(rules).contains("18080"));

        String status = run("dsas:status --json");
        assertTrue(status, status.contains("\"org.dsas.lb.proxy\":\"ok\""));
        assertTrue(status, status.contains("\"org.dsas.lb\":\"ok\""));
        assertTrue(status, status.contains("\"org.dsas.healthcheck\":\"ok\""));
        assertFalse(status, status.contains("config refused"));
    }

    private String waitFor(String command, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String out = "";
        while (System.currentTimeMillis() < deadline) {
            out = run(command);
            if (out.contains(expected)) {
                return out;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(command + " never said '" + expected + "': " + out);
    }
}
