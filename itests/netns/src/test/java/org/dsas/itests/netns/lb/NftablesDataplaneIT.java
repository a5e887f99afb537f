package org.dsas.itests.netns.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.nftables.NftablesDataplane;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Peers;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The nftables dataplane with real HTTP and TCP traffic: a client on the front bridge asks the VIP (an address of
 * the load balancer's front interface), the load balancer DNATs to three busybox httpd real servers on the back
 * bridge, which route their replies back through it (the NAT model IPVS uses too).
 */
class NftablesDataplaneIT {

    static final String VIP = "192.0.2.100";
    static final String[] SERVERS = {"198.51.100.1", "198.51.100.2", "198.51.100.3"};

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("nft", "busybox", "curl", "socat", "bash", "tail")
            .perTest();

    Host client;
    Host lb;
    Host[] servers = new Host[3];
    NftablesDataplane dataplane;

    @BeforeEach
    void topology() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge front = rig.bridge("front");
        Bridge back = rig.bridge("back");
        client = rig.host("client", front, "192.0.2.1/24");
        lb = rig.host("lb", front, "192.0.2.254/24", VIP + "/24");
        lb.attach(back, "198.51.100.254/24");
        lb.sh("echo 1 > /proc/sys/net/ipv4/ip_forward").orThrow();
        for (int i = 0; i < 3; i++) {
            servers[i] = rig.host("s" + (i + 1), back, SERVERS[i] + "/24");
            servers[i].exec("ip", "route", "add", "default", "via", "198.51.100.254").orThrow();
            Peers.httpServer(servers[i], 80, Map.of("name", "s" + (i + 1) + "\n"));
        }
        dataplane = new NftablesDataplane(List.of(Cmd.tool("ip"), "netns", "exec", lb.ns, Cmd.tool("nft")));
        dataplane.open();
    }

    @Test
    void roundRobinIsExactlyEvenAndCountersGrowWithTraffic() throws Exception {
        ServiceKey http = service(Protocol.TCP, 80, "rr", 1, 1, 1);
        assertEquals(Map.of("s1", 10, "s2", 10, "s3", 10), requests(30, null));

        ServiceState first = state(http);
        for (ServerState s : first.servers()) {
            assertEquals(10, s.counters().connections(), s.toString());
            assertTrue(s.counters().inPackets() >= 10 * 5, "client->server packets of 10 HTTP exchanges: " + s);
            assertTrue(s.counters().outPackets() >= 10 * 4, "server->client packets of 10 HTTP exchanges: " + s);
            assertTrue(s.counters().outBytes() > s.counters().outPackets() * 40, s.toString());
        }
        assertEquals(30, first.counters().connections());

        requests(6, null);
        ServiceState second = state(http);
        for (int i = 0; i < 3; i++) {
            ServerState before = first.servers().get(i);
            ServerState after = second.servers().get(i);
            assertEquals(12, after.counters().connections(), after.toString());
            assertTrue(after.counters().inPackets() > before.counters().inPackets(), after.toString());
            assertTrue(after.counters().outBytes() > before.counters().outBytes(), after.toString());
        }
        dataplane.zero(http);
        assertEquals(0, state(http).counters().connections());
        assertEquals(0, state(http).counters().inPackets());
    }

    @Test
    void weightedRoundRobinSplitsThreeTwoOne() throws Exception {
        service(Protocol.TCP, 80, "wrr", 3, 2, 1);
        assertEquals(Map.of("s1", 18, "s2", 12, "s3", 6), requests(36, null));
    }

    @Test
    void sourceHashKeepsEachClientAddressOnOneServer() throws Exception {
        service(Protocol.TCP, 80, "sh", 1, 1, 1);
        Set<String> used = new HashSet<>();
        for (int a = 10; a < 30; a++) {
            String source = "192.0.2." + a;
            client.exec("ip", "addr", "add", source + "/32", "dev", "eth0").orThrow();
            Map<String, Integer> got = requests(4, source);
            assertEquals(1, got.size(), "client " + source + " moved between real servers: " + got);
            used.addAll(got.keySet());
        }
        assertTrue(used.size() >= 2, "20 client addresses all hashed onto " + used);
    }

    @Test
    void changesKeepEstablishedConnectionsAndTouchOnlyTheirService() throws Exception {
        lb.exec("nft", "add table ip operator; add chain ip operator keep { type filter hook input priority 10; }")
                .orThrow();
        for (int i = 0; i < 3; i++) {
            Proc echo = servers[i].start("echo-7", "socat", "TCP-LISTEN:7,bind=" + SERVERS[i] + ",reuseaddr,fork",
                    "SYSTEM:echo hello-from-s" + (i + 1) + "; exec cat");
            Peers.awaitListening(echo, 7);
        }
        ServiceKey echo = ServiceKey.of(Protocol.TCP, new Endpoint(InetAddress.getByName(VIP), 7));
        dataplane.addService(VirtualService.of(echo, "rr"));
        dataplane.addServer(echo, server(0, 7, 1));
        ServiceKey http = service(Protocol.TCP, 80, "rr", 1, 1, 1);

        // a long-lived TCP connection, established through s1 before the changes
        Path input = NET.rig().newDir("long-lived").resolve("in");
        Files.writeString(input, "ping-before\n");
        Proc longLived = client.start("long-lived", "sh", "-c",
                "tail -f " + input + " | socat - TCP:" + VIP + ":7");
        longLived.awaitOutput("hello-from-s1", Duration.ofSeconds(10));
        longLived.awaitOutput("ping-before", Duration.ofSeconds(10));

        dataplane.addServer(echo, server(1, 7, 1));
        dataplane.addServer(echo, server(2, 7, 1));
        dataplane.editServer(echo, server(0, 7, 0)); // s1: no new connections
        Map<String, Integer> fresh = new TreeMap<>();
        for (int n = 0; n < 6; n++) {
            ExecResult r = client.exec("sh", "-c", "echo | socat - TCP:" + VIP + ":7");
            assertEquals(0, r.exit(), r.toString());
            fresh.merge(r.out().trim(), 1, Integer::sum);
        }
        assertEquals(Map.of("hello-from-s2", 3, "hello-from-s3", 3), fresh, "weight 0 took new connections");

        Files.writeString(input, "ping-after-change\n", StandardOpenOption.APPEND);
        longLived.awaitOutput("ping-after-change", Duration.ofSeconds(10));

        // the HTTP service saw none of this: still three servers, still exactly even
        assertEquals(Map.of("s1", 2, "s2", 2, "s3", 2), requests(6, null));
        dataplane.editServer(http, server(1, 80, 0));
        assertEquals(Map.of("s1", 3, "s3", 3), requests(6, null));

        dataplane.deleteService(http);
        assertEquals(List.of(echo), dataplane.read().stream().map(s -> s.service().key()).toList());
        ExecResult gone = client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "http://" + VIP + "/name");
        assertNotEquals(0, gone.exit(), "the deleted service still answers: " + gone);
        Files.writeString(input, "ping-after-delete\n", StandardOpenOption.APPEND);
        longLived.awaitOutput("ping-after-delete", Duration.ofSeconds(10));
        assertTrue(longLived.isAlive());

        DataplaneException missing = org.junit.jupiter.api.Assertions.assertThrows(DataplaneException.class,
                () -> dataplane.deleteService(http));
        assertEquals(DataplaneException.Reason.MISSING, missing.reason());
        dataplane.deleteService(echo);
        assertTrue(dataplane.read().isEmpty());
        dataplane.flush();
        ExecResult operator = lb.exec("nft", "list", "table", "ip", "operator");
        assertEquals(0, operator.exit(), "the operator's table is gone: " + operator);
        assertTrue(operator.out().contains("chain keep"), operator.out());
    }

    private ServiceKey service(Protocol protocol, int port, String scheduler, int... weights) throws Exception {
        ServiceKey key = ServiceKey.of(protocol, new Endpoint(InetAddress.getByName(VIP), port));
        dataplane.addService(VirtualService.of(key, scheduler));
        for (int i = 0; i < weights.length; i++) {
            dataplane.addServer(key, server(i, port, weights[i]));
        }
        ServiceState s = state(key);
        assertEquals(scheduler, s.service().scheduler());
        assertEquals(weights.length, s.servers().size());
        return key;
    }

    private static RealServer server(int index, int port, int weight) throws Exception {
        return RealServer.of(new Endpoint(InetAddress.getByName(SERVERS[index]), port), ForwardMethod.MASQUERADE,
                weight);
    }

    private ServiceState state(ServiceKey key) throws DataplaneException {
        List<ServiceState> all = dataplane.read();
        return all.stream().filter(s -> s.service().key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " not in " + all));
    }

    /** {@code n} HTTP requests to the VIP, each on a new connection (from {@code source} if given): server -> count. */
    private Map<String, Integer> requests(int n, String source) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            ExecResult r = source == null
                    ? client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "http://" + VIP + "/name")
                    : client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5", "--interface", source,
                            "http://" + VIP + "/name");
            assertEquals(0, r.exit(), r.toString());
            counts.merge(r.out().trim(), 1, Integer::sum);
        }
        assertFalse(counts.isEmpty());
        return counts;
    }
}
