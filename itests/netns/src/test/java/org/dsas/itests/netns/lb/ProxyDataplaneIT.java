package org.dsas.itests.netns.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.lb.proxy.StandaloneProxy;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Peers;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy dataplane in a load-balancer namespace with real HTTP traffic: clients on 192.0.2.0/24 reach the
 * virtual address 192.0.2.100, the proxy (a child JVM running {@link StandaloneProxy} in the lb namespace)
 * forwards to three busybox httpd real servers on 198.51.100.0/24, each serving its own name.
 */
class ProxyDataplaneIT {

    static final String VIP = "192.0.2.100";
    static final List<String> SERVERS = List.of("198.51.100.1", "198.51.100.2", "198.51.100.3");

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("busybox", "socat", "curl");

    static Host lb;
    static Host c1;
    static Host c2;
    static int nextPort = 8001;

    @BeforeAll
    static void topology() throws IOException {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Bridge back = rig.bridge("back");
        lb = rig.host("lb", lan, "192.0.2.10/24", VIP + "/24");
        lb.attach(back, "198.51.100.10/24");
        c1 = rig.host("c1", lan, "192.0.2.1/24");
        c2 = rig.host("c2", lan, "192.0.2.2/24");
        for (int i = 0; i < SERVERS.size(); i++) {
            Host r = rig.host("r" + (i + 1), back, SERVERS.get(i) + "/24");
            Peers.httpServer(r, 80, Map.of("index.html", "r" + (i + 1) + "\n"));
            // UDP: every datagram answered with the server's name. The script reads the datagram first: an
            // 'echo' that exits before socat has written the datagram to it makes socat's child die on EPIPE
            // without sending the answer (seen once in CI).
            r.start("udp-name", "socat", "UDP4-RECVFROM:9000,bind=" + SERVERS.get(i) + ",fork",
                    "SYSTEM:read line; echo r" + (i + 1));
        }
    }

    /** The proxy running in the lb namespace with one service on a fresh port, and its control socket. */
    record RunningProxy(Proc proc, Path control, int port) {

        /** Per real server (r1, r2, r3): "active=.. inactive=.. conns=..", as the dataplane's read() says. */
        Map<String, Map<String, Integer>> read() throws IOException {
            Map<String, Map<String, Integer>> m = new HashMap<>();
            Pattern p = Pattern.compile("^\\s+198\\.51\\.100\\.(\\d):\\d+ weight=(\\d+) active=(\\d+) inactive=(\\d+)"
                    + " conns=(\\d+)$");
            for (String line : command("read")) {
                Matcher x = p.matcher(line);
                if (x.matches()) {
                    m.put("r" + x.group(1), Map.of("active", Integer.parseInt(x.group(3)), "inactive",
                            Integer.parseInt(x.group(4)), "conns", Integer.parseInt(x.group(5))));
                }
            }
            return m;
        }

        List<String> command(String line) throws IOException {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(control));
                OutputStream out = Channels.newOutputStream(c);
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                        StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l);
                    if (l.equals("END") || l.equals("OK") || l.startsWith("ERROR")) {
                        break;
                    }
                }
                return lines;
            }
        }
    }

    static RunningProxy proxy(String protocol, String scheduler, int... weights) throws IOException {
        int port = nextPort++;
        StringBuilder spec = new StringBuilder("threads 2\nservice " + protocol + " " + VIP + ":" + port + " "
                + scheduler + "\n");
        for (int i = 0; i < SERVERS.size(); i++) {
            spec.append("server ").append(SERVERS.get(i)).append(protocol.equals("udp") ? ":9000 " : ":80 ")
                    .append(weights.length > i ? weights[i] : 1).append('\n');
        }
        Path dir = lb.rig.newDir("proxy-" + port);
        Path specFile = dir.resolve("spec");
        Files.writeString(specFile, spec);
        Path control = dir.resolve("control.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Proc p = lb.start("proxy-" + port, Map.of(), null, List.of(java, "-cp", classpath(),
                StandaloneProxy.class.getName(), specFile.toString(), control.toString()));
        p.awaitOutput("READY", Duration.ofSeconds(30));
        p.await("the control socket", Duration.ofSeconds(10), () -> Files.exists(control));
        return new RunningProxy(p, control, port);
    }

    /** This JVM's class path: the netns module has Netty as a test dependency (Karaf supplies it in the appliance). */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static String get(Host client, int port) {
        ExecResult r = client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "5",
                "http://" + VIP + ":" + port + "/index.html");
        assertEquals(0, r.exit(), r.toString());
        return r.out().trim();
    }

    static Map<String, Integer> distribution(Host client, int port, int requests) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            counts.merge(get(client, port), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsEvenly() throws Exception {
        RunningProxy p = proxy("tcp", "rr");
        assertEquals(Map.of("r1", 10, "r2", 10, "r3", 10), distribution(c1, p.port(), 30));
        Map<String, Map<String, Integer>> state = p.read();
        assertEquals(10, state.get("r1").get("conns"), state.toString());
    }

    @Test
    void weightedRoundRobinGivesExactProportions() throws Exception {
        RunningProxy p = proxy("tcp", "wrr", 3, 2, 1);
        assertEquals(Map.of("r1", 30, "r2", 20, "r3", 10), distribution(c1, p.port(), 60));
    }

    @Test
    void heldConnectionsShowInReadAndSteerLeastConnection() throws Exception {
        for (String scheduler : List.of("lc", "wlc")) {
            RunningProxy p = proxy("tcp", scheduler);
            // a connection held open without a request: busybox httpd waits for the headers
            Proc h1 = c1.start("hold-" + scheduler + "-1", "sh", "-c",
                    "sleep 50 | socat - TCP4:" + VIP + ":" + p.port());
            lb.await("one held connection", Duration.ofSeconds(10), () -> activeSum(p) == 1);
            Proc h2 = c1.start("hold-" + scheduler + "-2", "sh", "-c",
                    "sleep 50 | socat - TCP4:" + VIP + ":" + p.port());
            lb.await("two held connections", Duration.ofSeconds(10), () -> activeSum(p) == 2);
            Map<String, Map<String, Integer>> held = p.read();
            assertEquals(1, held.get("r1").get("active"), held.toString());
            assertEquals(1, held.get("r2").get("active"), held.toString());
            assertEquals(0, held.get("r3").get("active"), held.toString());
            // r1 and r2 are busy: every new request goes to r3
            assertEquals(Map.of("r3", 5), distribution(c2, p.port(), 5), scheduler);
            h1.stop();
            lb.await("r1's held connection to end", Duration.ofSeconds(10), () -> activeSum(p) == 1);
            assertEquals("r1", get(c2, p.port()), scheduler + ": r1 is free again, first in the list");
            h2.stop();
        }
    }

    private static int activeSum(RunningProxy p) {
        try {
            return p.read().values().stream().mapToInt(m -> m.get("active")).sum();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sourceHashingKeepsEachClientOnOneServer() throws Exception {
        RunningProxy p = proxy("tcp", "sh");
        Map<String, Integer> one = distribution(c1, p.port(), 10);
        Map<String, Integer> two = distribution(c2, p.port(), 10);
        assertEquals(1, one.size(), "c1 went to " + one);
        assertEquals(1, two.size(), "c2 went to " + two);
        assertEquals(10, one.values().iterator().next());
    }

    @Test
    void deletingARealServerTakesItOutOfRotation() throws Exception {
        RunningProxy p = proxy("tcp", "rr");
        assertEquals(List.of("OK"), p.command("delete-server tcp " + VIP + ":" + p.port() + " 198.51.100.2:80"));
        assertEquals(Map.of("r1", 5, "r3", 5), distribution(c1, p.port(), 10));
    }

    @Test
    void udpThroughTheProxyWithOneSessionPerClient() throws Exception {
        RunningProxy p = proxy("udp", "rr");
        ExecResult a = c1.sh("echo ping | socat -T2 - UDP4:" + VIP + ":" + p.port() + ",sourceport=5001");
        assertEquals("r1", a.out().trim(), a.toString());
        ExecResult b = c2.sh("echo ping | socat -T2 - UDP4:" + VIP + ":" + p.port() + ",sourceport=5001");
        assertEquals("r2", b.out().trim(), b.toString());
        ExecResult again = c1.sh("echo ping | socat -T2 - UDP4:" + VIP + ":" + p.port() + ",sourceport=5001");
        assertEquals("r1", again.out().trim(), "same client address and port: same session");
        Map<String, Map<String, Integer>> state = p.read();
        assertEquals(1, state.get("r1").get("inactive"), state.toString());
        assertEquals(1, state.get("r2").get("inactive"), state.toString());
        assertEquals(0, state.get("r3").get("inactive"), state.toString());
        assertEquals(0, state.get("r1").get("active"), state.toString());
        assertTrue(state.get("r1").get("conns") == 1, state.toString());
    }
}
