package org.dsas.lb.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.dsas.kernel.api.NetlinkAttributes;
import org.dsas.kernel.api.NetlinkAttributes.Attribute;
import org.dsas.kernel.api.NetlinkAttributes.Attributes;
import org.dsas.kernel.api.NetlinkAttributes.Writer;
import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * The IPVS generic netlink family's attributes (include/uapi/linux/ip_vs.h) as
 * bytes: what follows the genlmsghdr of each command, and the decoding of the
 * kernel's service, destination, info and config replies. Requests are laid
 * out attribute for attribute as ipvsadm 1.31 sends them, so the kernel sees
 * what it sees from ipvsadm. Pure: no I/O.
 */
final class IpvsCodec {

    static final String FAMILY = "IPVS";

    static final int CMD_NEW_SERVICE = 1;
    static final int CMD_SET_SERVICE = 2;
    static final int CMD_DEL_SERVICE = 3;
    static final int CMD_GET_SERVICE = 4;
    static final int CMD_NEW_DEST = 5;
    static final int CMD_SET_DEST = 6;
    static final int CMD_DEL_DEST = 7;
    static final int CMD_GET_DEST = 8;
    static final int CMD_SET_CONFIG = 12;
    static final int CMD_GET_CONFIG = 13;
    static final int CMD_SET_INFO = 14;
    static final int CMD_GET_INFO = 15;
    static final int CMD_ZERO = 16;
    static final int CMD_FLUSH = 17;

    static final int CMD_ATTR_SERVICE = 1;
    static final int CMD_ATTR_DEST = 2;
    static final int CMD_ATTR_TIMEOUT_TCP = 4;
    static final int CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    static final int CMD_ATTR_TIMEOUT_UDP = 6;

    static final int SVC_ATTR_AF = 1;
    static final int SVC_ATTR_PROTOCOL = 2;
    static final int SVC_ATTR_ADDR = 3;
    static final int SVC_ATTR_PORT = 4;
    static final int SVC_ATTR_FWMARK = 5;
    static final int SVC_ATTR_SCHED_NAME = 6;
    static final int SVC_ATTR_FLAGS = 7;
    static final int SVC_ATTR_TIMEOUT = 8;
    static final int SVC_ATTR_NETMASK = 9;
    static final int SVC_ATTR_STATS = 10;
    static final int SVC_ATTR_PE_NAME = 11;
    static final int SVC_ATTR_STATS64 = 12;

    static final int DEST_ATTR_ADDR = 1;
    static final int DEST_ATTR_PORT = 2;
    static final int DEST_ATTR_FWD_METHOD = 3;
    static final int DEST_ATTR_WEIGHT = 4;
    static final int DEST_ATTR_U_THRESH = 5;
    static final int DEST_ATTR_L_THRESH = 6;
    static final int DEST_ATTR_ACTIVE_CONNS = 7;
    static final int DEST_ATTR_INACT_CONNS = 8;
    static final int DEST_ATTR_PERSIST_CONNS = 9;
    static final int DEST_ATTR_STATS = 10;
    static final int DEST_ATTR_ADDR_FAMILY = 11;
    static final int DEST_ATTR_STATS64 = 12;
    static final int DEST_ATTR_TUN_TYPE = 13;
    static final int DEST_ATTR_TUN_PORT = 14;
    static final int DEST_ATTR_TUN_FLAGS = 15;

    static final int STATS_ATTR_CONNS = 1;
    static final int STATS_ATTR_INPKTS = 2;
    static final int STATS_ATTR_OUTPKTS = 3;
    static final int STATS_ATTR_INBYTES = 4;
    static final int STATS_ATTR_OUTBYTES = 5;
    static final int STATS_ATTR_CPS = 6;
    static final int STATS_ATTR_INPPS = 7;
    static final int STATS_ATTR_OUTPPS = 8;
    static final int STATS_ATTR_INBPS = 9;
    static final int STATS_ATTR_OUTBPS = 10;

    static final int INFO_ATTR_VERSION = 1;
    static final int INFO_ATTR_CONN_TAB_SIZE = 2;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    /** IP_VS_SVC_F_PERSISTENT: set by the kernel from a non-zero timeout; we set it the same way. */
    static final int SVC_F_PERSISTENT = 0x1;
    /** IP_VS_CONN_F_DROUTE and weight 1: ipvsadm's defaults, which it sends even in a delete. */
    private static final int DEFAULT_FWD = ForwardMethod.GATEWAY.ipvsCode();
    private static final int DEFAULT_WEIGHT = 1;

    /** A service as the kernel reports it: the settings, its PE name (null if none), raw flags and counters. */
    record ServiceEntry(VirtualService service, String peName, int kernelFlags, Counters counters) {
    }

    /** IPVS version (e.g. 0x010201 = 1.2.1) and connection table size. */
    record Info(int version, int connectionTableSize) {
    }

    /** Connection timeouts in seconds (0 in a SET_CONFIG leaves a value unchanged). */
    record Timeouts(int tcp, int tcpFin, int udp) {
    }

    private final ByteOrder order;

    IpvsCodec(ByteOrder order) {
        this.order = order;
    }

    static IpvsCodec hostOrder() {
        return new IpvsCodec(ByteOrder.nativeOrder());
    }

    // ---- requests (the attributes after the genlmsghdr)

    /** NEW_SERVICE and SET_SERVICE: the service with scheduler, flags, persistence; no PE. */
    byte[] service(VirtualService service) {
        return service(service, null);
    }

    /** NEW_SERVICE / SET_SERVICE with a persistence engine name (ipvsadm --pe sip). */
    byte[] service(VirtualService service, String peName) {
        Writer w = writer();
        w.begin(CMD_ATTR_SERVICE | NetlinkAttributes.F_NESTED);
        identity(w, service.key());
        w.string(SVC_ATTR_SCHED_NAME, service.scheduler());
        if (peName != null) {
            w.string(SVC_ATTR_PE_NAME, peName);
        }
        int flags = service.flags() | (service.persistenceTimeout() > 0 ? SVC_F_PERSISTENT : 0);
        settings(w, service.key(), flags, service.persistenceTimeout(), service.persistenceNetmask());
        return w.end().toByteArray();
    }

    /** DEL_SERVICE, ZERO of one service: the identity with ipvsadm's defaults for the rest. */
    byte[] serviceOnly(ServiceKey key) {
        Writer w = writer();
        serviceDefaults(w, key);
        return w.toByteArray();
    }

    /** NEW_DEST and SET_DEST. */
    byte[] dest(ServiceKey key, RealServer server) {
        Writer w = writer();
        serviceDefaults(w, key);
        destination(w, server.endpoint(), server.method().ipvsCode(), server.weight(), server.upperThreshold(),
                server.lowerThreshold());
        return w.toByteArray();
    }

    /** DEL_DEST: the real server's address and port with ipvsadm's defaults for the rest. */
    byte[] destOnly(ServiceKey key, Endpoint server) {
        Writer w = writer();
        serviceDefaults(w, key);
        destination(w, server, DEFAULT_FWD, DEFAULT_WEIGHT, 0, 0);
        return w.toByteArray();
    }

    /** GET_DEST dump: which service, by identity only. */
    byte[] destsOf(ServiceKey key) {
        Writer w = writer();
        w.begin(CMD_ATTR_SERVICE | NetlinkAttributes.F_NESTED);
        identity(w, key);
        return w.end().toByteArray();
    }

    /** GET_SERVICE dump, GET_INFO, GET_CONFIG, ZERO of all, FLUSH: no attributes. */
    byte[] none() {
        return new byte[0];
    }

    byte[] setConfig(Timeouts timeouts) {
        return writer().u32(CMD_ATTR_TIMEOUT_TCP, timeouts.tcp()).u32(CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.tcpFin())
                .u32(CMD_ATTR_TIMEOUT_UDP, timeouts.udp()).toByteArray();
    }

    private Writer writer() {
        return NetlinkAttributes.writer(order);
    }

    private void serviceDefaults(Writer w, ServiceKey key) {
        w.begin(CMD_ATTR_SERVICE | NetlinkAttributes.F_NESTED);
        identity(w, key);
        w.string(SVC_ATTR_SCHED_NAME, "");
        settings(w, key, 0, 0, key.ipv6() ? 128 : 32);
        w.end();
    }

    private void identity(Writer w, ServiceKey key) {
        w.u16(SVC_ATTR_AF, key.ipv6() ? AF_INET6 : AF_INET);
        if (key.isFwmark()) {
            w.u32(SVC_ATTR_FWMARK, key.fwmark());
        } else {
            w.u16(SVC_ATTR_PROTOCOL, key.protocol().number());
            w.bytes(SVC_ATTR_ADDR, address16(key.endpoint().address()));
            w.be16(SVC_ATTR_PORT, key.endpoint().port());
        }
    }

    /** struct ip_vs_flags {flags, mask = all}, timeout, netmask (IPv4: the mask in network order; IPv6: the prefix). */
    private void settings(Writer w, ServiceKey key, int flags, int timeout, int netmask) {
        w.bytes(SVC_ATTR_FLAGS, ByteBuffer.allocate(8).order(order).putInt(flags).putInt(-1).array());
        w.u32(SVC_ATTR_TIMEOUT, timeout);
        if (key.ipv6()) {
            w.u32(SVC_ATTR_NETMASK, netmask);
        } else {
            w.be32(SVC_ATTR_NETMASK, netmask == 0 ? 0 : -1 << (32 - netmask));
        }
    }

    private void destination(Writer w, Endpoint server, int fwd, int weight, int upper, int lower) {
        w.begin(CMD_ATTR_DEST | NetlinkAttributes.F_NESTED);
        w.u16(DEST_ATTR_ADDR_FAMILY, server.ipv6() ? AF_INET6 : AF_INET);
        w.bytes(DEST_ATTR_ADDR, address16(server.address()));
        w.be16(DEST_ATTR_PORT, server.port());
        w.u32(DEST_ATTR_FWD_METHOD, fwd);
        w.u32(DEST_ATTR_WEIGHT, weight);
        // tunnel type ipip, no port, no flags: what ipvsadm sends for every method
        w.u8(DEST_ATTR_TUN_TYPE, 0);
        w.be16(DEST_ATTR_TUN_PORT, 0);
        w.u16(DEST_ATTR_TUN_FLAGS, 0);
        w.u32(DEST_ATTR_U_THRESH, upper);
        w.u32(DEST_ATTR_L_THRESH, lower);
        w.end();
    }

    /** union nf_inet_addr: 16 bytes, an IPv4 address in the first four. */
    private static byte[] address16(InetAddress address) {
        return Arrays.copyOf(address.getAddress(), 16);
    }

    // ---- replies

    /** One GET_SERVICE reply (NEW_SERVICE message): the IPVS_CMD_ATTR_SERVICE nest. */
    ServiceEntry service(ByteBuffer reply) {
        Attributes s = NetlinkAttributes.parse(reply.order(order)).require(CMD_ATTR_SERVICE, "IPVS_CMD_ATTR_SERVICE")
                .nested();
        int af = s.require(SVC_ATTR_AF, "IPVS_SVC_ATTR_AF").u16();
        boolean ipv6 = af == AF_INET6;
        ServiceKey key;
        int fwmark = s.get(SVC_ATTR_FWMARK).map(Attribute::u32).orElse(0);
        if (fwmark != 0) {
            key = ServiceKey.fwmark(fwmark, ipv6);
        } else {
            key = ServiceKey.of(Protocol.ofNumber(s.require(SVC_ATTR_PROTOCOL, "IPVS_SVC_ATTR_PROTOCOL").u16()),
                    new Endpoint(address(af, s.require(SVC_ATTR_ADDR, "IPVS_SVC_ATTR_ADDR").bytes()),
                            s.require(SVC_ATTR_PORT, "IPVS_SVC_ATTR_PORT").be16()));
        }
        int flags = s.get(SVC_ATTR_FLAGS).map(Attribute::u32).orElse(0);
        int timeout = (flags & SVC_F_PERSISTENT) != 0 ? s.get(SVC_ATTR_TIMEOUT).map(Attribute::u32).orElse(0) : 0;
        int netmask = s.get(SVC_ATTR_NETMASK).map(a -> ipv6 ? a.u32() : Integer.bitCount(a.be32()))
                .orElse(ipv6 ? 128 : 32);
        VirtualService service = new VirtualService(key, s.require(SVC_ATTR_SCHED_NAME, "IPVS_SVC_ATTR_SCHED_NAME")
                .string(), timeout, netmask, flags & VirtualService.SETTABLE_FLAGS, java.util.List.of());
        String pe = s.get(SVC_ATTR_PE_NAME).map(Attribute::string).orElse(null);
        return new ServiceEntry(service, pe, flags, counters(s, SVC_ATTR_STATS64, SVC_ATTR_STATS));
    }

    /** One GET_DEST reply (NEW_DEST message): the IPVS_CMD_ATTR_DEST nest; {@code serviceIpv6} for old kernels. */
    ServerState dest(ByteBuffer reply, boolean serviceIpv6) {
        Attributes d = NetlinkAttributes.parse(reply.order(order)).require(CMD_ATTR_DEST, "IPVS_CMD_ATTR_DEST")
                .nested();
        int af = d.get(DEST_ATTR_ADDR_FAMILY).map(Attribute::u16).orElse(serviceIpv6 ? AF_INET6 : AF_INET);
        Endpoint endpoint = new Endpoint(address(af, d.require(DEST_ATTR_ADDR, "IPVS_DEST_ATTR_ADDR").bytes()),
                d.require(DEST_ATTR_PORT, "IPVS_DEST_ATTR_PORT").be16());
        RealServer server = new RealServer(endpoint,
                ForwardMethod.ofIpvsCode(d.require(DEST_ATTR_FWD_METHOD, "IPVS_DEST_ATTR_FWD_METHOD").u32()),
                d.require(DEST_ATTR_WEIGHT, "IPVS_DEST_ATTR_WEIGHT").u32(),
                d.get(DEST_ATTR_U_THRESH).map(Attribute::u32).orElse(0),
                d.get(DEST_ATTR_L_THRESH).map(Attribute::u32).orElse(0));
        return new ServerState(server, d.get(DEST_ATTR_ACTIVE_CONNS).map(Attribute::u32).orElse(0),
                d.get(DEST_ATTR_INACT_CONNS).map(Attribute::u32).orElse(0),
                d.get(DEST_ATTR_PERSIST_CONNS).map(Attribute::u32).orElse(0),
                counters(d, DEST_ATTR_STATS64, DEST_ATTR_STATS));
    }

    /** The GET_INFO reply (SET_INFO message). */
    Info info(ByteBuffer reply) {
        Attributes a = NetlinkAttributes.parse(reply.order(order));
        return new Info(a.require(INFO_ATTR_VERSION, "IPVS_INFO_ATTR_VERSION").u32(),
                a.require(INFO_ATTR_CONN_TAB_SIZE, "IPVS_INFO_ATTR_CONN_TAB_SIZE").u32());
    }

    /** The GET_CONFIG reply (SET_CONFIG message). */
    Timeouts timeouts(ByteBuffer reply) {
        Attributes a = NetlinkAttributes.parse(reply.order(order));
        return new Timeouts(a.get(CMD_ATTR_TIMEOUT_TCP).map(Attribute::u32).orElse(0),
                a.get(CMD_ATTR_TIMEOUT_TCP_FIN).map(Attribute::u32).orElse(0),
                a.get(CMD_ATTR_TIMEOUT_UDP).map(Attribute::u32).orElse(0));
    }

    /** STATS64 when the kernel sends it (all u64), else STATS (u32 counts and rates, u64 bytes). */
    private static Counters counters(Attributes parent, int stats64, int stats) {
        Attribute nest = parent.get(stats64).or(() -> parent.get(stats)).orElse(null);
        if (nest == null) {
            return Counters.ZERO;
        }
        Attributes s = nest.nested();
        return new Counters(number(s, STATS_ATTR_CONNS), number(s, STATS_ATTR_INPKTS), number(s, STATS_ATTR_OUTPKTS),
                number(s, STATS_ATTR_INBYTES), number(s, STATS_ATTR_OUTBYTES), number(s, STATS_ATTR_CPS),
                number(s, STATS_ATTR_INPPS), number(s, STATS_ATTR_OUTPPS), number(s, STATS_ATTR_INBPS),
                number(s, STATS_ATTR_OUTBPS));
    }

    private static long number(Attributes s, int type) {
        return s.get(type).map(a -> a.length() >= 8 ? a.u64() : Integer.toUnsignedLong(a.u32())).orElse(0L);
    }

    private static InetAddress address(int af, byte[] bytes) {
        try {
            if (af == AF_INET6) {
                return Inet6Address.getByAddress(null, Arrays.copyOf(bytes, 16), null);
            }
            return InetAddress.getByAddress(Arrays.copyOf(bytes, 4));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IPVS address of " + bytes.length + " bytes, family " + af, e);
        }
    }
}
