package org.dsas.vrrp.internal;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dsas.core.api.ConfigFiles;
import org.dsas.core.api.event.ServiceText;
import org.dsas.kernel.api.InterfaceAddress;

/**
 * Reads one instance from a configuration ({@code etc/org.dsas.vrrp.instance-<name>.cfg})
 * and checks all of it before anything runs: every problem of the file is named (one line each), and any of them
 * rejects the instance.
 */
final class VrrpConfigParser {

    static final Set<String> KEYS = Set.of("name", "interface", "vrid", "version", "priority", "advertInterval",
            "virtualAddresses", "preempt", "preemptDelay", "authPass", "unicastPeers", "sourceAddress",
            "garpRepeat", "garpDelay", "garpRefresh", "notify", "trackInterfaces", "syncGroup",
            "trackScript", "trackScriptInterval", "trackScriptWeight", "trackQuorum", "useVmac");

    private VrrpConfigParser() {
    }

    static String fileOf(Map<String, ?> props) {
        return ConfigFiles.fileOf(props, "etc/org.dsas.vrrp.instance-<name>.cfg");
    }

    /** Name of the instance: key {@code name}, else the file's suffix after the dash. */
    static String nameOf(Map<String, ?> props) {
        Object n = props.get("name");
        if (n != null && !n.toString().isBlank()) {
            return n.toString().trim();
        }
        String file = fileOf(props);
        String base = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.cfg$", "");
        int dash = Math.max(base.lastIndexOf('-'), base.lastIndexOf('~'));
        return dash >= 0 ? base.substring(dash + 1) : base;
    }

    /** One check that may fail; its value, or the fallback when it failed (the failure is recorded). */
    private interface Step<T> {
        T get() throws VrrpConfigException;
    }

    /** The problems of one file, all of them: each check runs even when an earlier one failed. */
    private static final class Problems {
        final List<String> lines = new ArrayList<>();

        <T> T take(Step<T> step, T fallback) {
            try {
                return step.get();
            } catch (VrrpConfigException e) {
                lines.add(e.getMessage());
                return fallback;
            }
        }

        void add(VrrpConfigException e) {
            lines.add(e.getMessage());
        }
    }

    static VrrpConfig parse(Map<String, ?> raw) throws VrrpConfigException {
        Map<String, String> props = new TreeMap<>();
        String name = nameOf(raw);
        String file = fileOf(raw);
        Problems p = new Problems();
        for (Map.Entry<String, ?> e : new TreeMap<>(raw).entrySet()) {
            if (ConfigFiles.isFrameworkKey(e.getKey())) {
                continue;
            }
            if (!KEYS.contains(e.getKey())) {
                p.add(new VrrpConfigException(name, file, e.getKey(), "unknown key (known: " + String.join(", ", sorted(KEYS)) + ")"));
                continue;
            }
            props.put(e.getKey(), String.valueOf(e.getValue()).trim());
        }
        Reader r = new Reader(name, file, props);
        if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
            p.add(new VrrpConfigException(name, file, "name", "'" + name + "' is not an instance name (letters, digits, _ . -)"));
        }
        String iface = p.take(() -> {
            String i = r.required("interface");
            if (!i.matches("[A-Za-z0-9_.@-]{1,15}")) {
                throw r.bad("interface", "'" + i + "' is not an interface name");
            }
            return i;
        }, "");
        int vrid = p.take(() -> r.integer("vrid", null, 1, 255), 1);
        int version = p.take(() -> r.integer("version", 2, 2, 3), 2);
        int priority = p.take(() -> r.integer("priority", 100, 1, 255), 100);
        int advertMillis = p.take(() -> r.interval(version), 1000);
        List<InterfaceAddress> vips = p.take(() -> r.addresses("virtualAddresses"), List.of());
        boolean v6 = !vips.isEmpty() && vips.get(0).address() instanceof Inet6Address;
        if (vips.stream().anyMatch(a -> (a.address() instanceof Inet6Address) != v6)) {
            p.add(r.bad("virtualAddresses", "mixes IPv4 and IPv6 addresses; use one instance per family"));
        }
        if (v6 && version == 2) {
            p.add(r.bad("version", "VRRP v2 carries IPv4 only; use version = 3 for IPv6 addresses"));
        }
        if (vips.size() > (v6 ? 15 : 20)) {
            p.add(r.bad("virtualAddresses", vips.size() + " addresses do not fit one advert (at most " + (v6 ? 15 : 20) + ")"));
        }
        boolean preempt = p.take(() -> r.bool("preempt", true), true);
        int preemptDelay = p.take(() -> r.millis("preemptDelay", 0, 0, 1000_000), 0);
        String auth = props.get("authPass");
        if (auth != null && !auth.isEmpty()) {
            if (version != 2) {
                p.add(r.bad("authPass", "authentication exists in VRRP v2 only (RFC 9568 removed it)"));
            }
            if (auth.length() > 8) {
                p.add(r.bad("authPass", "at most 8 characters (the v2 auth field is 8 bytes)"));
            }
        } else {
            auth = null;
        }
        List<InetAddress> peers = new ArrayList<>();
        for (String peer : r.list("unicastPeers")) {
            InetAddress a = p.take(() -> r.address("unicastPeers", peer), null);
            if (a == null) {
                continue;
            }
            if (!vips.isEmpty() && (a instanceof Inet6Address) != v6) {
                p.add(r.bad("unicastPeers", "'" + peer + "' is not of the virtual addresses' family"));
            }
            peers.add(a);
        }
        String src = props.get("sourceAddress");
        InetAddress source = src == null || src.isEmpty() ? null : p.take(() -> r.address("sourceAddress", src), null);
        int garpRepeat = p.take(() -> r.integer("garpRepeat", 5, 0, 100), 5);
        int garpDelay = p.take(() -> r.millis("garpDelay", 5000, 0, 3600_000), 5000);
        int garpRefresh = p.take(() -> r.millis("garpRefresh", 0, 0, 3600_000), 0);
        String notify = props.get("notify");
        if (notify != null && notify.isEmpty()) {
            notify = null;
        }
        if (notify != null && !notify.startsWith("/")) {
            p.add(r.bad("notify", "'" + notify + "' must be an absolute path to an executable"));
        }
        List<String> track = r.list("trackInterfaces");
        String group = props.get("syncGroup");
        if (group != null && group.isEmpty()) {
            group = null;
        }
        String script = props.get("trackScript");
        if (script != null && script.isEmpty()) {
            script = null;
        }
        if (script != null && !script.startsWith("/")) {
            p.add(r.bad("trackScript", "'" + script + "' must be an absolute path to an executable"));
        }
        int scriptMillis = p.take(() -> r.millis("trackScriptInterval", 2000, 100, 3600_000), 2000);
        int weight = p.take(() -> r.integer("trackScriptWeight", 0, -254, 254), 0);
        List<ServiceText> quorum = new ArrayList<>();
        for (String s : r.list("trackQuorum")) {
            try {
                ServiceText service = ServiceText.parse(s);
                if (!quorum.contains(service)) {
                    quorum.add(service);
                }
            } catch (IllegalArgumentException e) {
                p.add(r.bad("trackQuorum", e.getMessage()));
            }
        }
        boolean vmac = p.take(() -> r.bool("useVmac", false), false);
        if (!p.lines.isEmpty()) {
            throw new VrrpConfigException(p.lines);
        }
        return new VrrpConfig(name, iface, vrid, version, priority, advertMillis, List.copyOf(vips), preempt,
                preemptDelay, auth, List.copyOf(peers), source, garpRepeat, garpDelay, garpRefresh, notify,
                List.copyOf(track), group, script, scriptMillis, weight, List.copyOf(quorum), vmac);
    }

    private static List<String> sorted(Set<String> s) {
        return new ArrayList<>(new java.util.TreeSet<>(s));
    }

    /** Typed access to the properties, each failure naming instance, file and key. */
    private record Reader(String name, String file, Map<String, String> props) {

        VrrpConfigException bad(String key, String problem) {
            return new VrrpConfigException(name, file, key, problem);
        }

        String required(String key) throws VrrpConfigException {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                throw bad(key, "missing");
            }
            return v;
        }

        int integer(String key, Integer def, int min, int max) throws VrrpConfigException {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                if (def == null) {
                    throw bad(key, "missing");
                }
                return def;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw bad(key, "'" + v + "' is not " + min + "-" + max);
                }
                return i;
            } catch (NumberFormatException e) {
                throw bad(key, "'" + v + "' is not a whole number " + min + "-" + max);
            }
        }

        boolean bool(String key, boolean def) throws VrrpConfigException {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(key, "'" + v + "' is not true or false");
            };
        }

        /** Seconds (decimals allowed) to milliseconds. */
        int millis(String key, int def, int min, int max) throws VrrpConfigException {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                int ms = new BigDecimal(v).movePointRight(3).intValueExact();
                if (ms < min || ms > max) {
                    throw bad(key, "'" + v + "' seconds is out of range");
                }
                return ms;
            } catch (ArithmeticException | NumberFormatException e) {
                throw bad(key, "'" + v + "' is not a number of seconds (at most 3 decimals)");
            }
        }

        int interval(int version) throws VrrpConfigException {
            String v = props.getOrDefault("advertInterval", "1");
            try {
                BigDecimal s = new BigDecimal(v.isEmpty() ? "1" : v);
                if (version == 2) {
                    int sec = s.intValueExact();
                    if (sec < 1 || sec > 255) {
                        throw bad("advertInterval", "'" + v + "' is not 1-255 seconds (VRRP v2 counts whole seconds)");
                    }
                    return sec * 1000;
                }
                int cs = s.movePointRight(2).intValueExact();
                if (cs < 1 || cs > 4095) {
                    throw bad("advertInterval", "'" + v + "' is not 0.01-40.95 seconds (VRRP v3 counts centiseconds)");
                }
                return cs * 10;
            } catch (ArithmeticException | NumberFormatException e) {
                throw bad("advertInterval", "'" + v + "' is not " + (version == 2 ? "a whole number of seconds"
                        : "a number of seconds with at most 2 decimals"));
            }
        }

        List<String> list(String key) {
            String v = props.get(key);
            List<String> out = new ArrayList<>();
            if (v != null) {
                for (String s : v.split("[,\\s]+")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            }
            return out;
        }

        InetAddress address(String key, String literal) throws VrrpConfigException {
            if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw bad(key, "'" + literal + "' is not an IP address");
            }
            try {
                return InetAddress.getByName(literal);
            } catch (Exception e) {
                throw bad(key, "'" + literal + "' is not an IP address");
            }
        }

        List<InterfaceAddress> addresses(String key) throws VrrpConfigException {
            List<InterfaceAddress> out = new ArrayList<>();
            for (String s : list(key)) {
                String[] parts = s.split("/", 2);
                InetAddress a = address(key, parts[0]);
                int max = a instanceof Inet4Address ? 32 : 128;
                int prefix = max;
                if (parts.length == 2) {
                    try {
                        prefix = Integer.parseInt(parts[1]);
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 1 || prefix > max) {
                        throw bad(key, "'" + s + "' has no valid prefix length (1-" + max + ")");
                    }
                }
                if (a.isMulticastAddress() || a.isAnyLocalAddress() || a.isLoopbackAddress()) {
                    throw bad(key, "'" + s + "' cannot be a service address");
                }
                out.add(new InterfaceAddress(a, prefix));
            }
            if (out.isEmpty()) {
                throw bad(key, "missing (at least one address, e.g. 192.0.2.100/24)");
            }
            return out;
        }
    }
}
