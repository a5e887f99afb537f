package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns what the appliance's SSH server lets a logged-in key forward: local forwards ({@code ssh -L}) for
 * admin only, and only to the targets of {@code forward.targets} in {@code etc/org.dsas.ssh.cfg} (the metrics page
 * on 127.0.0.1:8181 by default); remote forwards ({@code ssh -R}), agent and X11 forwarding for nobody. Every
 * refusal is logged at INFO with user, kind and target, and counted (the {@code forwarding} part of the ssh
 * section of dsas:status). Knows nothing of the SSH library: {@link SshServerForwarding} installs it.
 */
@Component(service = SshForwardingPolicy.class, configurationPid = SshConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public class SshForwardingPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SshForwardingPolicy.class);
    static final String ADMIN_ROLE = "admin";
    static final String SSH_SERVER_SERVICE = "org.apache.sshd.server.SshServer";
    static final List<ForwardTarget> DEFAULT_TARGETS = List.of(ForwardTarget.parse("127.0.0.1:8181"));

    /** What a client asked for; the name is the counter's key in dsas:status. */
    enum Kind {
        LOCAL("ssh -L"), REMOTE("ssh -R"), AGENT("ssh -A"), X11("ssh -X"), FORWARDED("forwarded-tcpip");

        final String how;

        Kind(String how) {
            this.how = how;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The outcome of one request; {@code reason} says why a refusal was made (null when allowed). */
    record Decision(boolean allowed, String reason) {
        static final Decision ALLOW = new Decision(true, null);

        static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }

    private volatile List<ForwardTarget> targets = DEFAULT_TARGETS;
    private final Map<Kind, AtomicLong> refused = new EnumMap<>(Kind.class);
    private final AtomicLong allowedLocal = new AtomicLong();
    private final AtomicInteger filteredServers = new AtomicInteger();
    private volatile String lastRefusal;
    private BundleContext context;

    @Reference
    ConfigAlarms configAlarms;

    public SshForwardingPolicy() {
        for (Kind k : Kind.values()) {
            refused.put(k, new AtomicLong());
        }
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        configure(props);
    }

    @Modified
    void configure(Map<String, Object> props) {
        ConfigCheck check = SshConfiguration.check(props);
        if (!check.passed(configAlarms)) {
            return; // the targets in force stay
        }
        List<ForwardTarget> next = SshConfiguration.forwardTargets(check.typed(SshConfiguration.Config.class));
        if (!next.equals(targets)) {
            LOG.info("ssh: local forwarding (ssh -L) for admin to {}", next.isEmpty() ? "nowhere" : next);
        }
        targets = next;
    }

    /** The decision on a local forward, without counting or logging it. */
    static Decision decideLocal(boolean admin, String host, int port, List<ForwardTarget> targets) {
        if (!admin) {
            return Decision.refuse("only admin may forward");
        }
        ForwardTarget wanted = ForwardTarget.requested(host, port);
        if (wanted == null) {
            return Decision.refuse("not an address literal (names are not resolved)");
        }
        return targets.contains(wanted) ? Decision.ALLOW
                : Decision.refuse("not in forward.targets " + (targets.isEmpty() ? "(empty)" : targets.toString()));
    }

    /** ssh -L: may {@code user} open a channel to {@code host:port} through the appliance? */
    public boolean mayConnect(String user, boolean admin, String host, int port) {
        Decision d = decideLocal(admin, host, port, targets);
        if (d.allowed()) {
            allowedLocal.incrementAndGet();
            LOG.debug("ssh[{}]: local forwarding (ssh -L) to {} allowed", user, target(host, port));
            return true;
        }
        return refuse(user, Kind.LOCAL, target(host, port), d.reason());
    }

    /** Refuses a request of a kind nobody may make (ssh -R, -A, -X, a forwarded-tcpip channel from the client). */
    public boolean refuseAlways(String user, Kind kind, String target) {
        return refuse(user, kind, target, "refused for every user");
    }

    private boolean refuse(String user, Kind kind, String target, String reason) {
        refused.get(kind).incrementAndGet();
        String line = refusalLine(user, kind, target, reason);
        lastRefusal = line;
        LOG.info("{}", line);
        return false;
    }

    /** The log line of a refusal: user, kind (and the ssh option that asks for it), target, reason. */
    static String refusalLine(String user, Kind kind, String target, String reason) {
        return "ssh[" + user + "]: refused " + kind.key() + " forwarding (" + kind.how + ")"
                + (target == null || target.isEmpty() ? "" : " to " + target) + ": " + reason;
    }

    static String target(String host, int port) {
        return (host != null && host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** How many SSH servers carry this policy now ({@link SshServerForwarding} says). */
    void filteredServers(int count) {
        filteredServers.set(count);
    }

    int filteredServers() {
        return filteredServers.get();
    }

    List<ForwardTarget> targets() {
        return targets;
    }

    long refused(Kind kind) {
        return refused.get(kind).get();
    }

    /** The forwarding part of dsas:status's ssh section. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> t = new ArrayList<>();
        targets.forEach(x -> t.add(x.toString()));
        m.put("localForwardFor", ADMIN_ROLE);
        m.put("localForwardTargets", t);
        m.put("remoteAgentX11Forwarding", "refused");
        m.put("sshServersFiltered", filteredServers.get());
        m.put("localForwardsAllowed", allowedLocal.get());
        Map<String, Object> r = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            r.put(k.key(), refused.get(k).get());
        }
        m.put("refused", r);
        m.put("lastRefusal", lastRefusal == null ? "" : lastRefusal);
        return m;
    }

    /**
     * An SSH server that runs without this policy lets every key forward anywhere (Karaf's own filter accepts
     * all): an alarm, found by the service's name so that it works even where SSHD's classes are not wired.
     */
    public List<String> alarms() {
        BundleContext c = context;
        if (c == null) {
            return List.of();
        }
        int registered;
        try {
            ServiceReference<?>[] refs = c.getAllServiceReferences(SSH_SERVER_SERVICE, null);
            registered = refs == null ? 0 : refs.length;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return List.of();
        }
        int filtered = filteredServers.get();
        return registered > filtered ? List.of((registered - filtered) + " of " + registered + " SSH server(s) run"
                + " without DSAS's forwarding policy: every key that logs in may forward ports") : List.of();
    }
}
