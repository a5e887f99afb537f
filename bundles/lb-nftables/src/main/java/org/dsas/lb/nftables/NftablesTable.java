package org.dsas.lb.nftables;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;

/**
 * The load balancer's table as {@code nft -j list table inet dsas_lb} shows it, parsed back: each service's
 * settings and real servers (from the comments {@link NftablesRuleset} writes on the dispatch and DNAT rules),
 * its rule handle in the count chain, and the named counters. Pure: parses text.
 */
record NftablesTable(Map<ServiceKey, Installed> services) {

    private static final Pattern SERVICE_COMMENT = Pattern.compile("^(.+) scheduler=(\\S+) flags=0x([0-9a-f]+)$");
    private static final Pattern SERVER_COMMENT = Pattern.compile("^(\\S+) weight=(\\d+)$");
    private static final Pattern KEY = Pattern.compile("^(?:FWM (\\d+)( IPv6)?|(TCP|UDP|SCTP) (\\S+))$");

    static final NftablesTable EMPTY = new NftablesTable(Map.of());

    /** One installed service: settings with real servers, its count rule's handle (-1: none), counters. */
    record Installed(VirtualService service, long countRule, Map<Endpoint, Counters> counters) {
    }

    Optional<Installed> find(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    /** What read() reports: settings, servers with their counters, service totals (connections counted, rates 0). */
    List<ServiceState> states() {
        List<ServiceState> out = new ArrayList<>();
        for (Installed i : services.values()) {
            List<ServerState> servers = new ArrayList<>();
            long[] sum = new long[5];
            for (RealServer r : i.service().servers()) {
                Counters c = i.counters().getOrDefault(r.endpoint(), Counters.ZERO);
                servers.add(new ServerState(r, 0, 0, 0, c));
                sum[0] += c.connections();
                sum[1] += c.inPackets();
                sum[2] += c.outPackets();
                sum[3] += c.inBytes();
                sum[4] += c.outBytes();
            }
            out.add(new ServiceState(i.service(), new Counters(sum[0], sum[1], sum[2], sum[3], sum[4], 0, 0, 0, 0, 0),
                    servers));
        }
        return out;
    }

    /** Parses {@code nft -j list table inet dsas_lb} output. */
    @SuppressWarnings("unchecked")
    static NftablesTable parse(String json) {
        Object root = JsonReader.parse(json);
        List<Object> items = (List<Object>) ((Map<String, Object>) root).getOrDefault("nftables", List.of());
        Map<String, long[]> counters = new HashMap<>();
        Map<String, VirtualService> byChain = new HashMap<>();
        Map<String, Long> countRules = new HashMap<>();
        List<String[]> serverRules = new ArrayList<>(); // chain, comment
        for (Object o : items) {
            Map<String, Object> item = (Map<String, Object>) o;
            if (item.get("counter") instanceof Map<?, ?> c) {
                counters.put((String) c.get("name"), new long[] {number(c.get("packets")), number(c.get("bytes"))});
            } else if (item.get("rule") instanceof Map<?, ?> r) {
                String chain = (String) r.get("chain");
                String comment = (String) r.get("comment");
                if (comment == null) {
                    continue;
                }
                if (chain.startsWith("s_")) {
                    byChain.put(chain, service(comment));
                } else if (chain.startsWith("r_")) {
                    serverRules.add(new String[] {chain, comment});
                } else if (chain.equals(NftablesRuleset.COUNT_CHAIN)) {
                    countRules.put(comment, number(r.get("handle")));
                }
            }
        }
        Map<String, List<RealServer>> servers = new HashMap<>();
        for (String[] sr : serverRules) {
            RealServer r = server(sr[1]);
            String suffix = "_" + NftablesRuleset.id(r.endpoint());
            if (!sr[0].endsWith(suffix)) {
                throw new IllegalArgumentException("chain " + sr[0] + " carries the comment of " + r.endpoint());
            }
            String serviceChain = "s_" + sr[0].substring(2, sr[0].length() - suffix.length());
            servers.computeIfAbsent(serviceChain, k -> new ArrayList<>()).add(r);
        }
        Map<ServiceKey, Installed> services = new TreeMap<>();
        for (Map.Entry<String, VirtualService> e : byChain.entrySet()) {
            VirtualService s = e.getValue().withServers(servers.getOrDefault(e.getKey(), List.of()));
            ServiceKey key = s.key();
            Map<Endpoint, Counters> perServer = new HashMap<>();
            for (RealServer r : s.servers()) {
                long[] cc = counters.getOrDefault(NftablesRuleset.connectionCounter(key, r.endpoint()), new long[2]);
                long[] in = counters.getOrDefault(NftablesRuleset.inCounter(key, r.endpoint()), new long[2]);
                long[] out = counters.getOrDefault(NftablesRuleset.outCounter(key, r.endpoint()), new long[2]);
                perServer.put(r.endpoint(), new Counters(cc[0], in[0], out[0], in[1], out[1], 0, 0, 0, 0, 0));
            }
            long handle = countRules.getOrDefault(NftablesRuleset.countChain(key), -1L);
            services.put(key, new Installed(s, handle, Map.copyOf(perServer)));
        }
        return new NftablesTable(services);
    }

    /** "TCP 192.0.2.100:80 scheduler=wrr flags=0x0" back into the service (no servers). */
    static VirtualService service(String comment) {
        Matcher m = SERVICE_COMMENT.matcher(comment);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a dsas service comment: " + comment);
        }
        ServiceKey key = key(m.group(1));
        return new VirtualService(key, m.group(2), 0, key.ipv6() ? 128 : 32, Integer.parseInt(m.group(3), 16),
                List.of());
    }

    static RealServer server(String comment) {
        Matcher m = SERVER_COMMENT.matcher(comment);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a dsas real server comment: " + comment);
        }
        return RealServer.of(endpoint(m.group(1)), ForwardMethod.MASQUERADE, Integer.parseInt(m.group(2)));
    }

    /** "TCP 192.0.2.100:80", "UDP [2001:db8::1]:53", "FWM 7", "FWM 7 IPv6" (ServiceKey.toString()). */
    static ServiceKey key(String text) {
        Matcher m = KEY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a service: " + text);
        }
        if (m.group(1) != null) {
            return ServiceKey.fwmark(Integer.parseUnsignedInt(m.group(1)), m.group(2) != null);
        }
        return ServiceKey.of(Protocol.valueOf(m.group(3)), endpoint(m.group(4)));
    }

    /** "192.0.2.1:80" or "[2001:db8::1]:80" (Endpoint.toString()); literals only, never a name lookup. */
    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not an address:port: " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (!host.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not an address:port: " + text);
        }
        if (!host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            return new Endpoint(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address:port: " + text, e);
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }
}
