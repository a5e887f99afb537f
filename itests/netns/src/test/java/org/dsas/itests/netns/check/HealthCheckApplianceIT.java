package org.dsas.itests.netns.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NatTopology;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health checks driving the load balancer in the built appliance (role lb, nftables dataplane, namespaces):
 * a keepalived-syntax checks file (HTTP_GET on one real server, TCP_CHECK on the other, quorum 2) is picked up;
 * killing a real server's httpd takes it out of the dataplane and runs quorum_down; starting it again puts it
 * back and runs quorum_up; a drained server stays drained while its check passes.
 */
class HealthCheckApplianceIT {

    static final String VIP = "192.0.2.100";

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "nft", "busybox", "curl");

    @Test
    void aDeadRealServerLeavesAndComesBackAndQuorumActionsRun() throws Exception {
        NetnsRig rig = NET.rig();
        NatTopology net = NatTopology.build(rig, VIP, 2);
        Host client = net.client;
        Host box = net.box;
        NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "lb");
        Path marks = rig.newDir("quorum-marks");
        Path down = marks.resolve("down.sh");
        Path up = marks.resolve("up.sh");
        Files.writeString(down, "#!/bin/sh\necho down >> " + marks.resolve("events") + "\n");
        Files.writeString(up, "#!/bin/sh\necho up >> " + marks.resolve("events") + "\n");
        // Scripts run as the appliance's user (dsas), not as the test's root: readable and executable by all,
        // and a directory it may write.
        for (Path script : List.of(down, up)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(app.home.resolve("etc/dsas-lb.rules"), "-A -t " + VIP + ":80 -s rr\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.1:80 -m -w 1\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.2:80 -m -w 1\n");
        Files.writeString(app.home.resolve("etc/dsas-lb-checks.conf"), """
                virtual_server %s 80 {
                    delay_loop 1
                    quorum 2
                    quorum_down %s
                    quorum_up %s
                    real_server 198.51.100.1 80 {
                        HTTP_GET {
                            url {
                                path /name
                                status_code 200
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server 198.51.100.2 80 {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                }
                """.formatted(VIP, down, up));
        app.start(client);

        waitFor(app, client, "check:list --json", out -> count(out, "\"state\":\"UP\"") == 2);
        assertEquals(Map.of("s1", 2, "s2", 2), requests(client, 4));

        // s1's web server dies: HTTP_GET fails, s1 leaves the dataplane, quorum (2) is lost
        long killed = System.nanoTime();
        net.httpd[1].kill();
        waitFor(app, client, "lb:list", out -> !out.contains("198.51.100.1:80"));
        System.out.println("real server removed " + (System.nanoTime() - killed) / 1_000_000 + " ms after its httpd was killed");
        assertEquals(Map.of("s2", 4), requests(client, 4));
        awaitFile(marks.resolve("events"), "down");
        String list = ok(app.admin(client, "check:list --json"));
        assertTrue(list.contains("\"state\":\"DOWN\""), list);

        // back again: restored with its weight, quorum_up runs
        net.restart(1);
        waitFor(app, client, "lb:list", out -> out.contains("198.51.100.1:80"));
        assertEquals(Map.of("s1", 2, "s2", 2), requests(client, 4));
        awaitFile(marks.resolve("events"), "down\nup");

        // an operator's drain is never undone by a passing check
        ok(app.admin(client, "lb:drain 198.51.100.2:80"));
        Thread.sleep(3000); // three delay loops of passing TCP checks on s2
        assertEquals(Map.of("s1", 4), requests(client, 4));
        String json = ok(app.admin(client, "lb:list --json"));
        assertTrue(json.contains("\"server\":\"198.51.100.2:80\",\"forward\":\"Masq\",\"weight\":0"), json);

        ExecResult run = app.admin(client, "check:run 198.51.100.1:80");
        assertTrue(run.out().contains("HTTP_GET"), run.toString());
        app.stop();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitFile(Path file, String content) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = Files.exists(file) ? Files.readString(file).trim() : "";
            if (last.equals(content)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(file + " holds '" + last + "', expected '" + content + "'");
    }

    private static String ok(ExecResult r) {
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    private static String waitFor(NetnsAppliance app, Host client, String command, Predicate<String> done)
            throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            ExecResult r = app.admin(client, command);
            last = r.out() + r.err();
            if (r.exit() == 0 && done.test(r.out())) {
                return r.out();
            }
            Thread.sleep(300);
        }
        throw new AssertionError(command + " never reached the expected state: " + last);
    }

    private static Map<String, Integer> requests(Host client, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            ExecResult r = client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "http://" + VIP + "/name");
            assertEquals(0, r.exit(), r.toString());
            counts.merge(r.out().trim(), 1, Integer::sum);
        }
        assertFalse(counts.isEmpty());
        return counts;
    }
}
