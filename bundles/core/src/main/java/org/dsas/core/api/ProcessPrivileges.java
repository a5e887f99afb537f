package org.dsas.core.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The privileges this process runs with: its user and its effective Linux capabilities, read from
 * {@code /proc/self/status} (Uid and CapEff lines).
 */
public record ProcessPrivileges(String user, long uid, Set<LinuxCapability> effective) {

    public ProcessPrivileges {
        effective = effective.isEmpty() ? EnumSet.noneOf(LinuxCapability.class) : EnumSet.copyOf(effective);
    }

    /** This process; on a system without {@code /proc/self/status}, uid -1 and no capability. */
    public static ProcessPrivileges current() {
        String user = System.getProperty("user.name", "?");
        try {
            return parse(user, Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return new ProcessPrivileges(user, -1, EnumSet.noneOf(LinuxCapability.class));
        }
    }

    /** From the text of {@code /proc/<pid>/status}: the real uid of its Uid line, the bits of its CapEff line. */
    public static ProcessPrivileges parse(String user, String procStatus) {
        long uid = -1;
        long capEff = 0;
        boolean capLine = false;
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            } else if (line.startsWith("CapEff:")) {
                capEff = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                capLine = true;
            }
        }
        if (uid < 0 || !capLine) {
            throw new IllegalArgumentException("no Uid or CapEff line in /proc/self/status");
        }
        Set<LinuxCapability> caps = EnumSet.noneOf(LinuxCapability.class);
        for (LinuxCapability c : LinuxCapability.values()) {
            if ((capEff & (1L << c.bit)) != 0) {
                caps.add(c);
            }
        }
        return new ProcessPrivileges(user, uid, caps);
    }

    public boolean has(LinuxCapability capability) {
        return effective.contains(capability);
    }

    /** What {@code needs} lacks here, with what each is for; empty when everything is held. */
    public Map<LinuxCapability, String> missing(PrivilegeNeeds needs) {
        Map<LinuxCapability, String> out = new LinkedHashMap<>();
        needs.needs().forEach((cap, why) -> {
            if (!has(cap)) {
                out.put(cap, why);
            }
        });
        return out;
    }

    /**
     * The one line {@code dsas:status} prints for a capability: {@code ok (CAP_NET_ADMIN: IPVS over generic netlink)}
     * or {@code missing CAP_NET_RAW (VRRP adverts on a raw socket)}.
     */
    public String report(PrivilegeNeeds needs) {
        Map<LinuxCapability, String> missing = missing(needs);
        List<String> parts = new ArrayList<>();
        if (missing.isEmpty()) {
            needs.needs().forEach((cap, why) -> parts.add(cap.text() + ": " + why));
            return "ok" + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
        }
        missing.forEach((cap, why) -> parts.add(cap.text() + " (" + why + ")"));
        return "missing " + String.join(", ", parts);
    }

    /** The effective capabilities as {@code CAP_...} names, in bit order. */
    public List<String> effectiveText() {
        List<String> out = new ArrayList<>();
        for (LinuxCapability c : effective) {
            out.add(c.text());
        }
        return out;
    }
}
