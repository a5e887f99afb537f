package org.dsas.lb.nftables;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;

/**
 * The nftables text of the load balancer's own table, {@code table inet dsas_lb}: object names, the base chains,
 * and for each operation the one transaction ({@code nft -f -} script) that changes only the objects of the
 * service it names. Pure: no I/O.
 *
 * <p>Layout. Base chains hook nat prerouting (clients on the network) and nat output (local clients) and jump to
 * {@code services}, which dispatches by verdict maps: {@code fwm4}/{@code fwm6} keyed by meta mark (first, as IPVS
 * looks up firewall-mark services first), {@code svc4}/{@code svc6} keyed by daddr . l4proto . dport. A service
 * {@code <id>} owns: chain {@code s_<id>} holding one dispatch rule (scheduler expression into an interval vmap,
 * weights expanded as ranges; its comment carries the settings), per real server a chain {@code r_<id>_<server>}
 * with the DNAT rule (comment: endpoint and weight; named counter {@code cc_}: connections scheduled), and for
 * address services the traffic counting: chain {@code k_<id>}, counter maps {@code kin_<id>}/{@code kout_<id>}
 * (real server address . port to the named counters {@code ci_}/{@code co_}) and one rule in the shared
 * {@code count} chain, which the filter hooks forward/input/output enter for DNAT'ed conntracks. Nat chains see
 * only a connection's first packet, so a change never touches established connections.
 */
final class NftablesRuleset {

    static final String FAMILY = "inet";
    static final String TABLE = "dsas_lb";
    static final String T = FAMILY + " " + TABLE;
    /** Scheduler names (as ipvsadm has them) this dataplane implements; mh runs as sh (source hash). */
    static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "sh", "dh", "mh");
    static final String COUNT_CHAIN = "count";
    /** Fixed so a rebuilt dispatch rule keeps hashing clients onto the same buckets. */
    static final String HASH_SEED = "0x44534153";

    private NftablesRuleset() {
    }

    // ---- names ----

    /** fwm4_1, tcp_192.0.2.100_80, udp_2001.db8.0.0.0.0.0.10_53: unique per key, valid as an nft identifier. */
    static String id(ServiceKey key) {
        if (key.isFwmark()) {
            return (key.ipv6() ? "fwm6_" : "fwm4_") + Integer.toUnsignedString(key.fwmark());
        }
        return key.protocol().name().toLowerCase(Locale.ROOT) + "_" + id(key.endpoint());
    }

    static String id(Endpoint e) {
        return address(e.address()).replace(':', '.') + "_" + e.port();
    }

    static String serviceChain(ServiceKey key) {
        return "s_" + id(key);
    }

    static String countChain(ServiceKey key) {
        return "k_" + id(key);
    }

    static String inMap(ServiceKey key) {
        return "kin_" + id(key);
    }

    static String outMap(ServiceKey key) {
        return "kout_" + id(key);
    }

    static String serverChain(ServiceKey key, Endpoint server) {
        return "r_" + id(key) + "_" + id(server);
    }

    static String connectionCounter(ServiceKey key, Endpoint server) {
        return "cc_" + id(key) + "_" + id(server);
    }

    static String inCounter(ServiceKey key, Endpoint server) {
        return "ci_" + id(key) + "_" + id(server);
    }

    static String outCounter(ServiceKey key, Endpoint server) {
        return "co_" + id(key) + "_" + id(server);
    }

    // ---- checks ----

    /** Refuses what this dataplane cannot do, with one line naming the service. */
    static void check(VirtualService s) throws DataplaneException {
        if (!SCHEDULERS.contains(s.scheduler())) {
            throw new DataplaneException(Reason.UNSUPPORTED, "service " + s.key() + ": scheduler " + s.scheduler()
                    + " not supported by nftables (it has no connection counts); supported: rr, wrr, sh, dh, mh");
        }
        if (s.persistenceTimeout() != 0) {
            throw new DataplaneException(Reason.UNSUPPORTED, "service " + s.key() + ": persistence (timeout "
                    + s.persistenceTimeout() + " s) not supported by nftables; use sh for client affinity");
        }
        int allowed = switch (s.scheduler()) {
            case "sh", "mh" -> VirtualService.FLAG_SCHED2; // sh-port / mh-port: hash the source port too
            default -> 0;
        };
        int refused = s.flags() & ~allowed;
        if (refused != 0) {
            throw new DataplaneException(Reason.UNSUPPORTED, "service " + s.key() + ": flags 0x"
                    + Integer.toHexString(refused) + " not supported by nftables with scheduler " + s.scheduler()
                    + (allowed != 0 ? " (only sh-port/mh-port 0x10)" : " (none)"));
        }
    }

    static void check(ServiceKey key, RealServer r) throws DataplaneException {
        if (r.method() != ForwardMethod.MASQUERADE) {
            throw new DataplaneException(Reason.UNSUPPORTED, "real server " + r.endpoint() + " of " + key
                    + ": forwarding " + r.method().ipvsadmName() + " not supported by nftables (only Masq: DNAT)");
        }
        if (r.upperThreshold() != 0 || r.lowerThreshold() != 0) {
            throw new DataplaneException(Reason.UNSUPPORTED, "real server " + r.endpoint() + " of " + key
                    + ": connection thresholds (" + r.upperThreshold() + "/" + r.lowerThreshold()
                    + ") not supported by nftables (it has no connection counts)");
        }
        if (r.endpoint().ipv6() != key.ipv6()) {
            throw new DataplaneException(Reason.INVALID, "real server " + r.endpoint() + " of " + key
                    + ": address family differs from the service's (DNAT cannot translate IPv4 <-> IPv6)");
        }
    }

    // ---- scripts ----

    /**
     * The table and its base: created if missing, base chains flushed and refilled (so a damaged base is
     * repaired) in one transaction; service objects and the count chain's rules stay.
     */
    static String base() {
        StringBuilder b = new StringBuilder();
        line(b, "add table " + T);
        line(b, "add map " + T + " svc4 { type ipv4_addr . inet_proto . inet_service : verdict; }");
        line(b, "add map " + T + " svc6 { type ipv6_addr . inet_proto . inet_service : verdict; }");
        line(b, "add map " + T + " fwm4 { type mark : verdict; }");
        line(b, "add map " + T + " fwm6 { type mark : verdict; }");
        line(b, "add chain " + T + " services");
        line(b, "add chain " + T + " " + COUNT_CHAIN);
        line(b, "add chain " + T + " nat_prerouting { type nat hook prerouting priority dstnat; policy accept; }");
        line(b, "add chain " + T + " nat_output { type nat hook output priority -100; policy accept; }");
        line(b, "add chain " + T + " count_forward { type filter hook forward priority filter; policy accept; }");
        line(b, "add chain " + T + " count_input { type filter hook input priority filter; policy accept; }");
        line(b, "add chain " + T + " count_output { type filter hook output priority filter; policy accept; }");
        for (String c : List.of("services", "nat_prerouting", "nat_output", "count_forward", "count_input",
                "count_output")) {
            line(b, "flush chain " + T + " " + c);
        }
        line(b, "add rule " + T + " services meta nfproto ipv4 meta mark vmap @fwm4");
        line(b, "add rule " + T + " services meta nfproto ipv6 meta mark vmap @fwm6");
        line(b, "add rule " + T + " services ip daddr . meta l4proto . th dport vmap @svc4");
        line(b, "add rule " + T + " services ip6 daddr . meta l4proto . th dport vmap @svc6");
        line(b, "add rule " + T + " nat_prerouting jump services");
        line(b, "add rule " + T + " nat_output jump services");
        // local clients: requests leave by output, replies arrive by input; count each packet once
        line(b, "add rule " + T + " count_forward ct status dnat jump " + COUNT_CHAIN);
        line(b, "add rule " + T + " count_input ct status dnat ct direction reply jump " + COUNT_CHAIN);
        line(b, "add rule " + T + " count_output ct status dnat ct direction original jump " + COUNT_CHAIN);
        return b.toString();
    }

    /** Deletes the table with everything in it and builds the base again: lb:flush. */
    static String flush() {
        return "add table " + T + "\ndelete table " + T + "\n" + base();
    }

    static String addService(VirtualService s) {
        ServiceKey key = s.key();
        StringBuilder b = new StringBuilder();
        line(b, "create chain " + T + " " + serviceChain(key));
        line(b, "add rule " + T + " " + serviceChain(key) + " " + dispatch(s, List.of()));
        if (!key.isFwmark()) {
            String ip = key.ipv6() ? "ip6" : "ip";
            String addrType = key.ipv6() ? "ipv6_addr" : "ipv4_addr";
            String k = countChain(key);
            line(b, "create chain " + T + " " + k);
            line(b, "create map " + T + " " + inMap(key) + " { type " + addrType + " . inet_service : counter; }");
            line(b, "create map " + T + " " + outMap(key) + " { type " + addrType + " . inet_service : counter; }");
            line(b, "add rule " + T + " " + k + " ct direction original counter name " + ip + " daddr . th dport map @"
                    + inMap(key));
            line(b, "add rule " + T + " " + k + " ct direction reply counter name " + ip + " saddr . th sport map @"
                    + outMap(key));
            line(b, "add rule " + T + " " + COUNT_CHAIN + " meta l4proto " + proto(key) + " ct original " + ip
                    + " daddr " + address(key.endpoint().address()) + " ct original proto-dst " + key.endpoint().port()
                    + " goto " + k + " comment " + quote(k));
        }
        line(b, "add element " + T + " " + dispatchMap(key) + " { " + dispatchKey(key) + " : jump " + serviceChain(key)
                + " }");
        return b.toString();
    }

    /** New settings for a service with these (current) real servers: its dispatch rule is replaced. */
    static String editService(VirtualService s, List<RealServer> servers) {
        return redispatch(s, servers);
    }

    /** Removes a service; {@code countRule} is the handle of its rule in the count chain (-1: none). */
    static String deleteService(VirtualService s, long countRule) {
        ServiceKey key = s.key();
        StringBuilder b = new StringBuilder();
        line(b, "delete element " + T + " " + dispatchMap(key) + " { " + dispatchKey(key) + " }");
        line(b, "flush chain " + T + " " + serviceChain(key));
        line(b, "delete chain " + T + " " + serviceChain(key));
        for (RealServer r : s.servers()) {
            line(b, "flush chain " + T + " " + serverChain(key, r.endpoint()));
            line(b, "delete chain " + T + " " + serverChain(key, r.endpoint()));
            line(b, "delete counter " + T + " " + connectionCounter(key, r.endpoint()));
        }
        if (!key.isFwmark()) {
            if (countRule >= 0) {
                line(b, "delete rule " + T + " " + COUNT_CHAIN + " handle " + countRule);
            }
            line(b, "flush chain " + T + " " + countChain(key));
            line(b, "delete chain " + T + " " + countChain(key));
            // the maps hold the traffic counters' references: maps first, then the counters
            line(b, "delete map " + T + " " + inMap(key));
            line(b, "delete map " + T + " " + outMap(key));
            for (RealServer r : s.servers()) {
                line(b, "delete counter " + T + " " + inCounter(key, r.endpoint()));
                line(b, "delete counter " + T + " " + outCounter(key, r.endpoint()));
            }
        }
        return b.toString();
    }

    /** Adds {@code server} to {@code s} (which has its current servers). */
    static String addServer(VirtualService s, RealServer server) {
        ServiceKey key = s.key();
        Endpoint e = server.endpoint();
        StringBuilder b = new StringBuilder();
        line(b, "add counter " + T + " " + connectionCounter(key, e));
        line(b, "create chain " + T + " " + serverChain(key, e));
        line(b, "add rule " + T + " " + serverChain(key, e) + " " + dnat(key, server));
        if (!key.isFwmark()) {
            line(b, "add counter " + T + " " + inCounter(key, e));
            line(b, "add counter " + T + " " + outCounter(key, e));
            String element = countKey(key, e);
            line(b, "add element " + T + " " + inMap(key) + " { " + element + " : " + quote(inCounter(key, e)) + " }");
            line(b, "add element " + T + " " + outMap(key) + " { " + element + " : " + quote(outCounter(key, e))
                    + " }");
        }
        List<RealServer> servers = new ArrayList<>(s.servers());
        servers.add(server);
        b.append(redispatch(s, servers));
        return b.toString();
    }

    /** New weight for a server of {@code s} (which has its current servers, the old one among them). */
    static String editServer(VirtualService s, RealServer server) {
        ServiceKey key = s.key();
        StringBuilder b = new StringBuilder();
        line(b, "flush chain " + T + " " + serverChain(key, server.endpoint()));
        line(b, "add rule " + T + " " + serverChain(key, server.endpoint()) + " " + dnat(key, server));
        List<RealServer> servers = new ArrayList<>(s.servers().stream()
                .filter(r -> !r.endpoint().equals(server.endpoint())).toList());
        servers.add(server);
        b.append(redispatch(s, servers));
        return b.toString();
    }

    static String deleteServer(VirtualService s, Endpoint server) {
        StringBuilder b = new StringBuilder();
        b.append(redispatch(s, s.servers().stream().filter(r -> !r.endpoint().equals(server)).toList()));
        deleteServerObjects(b, s.key(), server);
        return b.toString();
    }

    /** Zeroes the named counters of one service's real servers. */
    static String zero(VirtualService s) {
        StringBuilder b = new StringBuilder();
        for (RealServer r : s.servers()) {
            line(b, "reset counter " + T + " " + connectionCounter(s.key(), r.endpoint()));
            if (!s.key().isFwmark()) {
                line(b, "reset counter " + T + " " + inCounter(s.key(), r.endpoint()));
                line(b, "reset counter " + T + " " + outCounter(s.key(), r.endpoint()));
            }
        }
        return b.toString();
    }

    private static void deleteServerObjects(StringBuilder b, ServiceKey key, Endpoint e) {
        line(b, "flush chain " + T + " " + serverChain(key, e));
        line(b, "delete chain " + T + " " + serverChain(key, e));
        line(b, "delete counter " + T + " " + connectionCounter(key, e));
        if (!key.isFwmark()) {
            String element = countKey(key, e);
            line(b, "delete element " + T + " " + inMap(key) + " { " + element + " }");
            line(b, "delete element " + T + " " + outMap(key) + " { " + element + " }");
            line(b, "delete counter " + T + " " + inCounter(key, e));
            line(b, "delete counter " + T + " " + outCounter(key, e));
        }
    }

    private static String redispatch(VirtualService s, List<RealServer> servers) {
        String chain = serviceChain(s.key());
        return "flush chain " + T + " " + chain + "\nadd rule " + T + " " + chain + " " + dispatch(s, servers) + "\n";
    }

    /**
     * The service chain's one rule: the scheduler's expression modulo the sum of weights into an interval vmap
     * (server i owns weight_i consecutive values), or drop when no server takes new connections.
     */
    static String dispatch(VirtualService s, List<RealServer> servers) {
        String comment = " comment " + quote(serviceComment(s));
        List<RealServer> sorted = servers.stream().filter(r -> r.weight() > 0)
                .sorted(java.util.Comparator.comparing(RealServer::endpoint)).toList();
        boolean weighted = !s.scheduler().equals("rr");
        long total = 0;
        StringBuilder map = new StringBuilder();
        for (RealServer r : sorted) {
            long w = weighted ? r.weight() : 1;
            map.append(map.length() == 0 ? "" : ", ").append(w == 1 ? "" + total : total + "-" + (total + w - 1))
                    .append(" : goto ").append(serverChain(s.key(), r.endpoint()));
            total += w;
        }
        if (total == 0) {
            return "drop" + comment;
        }
        String ip = s.key().ipv6() ? "ip6" : "ip";
        String selector = switch (s.scheduler()) {
            case "rr", "wrr" -> "numgen inc mod " + total;
            case "dh" -> "jhash " + ip + " daddr mod " + total + " seed " + HASH_SEED;
            default -> "jhash " + ip + " saddr" + ((s.flags() & VirtualService.FLAG_SCHED2) != 0 ? " . th sport" : "")
                    + " mod " + total + " seed " + HASH_SEED;
        };
        return selector + " vmap { " + map + " }" + comment;
    }

    /** The DNAT rule of one real server; port 0 keeps the destination port. */
    static String dnat(ServiceKey key, RealServer r) {
        Endpoint e = r.endpoint();
        StringBuilder b = new StringBuilder();
        if (e.port() != 0) {
            // nft maps a port only after a transport protocol match
            b.append("meta l4proto ").append(key.isFwmark() ? "{ tcp, udp, sctp }" : proto(key)).append(' ');
        }
        b.append("counter name ").append(quote(connectionCounter(key, e))).append(' ');
        String host = address(e.address());
        if (e.ipv6()) {
            b.append("dnat ip6 to ").append(e.port() != 0 ? "[" + host + "]:" + e.port() : host);
        } else {
            b.append("dnat ip to ").append(host).append(e.port() != 0 ? ":" + e.port() : "");
        }
        b.append(" comment ").append(quote(serverComment(r)));
        return b.toString();
    }

    /** "TCP 192.0.2.100:80 scheduler=wrr flags=0x0": what read() takes the settings from. */
    static String serviceComment(VirtualService s) {
        return s.key() + " scheduler=" + s.scheduler() + " flags=0x" + Integer.toHexString(s.flags());
    }

    /** "198.51.100.1:80 weight=3". */
    static String serverComment(RealServer r) {
        return r.endpoint() + " weight=" + r.weight();
    }

    static String dispatchMap(ServiceKey key) {
        if (key.isFwmark()) {
            return key.ipv6() ? "fwm6" : "fwm4";
        }
        return key.ipv6() ? "svc6" : "svc4";
    }

    private static String dispatchKey(ServiceKey key) {
        if (key.isFwmark()) {
            return Integer.toUnsignedString(key.fwmark());
        }
        return address(key.endpoint().address()) + " . " + proto(key) + " . " + key.endpoint().port();
    }

    /** The counter maps' key: the real server as the packets carry it (port 0: the service's port). */
    private static String countKey(ServiceKey key, Endpoint e) {
        int port = e.port() != 0 ? e.port() : key.endpoint().port();
        return address(e.address()) + " . " + port;
    }

    private static String proto(ServiceKey key) {
        return key.protocol().name().toLowerCase(Locale.ROOT);
    }

    static String address(InetAddress a) {
        String s = a.getHostAddress();
        int scope = s.indexOf('%');
        if (a instanceof Inet6Address && scope >= 0) {
            s = s.substring(0, scope);
        }
        return s;
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append('\n');
    }
}
