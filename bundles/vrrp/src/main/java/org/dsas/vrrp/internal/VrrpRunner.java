package org.dsas.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetInterface;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.kernel.api.PacketSocket;
import org.dsas.kernel.api.RawIpSocket;
import org.dsas.kernel.api.ReceivedPacket;
import org.dsas.vrrp.api.VrrpState;
import org.dsas.vrrp.codec.VrrpCodec;
import org.dsas.vrrp.codec.VrrpDecodeException;
import org.dsas.vrrp.codec.VrrpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one instance against the kernel: the raw VRRP socket and its receive
 * thread, the service addresses over rtnetlink, gratuitous ARPs through a packet
 * socket, and the instance's timers on the shared VRRP event thread.
 */
final class VrrpRunner implements VrrpActions, VrrpTimers {

    static final InetAddress GROUP_V4 = literal("224.0.0.18");
    static final InetAddress GROUP_V6 = literal("ff02::12");
    private static final Logger LOG = LoggerFactory.getLogger(VrrpRunner.class);

    /** Callbacks to the manager: events, notify scripts, sync groups, vetoes. */
    interface Listener {
        void transition(VrrpRunner runner, VrrpState from, VrrpState to, String reason);

        void splitBrain(VrrpRunner runner, boolean raised, String peer, int peerPriority);

        Optional<String> veto(VrrpRunner runner);
    }

    private final VrrpConfig config;
    private final NetworkKernel kernel;
    private final ScheduledExecutorService events;
    private final Listener listener;
    private final List<ScheduledFuture<?>> garps = new ArrayList<>();
    private RawIpSocket socket;
    private PacketSocket packets;
    private byte[] mac;
    private InetAddress self;
    private VrrpInstance instance;
    private Thread receiver;
    private volatile boolean running;

    VrrpRunner(VrrpConfig config, NetworkKernel kernel, ScheduledExecutorService events, Listener listener) {
        this.config = config;
        this.kernel = kernel;
        this.events = events;
        this.listener = listener;
    }

    /** Opens the sockets and starts the instance; a kernel failure leaves nothing open. */
    void start() throws KernelException {
        NetInterface nif = kernel.netInterface(config.iface());
        mac = nif.mac();
        self = config.sourceAddress() != null ? config.sourceAddress() : primaryAddress(nif);
        try {
            if (config.useVmac()) {
                createVmac();
                mac = config.virtualMac();
            }
            socket = kernel.openRawIp(VrrpPacket.PROTOCOL, config.iface(), config.ipv6(), 255);
            if (config.unicastPeers().isEmpty()) {
                socket.joinGroup(config.ipv6() ? GROUP_V6 : GROUP_V4);
            }
            packets = kernel.openPacket(config.addressInterface());
        } catch (KernelException e) {
            closeSockets();
            deleteVmac();
            throw e;
        }
        instance = new VrrpInstance(config, self, this, this);
        running = true;
        receiver = new Thread(this::receiveLoop, "vrrp-rx-" + config.name());
        receiver.setDaemon(true);
        receiver.start();
        events.execute(instance::start);
    }

    void stop() {
        try {
            events.submit(() -> {
                instance.stop();
                cancelGarps();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vrrp[{}] stopping: {}", config.name(), e.toString());
        }
        running = false;
        if (receiver != null) {
            receiver.interrupt();
            try {
                receiver.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeSockets();
        deleteVmac();
    }

    /**
     * use_vmac: a macvlan with the virtual MAC carries the addresses, so a takeover moves no ARP entry.
     * Adverts still go out of the base interface (keepalived's vmac_xmit_base). The base interface stops
     * answering ARP for addresses it does not hold (arp_ignore 1), or it would answer with its own MAC.
     */
    private void createVmac() throws KernelException {
        try {
            kernel.createMacvlan(config.iface(), config.vmacName(), config.virtualMac());
        } catch (KernelException e) {
            if (!e.getMessage().contains("EEXIST")) {
                throw e;
            }
            LOG.info("vrrp[{}] replacing leftover interface {}", config.name(), config.vmacName());
            kernel.deleteLink(config.vmacName());
            kernel.createMacvlan(config.iface(), config.vmacName(), config.virtualMac());
        }
        if (!config.ipv6()) {
            kernel.setIpv4Sysctl(config.iface(), "arp_ignore", "1");
        }
    }

    private void deleteVmac() {
        if (!config.useVmac()) {
            return;
        }
        try {
            kernel.deleteLink(config.vmacName());
        } catch (KernelException e) {
            LOG.debug("vrrp[{}] removing {}: {}", config.name(), config.vmacName(), e.getMessage());
        }
    }

    private void closeSockets() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        if (packets != null) {
            packets.close();
            packets = null;
        }
    }

    private InetAddress primaryAddress(NetInterface nif) throws KernelException {
        for (InterfaceAddress a : nif.addresses()) {
            InetAddress ip = a.address();
            if (config.ipv6() ? ip instanceof Inet6Address && ip.isLinkLocalAddress() : ip instanceof Inet4Address) {
                boolean vip = config.virtualAddresses().stream().anyMatch(v -> v.address().equals(ip));
                if (!vip) {
                    return ip;
                }
            }
        }
        throw new KernelException("vrrp[" + config.name() + "]: interface " + config.iface() + " has no "
                + (config.ipv6() ? "IPv6 link-local" : "IPv4") + " address to send adverts from");
    }

    private void receiveLoop() {
        while (running) {
            ReceivedPacket rp;
            try {
                rp = socket.receive(500);
            } catch (KernelException e) {
                if (running) {
                    LOG.error("vrrp[{}] receive failed: {}", config.name(), e.getMessage());
                    sleepQuietly();
                }
                continue;
            }
            if (rp == null) {
                continue;
            }
            if (!config.unicastPeers().isEmpty() && !config.unicastPeers().contains(rp.source())) {
                continue;
            }
            try {
                VrrpPacket p = VrrpCodec.decode(rp.payload(), rp.source(), rp.destination(), config.ipv6());
                if (p.vrid() != config.vrid()) {
                    continue; // another virtual router on the same link
                }
                events.execute(() -> instance.receive(p, rp.source(), rp.ttl()));
            } catch (VrrpDecodeException e) {
                events.execute(() -> instance.dropped(e.reason()));
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- VrrpActions ---

    @Override
    public void sendAdvert(int priority) {
        List<InetAddress> vips = config.virtualAddresses().stream().map(InterfaceAddress::address).toList();
        int interval = config.version() == 2 ? config.advertMillis() / 1000 : config.advertMillis() / 10;
        int authType = config.version() == 2 && config.authPass() != null ? 1 : 0;
        byte[] auth = config.version() == 2 ? VrrpCodec.authData(authType == 1 ? config.authPass() : "") : new byte[0];
        VrrpPacket p = new VrrpPacket(config.version(), config.vrid(), priority, interval, authType, auth, vips, 0);
        List<InetAddress> targets = config.unicastPeers().isEmpty()
                ? List.of(config.ipv6() ? GROUP_V6 : GROUP_V4) : config.unicastPeers();
        for (InetAddress dst : targets) {
            try {
                socket.send(dst, VrrpCodec.encode(p, self, dst));
            } catch (KernelException e) {
                LOG.warn("vrrp[{}] advert to {} failed: {}", config.name(), dst.getHostAddress(), e.getMessage());
            }
        }
    }

    @Override
    public void takeAddresses() {
        for (InterfaceAddress a : config.virtualAddresses()) {
            try {
                kernel.addAddress(config.addressInterface(), a.address(), a.prefixLength());
            } catch (KernelException e) {
                if (e.getMessage().contains("EEXIST")) {
                    LOG.debug("vrrp[{}] {} already on {}", config.name(), a, config.addressInterface());
                } else {
                    LOG.error("vrrp[{}] cannot add {}: {}", config.name(), a, e.getMessage());
                }
            }
        }
        announceAddresses();
    }

    /** A burst now, a second one after garpDelay (a neighbour ignores a change within a second of the last), then refreshes. */
    @Override
    public void announceAddresses() {
        cancelGarps();
        announce();
        if (config.garpDelayMillis() > 0) {
            garps.add(events.schedule(this::announce, config.garpDelayMillis(), TimeUnit.MILLISECONDS));
        }
        if (config.garpRefreshMillis() > 0) {
            garps.add(events.scheduleAtFixedRate(this::announce, config.garpRefreshMillis(),
                    config.garpRefreshMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** One burst of gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) per service address. */
    private void announce() {
        if (packets == null) {
            return;
        }
        for (int i = 0; i < config.garpRepeat(); i++) {
            for (InterfaceAddress a : config.virtualAddresses()) {
                try {
                    if (a.address() instanceof Inet4Address v4) {
                        packets.send(GratuitousArp.frame(mac, v4));
                    } else if (a.address() instanceof Inet6Address v6) {
                        packets.send(UnsolicitedNeighbourAdvert.frame(mac, v6));
                    }
                } catch (KernelException e) {
                    LOG.warn("vrrp[{}] announcing {} failed: {}", config.name(), a, e.getMessage());
                }
            }
        }
    }

    @Override
    public void releaseAddresses() {
        cancelGarps();
        for (InterfaceAddress a : config.virtualAddresses()) {
            try {
                kernel.deleteAddress(config.addressInterface(), a.address(), a.prefixLength());
            } catch (KernelException e) {
                LOG.debug("vrrp[{}] removing {}: {}", config.name(), a, e.getMessage());
            }
        }
    }

    private void cancelGarps() {
        garps.forEach(f -> f.cancel(false));
        garps.clear();
    }

    @Override
    public void transition(VrrpState from, VrrpState to, String reason) {
        listener.transition(this, from, to, reason);
    }

    @Override
    public Optional<String> veto() {
        return listener.veto(this);
    }

    @Override
    public void splitBrain(boolean raised, String peer, int peerPriority) {
        listener.splitBrain(this, raised, peer, peerPriority);
    }

    // --- VrrpTimers ---

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = events.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    VrrpConfig config() {
        return config;
    }

    VrrpInstance instance() {
        return instance;
    }

    ScheduledExecutorService events() {
        return events;
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
