package org.dsas.core.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dsas.core.api.PrivilegeNeeds;
import org.dsas.core.api.ProcessPrivileges;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.dsas.core.api.StatusContributor;
import org.dsas.core.api.StatusView;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The one view of the box: identity and uptime, roles and who decided them,
 * DSAS features, bundles that are not running, one section per capability,
 * and every alarm in one list.
 */
@Component(service = StatusView.class)
public class BoxStatus implements StatusView {

    @Reference
    private RoleService roles;

    @Reference
    private FeaturesService features;

    private final List<StatusContributor> contributors = new CopyOnWriteArrayList<>();
    private final List<PrivilegeNeeds> privilegeNeeds = new CopyOnWriteArrayList<>();
    private BundleContext context;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(StatusContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(StatusContributor contributor) {
        contributors.remove(contributor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPrivilegeNeeds(PrivilegeNeeds needs) {
        privilegeNeeds.add(needs);
    }

    void removePrivilegeNeeds(PrivilegeNeeds needs) {
        privilegeNeeds.remove(needs);
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> alarms = new ArrayList<>();
        out.put("box", box());

        List<Map<String, Object>> roleList = new ArrayList<>();
        for (RoleState r : roles.roles()) {
            Map<String, Object> m = r.toMap();
            if (r.error() != null) {
                alarms.add("role " + r.name() + ": " + r.error());
            } else if (r.wanted() != r.active()) {
                alarms.add("role " + r.name() + ": wanted " + (r.wanted() ? "on" : "off")
                        + " but is " + (r.active() ? "active" : "inactive"));
            }
            roleList.add(m);
        }
        out.put("roles", roleList);

        List<String> dsasFeatures = new ArrayList<>();
        int installed = 0;
        try {
            for (Feature f : features.listInstalledFeatures()) {
                installed++;
                if (f.getName().startsWith("dsas-")) {
                    dsasFeatures.add(f.getName() + "/" + f.getVersion());
                }
            }
        } catch (Exception e) {
            alarms.add("features: cannot list: " + e.getMessage());
        }
        dsasFeatures.sort(null);
        Map<String, Object> feat = new LinkedHashMap<>();
        feat.put("installed", installed);
        feat.put("dsas", dsasFeatures);
        out.put("features", feat);

        out.put("bundles", bundles(alarms));
        out.put("privileges", privileges(ProcessPrivileges.current(), privilegeNeeds, alarms));

        for (StatusContributor c : contributors) {
            try {
                out.put(c.section(), c.status());
                for (String a : c.alarms()) {
                    alarms.add(c.section() + ": " + a);
                }
            } catch (RuntimeException e) {
                alarms.add(c.section() + ": status unavailable: " + e.getMessage());
            }
        }
        out.put("alarms", alarms);
        return out;
    }

    /**
     * Who the process is, what it holds, and one line per running capability: {@code ok (...)} or what is missing
     * (also an alarm: the capability does not work without it).
     */
    static Map<String, Object> privileges(ProcessPrivileges p, List<PrivilegeNeeds> needs, List<String> alarms) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", p.user());
        out.put("uid", p.uid());
        out.put("capabilities", p.effectiveText());
        if (p.uid() == 0) {
            out.put("note", "runs as root; bin/dsas-run started as root runs it as user dsas with "
                    + "CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE only");
        }
        List<PrivilegeNeeds> sorted = new ArrayList<>(needs);
        sorted.sort(Comparator.comparing(PrivilegeNeeds::capability));
        List<Map<String, Object>> per = new ArrayList<>();
        for (PrivilegeNeeds n : sorted) {
            String line = p.report(n);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("capability", n.capability());
            one.put("privileges", line);
            per.add(one);
            if (!p.missing(n).isEmpty()) {
                alarms.add("privileges: " + n.capability() + " " + line + "; running as " + p.user()
                        + " (uid " + p.uid() + ")");
            }
        }
        out.put("needs", per);
        return out;
    }

    private Map<String, Object> box() {
        Map<String, Object> box = new LinkedHashMap<>();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        box.put("host", host);
        box.put("version", context.getBundle().getVersion().toString());
        box.put("karaf", System.getProperty("karaf.version", "unknown"));
        box.put("java", System.getProperty("java.version"));
        box.put("started", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString());
        box.put("uptimeSeconds", uptimeMs / 1000);
        box.put("uptime", human(Duration.ofMillis(uptimeMs)));
        box.put("home", System.getProperty("karaf.home", ""));
        return box;
    }

    private Map<String, Object> bundles(List<String> alarms) {
        int total = 0;
        int active = 0;
        List<Map<String, Object>> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            total++;
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
                active++;
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("name", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", state(b.getState()));
            notActive.add(m);
            if (b.getState() == Bundle.INSTALLED) {
                alarms.add("bundle " + b.getBundleId() + " " + b.getSymbolicName() + " is not resolved");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("active", active);
        out.put("notActive", notActive);
        return out;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "Installed";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            case Bundle.ACTIVE -> "Active";
            case Bundle.UNINSTALLED -> "Uninstalled";
            default -> String.valueOf(state);
        };
    }

    static String human(Duration d) {
        long days = d.toDays();
        long h = d.toHoursPart();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        return (days > 0 ? days + "d " : "") + (days > 0 || h > 0 ? h + "h " : "") + m + "m " + s + "s";
    }
}
