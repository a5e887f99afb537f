package org.dsas.vrrp.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dsas.core.api.Scripts;
import org.dsas.core.api.StatusContributor;
import org.dsas.core.api.event.QuorumEvent;
import org.dsas.core.api.event.ServiceText;
import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetInterface;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.vrrp.api.MastershipVeto;
import org.dsas.vrrp.api.VrrpEvents;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;
import org.dsas.vrrp.api.VrrpState;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the VRRP instances of this box: one per {@code etc/org.dsas.vrrp.instance-<name>.cfg}.
 * A bad configuration is rejected with one line naming instance and key, and the
 * other instances (and the rejected instance's previous settings) keep running.
 * Also watches tracked interfaces, keeps sync groups together, and reports split
 * brain as an alarm.
 */
@Component(service = {ManagedServiceFactory.class, VrrpService.class, StatusContributor.class, EventHandler.class},
        property = {"service.pid=" + VrrpManager.FACTORY_PID, EventConstants.EVENT_TOPIC + "=" + QuorumEvent.TOPIC},
        immediate = true)
public class VrrpManager implements ManagedServiceFactory, VrrpService, StatusContributor, VrrpRunner.Listener,
        EventHandler {

    static final String FACTORY_PID = "org.dsas.vrrp.instance";
    private static final Logger LOG = LoggerFactory.getLogger(VrrpManager.class);

    @Reference
    private NetworkKernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final List<MastershipVeto> vetoes = new CopyOnWriteArrayList<>();
    private final Map<String, VrrpRunner> byPid = new ConcurrentHashMap<>();
    private final Map<String, List<String>> errors = new ConcurrentHashMap<>();
    private ScheduledExecutorService events;
    private java.util.concurrent.ExecutorService scripts;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVeto(MastershipVeto veto) {
        vetoes.add(veto);
    }

    void removeVeto(MastershipVeto veto) {
        vetoes.remove(veto);
    }

    @Activate
    void activate() {
        events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vrrp-events");
            t.setDaemon(true);
            return t;
        });
        scripts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vrrp-notify");
            t.setDaemon(true);
            return t;
        });
        events.scheduleWithFixedDelay(this::trackInterfaces, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        for (VrrpRunner r : byPid.values()) {
            r.stop();
        }
        byPid.clear();
        events.shutdownNow();
        scripts.shutdownNow();
    }

    @Override
    public String getName() {
        return "DSAS VRRP instances";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) {
        Map<String, Object> props = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            props.put(k, properties.get(k));
        }
        VrrpConfig config;
        try {
            config = VrrpConfigParser.parse(props);
            for (Map.Entry<String, VrrpRunner> e : byPid.entrySet()) {
                VrrpConfig other = e.getValue().config();
                if (e.getKey().equals(pid)) {
                    continue;
                }
                if (other.name().equals(config.name())) {
                    throw new VrrpConfigException(config.name(), VrrpConfigParser.fileOf(props), "name",
                            "instance name already used by another file");
                }
                if (other.vrid() == config.vrid() && other.iface().equals(config.iface()) && other.ipv6() == config.ipv6()) {
                    throw new VrrpConfigException(config.name(), VrrpConfigParser.fileOf(props), "vrid",
                            "vrid " + config.vrid() + " on " + config.iface() + " is already used by instance " + other.name());
                }
            }
        } catch (VrrpConfigException e) {
            errors.put(pid, e.lines());
            for (String line : e.lines()) {
                LOG.error("{}; instance not changed, others keep running", line);
            }
            return;
        }
        VrrpRunner old = byPid.get(pid);
        if (old != null && old.config().equals(config)) {
            errors.remove(pid);
            return;
        }
        if (old != null) {
            old.stop();
            byPid.remove(pid);
        }
        VrrpRunner runner = new VrrpRunner(config, kernel, events, this);
        try {
            runner.start();
            byPid.put(pid, runner);
            errors.remove(pid);
            LOG.info("vrrp[{}] started: v{} vrid {} on {} priority {} advert {} ms addresses {}", config.name(),
                    config.version(), config.vrid(), config.iface(), config.priority(), config.advertMillis(),
                    config.virtualAddresses());
        } catch (KernelException e) {
            String msg = "vrrp[" + config.name() + "] cannot start: " + e.getMessage()
                    + (e.getMessage().contains("EPERM") ? " (VRRP needs root or CAP_NET_RAW and CAP_NET_ADMIN)" : "");
            errors.put(pid, List.of(msg));
            LOG.error(msg);
        }
    }

    @Override
    public synchronized void deleted(String pid) {
        errors.remove(pid);
        VrrpRunner r = byPid.remove(pid);
        if (r != null) {
            r.stop();
            LOG.info("vrrp[{}] removed", r.config().name());
        }
    }

    // --- Listener ---

    @Override
    public void transition(VrrpRunner runner, VrrpState from, VrrpState to, String reason) {
        VrrpConfig c = runner.config();
        LOG.info("vrrp[{}] {} -> {}: {}", c.name(), from, to, reason);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(VrrpEvents.INSTANCE, c.name());
        props.put(VrrpEvents.FROM, from.name());
        props.put(VrrpEvents.TO, to.name());
        props.put(VrrpEvents.REASON, reason);
        props.put(VrrpEvents.PRIORITY, runner.instance().effectivePriority());
        post(VrrpEvents.TRANSITION, props);
        if (c.notifyScript() != null) {
            String state = to.name();
            scripts.execute(() -> runNotify(c, state, runner.instance().effectivePriority()));
        }
        if (c.syncGroup() != null && (to == VrrpState.MASTER || to == VrrpState.BACKUP)) {
            for (VrrpRunner other : byPid.values()) {
                if (other != runner && c.syncGroup().equals(other.config().syncGroup())) {
                    other.instance().follow(to, "sync group " + c.syncGroup() + " follows " + c.name());
                }
            }
        }
    }

    private void runNotify(VrrpConfig c, String state, int priority) {
        // keepalived's notify convention: <script> INSTANCE <name> <state> <priority>
        try {
            // without the appliance's capabilities, as the configured script user
            Process p = new ProcessBuilder(Scripts.command(List.of(c.notifyScript(), "INSTANCE", c.name(), state,
                    String.valueOf(priority)))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.error("vrrp[{}] notify script {} did not exit within 30 s: killed", c.name(), c.notifyScript());
            } else if (p.exitValue() != 0) {
                LOG.warn("vrrp[{}] notify script {} exited {}", c.name(), c.notifyScript(), p.exitValue());
            }
        } catch (Exception e) {
            LOG.error("vrrp[{}] notify script {}: {}", c.name(), c.notifyScript(), e.getMessage());
        } 
    }

    @Override
    public void splitBrain(VrrpRunner runner, boolean raised, String peer, int peerPriority) {
        VrrpConfig c = runner.config();
        if (raised) {
            LOG.error("vrrp[{}] SPLIT BRAIN: {} (priority {}) advertises as master for vrid {} while this node is MASTER",
                    c.name(), peer, peerPriority, c.vrid());
        } else {
            LOG.warn("vrrp[{}] split brain over: one master again", c.name());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(VrrpEvents.INSTANCE, c.name());
        props.put("raised", raised);
        if (peer != null) {
            props.put("peer", peer);
        }
        post(VrrpEvents.SPLIT_BRAIN, props);
    }

    @Override
    public Optional<String> veto(VrrpRunner runner) {
        for (MastershipVeto v : vetoes) {
            try {
                Optional<String> reason = v.veto(runner.config().name());
                if (reason.isPresent()) {
                    LOG.warn("vrrp[{}] mastership vetoed: {}", runner.config().name(), reason.get());
                    return reason;
                }
            } catch (RuntimeException e) {
                LOG.error("vrrp[{}] veto check failed: {}", runner.config().name(), e.toString());
            }
        }
        return Optional.empty();
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, props));
        }
    }

    /** Quorum state per virtual service, as the healthcheck capability last reported it. */
    private final Map<ServiceText, Boolean> quorum = new ConcurrentHashMap<>();

    @Override
    public void handleEvent(Event event) {
        Object text = event.getProperty(QuorumEvent.SERVICE);
        Object up = event.getProperty(QuorumEvent.UP);
        if (text == null || !(up instanceof Boolean)) {
            LOG.warn("vrrp: ignored {} event without '{}' and boolean '{}'", event.getTopic(), QuorumEvent.SERVICE,
                    QuorumEvent.UP);
            return;
        }
        ServiceText service;
        try {
            service = ServiceText.parse(text.toString());
        } catch (IllegalArgumentException e) {
            LOG.warn("vrrp: ignored {} event: {}", event.getTopic(), e.getMessage());
            return;
        }
        Boolean before = quorum.put(service, (Boolean) up);
        if (!up.equals(before)) {
            LOG.info("vrrp: quorum of {} {}", service, (Boolean) up ? "up" : "lost");
            events.execute(this::trackInterfaces);
        }
    }

    /** Last result of each instance's track script (true = exit 0), by instance name. */
    private final Map<String, Boolean> scriptOk = new ConcurrentHashMap<>();
    private final Map<String, Long> scriptDue = new ConcurrentHashMap<>();

    /** Runs a track script (in the script pool, never on the event thread) when its interval is due. */
    private void runTrackScript(VrrpConfig c) {
        long now = System.nanoTime() / 1_000_000;
        if (now < scriptDue.getOrDefault(c.name(), 0L)) {
            return;
        }
        scriptDue.put(c.name(), now + c.trackScriptMillis());
        scripts.execute(() -> {
            boolean ok;
            try {
                Process p = new ProcessBuilder(Scripts.command(List.of(c.trackScript()))).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(c.trackScriptMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    ok = false;
                } else {
                    ok = p.exitValue() == 0;
                }
            } catch (Exception e) {
                ok = false;
            }
            Boolean before = scriptOk.put(c.name(), ok);
            if (before == null || before != ok) {
                LOG.info("vrrp[{}] track script {} {}", c.name(), c.trackScript(), ok ? "succeeds" : "fails");
            }
        });
    }

    /** FAULT while the instance's interface or a tracked one is down or gone, or a weight-0 track script fails. */
    private void trackInterfaces() {
        for (VrrpRunner r : byPid.values()) {
            VrrpConfig c = r.config();
            String fault = null;
            int adjust = 0;
            if (c.trackScript() != null) {
                runTrackScript(c);
                Boolean ok = scriptOk.get(c.name());
                if (ok != null) {
                    if (c.trackScriptWeight() == 0 && !ok) {
                        fault = "track script " + c.trackScript() + " fails";
                    } else if (c.trackScriptWeight() > 0 && ok || c.trackScriptWeight() < 0 && !ok) {
                        adjust = c.trackScriptWeight();
                    }
                }
            }
            for (ServiceText service : c.trackQuorum()) {
                if (Boolean.FALSE.equals(quorum.get(service))) {
                    fault = "quorum lost on " + service;
                }
            }
            List<String> names = new ArrayList<>();
            names.add(c.iface());
            names.addAll(c.trackInterfaces());
            for (String n : names) {
                try {
                    NetInterface nif = kernel.netInterface(n);
                    if (!nif.up() || !nif.running()) {
                        fault = "interface " + n + " is down";
                        break;
                    }
                } catch (KernelException e) {
                    fault = "interface " + n + ": " + e.getMessage();
                    break;
                }
            }
            if (r.instance() != null) {
                r.instance().setTrackAdjust(adjust);
                r.instance().setFault(fault);
            }
        }
    }

    // --- VrrpService ---

    @Override
    public List<VrrpInstanceView> instances() {
        List<VrrpInstanceView> out = new ArrayList<>();
        for (VrrpRunner r : byPid.values()) {
            out.add(view(r));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public Optional<VrrpInstanceView> instance(String name) {
        return instances().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Override
    public void setPriority(String name, int priority) {
        VrrpRunner r = runner(name);
        onEvents(() -> r.instance().setPriority(priority));
        LOG.info("vrrp[{}] priority set to {} by the operator", name, priority);
    }

    @Override
    public void setMaintenance(String name, boolean on) {
        VrrpRunner r = runner(name);
        onEvents(() -> r.instance().setMaintenance(on));
        LOG.info("vrrp[{}] maintenance {} by the operator", name, on ? "on" : "off");
    }

    private void onEvents(Runnable task) {
        try {
            events.submit(task).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("the VRRP event thread did not answer: " + e, e);
        }
    }

    private VrrpRunner runner(String name) {
        for (VrrpRunner r : byPid.values()) {
            if (r.config().name().equals(name)) {
                return r;
            }
        }
        List<String> names = instances().stream().map(VrrpInstanceView::name).toList();
        throw new IllegalArgumentException("unknown VRRP instance '" + name + "'; instances: "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    private static VrrpInstanceView view(VrrpRunner r) {
        VrrpConfig c = r.config();
        VrrpInstance i = r.instance();
        return new VrrpInstanceView(c.name(), c.iface(), c.vrid(), c.version(), i.state(), i.priority(),
                i.effectivePriority(), c.advertMillis(),
                c.virtualAddresses().stream().map(InterfaceAddress::toString).toList(),
                i.masterAddress() == null ? null : i.masterAddress().getHostAddress(), i.maintenance(), i.counters(),
                i.peers(), i.splitBrain());
    }

    // --- StatusContributor ---

    @Override
    public String section() {
        return "vrrp";
    }

    @Override
    public Map<String, Object> status() {
        return status(instances());
    }

    /** The vrrp section: every instance in its one JSON form (vrrp:list --json), an empty list when none. */
    static Map<String, Object> status(List<VrrpInstanceView> instances) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instances", instances.stream().map(VrrpInstanceView::toMap).toList());
        return m;
    }

    @Override
    public List<String> alarms() {
        List<String> out = new ArrayList<>();
        errors.values().forEach(out::addAll);
        for (VrrpInstanceView v : instances()) {
            if (v.splitBrain()) {
                out.add("SPLIT BRAIN on " + v.name() + ": another master advertises vrid " + v.vrid());
            }
            if (v.state() == VrrpState.FAULT) {
                out.add(v.name() + " in FAULT");
            }
        }
        return out;
    }
}
