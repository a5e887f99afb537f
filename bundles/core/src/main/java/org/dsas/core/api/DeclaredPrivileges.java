package org.dsas.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link PrivilegeNeeds} as a fixed declaration: a capability's bundle registers a subclass as a DS component,
 * {@code super("vrrp", Map.entry(LinuxCapability.NET_RAW, "VRRP adverts"), ...)}.
 */
public class DeclaredPrivileges implements PrivilegeNeeds {

    private final String capability;
    private final Map<LinuxCapability, String> needs;

    @SafeVarargs
    public DeclaredPrivileges(String capability, Map.Entry<LinuxCapability, String>... needs) {
        this.capability = capability;
        Map<LinuxCapability, String> m = new LinkedHashMap<>();
        for (Map.Entry<LinuxCapability, String> e : needs) {
            m.put(e.getKey(), e.getValue());
        }
        this.needs = Collections.unmodifiableMap(m);
    }

    @Override
    public String capability() {
        return capability;
    }

    @Override
    public Map<LinuxCapability, String> needs() {
        return needs;
    }
}
