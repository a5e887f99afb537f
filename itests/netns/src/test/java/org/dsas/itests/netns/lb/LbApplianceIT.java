package org.dsas.itests.netns.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NatTopology;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole lb role in the built appliance: started in a namespace with DSAS_ROLES=lb, it picks the nftables
 * dataplane by itself (this kernel has no IPVS), an operator builds a virtual service over SSH with the lb:
 * commands, and real HTTP from a client namespace is spread over busybox httpd real servers as the scheduler
 * says; a drain moves new connections away; bad input is one line and changes nothing.
 */
class LbApplianceIT {

    static final String VIP = "192.0.2.100";

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "nft", "busybox", "curl");

    @Test
    void operatorBuildsAServiceOverSshAndTrafficFollowsTheScheduler() throws Exception {
        NatTopology net = NatTopology.build(NET.rig(), VIP, 2);
        Host client = net.client;
        Host box = net.box;
        NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "lb");
        app.start(client);

        String backend = waitFor(app, client, "lb:backend", "nftables: auto");
        assertTrue(backend.contains("not used: ipvs"), backend);

        ok(app.admin(client, "lb:service-add -t " + VIP + ":80 -s wrr"));
        ok(app.admin(client, "lb:server-add -t " + VIP + ":80 -r 198.51.100.1:80 -m -w 2"));
        ok(app.admin(client, "lb:server-add -t " + VIP + ":80 -r 198.51.100.2:80 -m -w 1"));
        assertEquals(Map.of("s1", 8, "s2", 4), requests(client, 12));

        String list = ok(app.admin(client, "lb:list --json"));
        assertTrue(list.contains("\"service\":\"TCP " + VIP + ":80\""), list);
        assertTrue(list.contains("\"server\":\"198.51.100.1:80\",\"forward\":\"Masq\",\"weight\":2"), list);
        assertTrue(ok(app.admin(client, "lb:diff")).contains("matches desired state"));

        ok(app.admin(client, "lb:drain 198.51.100.1:80"));
        assertEquals(Map.of("s2", 6), requests(client, 6));
        ok(app.admin(client, "lb:undrain 198.51.100.1:80"));
        assertEquals(Map.of("s1", 4, "s2", 2), requests(client, 6));

        // nftables cannot count connections per server for lc: refused with one line, nothing applied
        ExecResult lc = app.admin(client, "lb:service-add -t " + VIP + ":8080 -s lc");
        assertNotEquals(0, lc.exit());
        assertTrue((lc.out() + lc.err()).contains("scheduler 'lc' is not supported by the nftables dataplane"), lc.toString());
        ExecResult badPort = app.admin(client, "lb:server-add -t " + VIP + ":80 -r 198.51.100.3:70000 -m");
        assertNotEquals(0, badPort.exit());
        // one line from the appliance (ssh itself may add "Connection ... closed" on stderr)
        String said = (badPort.out() + badPort.err()).lines().filter(l -> !l.startsWith("Connection to "))
                .collect(java.util.stream.Collectors.joining("\n")).trim();
        assertEquals(1, said.lines().count(), badPort.toString());
        assertTrue(said.contains("70000"), said);
        assertTrue(ok(app.admin(client, "lb:list")).contains("198.51.100.2:80"));
        assertTrue(!ok(app.admin(client, "lb:list")).contains(":8080"));

        String status = ok(app.admin(client, "dsas:status --json"));
        assertTrue(status.contains("\"backend\":\"nftables\""), status);
        app.stop();
    }

    private static String ok(ExecResult r) {
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    private static String waitFor(NetnsAppliance app, Host client, String command, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            ExecResult r = app.admin(client, command);
            last = r.out() + r.err();
            if (r.exit() == 0 && last.contains(expected)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(command + " never said '" + expected + "': " + last);
    }

    private static Map<String, Integer> requests(Host client, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            ExecResult r = client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "http://" + VIP + "/name");
            assertEquals(0, r.exit(), r.toString());
            counts.merge(r.out().trim(), 1, Integer::sum);
        }
        return counts;
    }
}
