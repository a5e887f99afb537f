package org.dsas.healthcheck.internal;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.dsas.core.api.ConfigProblems;
import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.internal.CheckPlan.ServerPlan;
import org.dsas.healthcheck.internal.CheckPlan.ServicePlan;
import org.dsas.healthcheck.probe.ProbeFactory;
import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.ServiceKey;

/**
 * Reads the health-check part of keepalived syntax (what lb:import-keepalived writes to
 * etc/dsas-lb-checks.conf, or a hand-edited copy) into a {@link CheckPlan}, validated whole: every
 * problem is one line "file:line: what: problem", all of them come in one {@link ConfigProblems}, and
 * there is no plan. Each statement is checked on its own, so one bad value does not hide the next.
 * Defaults are keepalived 2.x's: delay_loop 60 s, connect_timeout 5 s, retry 1 (MISC_CHECK and
 * FILE_CHECK 0), delay_before_retry 1 s, warmup 0, quorum 1, hysteresis 0.
 */
public final class ChecksFileParser {

    /** keepalived's checker blocks this engine runs (through a ProbeFactory of that type). */
    public static final Set<String> CHECKERS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK",
            "MISC_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK");

    /** Checker keywords the engine reads (timing) or turns into the probe's target (connection). */
    static final Set<String> ENGINE_KEYWORDS = Set.of("retry", "nb_get_retry", "delay_before_retry", "warmup",
            "delay_loop", "alpha", "inhibit_on_failure", "connect_timeout", "connect_ip", "connect_port", "bind_to",
            "bind_port");

    /** Accepted and not acted on; each use is a note naming file:line. */
    private static final Set<String> NOT_CARRIED = Set.of("omega", "ha_suspend", "smtp_alert", "bind_if", "fwmark",
            "log_all_failures", "BFD_CHECK");

    /** virtual_server keywords that belong to the load balancer (lb's config), not to the checks: skipped. */
    private static final Set<String> LB_SERVICE_KEYWORDS = Set.of("lvs_sched", "lb_algo", "lvs_method", "lb_kind",
            "persistence_timeout", "persistence_granularity", "ops", "weight", "flag-1", "flag-2", "flag-3", "sh-port",
            "sh-fallback", "mh-port", "mh-fallback");

    private static final Set<String> LB_SERVER_KEYWORDS = Set.of("weight", "uthreshold", "lthreshold", "lvs_method");

    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

    private ChecksFileParser() {
    }

    /** The keywords a factory accepts in a block of this type; absent when no factory of the type is installed. */
    public interface Keywords {
        Set<String> of(String type);

        static Keywords from(Map<String, ProbeFactory> factories) {
            return type -> {
                ProbeFactory f = factories.get(type);
                return f == null ? null : f.keywords(type);
            };
        }
    }

    /** The plan, or a {@link ConfigProblems} with every problem of {@code top}. */
    public static CheckPlan parse(List<ConfNode> top, String source, Keywords keywords) {
        return parse(top, source, keywords, spec -> { });
    }

    /**
     * As {@link #parse(List, String, Keywords)}, and every check that parses is handed to {@code probes}
     * (which builds its probe, throwing {@link IllegalArgumentException} for a block its factory refuses),
     * so a bad checker value is reported along with every other problem of the file.
     */
    public static CheckPlan parse(List<ConfNode> top, String source, Keywords keywords,
            Consumer<CheckSpec> probes) {
        List<ServicePlan> services = new ArrayList<>();
        List<ConfNode> ssl = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<ServiceKey, String> definedAt = new HashMap<>();
        for (ConfNode n : top) {
            collect(problems, () -> {
                switch (n.keyword()) {
                    case "virtual_server" -> {
                        ServicePlan s = service(n, keywords, probes, notes, problems);
                        if (s == null) {
                            return;
                        }
                        String earlier = definedAt.putIfAbsent(s.key(), n.where());
                        if (earlier != null) {
                            throw bad(n, "virtual_server " + s.key() + " is already defined at " + earlier);
                        }
                        services.add(s);
                    }
                    case "SSL" -> ssl.add(n);
                    case "virtual_server_group" -> throw bad(n, "virtual_server_group is not read here: write one "
                            + "virtual_server per service (lb:import-keepalived does)");
                    case "include" -> throw bad(n, "include is not read here: put the checks in this file");
                    default -> notes.add(n.where() + ": " + n.keyword() + " is not a health check: ignored");
                }
            });
        }
        ConfigProblems.throwIfAny(problems);
        return new CheckPlan(source, services, ssl, notes);
    }

    /** Runs one statement's check; its problem is noted and the next statement is checked all the same. */
    private static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (ConfigProblems e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    /** Settings a real_server or checker inherits from the enclosing block. */
    private record Inherited(Duration delayLoop, Integer retry, Duration delayBeforeRetry, Duration warmup,
            Duration connectTimeout, Boolean alpha, boolean inhibit, ConfNode virtualhost) {
    }

    /** The service's plan, or null when it has a problem (each one added to {@code problems}). */
    private static ServicePlan service(ConfNode vs, Keywords keywords, Consumer<CheckSpec> probes, List<String> notes,
            List<String> problems) {
        int before = problems.size();
        Settings st = new Settings();
        for (ConfNode k : vs.children()) {
            collect(problems, () -> serviceKeyword(k, st, notes));
        }
        if (st.hysteresis > st.quorum) {
            problems.add(bad(vs, "hysteresis " + st.hysteresis + " is above the quorum " + st.quorum).getMessage());
        }
        ServiceKey key;
        try {
            key = key(vs, st.protocol, st.ipv6, st.realServers);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
        List<ServerPlan> servers = new ArrayList<>();
        Map<Endpoint, String> serverAt = new HashMap<>();
        for (ConfNode rs : st.realServers) {
            collect(problems, () -> {
                ServerPlan p = server(rs, key, st.inherited, keywords, probes, notes, problems);
                if (p == null) {
                    return;
                }
                String earlier = serverAt.putIfAbsent(p.endpoint(), rs.where());
                if (earlier != null) {
                    throw bad(rs, "real_server " + p.endpoint() + " of " + key + " is already defined at " + earlier);
                }
                servers.add(p);
            });
        }
        if (problems.size() > before) {
            return null;
        }
        return new ServicePlan(key, vs.where(), st.quorum, st.hysteresis, st.quorumUp, st.quorumDown, st.sorry,
                st.sorryMethod, st.sorryInhibit, servers);
    }

    /** What a virtual_server block says, statement by statement. */
    private static final class Settings {
        Protocol protocol = Protocol.TCP;
        Boolean ipv6;
        int quorum = 1;
        int hysteresis;
        String quorumUp;
        String quorumDown;
        Endpoint sorry;
        ForwardMethod sorryMethod;
        boolean sorryInhibit;
        Inherited inherited = new Inherited(null, null, null, null, null, null, false, null);
        final List<ConfNode> realServers = new ArrayList<>();
    }

    private static void serviceKeyword(ConfNode k, Settings st, List<String> notes) {
        String kw = k.keyword();
        if (inheritable(kw)) {
            st.inherited = inherit(st.inherited, k);
            return;
        }
        switch (kw) {
            case "protocol" -> st.protocol = switch (arg(k, 0).toUpperCase(Locale.ROOT)) {
                case "TCP" -> Protocol.TCP;
                case "UDP" -> Protocol.UDP;
                case "SCTP" -> Protocol.SCTP;
                default -> throw bad(k, "protocol " + k.arg(0) + ": not TCP, UDP or SCTP");
            };
            case "ip_family" -> st.ipv6 = switch (arg(k, 0)) {
                case "inet" -> false;
                case "inet6" -> true;
                default -> throw bad(k, "ip_family " + k.arg(0) + ": not inet or inet6");
            };
            case "quorum" -> st.quorum = integer(k, 0, 0, Integer.MAX_VALUE);
            case "hysteresis" -> st.hysteresis = integer(k, 0, 0, Integer.MAX_VALUE);
            case "quorum_up" -> st.quorumUp = script(k);
            case "quorum_down" -> st.quorumDown = script(k);
            case "sorry_server" -> st.sorry = new Endpoint(address(k, arg(k, 0)), port(k, arg(k, 1)));
            case "sorry_server_inhibit" -> st.sorryInhibit = flag(k);
            case "sorry_server_lvs_method" -> st.sorryMethod = switch (arg(k, 0)) {
                case "NAT" -> ForwardMethod.MASQUERADE;
                case "DR" -> ForwardMethod.GATEWAY;
                case "TUN" -> ForwardMethod.TUNNEL;
                default -> throw bad(k, "sorry_server_lvs_method " + k.arg(0) + ": not NAT, DR or TUN");
            };
            case "real_server" -> st.realServers.add(k);
            default -> {
                if (NOT_CARRIED.contains(kw)) {
                    notes.add(k.where() + ": " + kw + " is not carried by the health checks: ignored");
                } else if (!LB_SERVICE_KEYWORDS.contains(kw)) {
                    throw bad(k, "virtual_server: unknown keyword " + kw);
                }
            }
        }
    }

    private static ServiceKey key(ConfNode vs, Protocol protocol, Boolean ipv6, List<ConfNode> realServers) {
        String first = arg(vs, 0);
        if (first.equals("fwmark")) {
            long mark = number(vs, arg(vs, 1), "fwmark", 1, 0xffffffffL);
            boolean six = ipv6 != null ? ipv6
                    : !realServers.isEmpty() && address(realServers.get(0), arg(realServers.get(0), 0))
                            instanceof Inet6Address;
            return ServiceKey.fwmark((int) mark, six);
        }
        if (first.equals("group")) {
            throw bad(vs, "virtual_server group: write one virtual_server per service (lb:import-keepalived does)");
        }
        InetAddress a = address(vs, first);
        if (ipv6 != null && ipv6 != a instanceof Inet6Address) {
            throw bad(vs, "ip_family inet" + (ipv6 ? "6" : "") + " but " + first + " is not");
        }
        int port = vs.arg(1) == null ? 0 : port(vs, vs.arg(1));
        return ServiceKey.of(protocol, new Endpoint(a, port));
    }

    /** The real server's plan, or null when it has a problem (each one added to {@code problems}). */
    private static ServerPlan server(ConfNode rs, ServiceKey key, Inherited fromService, Keywords keywords,
            Consumer<CheckSpec> probes, List<String> notes, List<String> problems) {
        InetAddress a = address(rs, arg(rs, 0));
        int vport = key.isFwmark() ? 0 : key.endpoint().port();
        Endpoint endpoint = new Endpoint(a, rs.arg(1) == null ? vport : port(rs, rs.arg(1)));
        String id = key + "/" + endpoint;
        int before = problems.size();
        Inherited[] inherited = {fromService};
        String[] notify = new String[2];
        List<ConfNode> checkers = new ArrayList<>();
        for (ConfNode k : rs.children()) {
            collect(problems, () -> {
                String kw = k.keyword();
                if (inheritable(kw)) {
                    inherited[0] = inherit(inherited[0], k);
                } else if (kw.equals("notify_up")) {
                    notify[0] = script(k);
                } else if (kw.equals("notify_down")) {
                    notify[1] = script(k);
                } else if (CHECKERS.contains(kw)) {
                    checkers.add(k);
                } else if (NOT_CARRIED.contains(kw)) {
                    notes.add(k.where() + ": " + kw + " of real_server " + endpoint + " is not carried: ignored");
                } else if (!LB_SERVER_KEYWORDS.contains(kw)) {
                    throw bad(k, "real_server " + endpoint + ": unknown keyword " + kw);
                }
            });
        }
        List<CheckSpec> checks = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (ConfNode c : checkers) {
            int n = seen.merge(c.keyword(), 1, Integer::sum);
            String checkId = id + "/" + c.keyword() + (n > 1 ? "#" + n : "");
            CheckSpec spec = check(c, checkId, endpoint, inherited[0], keywords, probes, notes, problems);
            if (spec != null) {
                checks.add(spec);
            }
        }
        return problems.size() > before ? null : new ServerPlan(endpoint, rs.where(), notify[0], notify[1], checks);
    }

    /** The check, or null when its block has a problem (each one added to {@code problems}). */
    private static CheckSpec check(ConfNode block, String id, Endpoint server, Inherited inherited, Keywords keywords,
            Consumer<CheckSpec> probes, List<String> notes, List<String> problems) {
        String type = block.keyword();
        Set<String> own = keywords.of(type);
        int before = problems.size();
        InetAddress[] connectIp = {server.address()};
        int[] connectPort = {server.port()};
        InetAddress[] bindTo = {null};
        int[] bindPort = {0};
        Inherited[] inheritedHere = {inherited};
        List<ConfNode> children = new ArrayList<>(block.children());
        for (ConfNode k : block.children()) {
            collect(problems, () -> {
                String kw = k.keyword();
                if (inheritable(kw)) {
                    inheritedHere[0] = inherit(inheritedHere[0], k);
                    return;
                }
                if (kw.startsWith("connect_") || kw.startsWith("bind_")) {
                    oneValue(k);
                }
                switch (kw) {
                    case "connect_ip" -> connectIp[0] = address(k, arg(k, 0));
                    case "connect_port" -> connectPort[0] = port(k, arg(k, 0));
                    case "bind_to" -> bindTo[0] = address(k, arg(k, 0));
                    case "bind_port" -> bindPort[0] = port(k, arg(k, 0));
                    default -> {
                        if (NOT_CARRIED.contains(kw)) {
                            notes.add(k.where() + ": " + kw + " of " + id + " is not carried: ignored");
                        } else if (own != null && !own.contains(kw)) {
                            throw bad(k, id + ": unknown keyword " + kw + (own.isEmpty() ? ""
                                    : " (" + type + " knows " + String.join(", ", new java.util.TreeSet<>(own)) + ")"));
                        }
                    }
                }
            });
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            CheckSpec spec = check(block, id, inheritedHere[0], connectIp[0], connectPort[0], bindTo[0], bindPort[0],
                    own, children, notes);
            probes.accept(spec);
            return spec;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static CheckSpec check(ConfNode block, String id, Inherited s, InetAddress connectIp, int connectPort,
            InetAddress bindTo, int bindPort, Set<String> own, List<ConfNode> children, List<String> notes) {
        String type = block.keyword();
        if (bindTo != null && (bindTo instanceof Inet6Address) != (connectIp instanceof Inet6Address)) {
            throw bad(block, id + ": bind_to " + Endpoint.text(bindTo) + " and connect address "
                    + Endpoint.text(connectIp) + " are of different families");
        }
        if (own == null) {
            notes.add(block.where() + ": " + id + ": no " + type + " checker installed; the check waits for one");
        }
        // virtualhost may be set on the real_server or virtual_server; the probe reads it from its own block.
        if (s.virtualhost() != null && block.child("virtualhost").isEmpty() && own != null
                && own.contains("virtualhost")) {
            children.add(s.virtualhost());
        }
        ConfNode effective = new ConfNode(block.keyword(), block.args(), children, block.source(), block.line());
        boolean scriptOrFile = type.equals("MISC_CHECK") || type.equals("FILE_CHECK");
        int retry = s.retry() != null ? s.retry() : scriptOrFile ? 0 : 1;
        Duration delayLoop = s.delayLoop() != null ? s.delayLoop() : Duration.ofSeconds(60);
        Duration timeout = s.connectTimeout() != null ? s.connectTimeout() : Duration.ofSeconds(5);
        if (type.equals("MISC_CHECK") && s.connectTimeout() == null) {
            // A script's bound is misc_timeout (keepalived's default: the delay loop), not a connect timeout.
            ConfNode mt = block.child("misc_timeout").orElse(null);
            timeout = mt != null ? seconds(mt, false) : delayLoop;
        }
        return new CheckSpec(id, type, effective, new ProbeTarget(connectIp, connectPort, bindTo, bindPort, timeout),
                delayLoop, retry,
                s.delayBeforeRetry() != null ? s.delayBeforeRetry() : Duration.ofSeconds(1),
                s.warmup() != null ? s.warmup() : Duration.ZERO, s.alpha() != null && s.alpha(), s.inhibit());
    }

    private static boolean inheritable(String kw) {
        return switch (kw) {
            case "delay_loop", "retry", "nb_get_retry", "delay_before_retry", "warmup", "connect_timeout", "alpha",
                    "inhibit_on_failure", "virtualhost" -> true;
            default -> false;
        };
    }

    private static Inherited inherit(Inherited i, ConfNode k) {
        oneValue(k);
        return switch (k.keyword()) {
            case "delay_loop" -> new Inherited(seconds(k, false), i.retry(), i.delayBeforeRetry(), i.warmup(),
                    i.connectTimeout(), i.alpha(), i.inhibit(), i.virtualhost());
            case "retry", "nb_get_retry" -> new Inherited(i.delayLoop(), integer(k, 0, 0, 1_000_000),
                    i.delayBeforeRetry(), i.warmup(), i.connectTimeout(), i.alpha(), i.inhibit(), i.virtualhost());
            case "delay_before_retry" -> new Inherited(i.delayLoop(), i.retry(), seconds(k, true), i.warmup(),
                    i.connectTimeout(), i.alpha(), i.inhibit(), i.virtualhost());
            case "warmup" -> new Inherited(i.delayLoop(), i.retry(), i.delayBeforeRetry(), seconds(k, true),
                    i.connectTimeout(), i.alpha(), i.inhibit(), i.virtualhost());
            case "connect_timeout" -> new Inherited(i.delayLoop(), i.retry(), i.delayBeforeRetry(), i.warmup(),
                    seconds(k, false), i.alpha(), i.inhibit(), i.virtualhost());
            case "alpha" -> new Inherited(i.delayLoop(), i.retry(), i.delayBeforeRetry(), i.warmup(),
                    i.connectTimeout(), flag(k), i.inhibit(), i.virtualhost());
            case "inhibit_on_failure" -> new Inherited(i.delayLoop(), i.retry(), i.delayBeforeRetry(), i.warmup(),
                    i.connectTimeout(), i.alpha(), flag(k), i.virtualhost());
            case "virtualhost" -> {
                arg(k, 0);
                yield new Inherited(i.delayLoop(), i.retry(), i.delayBeforeRetry(), i.warmup(), i.connectTimeout(),
                        i.alpha(), i.inhibit(), k);
            }
            default -> throw new IllegalStateException(k.keyword());
        };
    }

    /** One statement per line: "warmup 8 delay_loop 2" is a mistake, not two settings. */
    private static void oneValue(ConfNode k) {
        if (k.args().size() > 1) {
            throw bad(k, k.keyword() + ": one value expected, not '" + String.join(" ", k.args())
                    + "' (one keyword per line)");
        }
    }

    /** keepalived flags: the bare keyword turns it on; "true/false", "on/off", "yes/no" are accepted too. */
    private static boolean flag(ConfNode k) {
        String v = k.arg(0);
        if (v == null) {
            return true;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw bad(k, k.keyword() + " " + v + ": not on or off");
        };
    }

    /** Seconds with up to 6 decimals (keepalived 2.x reads fractions), at most a day; zero only when allowed. */
    static Duration seconds(ConfNode k, boolean zeroOk) {
        String v = arg(k, 0);
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw bad(k, k.keyword() + " " + v + ": not a number of seconds");
        }
        if (d.signum() < 0 || (!zeroOk && d.signum() == 0) || d.compareTo(MAX_SECONDS) > 0 || d.scale() > 6) {
            throw bad(k, k.keyword() + " " + v + ": seconds must be " + (zeroOk ? "0" : "above 0")
                    + " to 86400 with at most 6 decimals");
        }
        return Duration.ofNanos(d.movePointRight(9).longValueExact());
    }

    private static int integer(ConfNode k, int i, int min, int max) {
        return (int) number(k, arg(k, i), k.keyword(), min, max);
    }

    private static long number(ConfNode k, String v, String what, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw bad(k, what + " " + v + ": not a whole number " + min + "-" + max);
    }

    private static int port(ConfNode k, String v) {
        return (int) number(k, v, k.keyword() + " port", 0, 65535);
    }

    private static String script(ConfNode k) {
        String s = arg(k, 0);
        if (k.args().size() > 1) {
            // keepalived joins unquoted words: notify_up /bin/x arg
            s = String.join(" ", k.args());
        }
        return s;
    }

    /** A numeric address only: a name here would mean a DNS lookup on every reload. */
    static InetAddress address(ConfNode k, String text) {
        if (!text.matches("[0-9A-Fa-f:.]+") || (text.indexOf('.') < 0 && text.indexOf(':') < 0)) {
            throw bad(k, k.keyword() + " " + text + ": not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw bad(k, k.keyword() + " " + text + ": not an IP address");
        }
    }

    private static String arg(ConfNode k, int i) {
        String a = k.arg(i);
        if (a == null) {
            throw bad(k, k.keyword() + " needs a value");
        }
        return a;
    }

    static IllegalArgumentException bad(ConfNode where, String problem) {
        return new IllegalArgumentException(where.where() + ": " + problem);
    }
}
