package org.dsas.lb.internal.text;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * Owns what makes a desired state acceptable before any dataplane sees it (the
 * rules IPVS and ipvsadm enforce, so a state that passes here does not fail in
 * the kernel for a reason we could have named first), and the parsers of the
 * shell's text forms. Every problem is one line naming the object.
 */
public final class ServiceValidator {

    /** The schedulers of Linux IPVS (net/netfilter/ipvs/ip_vs_*.c), by their ipvsadm names. */
    public static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed",
            "nq", "fo", "ovf", "mh", "twos");

    /** ipvsadm's default when -s is not given (DEF_SCHED in ipvsadm.c), keepalived's likewise (IPVS_DEF_SCHED). */
    public static final String DEFAULT_SCHEDULER = "wlc";

    /**
     * IPVS_SVC_PERSISTENT_TIMEOUT (6*60 in ipvsadm's and keepalived's libipvs.h): what -p without a value and
     * keepalived's persistence_timeout without a value or persistence_granularity alone set (not 300).
     */
    public static final int DEFAULT_PERSISTENCE = 360;

    /** ipvsadm's MAX_TIMEOUT (31 days), the largest -p it accepts. */
    public static final int MAX_PERSISTENCE = 86400 * 31;

    private static final Set<String> SCHEDULERS_WITH_FLAGS = Set.of("sh", "mh");

    private ServiceValidator() {
    }

    /** The whole desired state: each service, then keys unique across it. */
    public static void validate(List<VirtualService> services) {
        Set<ServiceKey> seen = new HashSet<>();
        for (VirtualService s : services) {
            validate(s);
            if (!seen.add(s.key())) {
                throw new IllegalArgumentException("service " + AddressText.name(s.key()) + " is defined twice");
            }
        }
    }

    /** One service with its real servers. */
    public static void validate(VirtualService s) {
        ServiceKey key = s.key();
        if (!SCHEDULERS.contains(s.scheduler())) {
            throw new IllegalArgumentException("service " + AddressText.name(key) + ": unknown scheduler '" + s.scheduler() + "' (known: "
                    + knownSchedulers() + ")");
        }
        if (!key.isFwmark()) {
            usable(key.endpoint().address(), "service " + AddressText.name(key) + ": virtual address");
            // IPVS keys a port-0 service as "all ports", which ipvsadm only accepts with persistence.
            if (key.endpoint().port() == 0 && s.persistenceTimeout() == 0) {
                throw new IllegalArgumentException("service " + AddressText.name(key)
                        + ": port 0 (all ports) is only allowed for a persistent service (-p) or a firewall mark");
            }
        }
        if (s.persistenceTimeout() > MAX_PERSISTENCE) {
            throw new IllegalArgumentException("service " + AddressText.name(key) + ": persistence timeout " + s.persistenceTimeout()
                    + " s is above the maximum " + MAX_PERSISTENCE + " s (31 days)");
        }
        if (key.ipv6() && s.persistenceTimeout() > 0 && s.persistenceNetmask() < 1) {
            throw new IllegalArgumentException("service " + AddressText.name(key) + ": IPv6 persistence netmask /"
                    + s.persistenceNetmask() + " out of range 1-128");
        }
        if (!key.ipv6() && s.persistenceNetmask() > 32) {
            throw new IllegalArgumentException("service " + AddressText.name(key) + ": IPv4 persistence netmask /"
                    + s.persistenceNetmask() + " out of range 0-32");
        }
        int schedFlags = s.flags() & (VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2
                | VirtualService.FLAG_SCHED3);
        if (schedFlags != 0) {
            if (!SCHEDULERS_WITH_FLAGS.contains(s.scheduler())) {
                throw new IllegalArgumentException("service " + AddressText.name(key) + ": scheduler flags " + schedulerFlagNames(
                        s.scheduler(), schedFlags) + " mean nothing to " + s.scheduler()
                        + " (sh-fallback, sh-port only with sh; mh-fallback, mh-port only with mh)");
            }
            if ((schedFlags & VirtualService.FLAG_SCHED3) != 0) {
                throw new IllegalArgumentException("service " + AddressText.name(key) + ": scheduler flag flag-3 means nothing to "
                        + s.scheduler() + " (it knows " + s.scheduler() + "-fallback and " + s.scheduler() + "-port)");
            }
        }
        if ((s.flags() & VirtualService.FLAG_ONEPACKET) != 0 && !key.isFwmark() && key.protocol() != Protocol.UDP) {
            throw new IllegalArgumentException("service " + AddressText.name(key)
                    + ": one-packet scheduling (-o) is only for UDP and firewall-mark services");
        }
        for (RealServer r : s.servers()) {
            validate(key, r);
        }
    }

    /** One real server within its service. */
    public static void validate(ServiceKey key, RealServer r) {
        Endpoint e = r.endpoint();
        String what = "real server " + AddressText.name(e) + " of " + AddressText.name(key);
        usable(e.address(), what + ": address");
        if (e.ipv6() != key.ipv6() && r.method() != ForwardMethod.TUNNEL) {
            // The kernel accepts a real server of the other family only for tunnelling (ip_vs_ctl.c).
            throw new IllegalArgumentException(what + ": IPv" + (e.ipv6() ? 6 : 4) + " real server in an IPv"
                    + (key.ipv6() ? 6 : 4) + " service needs the tunnel method (-i)");
        }
        if (!key.isFwmark()) {
            int vport = key.endpoint().port();
            if (r.method() != ForwardMethod.MASQUERADE && vport != 0 && e.port() != vport) {
                // Direct routing and tunnelling cannot rewrite the port: the kernel would use the service's port.
                throw new IllegalArgumentException(what + ": " + r.method().ipvsadmName().toLowerCase(Locale.ROOT)
                        + " forwarding keeps the service's port " + vport + "; only masquerading (-m) can change it");
            }
            if (e.port() == 0 && vport != 0) {
                throw new IllegalArgumentException(what + ": port 0 needs a port-0 or firewall-mark service");
            }
        }
        if (r.lowerThreshold() > 0 && r.upperThreshold() == 0) {
            throw new IllegalArgumentException(what + ": lower threshold " + r.lowerThreshold()
                    + " without an upper threshold has no effect (set -x too)");
        }
    }

    private static void usable(InetAddress a, String what) {
        String text = AddressText.format(a);
        if (a.isAnyLocalAddress()) {
            throw new IllegalArgumentException(what + " " + text + " is unspecified");
        }
        if (a.isMulticastAddress()) {
            throw new IllegalArgumentException(what + " " + text + " is multicast");
        }
        if (a instanceof Inet4Address && text.equals("255.255.255.255")) {
            throw new IllegalArgumentException(what + " " + text + " is the broadcast address");
        }
    }

    private static String knownSchedulers() {
        return String.join(" ", SCHEDULERS.stream().sorted().toList());
    }

    /** The -b words ipvsadm prints for these flag bits under this scheduler (print_sched_flags in ipvsadm.c). */
    static String schedulerFlagNames(String scheduler, int flags) {
        StringBuilder b = new StringBuilder();
        String[] names = switch (scheduler) {
            case "sh" -> new String[] {"sh-fallback", "sh-port", null};
            case "mh" -> new String[] {"mh-fallback", "mh-port", null};
            default -> new String[] {"flag-1", "flag-2", "flag-3"};
        };
        int[] bits = {VirtualService.FLAG_SCHED1, VirtualService.FLAG_SCHED2, VirtualService.FLAG_SCHED3};
        for (int i = 0; i < 3; i++) {
            if ((flags & bits[i]) != 0 && names[i] != null) {
                b.append(b.length() == 0 ? "" : ",").append(names[i]);
            }
        }
        return b.toString();
    }

    /** The flag bit of one -b word ("sh-port", "flag-2"...), checked against the scheduler as ipvsadm does. */
    static int schedulerFlag(String scheduler, String word) {
        return switch (word) {
            case "flag-1" -> VirtualService.FLAG_SCHED1;
            case "flag-2" -> VirtualService.FLAG_SCHED2;
            case "flag-3" -> VirtualService.FLAG_SCHED3;
            case "sh-fallback", "sh-port", "mh-fallback", "mh-port" -> {
                String owner = word.substring(0, 2);
                if (!owner.equals(scheduler)) {
                    throw new IllegalArgumentException("scheduler flag " + word + " is only for the " + owner
                            + " scheduler, not " + scheduler);
                }
                yield word.endsWith("fallback") ? VirtualService.FLAG_SCHED1 : VirtualService.FLAG_SCHED2;
            }
            default -> throw new IllegalArgumentException("unknown scheduler flag '" + word
                    + "' (sh-fallback, sh-port, mh-fallback, mh-port, flag-1, flag-2, flag-3)");
        };
    }

    // ---- the shell's text forms ----

    /**
     * "10.0.0.1:80" or "[2001:db8::1]:80". Host and service names are refused:
     * DNS and /etc/services are not consulted, so a desired state never
     * depends on a resolver.
     */
    public static Endpoint parseEndpoint(String text) {
        String t = text == null ? "" : text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("endpoint '" + t + "': expected [IPv6 address]:port");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("endpoint '" + t + "': brackets are for IPv6 addresses only");
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("endpoint '" + t + "': expected address:port (10.0.0.1:80 or "
                        + "[2001:db8::1]:80)");
            }
            if (t.indexOf(':') != colon) {
                throw new IllegalArgumentException("endpoint '" + t + "': an IPv6 address needs brackets, as in "
                        + "[2001:db8::1]:80");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        InetAddress address;
        try {
            address = AddressText.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint '" + t + "': " + e.getMessage());
        }
        return new Endpoint(address, parsePort(port, "endpoint '" + t + "'"));
    }

    static int parsePort(String text, String what) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + ": port '" + text
                    + "' is not a number 0-65535 (service names are not looked up)");
        }
        int p = Integer.parseInt(text);
        if (p > 65535) {
            throw new IllegalArgumentException(what + ": port " + p + " out of range 0-65535");
        }
        return p;
    }

    /** A scheduler name, case as ipvsadm wants it (lower). */
    public static String parseScheduler(String text) {
        String s = text == null ? "" : text.trim();
        if (!SCHEDULERS.contains(s)) {
            throw new IllegalArgumentException("unknown scheduler '" + s + "' (known: " + knownSchedulers() + ")");
        }
        return s;
    }

    /**
     * A forwarding method: ipvsadm's options (-m -g -i, --masquerading
     * --gatewaying --ipip) or words (masq, masquerade, nat; gate, gateway,
     * route, dr, droute; ipip, tun, tunnel), case-insensitive.
     */
    public static ForwardMethod parseMethod(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "-m", "--masquerading", "masq", "masquerade", "masquerading", "nat" -> ForwardMethod.MASQUERADE;
            case "-g", "--gatewaying", "gate", "gateway", "gatewaying", "route", "dr", "droute" -> ForwardMethod.GATEWAY;
            case "-i", "--ipip", "ipip", "tun", "tunnel" -> ForwardMethod.TUNNEL;
            default -> throw new IllegalArgumentException("unknown forwarding method '" + text.trim()
                    + "' (-m/masq/nat, -g/gate/dr, -i/ipip/tun)");
        };
    }

    /** A weight 0-65535 (0 keeps the server but sends it no new connections). */
    public static int parseWeight(String text) {
        return parseNumber(text, "weight", 0, RealServer.MAX_WEIGHT);
    }

    /** A connection threshold 0-2147483647 (0 = none), as ipvsadm -x/-y take it. */
    public static int parseThreshold(String text, String what) {
        return parseNumber(text, what, 0, Integer.MAX_VALUE);
    }

    /** Persistence timeout 1-2678400 seconds, as ipvsadm -p takes it. */
    public static int parsePersistence(String text) {
        return parseNumber(text, "persistence timeout", 1, MAX_PERSISTENCE);
    }

    static int parseNumber(String text, String what, int min, int max) {
        String s = text == null ? "" : text.trim();
        long v;
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number " + min + "-" + max);
        }
        v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + s + " out of range " + min + "-" + max);
        }
        return (int) v;
    }

    /** A firewall mark 1-4294967295, kept in an int as IPVS's __u32 (unsigned). */
    public static int parseFwmark(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("firewall mark '" + s + "' is not a number 1-4294967295");
        }
        long v = Long.parseLong(s);
        if (v < 1 || v > 0xffffffffL) {
            throw new IllegalArgumentException("firewall mark " + s + " out of range 1-4294967295");
        }
        return (int) v;
    }

    /** A dotted IPv4 netmask (255.255.255.0) as a prefix length; IPVS masks here are contiguous in our model. */
    static int netmaskPrefix(String text) {
        InetAddress a = AddressText.parse(text);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("netmask " + text + " is not an IPv4 dotted netmask");
        }
        byte[] b = a.getAddress();
        int m = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int prefix = Integer.bitCount(m);
        if (m != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new IllegalArgumentException("netmask " + text + " is not contiguous (DSAS keeps persistence "
                    + "granularity as a prefix length)");
        }
        return prefix;
    }

    /** The dotted form of an IPv4 prefix length. */
    public static String netmaskText(int prefix) {
        int m = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (m >>> 24) + "." + (m >>> 16 & 0xff) + "." + (m >>> 8 & 0xff) + "." + (m & 0xff);
    }
}
