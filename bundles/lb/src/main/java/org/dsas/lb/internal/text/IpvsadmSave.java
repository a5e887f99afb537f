package org.dsas.lb.internal.text;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigProblems;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * Owns the {@code ipvsadm-save -n} / {@code ipvsadm -S -n} text: reading it
 * (as ipvsadm-restore would, all or nothing) and writing it byte for byte as
 * ipvsadm 1.31 prints it. The format is taken from ipvsadm 1.31's source
 * (Debian bookworm's ipvsadm_1.31.orig.tar.gz): print_service_entry() and
 * print_tunnel_rule() for the lines, list_all() with libipvs's
 * ipvs_cmp_services()/ipvs_cmp_dests() and glibc's merge-sort qsort for the
 * order, parse_options()/process_options() for what -A/-a accept.
 */
public final class IpvsadmSave {

    private IpvsadmSave() {
    }

    /**
     * The services of a saved table, all or nothing: every bad line is one "source:line: problem", and all
     * of them come at once in a {@link ConfigProblems}. The real servers of a service whose -A line is bad
     * are not reported again as orphans.
     */
    public static List<VirtualService> parse(String text, String source) {
        List<String> problems = new ArrayList<>();
        java.util.Set<ServiceKey> refused = new java.util.HashSet<>();
        Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
        Map<ServiceKey, List<RealServer>> servers = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            // ipvsadm-restore drops the word "ipvsadm" wherever it stands (config_stream_read).
            List<String> words = new ArrayList<>();
            for (String w : line.trim().split("\\s+")) {
                if (!w.isEmpty() && !w.equals("ipvsadm")) {
                    words.add(w);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            Command c = null;
            try {
                c = Command.parse(words);
                switch (c.command) {
                    case 'C' -> {
                        services.clear();
                        servers.clear();
                    }
                    case 'A' -> {
                        VirtualService s = c.service();
                        ServiceValidator.validate(s);
                        if (services.putIfAbsent(s.key(), s) != null) {
                            throw new IllegalArgumentException("service " + AddressText.name(s.key()) + " already added");
                        }
                        servers.put(s.key(), new ArrayList<>());
                    }
                    case 'a' -> {
                        ServiceKey key = c.key();
                        VirtualService s = services.get(key);
                        if (s == null && refused.contains(key)) {
                            continue;
                        }
                        if (s == null) {
                            throw new IllegalArgumentException("real server for " + AddressText.name(key)
                                    + ", which no earlier -A line adds");
                        }
                        RealServer r = c.server(key);
                        ServiceValidator.validate(key, r);
                        List<RealServer> list = servers.get(key);
                        if (list.stream().anyMatch(x -> x.endpoint().equals(r.endpoint()))) {
                            throw new IllegalArgumentException("real server " + AddressText.name(r.endpoint()) + " already in " + AddressText.name(key));
                        }
                        list.add(r);
                    }
                    default -> throw new IllegalStateException();
                }
            } catch (IllegalArgumentException e) {
                problems.add(source + ":" + (i + 1) + ": " + e.getMessage());
                if (c != null && c.command == 'A') {
                    try {
                        refused.add(c.key());
                    } catch (IllegalArgumentException unnamed) {
                        // the line does not even name its service
                    }
                }
            }
        }
        ConfigProblems.throwIfAny(problems);
        List<VirtualService> out = new ArrayList<>();
        for (VirtualService s : services.values()) {
            out.add(s.withServers(servers.get(s.key())));
        }
        return out;
    }

    /** One -A, -a or -C line, its options gathered as ipvsadm's parse_options() does (the last of a kind wins). */
    private static final class Command {
        char command;
        Protocol protocol;
        String serviceText;
        String fwmarkText;
        boolean ipv6;
        String scheduler;
        boolean persistent;
        String persistenceText;
        String netmaskText;
        boolean onePacket;
        String schedFlagsText;
        String serverText;
        ForwardMethod method;
        String weightText;
        String upperText;
        String lowerText;
        String tunType;

        static Command parse(List<String> words) {
            Command c = new Command();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String opt = w;
                String attached = null;
                if (w.startsWith("--")) {
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        opt = w.substring(0, eq);
                        attached = w.substring(eq + 1);
                    }
                } else if (w.startsWith("-") && w.length() > 2) {
                    opt = w.substring(0, 2);
                    attached = w.substring(2);
                } else if (!w.startsWith("-")) {
                    throw new IllegalArgumentException("unexpected argument '" + w + "'");
                }
                String name = switch (opt) {
                    case "--add-service" -> "-A";
                    case "--add-server" -> "-a";
                    case "--clear" -> "-C";
                    case "--tcp-service" -> "-t";
                    case "--udp-service" -> "-u";
                    case "--fwmark-service" -> "-f";
                    case "--ipv6" -> "-6";
                    case "--scheduler" -> "-s";
                    case "--persistent" -> "-p";
                    case "--netmask" -> "-M";
                    case "--ops" -> "-o";
                    case "--sched-flags" -> "-b";
                    case "--real-server" -> "-r";
                    case "--gatewaying" -> "-g";
                    case "--ipip" -> "-i";
                    case "--masquerading" -> "-m";
                    case "--weight" -> "-w";
                    case "--u-threshold" -> "-x";
                    case "--l-threshold" -> "-y";
                    default -> opt;
                };
                boolean takesValue = switch (name) {
                    case "-t", "-u", "--sctp-service", "-f", "-s", "-M", "-b", "-r", "-w", "-x", "-y", "--tun-type" ->
                            true;
                    default -> false;
                };
                String value = attached;
                if (takesValue && value == null) {
                    if (i + 1 >= words.size()) {
                        throw new IllegalArgumentException("option " + w + " needs a value");
                    }
                    value = words.get(++i);
                } else if (name.equals("-p") && value == null && i + 1 < words.size()
                        && !words.get(i + 1).startsWith("-")) {
                    // -p takes its timeout only when one follows (POPT_ARGFLAG_OPTIONAL).
                    value = words.get(++i);
                } else if (!takesValue && !name.equals("-p") && attached != null) {
                    throw new IllegalArgumentException("option " + opt + " takes no value");
                }
                switch (name) {
                    case "-A", "-a", "-C" -> {
                        if (c.command != 0) {
                            throw new IllegalArgumentException("two commands on one line (" + (char) c.command
                                    + " and " + name + ")");
                        }
                        c.command = name.charAt(1);
                    }
                    case "-E", "-D", "-e", "-d", "-Z", "-L", "-l", "-S", "-R", "--edit-service", "--delete-service",
                         "--edit-server", "--delete-server", "--zero", "--list", "--save", "--restore" ->
                            throw new IllegalArgumentException("command " + w + " does not belong in a saved table "
                                    + "(only -A, -a and -C)");
                    case "-t" -> service(c, Protocol.TCP, value);
                    case "-u" -> service(c, Protocol.UDP, value);
                    case "--sctp-service" -> service(c, Protocol.SCTP, value);
                    case "-f" -> {
                        c.fwmarkText = value;
                        c.protocol = null;
                        c.serviceText = null;
                    }
                    case "-6" -> {
                        if (c.fwmarkText == null) {
                            throw new IllegalArgumentException("-6 used before -f (it marks a firewall-mark "
                                    + "service as IPv6)");
                        }
                        c.ipv6 = true;
                    }
                    case "-s" -> c.scheduler = value;
                    case "-p" -> {
                        c.persistent = true;
                        c.persistenceText = value;
                    }
                    case "-M" -> c.netmaskText = value;
                    case "-o" -> c.onePacket = true;
                    case "-b" -> c.schedFlagsText = value;
                    case "-r" -> c.serverText = value;
                    case "-g" -> c.method = ForwardMethod.GATEWAY;
                    case "-i" -> c.method = ForwardMethod.TUNNEL;
                    case "-m" -> c.method = ForwardMethod.MASQUERADE;
                    case "-w" -> c.weightText = value;
                    case "-x" -> c.upperText = value;
                    case "-y" -> c.lowerText = value;
                    case "--tun-type" -> {
                        if (!value.equals("ipip")) {
                            throw new IllegalArgumentException("tunnel type " + value
                                    + " is not supported (only ipip; gue and gre are not modelled)");
                        }
                        c.tunType = value;
                    }
                    case "--pe" -> throw new IllegalArgumentException("persistence engine (--pe) is not supported");
                    case "--tun-port", "--tun-nocsum", "--tun-csum", "--tun-remcsum" -> throw new
                            IllegalArgumentException("option " + opt + " belongs to gue/gre tunnels, which are not "
                            + "supported (only ipip)");
                    default -> throw new IllegalArgumentException("unknown option " + w);
                }
            }
            if (c.command == 0) {
                throw new IllegalArgumentException("no command (-A, -a or -C)");
            }
            c.checkOptions();
            return c;
        }

        private static void service(Command c, Protocol p, String value) {
            c.protocol = p;
            c.serviceText = value;
            c.fwmarkText = null;
            c.ipv6 = false;
        }

        /** Which options each command takes (ipvsadm's commands_v_options table, for -A, -a, -C). */
        private void checkOptions() {
            if (command == 'C') {
                if (protocol != null || fwmarkText != null || scheduler != null || persistent || serverText != null
                        || method != null || weightText != null) {
                    throw new IllegalArgumentException("-C takes no options");
                }
                return;
            }
            if (protocol == null && fwmarkText == null) {
                throw new IllegalArgumentException("no service (-t, -u, --sctp-service or -f)");
            }
            if (command == 'A') {
                if (serverText != null || method != null || weightText != null || upperText != null
                        || lowerText != null || tunType != null) {
                    throw new IllegalArgumentException("real server options (-r -g -i -m -w -x -y --tun-type) on an "
                            + "-A line");
                }
            } else {
                if (scheduler != null || persistent || netmaskText != null || onePacket || schedFlagsText != null) {
                    throw new IllegalArgumentException("service options (-s -p -M -o -b) on an -a line");
                }
                if (serverText == null) {
                    throw new IllegalArgumentException("-a without a real server (-r)");
                }
                if (tunType != null && method != ForwardMethod.TUNNEL) {
                    throw new IllegalArgumentException("--tun-type needs the tunnel method (-i)");
                }
            }
        }

        ServiceKey key() {
            if (fwmarkText != null) {
                return ServiceKey.fwmark(parseSavedFwmark(fwmarkText), ipv6);
            }
            return ServiceKey.of(protocol, address(serviceText, "virtual service", 0));
        }

        VirtualService service() {
            ServiceKey key = key();
            String sched = scheduler == null ? ServiceValidator.DEFAULT_SCHEDULER : scheduler;
            int timeout = !persistent ? 0 : persistenceText == null ? ServiceValidator.DEFAULT_PERSISTENCE
                    : ServiceValidator.parsePersistence(persistenceText);
            int netmask = key.ipv6() ? 128 : 32;
            if (netmaskText != null) {
                netmask = key.ipv6() ? ServiceValidator.parseNumber(netmaskText, "IPv6 persistence netmask", 1, 128)
                        : ServiceValidator.netmaskPrefix(netmaskText);
            }
            int flags = onePacket ? VirtualService.FLAG_ONEPACKET : 0;
            if (schedFlagsText != null) {
                for (String f : schedFlagsText.split(",")) {
                    if (!f.isEmpty()) {
                        flags |= ServiceValidator.schedulerFlag(sched, f);
                    }
                }
            }
            return new VirtualService(key, sched, timeout, netmask, flags, List.of());
        }

        RealServer server(ServiceKey key) {
            int vport = key.isFwmark() ? 0 : key.endpoint().port();
            Endpoint e = address(serverText, "real server", vport);
            ForwardMethod m = method == null ? ForwardMethod.GATEWAY : method;
            if (!key.isFwmark() && m != ForwardMethod.MASQUERADE) {
                // ipvsadm gives gatewayed and tunnelled servers the service's port (process_options).
                e = new Endpoint(e.address(), vport);
            }
            int weight = weightText == null ? 1 : ServiceValidator.parseWeight(weightText);
            int upper = upperText == null ? 0 : ServiceValidator.parseThreshold(upperText, "upper threshold (-x)");
            int lower = lowerText == null ? 0 : ServiceValidator.parseThreshold(lowerText, "lower threshold (-y)");
            return new RealServer(e, m, weight, upper, lower);
        }

        /** addr, addr:port, [v6]:port or a bare IPv6 address, as ipvsadm's parse_service(); no port = defaultPort. */
        private static Endpoint address(String text, String what, int defaultPort) {
            try {
                if (text.startsWith("[")) {
                    return ServiceValidator.parseEndpoint(text);
                }
                if (text.indexOf(':') != text.lastIndexOf(':')) {
                    return new Endpoint(AddressText.parse(text), defaultPort);
                }
                int colon = text.indexOf(':');
                if (colon < 0) {
                    return new Endpoint(AddressText.parse(text), defaultPort);
                }
                return ServiceValidator.parseEndpoint(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " " + e.getMessage());
            }
        }
    }

    /** -f as ipvsadm-save writes it: printf("%d") shows marks above 2147483647 as negative numbers. */
    private static int parseSavedFwmark(String text) {
        if (text.startsWith("-")) {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("firewall mark '" + text + "' is not a number");
            }
            if (v < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("firewall mark " + text + " out of range");
            }
            return ServiceValidator.parseFwmark(Long.toString(v & 0xffffffffL));
        }
        return ServiceValidator.parseFwmark(text);
    }

    /** Exactly what {@code ipvsadm-save -n} prints for this state (thresholds are not part of its output). */
    public static String write(List<VirtualService> services) {
        return write(services, false);
    }

    /**
     * The same, with {@code -x}/{@code -y} for real servers that have thresholds when {@code thresholds}: the
     * appliance's own rules file keeps everything (ipvsadm-restore reads those options too).
     */
    public static String write(List<VirtualService> services, boolean thresholds) {
        StringBuilder out = new StringBuilder();
        for (VirtualService s : glibcMergeSort(services, IpvsadmSave::compareServices)) {
            ServiceKey key = s.key();
            String name = key.isFwmark() ? "-f " + key.fwmark() + (key.ipv6() ? " -6" : "")
                    : key.protocol().ipvsadmOption() + " "
                            + AddressText.endpoint(key.endpoint().address(), key.endpoint().port());
            out.append("-A ").append(name).append(" -s ").append(s.scheduler());
            if (s.persistenceTimeout() > 0) {
                out.append(" -p ").append(s.persistenceTimeout());
                if (!key.ipv6() && s.persistenceNetmask() != 32) {
                    out.append(" -M ").append(ServiceValidator.netmaskText(s.persistenceNetmask()));
                }
                if (key.ipv6() && s.persistenceNetmask() != 128) {
                    out.append(" -M ").append(s.persistenceNetmask());
                }
            }
            if ((s.flags() & VirtualService.FLAG_ONEPACKET) != 0) {
                out.append(" -o");
            }
            int sched = s.flags() & (VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2
                    | VirtualService.FLAG_SCHED3);
            if (sched != 0) {
                out.append(" -b ").append(ServiceValidator.schedulerFlagNames(s.scheduler(), sched));
            }
            out.append('\n');
            for (RealServer r : glibcMergeSort(s.servers(), IpvsadmSave::compareServers)) {
                out.append("-a ").append(name).append(" -r ")
                        .append(AddressText.endpoint(r.endpoint().address(), r.endpoint().port())).append(' ')
                        .append(r.method().ipvsadmOption()).append(" -w ").append(r.weight());
                if (thresholds && r.upperThreshold() > 0) {
                    out.append(" -x ").append(r.upperThreshold());
                }
                if (thresholds && r.lowerThreshold() > 0) {
                    out.append(" -y ").append(r.lowerThreshold());
                }
                if (r.method() == ForwardMethod.TUNNEL) {
                    // libipvs reports tun_type 0 (ipip) for every tunnel, so print_tunnel_rule() always names it.
                    out.append(" --tun-type ipip");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** ipvs_cmp_services(): C int subtraction of unsigned fields, wrap-around included. */
    static int compareServices(VirtualService a, VirtualService b) {
        ServiceKey x = a.key();
        ServiceKey y = b.key();
        int r = x.fwmark() - y.fwmark();
        if (r != 0) {
            return r;
        }
        r = (x.ipv6() ? 10 : 2) - (y.ipv6() ? 10 : 2);
        if (r != 0) {
            return r;
        }
        // The kernel reports fwmark services with protocol TCP and address/port zero.
        r = protocolNumber(x) - protocolNumber(y);
        if (r != 0) {
            return r;
        }
        r = compareAddresses(x.ipv6(), address(x), address(y));
        if (r != 0) {
            return r;
        }
        return port(x) - port(y);
    }

    /** ipvs_cmp_dests(): the first server's family decides how many 32-bit words are compared. */
    static int compareServers(RealServer a, RealServer b) {
        int r = compareAddresses(a.endpoint().ipv6(), union(a.endpoint().address()), union(b.endpoint().address()));
        if (r != 0) {
            return r;
        }
        return a.endpoint().port() - b.endpoint().port();
    }

    private static int compareAddresses(boolean ipv6, byte[] x, byte[] y) {
        int words = ipv6 ? 4 : 1;
        for (int i = 0; i < words; i++) {
            int r = word(x, i) - word(y, i);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    private static int word(byte[] b, int i) {
        return (b[4 * i] & 0xff) << 24 | (b[4 * i + 1] & 0xff) << 16 | (b[4 * i + 2] & 0xff) << 8 | (b[4 * i + 3] & 0xff);
    }

    private static int protocolNumber(ServiceKey k) {
        return k.isFwmark() ? Protocol.TCP.number() : k.protocol().number();
    }

    private static int port(ServiceKey k) {
        return k.isFwmark() ? 0 : k.endpoint().port();
    }

    private static byte[] address(ServiceKey k) {
        return k.isFwmark() ? new byte[16] : union(k.endpoint().address());
    }

    /** The address as union nf_inet_addr holds it: IPv4 in the first four bytes, the rest zero. */
    private static byte[] union(InetAddress a) {
        byte[] out = new byte[16];
        byte[] b = a.getAddress();
        System.arraycopy(b, 0, out, 0, a instanceof Inet4Address ? 4 : 16);
        return out;
    }

    /**
     * glibc's qsort (msort_with_tmp): top-down merge sort, left half of n/2,
     * ties taken from the left. Repeated here because ipvsadm's comparators
     * wrap around for far-apart addresses, and only the same algorithm gives
     * the same order then.
     */
    static <T> List<T> glibcMergeSort(List<T> items, Comparator<T> cmp) {
        @SuppressWarnings("unchecked")
        T[] a = (T[]) items.toArray();
        @SuppressWarnings("unchecked")
        T[] tmp = (T[]) new Object[a.length];
        msort(a, 0, a.length, tmp, cmp);
        return List.of(a);
    }

    private static <T> void msort(T[] a, int from, int n, T[] tmp, Comparator<T> cmp) {
        if (n <= 1) {
            return;
        }
        int n1 = n / 2;
        int n2 = n - n1;
        msort(a, from, n1, tmp, cmp);
        msort(a, from + n1, n2, tmp, cmp);
        int i = from;
        int j = from + n1;
        int k = 0;
        while (i < from + n1 && j < from + n) {
            if (cmp.compare(a[i], a[j]) <= 0) {
                tmp[k++] = a[i++];
            } else {
                tmp[k++] = a[j++];
            }
        }
        while (i < from + n1) {
            tmp[k++] = a[i++];
        }
        System.arraycopy(tmp, 0, a, from, k);
    }
}
