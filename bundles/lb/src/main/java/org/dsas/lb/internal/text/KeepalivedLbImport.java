package org.dsas.lb.internal.text;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dsas.core.api.ConfigProblems;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfException;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * Turns the {@code virtual_server} and {@code virtual_server_group} blocks of
 * a keepalived.conf into lb desired state, all or nothing: every problem of
 * the file is one line "file:line: keyword: problem", all of them come at once
 * in a {@link ConfigProblems}, and nothing is converted. What IPVS needs
 * becomes {@link VirtualService}s; what the health checks need (checkers,
 * quorum, sorry server...) is kept as the original blocks in
 * {@link Result#checks()}; every other keyword is named in
 * {@link Result#notCarried()}, never dropped silently. Semantics follow
 * keepalived 2.x's check_parser.c / check_data.c (defaults: wlc, NAT, TCP,
 * weight 1).
 */
public final class KeepalivedLbImport {

    /**
     * The services (validated), the keywords not carried over ("file:line keyword"),
     * each service's original virtual_server block for the health checks, and the
     * top-level SSL blocks SSL_GET checkers use.
     */
    public record Result(List<VirtualService> services, List<String> notCarried, Map<ServiceKey, ConfNode> checks,
            List<ConfNode> sslBlocks) {

        public Result {
            services = List.copyOf(services);
            notCarried = List.copyOf(notCarried);
            checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
            sslBlocks = List.copyOf(sslBlocks);
        }
    }

    /** Checkers: blocks inside real_server that the health-check capability runs. */
    static final Set<String> CHECKERS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK",
            "MISC_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");

    /** virtual_server keywords that belong to health checking, carried to checks. */
    static final Set<String> SERVICE_CHECK_KEYWORDS = Set.of("delay_loop", "retry", "delay_before_retry", "warmup",
            "connect_timeout", "inhibit_on_failure", "alpha", "omega", "quorum", "quorum_up", "quorum_down",
            "hysteresis", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method", "ha_suspend",
            "smtp_alert", "virtualhost");

    /** real_server keywords that belong to health checking, carried to checks. */
    static final Set<String> SERVER_CHECK_KEYWORDS = Set.of("inhibit_on_failure", "notify_up", "notify_down", "alpha",
            "retry", "delay_before_retry", "warmup", "connect_timeout", "delay_loop", "smtp_alert", "virtualhost");

    /** Top-level blocks of other capabilities (VRRP, global settings): not the lb's to import or report. */
    private static final Set<String> OTHER_CAPABILITIES = Set.of("global_defs", "vrrp_instance", "vrrp_sync_group",
            "vrrp_script", "vrrp_track_file", "track_file", "static_ipaddress", "static_routes", "static_rules",
            "linkbeat_interfaces", "bfd_instance", "net_namespace", "instance", "use_pid_dir");

    private static final Set<String> SCHEDULER_FLAG_WORDS = Set.of("flag-1", "flag-2", "flag-3", "sh-port",
            "sh-fallback", "mh-port", "mh-fallback");

    /** Statements written with a block even when it is empty. */
    private static final Set<String> BLOCKS = Set.of("SSL", "virtual_server", "real_server");

    /** keepalived nests includes at most this deep; deeper means a loop. */
    private static final int MAX_INCLUDE_DEPTH = 8;

    /** Expanding ranges and masks of a virtual_server_group beyond this is refused rather than flooding IPVS. */
    private static final int MAX_GROUP_SERVICES = 1024;

    private KeepalivedLbImport() {
    }

    /** From text alone: include statements cannot be followed and are reported in notCarried. */
    public static Result importText(String text, String source) throws KeepalivedConfException {
        return convert(KeepalivedConfParser.parse(text, source));
    }

    /** From a file, following include statements (globs, relative to the including file's directory). */
    public static Result importFile(Path file) throws IOException, KeepalivedConfException {
        return convert(read(file));
    }

    /** A file's statements, include statements followed. */
    public static List<ConfNode> read(Path file) throws IOException, KeepalivedConfException {
        return readWithIncludes(file, 0);
    }

    private static List<ConfNode> readWithIncludes(Path file, int depth) throws IOException, KeepalivedConfException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return expandIncludes(KeepalivedConfParser.parse(text, file.toString()), file.toAbsolutePath().getParent(),
                depth);
    }

    private static List<ConfNode> expandIncludes(List<ConfNode> nodes, Path dir, int depth)
            throws IOException, KeepalivedConfException {
        List<ConfNode> out = new ArrayList<>();
        for (ConfNode n : nodes) {
            if (n.keyword().equals("include") && n.arg(0) != null) {
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new KeepalivedConfException(n.source(), n.line(), "include nested deeper than "
                            + MAX_INCLUDE_DEPTH + " levels (an include loop?)");
                }
                for (Path p : matches(dir, n.arg(0))) {
                    out.addAll(readWithIncludes(p, depth + 1));
                }
            } else {
                out.add(new ConfNode(n.keyword(), n.args(), expandIncludes(n.children(), dir, depth), n.source(),
                        n.line()));
            }
        }
        return out;
    }

    /** The files an include pattern names, sorted as glob(3) sorts them; a pattern may glob its last element. */
    private static List<Path> matches(Path dir, String pattern) throws IOException {
        Path p = dir.resolve(pattern);
        Path parent = p.getParent();
        String last = p.getFileName().toString();
        TreeSet<Path> found = new TreeSet<>();
        if (parent != null && Files.isDirectory(parent)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, last)) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f)) {
                        found.add(f);
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The lb's part of a parsed keepalived.conf, or a {@link ConfigProblems} naming every problem in it. */
    public static Result convert(List<ConfNode> top) {
        List<String> notCarried = new ArrayList<>();
        Map<String, ConfNode> groups = new LinkedHashMap<>();
        List<ConfNode> ssl = new ArrayList<>();
        Set<String> problems = new java.util.LinkedHashSet<>();
        for (ConfNode n : top) {
            switch (n.keyword()) {
                case "virtual_server_group" -> {
                    if (n.arg(0) == null) {
                        problems.add(bad(n, "virtual_server_group without a name").getMessage());
                    } else if (groups.putIfAbsent(n.arg(0), n) != null) {
                        problems.add(bad(n, "virtual_server_group " + n.arg(0) + " is defined twice").getMessage());
                    }
                }
                case "SSL" -> ssl.add(n);
                case "virtual_server" -> {
                    // converted below, once every group is known
                }
                case "include" -> notCarried.add(n.where() + " include");
                default -> {
                    if (!OTHER_CAPABILITIES.contains(n.keyword())) {
                        notCarried.add(n.where() + " " + n.keyword());
                    }
                }
            }
        }
        List<VirtualService> services = new ArrayList<>();
        Map<ServiceKey, ConfNode> checks = new LinkedHashMap<>();
        Map<ServiceKey, ConfNode> definedAt = new LinkedHashMap<>();
        for (ConfNode n : top) {
            if (!n.keyword().equals("virtual_server")) {
                continue;
            }
            List<VirtualService> converted;
            try {
                converted = virtualServer(n, groups, notCarried, problems);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            for (VirtualService s : converted) {
                ConfNode earlier = definedAt.putIfAbsent(s.key(), n);
                if (earlier != null) {
                    problems.add(bad(n, "service " + AddressText.name(s.key()) + " is already defined at "
                            + earlier.where()).getMessage());
                    continue;
                }
                services.add(s);
                checks.put(s.key(), n);
            }
        }
        if (problems.isEmpty()) {
            ServiceValidator.validate(services);
        }
        ConfigProblems.throwIfAny(new ArrayList<>(problems));
        return new Result(services, notCarried, checks, ssl);
    }

    /** Runs one statement's conversion; its problem is noted and the next statement is converted all the same. */
    private static void collect(Set<String> problems, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    /** What one virtual_server block says, before it is expanded over its addresses. */
    private static final class Settings {
        String scheduler = ServiceValidator.DEFAULT_SCHEDULER;
        ForwardMethod method = ForwardMethod.MASQUERADE;
        Protocol protocol = Protocol.TCP;
        ConfNode protocolNode;
        Boolean family6;
        Integer timeout;
        ConfNode granularity;
        int flags;
        List<ConfNode> flagWords = new ArrayList<>();
        int defaultWeight = 1;
    }

    /** The services of one virtual_server; empty when it has a problem (each one added to {@code problems}). */
    private static List<VirtualService> virtualServer(ConfNode vs, Map<String, ConfNode> groups,
            List<String> notCarried, Set<String> problems) {
        int before = problems.size();
        Settings st = new Settings();
        List<ConfNode> realServers = new ArrayList<>();
        for (ConfNode k : vs.children()) {
            collect(problems, () -> serviceKeyword(k, st, realServers, notCarried));
        }
        for (ConfNode f : st.flagWords) {
            collect(problems, () -> st.flags |= parse(f, () -> ServiceValidator.schedulerFlag(st.scheduler,
                    f.keyword())));
        }
        List<ServiceKey> keys;
        try {
            keys = keys(vs, groups, st, realServers);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return List.of();
        }
        if (st.protocolNode != null && keys.stream().allMatch(ServiceKey::isFwmark)) {
            // keepalived ignores the protocol of a firewall-mark service (with a warning); so do we, aloud.
            notCarried.add(st.protocolNode.where() + " protocol");
        }
        List<VirtualService> out = new ArrayList<>();
        for (ServiceKey key : keys) {
            VirtualService s = service(vs, key, st, realServers, notCarried, problems, out.isEmpty());
            if (s != null) {
                out.add(s);
            }
        }
        return problems.size() > before ? List.of() : out;
    }

    private static void serviceKeyword(ConfNode k, Settings st, List<ConfNode> realServers, List<String> notCarried) {
        String kw = k.keyword();
        switch (kw) {
            case "lvs_sched", "lb_algo" -> st.scheduler = parse(k, () -> ServiceValidator.parseScheduler(arg(k, 0)));
            case "lvs_method", "lb_kind" -> st.method = method(k);
            case "protocol" -> {
                st.protocol = switch (arg(k, 0).toUpperCase(Locale.ROOT)) {
                    case "TCP" -> Protocol.TCP;
                    case "UDP" -> Protocol.UDP;
                    case "SCTP" -> Protocol.SCTP;
                    default -> throw bad(k, "unknown protocol " + k.arg(0) + " (TCP, UDP or SCTP)");
                };
                st.protocolNode = k;
            }
            case "ip_family" -> st.family6 = switch (arg(k, 0)) {
                case "inet" -> false;
                case "inet6" -> true;
                default -> throw bad(k, "ip_family " + k.arg(0) + " (inet or inet6)");
            };
            case "persistence_timeout" -> st.timeout = k.arg(0) == null ? ServiceValidator.DEFAULT_PERSISTENCE
                    : parse(k, () -> ServiceValidator.parsePersistence(k.arg(0)));
            case "persistence_granularity" -> {
                arg(k, 0);
                st.granularity = k;
            }
            case "ops" -> st.flags |= VirtualService.FLAG_ONEPACKET;
            case "weight" -> st.defaultWeight = parse(k, () -> ServiceValidator.parseWeight(arg(k, 0)));
            case "real_server" -> realServers.add(k);
            default -> {
                if (SCHEDULER_FLAG_WORDS.contains(kw)) {
                    st.flagWords.add(k);
                } else if (!SERVICE_CHECK_KEYWORDS.contains(kw)) {
                    notCarried.add(k.where() + " " + kw);
                }
            }
        }
    }

    /** One IPVS service of a virtual_server, or null when it has a problem (each one added to {@code problems}). */
    private static VirtualService service(ConfNode vs, ServiceKey key, Settings st, List<ConfNode> realServers,
            List<String> notCarried, Set<String> problems, boolean first) {
        int before = problems.size();
        int netmask = key.ipv6() ? 128 : 32;
        int timeout = st.timeout != null ? st.timeout : 0;
        if (st.granularity != null) {
            ConfNode g = st.granularity;
            netmask = key.ipv6() ? parse(g, () -> ServiceValidator.parseNumber(g.arg(0),
                    "IPv6 persistence_granularity", 1, 128)) : parse(g, () -> ServiceValidator.netmaskPrefix(g.arg(0)));
            if (st.timeout == null) {
                timeout = ServiceValidator.DEFAULT_PERSISTENCE;
            }
        }
        List<RealServer> servers = new ArrayList<>();
        for (ConfNode rs : realServers) {
            collect(problems, () -> {
                RealServer r = realServer(rs, key, st, notCarried, first);
                if (servers.stream().anyMatch(x -> x.endpoint().equals(r.endpoint()))) {
                    throw bad(rs, "real server " + AddressText.name(r.endpoint()) + " appears twice in "
                            + AddressText.name(key));
                }
                servers.add(r);
            });
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            VirtualService s = new VirtualService(key, st.scheduler, timeout, netmask, st.flags, servers);
            ServiceValidator.validate(s);
            return s;
        } catch (IllegalArgumentException e) {
            problems.add(bad(vs, e.getMessage()).getMessage());
            return null;
        }
    }

    /** The IPVS services a virtual_server stands for: one address, one mark, or every entry of its group. */
    private static List<ServiceKey> keys(ConfNode vs, Map<String, ConfNode> groups, Settings st,
            List<ConfNode> realServers) {
        String first = vs.arg(0);
        if (first == null) {
            throw bad(vs, "virtual_server without an address, fwmark or group");
        }
        if (first.equals("fwmark")) {
            int mark = parse(vs, () -> ServiceValidator.parseFwmark(vs.arg(1)));
            return List.of(ServiceKey.fwmark(mark, fwmarkFamily(st, null, realServers, vs)));
        }
        if (first.equals("group")) {
            ConfNode g = groups.get(vs.arg(1));
            if (g == null) {
                throw bad(vs, "virtual_server group " + vs.arg(1) + ": no virtual_server_group of that name");
            }
            List<ServiceKey> keys = new ArrayList<>();
            for (ConfNode e : g.children()) {
                if (e.keyword().equals("fwmark")) {
                    int mark = parse(e, () -> ServiceValidator.parseFwmark(e.arg(0)));
                    keys.add(ServiceKey.fwmark(mark, fwmarkFamily(st, e.arg(1), realServers, e)));
                } else {
                    for (InetAddress a : range(e)) {
                        keys.add(addressKey(e, a, e.arg(0), st));
                    }
                }
                if (keys.size() > MAX_GROUP_SERVICES) {
                    throw bad(e, "virtual_server_group " + g.arg(0) + " expands to more than " + MAX_GROUP_SERVICES
                            + " services");
                }
            }
            if (keys.isEmpty()) {
                throw bad(g, "virtual_server_group " + g.arg(0) + " has no entries");
            }
            return keys;
        }
        InetAddress a = parse(vs, () -> AddressText.parse(first));
        return List.of(addressKey(vs, a, vs.arg(1), st));
    }

    private static ServiceKey addressKey(ConfNode where, InetAddress a, String portText, Settings st) {
        // keepalived takes a missing port as 0 (all ports, valid for persistent services only).
        int port = portText == null ? 0 : parse(where, () -> ServiceValidator.parsePort(portText, where.keyword()));
        if (st.family6 != null && st.family6 != (a instanceof Inet6Address)) {
            throw bad(where, "ip_family inet" + (st.family6 ? "6" : "") + " but the address "
                    + AddressText.format(a) + " is IPv" + (a instanceof Inet6Address ? 6 : 4));
        }
        return ServiceKey.of(st.protocol, new Endpoint(a, port));
    }

    /** A mark's family: the group entry's, else ip_family, else its real servers' (keepalived does the same). */
    private static boolean fwmarkFamily(Settings st, String entryFamily, List<ConfNode> realServers, ConfNode where) {
        if (entryFamily != null) {
            return switch (entryFamily) {
                case "inet" -> false;
                case "inet6" -> true;
                default -> throw bad(where, "fwmark family " + entryFamily + " (inet or inet6)");
            };
        }
        if (st.family6 != null) {
            return st.family6;
        }
        Set<Boolean> families = new TreeSet<>();
        for (ConfNode rs : realServers) {
            if (rs.arg(0) != null) {
                families.add(parse(rs, () -> AddressText.parse(rs.arg(0))) instanceof Inet6Address);
            }
        }
        if (families.size() > 1) {
            throw bad(where, "firewall-mark service with IPv4 and IPv6 real servers: say which family it is "
                    + "(ip_family inet or inet6)");
        }
        return families.contains(true);
    }

    /** The addresses of a group entry: a.b.c.d, a.b.c.d-e (last byte or group), a.b.c.d-w.x.y.z, or addr/len. */
    private static List<InetAddress> range(ConfNode e) {
        String text = e.keyword();
        List<InetAddress> out = new ArrayList<>();
        int slash = text.indexOf('/');
        int dash = text.indexOf('-');
        if (slash < 0 && dash < 0) {
            out.add(parse(e, () -> AddressText.parse(text)));
            return out;
        }
        byte[] start;
        byte[] end;
        if (slash >= 0) {
            start = parse(e, () -> AddressText.parse(text.substring(0, slash))).getAddress();
            int bits = start.length * 8;
            int len = parse(e, () -> ServiceValidator.parseNumber(text.substring(slash + 1), "prefix length", 1, bits));
            end = start.clone();
            for (int i = len; i < bits; i++) {
                if ((start[i / 8] & (0x80 >> (i % 8))) != 0) {
                    throw bad(e, text + ": address bits beyond /" + len + " are set");
                }
                end[i / 8] |= (byte) (0x80 >> (i % 8));
            }
        } else {
            start = parse(e, () -> AddressText.parse(text.substring(0, dash))).getAddress();
            String tail = text.substring(dash + 1);
            if (tail.indexOf('.') >= 0 || tail.indexOf(':') >= 0) {
                end = parse(e, () -> AddressText.parse(tail)).getAddress();
                if (end.length != start.length) {
                    throw bad(e, text + ": range ends in another address family");
                }
            } else {
                end = start.clone();
                if (start.length == 4) {
                    int last = parse(e, () -> ServiceValidator.parseNumber(tail, "range end", 0, 255));
                    end[3] = (byte) last;
                } else {
                    int last = parse(e, () -> Integer.parseInt(tail, 16));
                    if (last < 0 || last > 0xffff) {
                        throw bad(e, text + ": range end out of 0-ffff");
                    }
                    end[14] = (byte) (last >> 8);
                    end[15] = (byte) last;
                }
            }
        }
        if (java.util.Arrays.compareUnsigned(start, end) > 0) {
            throw bad(e, text + ": range end is below its start");
        }
        byte[] cur = start.clone();
        while (true) {
            out.add(parse(e, () -> start.length == 4 ? Inet4Address.getByAddress(cur.clone())
                    : Inet6Address.getByAddress(null, cur.clone(), null)));
            if (out.size() > MAX_GROUP_SERVICES) {
                throw bad(e, text + " expands to more than " + MAX_GROUP_SERVICES + " addresses");
            }
            if (java.util.Arrays.equals(cur, end)) {
                return out;
            }
            for (int i = cur.length - 1; i >= 0 && ++cur[i] == 0; i--) {
                // carry into the next byte
            }
        }
    }

    private static RealServer realServer(ConfNode rs, ServiceKey key, Settings st, List<String> notCarried,
            boolean report) {
        InetAddress a = parse(rs, () -> AddressText.parse(arg(rs, 0)));
        int vport = key.isFwmark() ? 0 : key.endpoint().port();
        int port = rs.arg(1) == null ? vport : parse(rs, () -> ServiceValidator.parsePort(rs.arg(1), "real_server"));
        ForwardMethod m = st.method;
        int weight = st.defaultWeight;
        int upper = 0;
        int lower = 0;
        for (ConfNode k : rs.children()) {
            switch (k.keyword()) {
                case "weight" -> weight = parse(k, () -> ServiceValidator.parseWeight(arg(k, 0)));
                case "uthreshold" -> upper = parse(k, () -> ServiceValidator.parseThreshold(arg(k, 0), "uthreshold"));
                case "lthreshold" -> lower = parse(k, () -> ServiceValidator.parseThreshold(arg(k, 0), "lthreshold"));
                case "lvs_method" -> m = method(k);
                default -> {
                    if (report && !CHECKERS.contains(k.keyword()) && !SERVER_CHECK_KEYWORDS.contains(k.keyword())) {
                        notCarried.add(k.where() + " " + k.keyword());
                    }
                }
            }
        }
        try {
            RealServer r = new RealServer(new Endpoint(a, port), m, weight, upper, lower);
            ServiceValidator.validate(key, r);
            return r;
        } catch (IllegalArgumentException e) {
            throw bad(rs, e.getMessage());
        }
    }

    /** NAT, DR or TUN [type ipip]; other tunnel types are refused (the lb models ipip only). */
    private static ForwardMethod method(ConfNode k) {
        ForwardMethod m = switch (arg(k, 0)) {
            case "NAT" -> ForwardMethod.MASQUERADE;
            case "DR" -> ForwardMethod.GATEWAY;
            case "TUN" -> ForwardMethod.TUNNEL;
            default -> throw bad(k, k.keyword() + " " + k.arg(0) + " (NAT, DR or TUN)");
        };
        List<String> rest = k.args().subList(1, k.args().size());
        if (!rest.isEmpty() && !(m == ForwardMethod.TUNNEL && rest.equals(List.of("type", "ipip")))) {
            throw bad(k, k.keyword() + " " + String.join(" ", k.args())
                    + ": only ipip tunnels are supported (no gue, gre or checksum options)");
        }
        return m;
    }

    private interface Parse<T> {
        T get() throws Exception;
    }

    private static <T> T parse(ConfNode where, Parse<T> p) {
        try {
            return p.get();
        } catch (Exception e) {
            throw bad(where, e.getMessage());
        }
    }

    private static String arg(ConfNode k, int i) {
        String a = k.arg(i);
        if (a == null) {
            throw bad(k, k.keyword() + " needs a value");
        }
        return a;
    }

    private static IllegalArgumentException bad(ConfNode where, String problem) {
        String prefix = where.where() + ": ";
        return new IllegalArgumentException(problem.startsWith(prefix) ? problem : prefix + problem);
    }

    // ---- the health checks' part, back as keepalived syntax ----

    /**
     * Each service's health-check settings as keepalived statements, each keeping the file and line it
     * came from: the SSL blocks, then per service a virtual_server naming exactly that service (a group
     * is written once per member), its check keywords and every real server with its check keywords
     * and checker blocks. This is what the checks file gets, and what the health checks validate.
     */
    public static List<ConfNode> checkStatements(Result result) {
        List<ConfNode> out = new ArrayList<>(result.sslBlocks());
        for (VirtualService s : result.services()) {
            ConfNode vs = result.checks().get(s.key());
            ServiceKey key = s.key();
            List<String> args;
            List<ConfNode> body = new ArrayList<>();
            if (key.isFwmark()) {
                args = List.of("fwmark", Integer.toUnsignedString(key.fwmark()));
                body.add(new ConfNode("ip_family", List.of(key.ipv6() ? "inet6" : "inet"), List.of(), vs.source(),
                        vs.line()));
            } else {
                args = List.of(AddressText.format(key.endpoint().address()), String.valueOf(key.endpoint().port()));
                body.add(new ConfNode("protocol", List.of(key.protocol().name()), List.of(), vs.source(), vs.line()));
            }
            for (ConfNode k : vs.children()) {
                if (SERVICE_CHECK_KEYWORDS.contains(k.keyword())) {
                    body.add(k);
                }
            }
            int vport = key.isFwmark() ? 0 : key.endpoint().port();
            for (ConfNode rs : vs.children("real_server")) {
                String port = rs.arg(1) == null ? String.valueOf(vport) : rs.arg(1);
                List<ConfNode> checks = rs.children().stream().filter(k -> CHECKERS.contains(k.keyword())
                        || SERVER_CHECK_KEYWORDS.contains(k.keyword())).toList();
                body.add(new ConfNode("real_server", List.of(AddressText.format(AddressText.parse(rs.arg(0))), port),
                        checks, rs.source(), rs.line()));
            }
            out.add(new ConfNode("virtual_server", args, body, vs.source(), vs.line()));
        }
        return out;
    }

    /**
     * The health-check part of a file that could not be converted, as written (addresses not normalised,
     * groups left out), so its checker blocks can still be validated in the same round; and the positions
     * ({@code file:line}) of every statement inside a checker block, to tell the checkers' problems from
     * the services' own.
     */
    public static List<ConfNode> rawCheckStatements(List<ConfNode> top, Set<String> checkerLines) {
        List<ConfNode> out = new ArrayList<>();
        for (ConfNode n : top) {
            if (n.keyword().equals("SSL")) {
                out.add(n);
            }
            if (!n.keyword().equals("virtual_server") || n.arg(0) == null || n.arg(0).equals("group")) {
                continue;
            }
            List<ConfNode> body = new ArrayList<>();
            for (ConfNode k : n.children()) {
                if (k.keyword().equals("protocol") || k.keyword().equals("ip_family")
                        || SERVICE_CHECK_KEYWORDS.contains(k.keyword())) {
                    body.add(k);
                } else if (k.keyword().equals("real_server")) {
                    List<ConfNode> checks = new ArrayList<>();
                    for (ConfNode c : k.children()) {
                        if (CHECKERS.contains(c.keyword()) || SERVER_CHECK_KEYWORDS.contains(c.keyword())) {
                            checks.add(c);
                        }
                        if (CHECKERS.contains(c.keyword())) {
                            positions(c, checkerLines);
                        }
                    }
                    body.add(new ConfNode(k.keyword(), k.args(), checks, k.source(), k.line()));
                }
            }
            out.add(new ConfNode(n.keyword(), n.args(), body, n.source(), n.line()));
        }
        return out;
    }

    private static void positions(ConfNode n, Set<String> into) {
        into.add(n.where());
        n.children().forEach(c -> positions(c, into));
    }

    /** True when the statements hold anything for the health checks beyond naming services and servers. */
    public static boolean carriesChecks(List<ConfNode> statements) {
        for (ConfNode n : statements) {
            if (!n.keyword().equals("virtual_server")) {
                return true;
            }
            for (ConfNode k : n.children()) {
                boolean naming = k.keyword().equals("protocol") || k.keyword().equals("ip_family");
                if (!naming && !(k.keyword().equals("real_server") && k.children().isEmpty())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #checkStatements} as the text of a checks file, each statement after a comment saying where it came from. */
    public static String checksText(Result result) {
        StringBuilder out = new StringBuilder();
        for (ConfNode n : checkStatements(result)) {
            out.append("# ").append(n.where()).append('\n');
            render(n, 0, out);
        }
        return out.toString();
    }

    private static void render(ConfNode n, int depth, StringBuilder out) {
        String indent = "    ".repeat(depth);
        out.append(indent).append(n.keyword());
        for (String a : n.args()) {
            out.append(' ').append(word(a));
        }
        if (!n.children().isEmpty() || BLOCKS.contains(n.keyword()) || CHECKERS.contains(n.keyword())) {
            out.append(" {\n");
            for (ConfNode c : n.children()) {
                render(c, depth + 1, out);
            }
            out.append(indent).append('}');
        }
        out.append('\n');
    }

    /** A word as KeepalivedConfParser reads it back: quoted when it holds blanks, braces or comment marks. */
    private static String word(String a) {
        boolean plain = !a.isEmpty() && a.chars().noneMatch(c -> Character.isWhitespace(c) || "{}#!\"".indexOf(c) >= 0);
        return plain ? a : "\"" + a + "\"";
    }
}
