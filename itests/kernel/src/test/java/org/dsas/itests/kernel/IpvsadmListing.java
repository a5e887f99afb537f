package org.dsas.itests.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * Reads {@code ipvsadm -Ln} (ipvsadm 1.31) back into virtual services: the independent view of the
 * kernel's table the guest checks compare with. -Ln shows no thresholds, so they come back 0.
 */
final class IpvsadmListing {

    private IpvsadmListing() {
    }

    static List<VirtualService> parse(String listing) throws Exception {
        List<VirtualService> services = new ArrayList<>();
        VirtualService current = null;
        List<RealServer> servers = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (line.startsWith("  -> ") && !t[1].equals("RemoteAddress:Port")) {
                servers.add(RealServer.of(endpoint(t[1]), method(t[2]), Integer.parseInt(t[3])));
            } else if (line.matches("^(TCP|UDP|SCTP|FWM) .*")) {
                if (current != null) {
                    services.add(current.withServers(servers));
                }
                servers = new ArrayList<>();
                current = service(t);
            }
        }
        if (current != null) {
            services.add(current.withServers(servers));
        }
        return services;
    }

    private static VirtualService service(String[] t) throws Exception {
        int i = 2;
        ServiceKey key;
        if (t[0].equals("FWM")) {
            boolean ipv6 = t.length > 2 && t[2].equals("IPv6");
            if (ipv6) {
                i++;
            }
            key = ServiceKey.fwmark(Integer.parseUnsignedInt(t[1]), ipv6);
        } else {
            key = ServiceKey.of(Protocol.valueOf(t[0]), endpoint(t[1]));
        }
        String scheduler = t[i++];
        int timeout = 0;
        int netmask = key.ipv6() ? 128 : 32;
        int flags = 0;
        for (; i < t.length; i++) {
            switch (t[i]) {
                case "persistent" -> timeout = Integer.parseInt(t[++i]);
                case "mask" -> {
                    String m = t[++i];
                    netmask = m.contains(".") ? Integer.bitCount(java.nio.ByteBuffer.wrap(
                            InetAddress.getByName(m).getAddress()).getInt()) : Integer.parseInt(m);
                }
                case "ops" -> flags |= VirtualService.FLAG_ONEPACKET;
                case "pe" -> i++;
                default -> {
                    if (t[i].startsWith("(")) {
                        for (String f : t[i].replaceAll("[()]", "").split(",")) {
                            flags |= switch (f) {
                                case "sh-fallback", "mh-fallback", "flag-1" -> VirtualService.FLAG_SCHED1;
                                case "sh-port", "mh-port", "flag-2" -> VirtualService.FLAG_SCHED2;
                                default -> VirtualService.FLAG_SCHED3;
                            };
                        }
                    }
                }
            }
        }
        return new VirtualService(key, scheduler, timeout, netmask, flags, List.of());
    }

    private static ForwardMethod method(String name) {
        for (ForwardMethod m : ForwardMethod.values()) {
            if (m.ipvsadmName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("forwarding method " + name);
    }

    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new Endpoint(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("address " + host, e);
        }
    }
}
