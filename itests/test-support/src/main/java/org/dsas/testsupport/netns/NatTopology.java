package org.dsas.testsupport.netns;

import java.io.IOException;
import java.util.Map;

/**
 * The load balancer's NAT picture in namespaces: a client (192.0.2.1) on a front bridge; the box (192.0.2.10 and
 * the VIP on the front, 198.51.100.254 on the back, forwarding on); real servers s1..sN (198.51.100.i) on the back
 * bridge, each routing its replies through the box and serving its own name at /name with busybox httpd.
 */
public final class NatTopology {

    public final Host client;
    public final Host box;
    /** Index 1..n; index 0 unused, so s1 is servers[1]. */
    public final Host[] servers;
    public final Proc[] httpd;

    private NatTopology(Host client, Host box, Host[] servers, Proc[] httpd) {
        this.client = client;
        this.box = box;
        this.servers = servers;
        this.httpd = httpd;
    }

    public static NatTopology build(NetnsRig rig, String vip, int realServers) throws IOException {
        Bridge front = rig.bridge("front");
        Bridge back = rig.bridge("back");
        Host client = rig.host("client", front, "192.0.2.1/24");
        Host box = rig.host("box", front, "192.0.2.10/24", vip + "/24");
        box.attach(back, "198.51.100.254/24");
        box.sh("echo 1 > /proc/sys/net/ipv4/ip_forward").orThrow();
        Host[] servers = new Host[realServers + 1];
        Proc[] httpd = new Proc[realServers + 1];
        for (int i = 1; i <= realServers; i++) {
            servers[i] = rig.host("s" + i, back, "198.51.100." + i + "/24");
            servers[i].exec("ip", "route", "add", "default", "via", "198.51.100.254").orThrow();
            httpd[i] = Peers.httpServer(servers[i], 80, Map.of("name", "s" + i + "\n"));
        }
        return new NatTopology(client, box, servers, httpd);
    }

    /** Starts real server i's httpd again (after a kill). */
    public Proc restart(int i) throws IOException {
        httpd[i] = Peers.httpServer(servers[i], 80, Map.of("name", "s" + i + "\n"));
        return httpd[i];
    }
}
