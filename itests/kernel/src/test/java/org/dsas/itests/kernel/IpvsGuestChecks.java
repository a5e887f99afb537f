package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dsas.kernel.internal.LinuxGenericNetlink;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbService.Change.Kind;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.internal.Reconciler;
import org.dsas.lb.ipvs.IpvsDataplane;
import org.dsas.lb.ipvs.IpvsDataplaneProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IpvsDataplane against the real kernel's IPVS, compared with what ipvsadm lists and creates. Runs
 * INSIDE the guest (IpvsDataplaneIT boots it after a dummy interface dsas-rs with 10.0.0.254/24 and
 * 2001:db8:1::254/64 is up, so NAT real servers have a route, and after IpvsDataplaneIT.REAL_SERVERS has built
 * real servers rs1/rs2 (busybox httpd) and clients cl (NAT) and lan (DR) in network namespaces of the guest);
 * never on the host.
 */
class IpvsGuestChecks {

    private static IpvsDataplane ipvs;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue(GuestSideChecks.inGuest(), "only meaningful inside the guest");
        IpvsDataplaneProvider provider = new IpvsDataplaneProvider(new LinuxGenericNetlink());
        DataplaneProbe probe = provider.probe();
        assertTrue(probe.available(), probe::toString);
        ipvs = (IpvsDataplane) provider.open();
    }

    @AfterAll
    static void close() {
        if (ipvs != null) {
            ipvs.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        ipvs.flush();
    }

    @Test
    void whatWeCreateIpvsadmListsAndWeReadBack() throws Exception {
        List<VirtualService> desired = mixedServices();
        for (VirtualService s : desired) {
            ipvs.addService(s);
            for (RealServer r : s.servers()) {
                ipvs.addServer(s.key(), r);
            }
        }

        assertEquals(sorted(withoutThresholds(desired)), sorted(IpvsadmListing.parse(sh("ipvsadm -Ln"))));
        assertEquals(sorted(desired), services(ipvs.read()));
    }

    @Test
    void whatIpvsadmCreatesWeRead() throws Exception {
        sh("""
                set -e
                ipvsadm -A -t 10.0.0.1:80 -s wlc
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.3:80 -i -w 5 -x 100 -y 50
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.4:80 -g -w 0
                ipvsadm -A -f 1 -s sh -p 300 -M 255.255.255.0
                ipvsadm -a -f 1 -r 10.0.0.5:0 -g -w 2
                ipvsadm -A -f 7 -6 -s mh -p 60 -M 64 -b mh-port
                ipvsadm -A -t [2001:db8::1]:443 -s sh -b sh-fallback,sh-port
                ipvsadm -a -t [2001:db8::1]:443 -r [2001:db8:1::2]:443 -m -w 2 -x 10
                ipvsadm -A -u 10.0.0.1:53 -s rr -o
                ipvsadm -a -u 10.0.0.1:53 -r 10.0.0.6:53 -m
                """);

        List<VirtualService> expected = List.of(
                svc(tcp("10.0.0.1", 80), "wlc", 0, 32, 0,
                        RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 3),
                        new RealServer(ep("10.0.0.3", 80), ForwardMethod.TUNNEL, 5, 100, 50),
                        RealServer.of(ep("10.0.0.4", 80), ForwardMethod.GATEWAY, 0)),
                svc(ServiceKey.fwmark(1, false), "sh", 300, 24, 0,
                        RealServer.of(ep("10.0.0.5", 0), ForwardMethod.GATEWAY, 2)),
                svc(ServiceKey.fwmark(7, true), "mh", 60, 64, VirtualService.FLAG_SCHED2),
                svc(tcp("2001:db8::1", 443), "sh", 0, 128, VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2,
                        new RealServer(ep("2001:db8:1::2", 443), ForwardMethod.MASQUERADE, 2, 10, 0)),
                svc(ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53)), "rr", 0, 32, VirtualService.FLAG_ONEPACKET,
                        RealServer.of(ep("10.0.0.6", 53), ForwardMethod.MASQUERADE, 1)));
        assertEquals(sorted(expected), services(ipvs.read()));
    }

    @Test
    void editChangesInPlaceAndDeleteRemoves() throws Exception {
        ServiceKey key = tcp("203.0.113.20", 80);
        ipvs.addService(VirtualService.of(key, "rr"));
        ipvs.addServer(key, RealServer.of(RS1, ForwardMethod.MASQUERADE, 1));
        ipvs.addServer(key, RealServer.of(RS2, ForwardMethod.MASQUERADE, 1));
        // One connection from the NAT client to a real server that answers: the handshake completes, so no SYN
        // is retransmitted (and counted again) behind our back. The client holds it open until told to send.
        Process held = new ProcessBuilder("ip", "netns", "exec", "cl", "bash", "-c", """
                exec 3<>/dev/tcp/203.0.113.20/80 || exit 9
                echo connected
                read -r -t 120 go || exit 8
                printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3
                cat <&3
                """).redirectErrorStream(true).start();
        try {
            BufferedReader heldOut = new BufferedReader(new InputStreamReader(held.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("connected", heldOut.readLine(), "the held connection through 203.0.113.20:80");
            ServiceState before = awaitSettled(key, s -> s.counters().connections() == 1);
            String entry = connectionEntries("203.0.113.20:80");
            assertEquals(1, entry.lines().count(), entry);
            assertTrue(entry.contains("ESTABLISHED"), entry);

            ipvs.editService(new VirtualService(key, "wlc", 0, 32, 0, List.of()));
            ipvs.editServer(key, RealServer.of(RS1, ForwardMethod.MASQUERADE, 9));

            ServiceState after = ipvs.read().get(0);
            assertEquals("wlc", after.service().scheduler());
            assertEquals(9, after.service().server(RS1).orElseThrow().weight());
            assertEquals(before.counters().connections(), after.counters().connections(), "counters survive an edit");
            assertEquals(before.counters().inPackets(), after.counters().inPackets(), "counters survive an edit");
            assertEquals(entry, connectionEntries("203.0.113.20:80"), "the connection entry stays");
            // ... and still carries traffic to the real server it was scheduled to
            String destination = entry.split(" ")[4];
            held.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            held.getOutputStream().flush();
            String response = new String(held.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(held.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, held.exitValue(), response);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertEquals(destination.equals(RS1.toString()) ? "rs1" : "rs2",
                    response.substring(response.indexOf("\r\n\r\n") + 4).trim(), destination + "\n" + response);
        } finally {
            held.destroyForcibly();
        }

        ipvs.deleteServer(key, RS2);
        assertEquals(List.of(RS1), ipvs.read().get(0).service().servers().stream()
                .map(RealServer::endpoint).toList());
        ipvs.deleteService(key);
        assertEquals(List.of(), ipvs.read());
        assertEquals("", sh("ipvsadm -Sn"));
    }

    /**
     * Real HTTP from a client through a virtual service that IpvsDataplane made, to the real servers
     * (topology: IpvsDataplaneIT.REAL_SERVERS): NAT from the client behind the director, then direct routing
     * from the client on the real servers' bridge; rr over two real servers alternates. With no service the
     * VIPs refuse (nothing listens on the director), so every answer came through IPVS.
     */
    @Test
    void realHttpThroughNatAndDirectRoutingComesFromBothRealServersInTurn() throws Exception {
        assertEquals("rs1", get("lan", "192.0.2.11"), "real server rs1 answers directly");
        assertEquals("rs2", get("lan", "192.0.2.12"), "real server rs2 answers directly");
        assertEquals(7, curl("cl", "203.0.113.10").exit(), "curl exit 7: connection refused, the NAT VIP with no service");
        assertEquals(7, curl("lan", "192.0.2.100").exit(), "curl exit 7: connection refused, the DR VIP with no service");

        ServiceKey nat = tcp("203.0.113.10", 80);
        ipvs.addService(VirtualService.of(nat, "rr"));
        ipvs.addServer(nat, RealServer.of(RS1, ForwardMethod.MASQUERADE, 1));
        ipvs.addServer(nat, RealServer.of(RS2, ForwardMethod.MASQUERADE, 1));
        assertAlternates(List.of(get("cl", "203.0.113.10"), get("cl", "203.0.113.10"), get("cl", "203.0.113.10"),
                get("cl", "203.0.113.10")));
        ServiceState natState = awaitSettled(nat, s -> s.counters().connections() == 4);
        // NAT: the replies pass the director (out packets counted), two connections on each real server
        assertTrue(natState.counters().outPackets() > 0, natState::toString);
        assertEquals(List.of(2L, 2L), natState.servers().stream().map(r -> r.counters().connections()).toList(),
                natState::toString);

        ipvs.deleteService(nat);
        ServiceKey dr = tcp("192.0.2.100", 80);
        ipvs.addService(VirtualService.of(dr, "rr"));
        ipvs.addServer(dr, RealServer.of(RS1, ForwardMethod.GATEWAY, 1));
        ipvs.addServer(dr, RealServer.of(RS2, ForwardMethod.GATEWAY, 1));
        assertAlternates(List.of(get("lan", "192.0.2.100"), get("lan", "192.0.2.100"), get("lan", "192.0.2.100"),
                get("lan", "192.0.2.100")));
        ServiceState drState = awaitSettled(dr, s -> s.counters().connections() == 4);
        // DR: the real servers answer the client themselves; the director only ever sees the client's packets
        assertTrue(drState.counters().inPackets() > 0, drState::toString);
        assertEquals(0, drState.counters().outPackets(), drState::toString);
        assertEquals(List.of(2L, 2L), drState.servers().stream().map(r -> r.counters().connections()).toList(),
                drState::toString);

        ipvs.deleteService(dr);
        assertEquals(7, curl("lan", "192.0.2.100").exit(), "curl exit 7: connection refused, the DR VIP after the delete");
    }

    private static final Endpoint RS1 = ep("192.0.2.11", 80);
    private static final Endpoint RS2 = ep("192.0.2.12", 80);

    /** rr over rs1 and rs2: each answer is the other one's. */
    private static void assertAlternates(List<String> bodies) {
        assertTrue(bodies.get(0).equals("rs1") || bodies.get(0).equals("rs2"), bodies::toString);
        for (int i = 1; i < bodies.size(); i++) {
            assertEquals(bodies.get(i - 1).equals("rs1") ? "rs2" : "rs1", bodies.get(i), bodies::toString);
        }
    }

    /** The body of http://address/ fetched from namespace ns (curl); fails unless it exits 0. */
    private static String get(String ns, String address) throws Exception {
        Run r = curl(ns, address);
        if (r.exit() != 0) {
            String dmesg = run("bash", "-c", "dmesg | tail -20").output();
            throw new AssertionError("curl http://" + address + "/ from " + ns + ": exit " + r.exit() + ": "
                    + r.output() + "\nthe guest kernel's last messages:\n" + dmesg);
        }
        return r.output().trim();
    }

    private static Run curl(String ns, String address) throws Exception {
        // curl, not busybox wget: Debian's busybox 1.35 wget dies with SIGSEGV in this guest (exit 139)
        return run("ip", "netns", "exec", ns, "curl", "-sS", "-m", "5", "http://" + address + "/");
    }

    /** ipvsadm -Lnc lines of connections to this virtual address:port without the expire column: pro state source
     *  virtual destination. */
    private static String connectionEntries(String virtual) throws Exception {
        return sh("ipvsadm -Lnc").lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length == 6 && f[4].equals(virtual))
                .map(f -> String.join(" ", f[0], f[2], f[3], f[4], f[5]))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * The service's state once {@code condition} holds and its totals have not moved for longer than the
     * kernel's estimator period (6.1 copies the per-CPU counters into what netlink returns every 2 s), so no
     * packet in flight or not yet summed changes them afterwards. Fails after 30 s.
     */
    private static ServiceState awaitSettled(ServiceKey key, java.util.function.Predicate<ServiceState> condition)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ServiceState last = null;
        long since = 0;
        while (System.nanoTime() < deadline) {
            ServiceState now = ipvs.read().stream().filter(s -> s.service().key().equals(key)).findFirst()
                    .orElseThrow();
            if (last == null || !totals(now).equals(totals(last))) {
                last = now;
                since = System.nanoTime();
            } else if (condition.test(now) && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(2500)) {
                return now;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("counters of " + key + " not settled in the expected state within 30 s: " + last);
    }

    /** The service's and its real servers' totals (the rates decay on their own for a while after traffic). */
    private static List<List<Long>> totals(ServiceState s) {
        List<List<Long>> t = new ArrayList<>();
        t.add(totals(s.counters()));
        s.servers().forEach(r -> t.add(totals(r.counters())));
        return t;
    }

    private static List<Long> totals(org.dsas.lb.api.Counters c) {
        return List.of(c.connections(), c.inPackets(), c.outPackets(), c.inBytes(), c.outBytes());
    }

    record Run(int exit, String output) {
    }

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void errorsNameTheObjectAndTheErrno() throws Exception {
        ServiceKey key = tcp("10.0.0.1", 80);
        ipvs.addService(VirtualService.of(key, "rr"));
        ipvs.addServer(key, RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 1));

        DataplaneException exists = assertFails(() -> ipvs.addService(VirtualService.of(key, "rr")));
        assertEquals(DataplaneException.Reason.EXISTS, exists.reason());
        assertEquals("add service TCP 10.0.0.1:80: EEXIST (File exists)", exists.getMessage());
        DataplaneException serverExists = assertFails(() -> ipvs.addServer(key,
                RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 1)));
        assertEquals("add real server 10.0.0.2:80 to TCP 10.0.0.1:80: EEXIST (File exists)",
                serverExists.getMessage());
        DataplaneException missing = assertFails(() -> ipvs.deleteServer(key, ep("10.0.0.9", 80)));
        assertEquals(DataplaneException.Reason.MISSING, missing.reason());
        assertEquals("delete real server 10.0.0.9:80 from TCP 10.0.0.1:80: ENOENT (No such file or directory)",
                missing.getMessage());
        DataplaneException noService = assertFails(() -> ipvs.deleteService(tcp("10.0.0.7", 80)));
        assertEquals(DataplaneException.Reason.MISSING, noService.reason());
        assertTrue(noService.getMessage().startsWith("delete service TCP 10.0.0.7:80: ESRCH"), noService::getMessage);
        DataplaneException badScheduler = assertFails(() -> ipvs.addService(VirtualService.of(tcp("10.0.0.8", 80),
                "nosuch")));
        assertEquals(DataplaneException.Reason.MISSING, badScheduler.reason(), badScheduler::getMessage);
        assertTrue(badScheduler.getMessage().startsWith("add service TCP 10.0.0.8:80: ENOENT"),
                badScheduler::getMessage);
    }

    @Test
    void reconcileRepairsExactlyTheHandChanges() throws Exception {
        List<VirtualService> desired = mixedServices();
        Reconciler.Outcome first = Reconciler.apply(ipvs, Reconciler.diff(desired, ipvs.read(),
                Reconciler.Foreign.REMOVE));
        assertTrue(first.ok(), first::toString);
        assertEquals(sorted(desired), services(ipvs.read()));

        sh("""
                set -e
                ipvsadm -e -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 9
                ipvsadm -d -t 10.0.0.1:80 -r 10.0.0.3:80
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.99:80 -m -w 1
                """);
        List<Reconciler.Step> steps = Reconciler.diff(desired, ipvs.read(), Reconciler.Foreign.REMOVE);

        assertEquals(List.of(Kind.DELETE_SERVER, Kind.EDIT_SERVER, Kind.ADD_SERVER),
                steps.stream().map(Reconciler.Step::kind).toList(), steps::toString);
        assertTrue(steps.stream().allMatch(s -> s.key().equals(tcp("10.0.0.1", 80))), steps::toString);
        Reconciler.Outcome repair = Reconciler.apply(ipvs, steps);
        assertTrue(repair.ok(), repair::toString);
        assertEquals(sorted(desired), services(ipvs.read()));
        assertEquals(List.of(), Reconciler.diff(desired, ipvs.read(), Reconciler.Foreign.REMOVE));
    }

    @Test
    void batchAddsManyServicesInFewDatagrams() throws Exception {
        List<VirtualService> desired = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            List<RealServer> servers = new ArrayList<>();
            for (int j = 1; j <= 4; j++) {
                servers.add(RealServer.of(ep("10.0.0." + (100 + j), 8000 + i), ForwardMethod.MASQUERADE, j));
            }
            desired.add(svc(tcp("198.51.100." + i, 80), "wlc", 0, 32, 0, servers.toArray(RealServer[]::new)));
        }
        List<VirtualService> withDuplicate = new ArrayList<>(desired);
        withDuplicate.add(desired.get(0).withoutServers());   // fails EEXIST; the rest still goes in

        List<DataplaneException> failures = ipvs.addAll(withDuplicate);

        assertEquals(1, failures.size(), failures::toString);
        assertEquals("add service TCP 198.51.100.1:80: EEXIST (File exists)", failures.get(0).getMessage());
        assertEquals(sorted(desired), services(ipvs.read()));
        assertEquals(sorted(withoutThresholds(desired)), sorted(IpvsadmListing.parse(sh("ipvsadm -Ln"))));
    }

    @Test
    void timeoutsAreSetAndReadAsIpvsadmShowsThem() throws Exception {
        ipvs.setTimeouts(new org.dsas.lb.api.Timeouts(7200, 0, 45));
        org.dsas.lb.api.Timeouts t = ipvs.timeouts();
        assertEquals(7200, t.tcp());
        assertEquals(45, t.udp());
        assertTrue(t.tcpFin() > 0, t::toString);
        assertEquals("Timeout (tcp tcpfin udp): 7200 " + t.tcpFin() + " 45", sh("ipvsadm -L --timeout").trim());
        sh("ipvsadm --set 900 60 300");
        assertEquals(new org.dsas.lb.api.Timeouts(900, 60, 300), ipvs.timeouts());
    }

    /** One of each: methods, thresholds, fwmark with persistence, IPv6, scheduler flags, one-packet UDP. */
    private static List<VirtualService> mixedServices() throws Exception {
        return List.of(
                svc(tcp("10.0.0.1", 80), "wlc", 0, 32, 0,
                        RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 3),
                        new RealServer(ep("10.0.0.3", 80), ForwardMethod.TUNNEL, 5, 100, 50),
                        RealServer.of(ep("10.0.0.4", 80), ForwardMethod.GATEWAY, 1)),
                svc(ServiceKey.fwmark(1, false), "wlc", 300, 24, 0,
                        RealServer.of(ep("10.0.0.5", 0), ForwardMethod.GATEWAY, 1)),
                svc(ServiceKey.fwmark(2, true), "mh", 60, 64, VirtualService.FLAG_SCHED2),
                svc(tcp("2001:db8::1", 443), "sh", 0, 128, VirtualService.FLAG_SCHED1,
                        RealServer.of(ep("2001:db8:1::2", 443), ForwardMethod.MASQUERADE, 2)),
                svc(ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53)), "rr", 0, 32, VirtualService.FLAG_ONEPACKET,
                        RealServer.of(ep("10.0.0.6", 53), ForwardMethod.MASQUERADE, 1)));
    }

    interface Failing {
        void run() throws DataplaneException;
    }

    private static DataplaneException assertFails(Failing call) {
        try {
            call.run();
        } catch (DataplaneException e) {
            return e;
        }
        throw new AssertionError("no DataplaneException");
    }

    private static VirtualService svc(ServiceKey key, String scheduler, int timeout, int netmask, int flags,
                                      RealServer... servers) {
        return new VirtualService(key, scheduler, timeout, netmask, flags, List.of(servers));
    }

    private static List<VirtualService> services(List<ServiceState> states) {
        return states.stream().map(ServiceState::service).toList();
    }

    private static List<VirtualService> sorted(List<VirtualService> services) {
        return services.stream().sorted(java.util.Comparator.comparing(VirtualService::key)).toList();
    }

    private static List<VirtualService> withoutThresholds(List<VirtualService> services) {
        return services.stream().map(s -> s.withServers(s.servers().stream()
                .map(r -> new RealServer(r.endpoint(), r.method(), r.weight(), 0, 0)).toList())).toList();
    }

    private static ServiceKey tcp(String address, int port) {
        return ServiceKey.of(Protocol.TCP, ep(address, port));
    }

    private static Endpoint ep(String address, int port) {
        return IpvsadmListing.endpoint(address.contains(":") ? "[" + address + "]:" + port : address + ":" + port);
    }

    /** Runs a bash script in the guest; fails with its output unless it exits 0. */
    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + "\n" + out);
        return out;
    }
}
