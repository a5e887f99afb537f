package org.dsas.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Gmond;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.Keepalived;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Peers;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real peers the capabilities are tested against: an HTTP server, keepalived (VRRP), gmond. */
class RealPeersIT {

    static final String VIP = "192.0.2.100";

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("busybox", "socat", "curl", "keepalived", "gmond")
            .perTest();

    @Test
    void httpServerInOneHostAnswersCurlFromAnother() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host a = rig.host("a", lan, "192.0.2.1/24");
        Host b = rig.host("b", lan, "192.0.2.2/24");
        Peers.httpServer(a, 8080, Map.of("index.html", "hello from a\n"));
        ExecResult r = b.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "http://192.0.2.1:8080/index.html");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello from a\n", r.out());
        ExecResult w = b.exec("busybox", "wget", "-q", "-O", "-", "http://192.0.2.1:8080/index.html");
        assertEquals("hello from a\n", w.out(), w.toString());
    }

    @Test
    void keepalivedElectsTheHigherPriorityAndHandsTheVipOverOnStop() throws Exception {
        Host[] h = vrrpPair();
        Host a = h[0];
        Host b = h[1];
        Proc master = Keepalived.on(a).priority(150).state("MASTER").vip(VIP + "/24").start();
        Proc backup = Keepalived.on(b).priority(100).vip(VIP + "/24").start();
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        backup.awaitOutput("Entering BACKUP STATE", Duration.ofSeconds(10));
        assertFalse(b.hasAddress("eth0", VIP), "the backup holds the VIP too: " + b.addresses("eth0"));
        assertTrue(master.output().contains("Entering MASTER STATE"), master.output());
        ExecResult ping = h[2].exec("busybox", "ping", "-c", "1", "-W", "2", VIP);
        assertEquals(0, ping.exit(), ping.toString());

        long t0 = System.nanoTime();
        master.stop(); // SIGTERM: the master drops the VIP and sends priority 0
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(a.hasAddress("eth0", VIP), "the stopped master kept the VIP: " + a.addresses("eth0"));
        backup.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(2));
        System.out.println("VIP moved to the backup " + ms + " ms after the master's keepalived was stopped");
        ExecResult after = h[2].exec("busybox", "ping", "-c", "1", "-W", "2", VIP);
        assertEquals(0, after.exit(), after.toString());
    }

    @Test
    void whenTheMastersKeepalivedIsKilledTheBackupTakesOver() throws Exception {
        Host[] h = vrrpPair();
        Host a = h[0];
        Host b = h[1];
        Proc master = Keepalived.on(a).priority(150).state("MASTER").vip(VIP + "/24").start();
        Keepalived.on(b).priority(100).vip(VIP + "/24").start();
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        assertFalse(b.hasAddress("eth0", VIP));

        long t0 = System.nanoTime();
        master.kill(); // SIGKILL: a crash, nothing is cleaned up; the backup waits 3 missed adverts (+ skew)
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(6));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("VIP taken over by the backup " + ms + " ms after the master's keepalived was killed;"
                + " the dead master's eth0: " + a.addresses("eth0"));
        assertFalse(master.isAlive());
    }

    @Test
    void gmondServesClusterXmlOverTcpAndSeesItsPeerByMulticast() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host a = rig.host("a", lan, "192.0.2.1/24");
        Host b = rig.host("b", lan, "192.0.2.2/24");
        Gmond.on(a).cluster("dsas-rig").start();
        Gmond.on(b).cluster("dsas-rig").start();
        ExecResult xml = b.exec("socat", "-u", "TCP4:192.0.2.1:8649,connect-timeout=5", "STDOUT");
        assertEquals(0, xml.exit(), xml.toString());
        assertTrue(xml.out().contains("<GANGLIA_XML"), xml.out());
        assertTrue(xml.out().contains("<CLUSTER NAME=\"dsas-rig\""), xml.out());
        // both gmonds on the bridge: a's XML lists b too, learnt over multicast
        a.await("b in a's cluster XML", Duration.ofSeconds(20), () -> b
                .exec("socat", "-u", "TCP4:192.0.2.1:8649,connect-timeout=5", "STDOUT").out()
                .contains("<HOST NAME=\"b\" IP=\"192.0.2.2\""));
    }

    /** a and b run keepalived on a bridge, c watches the VIP. */
    private static Host[] vrrpPair() {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        return new Host[] {rig.host("a", lan, "192.0.2.1/24"), rig.host("b", lan, "192.0.2.2/24"),
                rig.host("c", lan, "192.0.2.3/24")};
    }
}
