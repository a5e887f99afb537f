package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.dsas.core.api.event.QuorumEvent;
import org.dsas.core.api.event.ServiceText;
import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.NetInterface;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.kernel.api.PacketSocket;
import org.dsas.kernel.api.RawIpSocket;
import org.dsas.kernel.api.ReceivedPacket;
import org.dsas.vrrp.api.VrrpEvents;
import org.dsas.vrrp.api.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** The manager with a fake kernel: instances from configuration, quorum tracking, bad files, priority changes. */
class VrrpManagerTest {

    private final List<String> addresses = new CopyOnWriteArrayList<>();
    private final VrrpManager manager = new VrrpManager();

    /** A kernel with one interface that is always up and sockets that hear nothing. */
    private final NetworkKernel kernel = new NetworkKernel() {
        @Override
        public RawIpSocket openRawIp(int protocol, String ifname, boolean ipv6, int ttl) {
            return new RawIpSocket() {
                @Override
                public void joinGroup(InetAddress group) {
                }

                @Override
                public void send(InetAddress destination, byte[] payload) {
                }

                @Override
                public ReceivedPacket receive(int timeoutMillis) throws org.dsas.kernel.api.KernelException {
                    try {
                        Thread.sleep(timeoutMillis);
                    } catch (InterruptedException e) {
                        throw new org.dsas.kernel.api.KernelException("receive: socket closed");
                    }
                    return null;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public PacketSocket openPacket(String ifname) {
            return new PacketSocket() {
                @Override
                public void send(byte[] frame) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public NetInterface netInterface(String ifname) throws org.dsas.kernel.api.KernelException {
            try {
                return new NetInterface(ifname, 2, new byte[] {2, 0, 0, 0, 0, 1}, true, true,
                        List.of(new InterfaceAddress(InetAddress.getByName("192.0.2.1"), 24)));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void addAddress(String ifname, InetAddress address, int prefixLength) {
            addresses.add(address.getHostAddress());
        }

        @Override
        public void deleteAddress(String ifname, InetAddress address, int prefixLength) {
            addresses.remove(address.getHostAddress());
        }

        @Override
        public List<InterfaceAddress> addresses(String ifname) {
            return List.of();
        }

        @Override
        public void createMacvlan(String parent, String name, byte[] mac) {
        }

        @Override
        public void deleteLink(String name) {
        }

        @Override
        public void setIpv4Sysctl(String ifname, String key, String value) {
        }
    };

    private void start() throws Exception {
        java.lang.reflect.Field f = VrrpManager.class.getDeclaredField("kernel");
        f.setAccessible(true);
        f.set(manager, kernel);
        manager.activate();
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private static Hashtable<String, Object> instance(String name, String... extra) {
        Hashtable<String, Object> p = new Hashtable<>(Map.of("name", name, "interface", "eth0", "vrid", "51",
                "version", "3", "advertInterval", "0.05", "virtualAddresses", "192.0.2.100/24"));
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!ok.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private VrrpState state(String name) {
        return manager.instance(name).orElseThrow().state();
    }

    @Test
    void lostQuorumOfATrackedServicePutsTheInstanceInFaultUntilItReturns() throws Exception {
        start();
        manager.updated("pid1", instance("VI_1", "trackQuorum", "udp:[2001:db8::1]:53, TCP:192.0.2.10:80"));
        await("MASTER alone on the link", () -> state("VI_1") == VrrpState.MASTER);
        assertTrue(addresses.contains("192.0.2.100"));
        // The event as the health checks post it: core's contract, the service in its canonical text.
        String service = ServiceText.of("tcp", InetAddress.getByName("192.0.2.10"), 80).toString();
        manager.handleEvent(new Event(QuorumEvent.TOPIC, Map.of(QuorumEvent.SERVICE, service,
                QuorumEvent.UP, false, QuorumEvent.ALIVE, 0, QuorumEvent.QUORUM, 1)));
        await("FAULT on lost quorum", () -> state("VI_1") == VrrpState.FAULT);
        assertTrue(addresses.isEmpty(), "a FAULT instance holds no address");
        assertTrue(manager.alarms().contains("VI_1 in FAULT"));

        manager.handleEvent(new Event(QuorumEvent.TOPIC, Map.of(QuorumEvent.SERVICE, service,
                QuorumEvent.UP, true, QuorumEvent.ALIVE, 1, QuorumEvent.QUORUM, 1)));
        await("MASTER again", () -> state("VI_1") == VrrpState.MASTER);

        // A malformed entry (the old ipvsadm naming) is refused whole; the running instance keeps its settings.
        manager.updated("pid1", instance("VI_1", "trackQuorum", "TCP 192.0.2.10:80"));
        assertTrue(manager.alarms().stream().anyMatch(a -> a.contains("vrrp[VI_1]") && a.contains("key 'trackQuorum'")
                && a.contains("service 'TCP'")), manager.alarms().toString());
        assertEquals(VrrpState.MASTER, state("VI_1"));
    }

    @Test
    void aBadFileIsAnAlarmAndLeavesTheRunningInstanceAlone() throws Exception {
        start();
        manager.updated("pid1", instance("VI_1"));
        await("MASTER", () -> state("VI_1") == VrrpState.MASTER);
        manager.updated("pid1", instance("VI_1", "priority", "0"));
        assertEquals(VrrpState.MASTER, state("VI_1"), "the rejected change left the instance running");
        assertTrue(manager.alarms().stream().anyMatch(a -> a.contains("vrrp[VI_1]") && a.contains("key 'priority'")),
                manager.alarms().toString());
        manager.updated("pid2", instance("VI_2"));
        assertTrue(manager.alarms().stream().anyMatch(a -> a.contains("vrid 51 on eth0 is already used by instance VI_1")),
                manager.alarms().toString());
    }

    @Test
    void priorityAndMaintenanceFromTheShellNameUnknownInstances() throws Exception {
        start();
        manager.updated("pid1", instance("VI_1"));
        await("MASTER", () -> state("VI_1") == VrrpState.MASTER);
        manager.setPriority("VI_1", 120);
        assertEquals(120, manager.instance("VI_1").orElseThrow().priority());
        manager.setMaintenance("VI_1", true);
        assertEquals(VrrpState.BACKUP, state("VI_1"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> manager.setPriority("VI_X", 100));
        assertEquals("unknown VRRP instance 'VI_X'; instances: VI_1", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> manager.setPriority("VI_1", 255));
        assertEquals("priority 255 is for the address owner only", e.getMessage());
    }
}
