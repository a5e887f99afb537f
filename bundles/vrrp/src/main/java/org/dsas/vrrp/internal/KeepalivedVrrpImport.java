package org.dsas.vrrp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.keepalived.conf.ConfNode;

/**
 * Turns the {@code vrrp_instance} and {@code vrrp_sync_group} blocks of a
 * keepalived.conf into DSAS instance configurations, and names every keyword it
 * does not carry over (with file and line) instead of ignoring it.
 */
final class KeepalivedVrrpImport {

    /** The instances (config key -> value, ready for etc/org.dsas.vrrp.instance-<name>.cfg) and what was left out. */
    record Result(Map<String, Map<String, String>> instances, List<String> unsupported) {
    }

    /** Top-level blocks that belong to other capabilities (lb, healthcheck) and are not VRRP's to report. */
    private static final Set<String> OTHER_CAPABILITIES = Set.of("virtual_server", "virtual_server_group");

    private KeepalivedVrrpImport() {
    }

    static Result convert(List<ConfNode> top) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        List<String> unsupported = new ArrayList<>();
        String defaultVersion = "2";
        for (ConfNode n : top) {
            if (n.keyword().equals("global_defs")) {
                for (ConfNode g : n.children()) {
                    if (g.keyword().equals("vrrp_version")) {
                        defaultVersion = g.arg(0);
                    } else if (!g.keyword().equals("router_id")) {
                        unsupported.add(g.where() + ": global_defs " + g.keyword() + " (not imported)");
                    }
                }
            }
        }
        Map<String, ConfNode> scripts = new LinkedHashMap<>();
        for (ConfNode n : top) {
            if (n.keyword().equals("vrrp_script") && n.arg(0) != null) {
                scripts.put(n.arg(0), n);
            }
        }
        for (ConfNode n : top) {
            switch (n.keyword()) {
                case "vrrp_instance" -> out.put(n.arg(0), instance(n, defaultVersion, scripts, unsupported));
                case "global_defs", "vrrp_sync_group", "vrrp_script" -> {
                    // handled around this loop
                }
                default -> {
                    if (!OTHER_CAPABILITIES.contains(n.keyword())) {
                        unsupported.add(n.where() + ": " + n.keyword() + " (not a VRRP block; not imported)");
                    }
                }
            }
        }
        for (ConfNode n : top) {
            if (!n.keyword().equals("vrrp_sync_group")) {
                continue;
            }
            for (ConfNode c : n.children()) {
                if (c.keyword().equals("group")) {
                    for (ConfNode member : c.children()) {
                        Map<String, String> inst = out.get(member.keyword());
                        if (inst == null) {
                            unsupported.add(member.where() + ": sync group " + n.arg(0) + " names unknown instance "
                                    + member.keyword());
                        } else {
                            inst.put("syncGroup", n.arg(0));
                        }
                    }
                } else {
                    unsupported.add(c.where() + ": vrrp_sync_group " + c.keyword() + " (not imported)");
                }
            }
        }
        return new Result(out, unsupported);
    }

    private static Map<String, String> instance(ConfNode vi, String version, Map<String, ConfNode> scripts,
                                                List<String> unsupported) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", vi.arg(0) == null ? "" : vi.arg(0));
        m.put("version", version);
        for (ConfNode k : vi.children()) {
            switch (k.keyword()) {
                case "interface" -> m.put("interface", nz(k.arg(0)));
                case "virtual_router_id" -> m.put("vrid", nz(k.arg(0)));
                case "priority" -> m.put("priority", nz(k.arg(0)));
                case "advert_int" -> m.put("advertInterval", nz(k.arg(0)));
                case "version" -> m.put("version", nz(k.arg(0)));
                case "nopreempt" -> m.put("preempt", "false");
                case "use_vmac" -> {
                    m.put("useVmac", "true");
                    if (k.arg(0) != null) {
                        unsupported.add(k.where() + ": use_vmac name " + k.arg(0) + " (DSAS names it vrrp.<vrid>)");
                    }
                }
                case "vmac_xmit_base" -> {
                    // DSAS always sends adverts from the base interface with use_vmac.
                }
                case "preempt_delay" -> m.put("preemptDelay", nz(k.arg(0)));
                case "garp_master_delay" -> m.put("garpDelay", nz(k.arg(0)));
                case "garp_master_repeat" -> m.put("garpRepeat", nz(k.arg(0)));
                case "garp_master_refresh" -> m.put("garpRefresh", nz(k.arg(0)));
                case "notify" -> m.put("notify", nz(k.arg(0)));
                case "unicast_src_ip" -> m.put("sourceAddress", nz(k.arg(0)));
                case "state" -> {
                    // keepalived's initial state: DSAS always starts as BACKUP (or MASTER as address owner), like RFC 9568.
                    if ("MASTER".equals(k.arg(0))) {
                        unsupported.add(k.where() + ": state MASTER (DSAS starts every non-owner as BACKUP; the "
                                + "highest priority still wins within the master down interval)");
                    }
                }
                case "virtual_ipaddress" -> {
                    List<String> addrs = new ArrayList<>();
                    for (ConfNode a : k.children()) {
                        addrs.add(a.keyword().contains("/") ? a.keyword() : a.keyword() + (a.keyword().contains(":") ? "/128" : "/32"));
                        if (!a.args().isEmpty()) {
                            unsupported.add(a.where() + ": virtual_ipaddress options '" + String.join(" ", a.args())
                                    + "' (addresses go on the instance's interface)");
                        }
                    }
                    m.put("virtualAddresses", String.join(", ", addrs));
                }
                case "unicast_peer" -> m.put("unicastPeers", String.join(", ",
                        k.children().stream().map(ConfNode::keyword).toList()));
                case "track_interface" -> m.put("trackInterfaces", String.join(", ",
                        k.children().stream().map(ConfNode::keyword).toList()));
                case "track_script" -> {
                    for (int i = 0; i < k.children().size(); i++) {
                        ConfNode ref = k.children().get(i);
                        ConfNode script = scripts.get(ref.keyword());
                        if (i > 0) {
                            unsupported.add(ref.where() + ": track_script " + ref.keyword()
                                    + " (DSAS tracks one script per instance; the first is imported)");
                        } else if (script == null) {
                            unsupported.add(ref.where() + ": track_script names unknown vrrp_script " + ref.keyword());
                        } else {
                            trackScript(script, m, unsupported);
                        }
                    }
                }
                case "authentication" -> {
                    String type = k.child("auth_type").map(c -> c.arg(0)).orElse("PASS");
                    if (!"PASS".equals(type)) {
                        unsupported.add(k.where() + ": auth_type " + type + " (only PASS is supported)");
                    } else {
                        m.put("authPass", k.child("auth_pass").map(c -> nz(c.arg(0))).orElse(""));
                    }
                }
                default -> unsupported.add(k.where() + ": vrrp_instance " + vi.arg(0) + " " + k.keyword()
                        + " (not supported; not imported)");
            }
        }
        return m;
    }

    private static void trackScript(ConfNode script, Map<String, String> m, List<String> unsupported) {
        for (ConfNode c : script.children()) {
            switch (c.keyword()) {
                case "script" -> {
                    String cmd = nz(c.arg(0));
                    if (cmd.contains(" ")) {
                        unsupported.add(c.where() + ": script arguments (DSAS runs the executable '" + cmd.split(" ")[0]
                                + "' without them)");
                        cmd = cmd.split(" ")[0];
                    }
                    m.put("trackScript", cmd);
                }
                case "interval" -> m.put("trackScriptInterval", nz(c.arg(0)));
                case "weight" -> m.put("trackScriptWeight", nz(c.arg(0)));
                default -> unsupported.add(c.where() + ": vrrp_script " + script.arg(0) + " " + c.keyword()
                        + " (not supported; not imported)");
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
