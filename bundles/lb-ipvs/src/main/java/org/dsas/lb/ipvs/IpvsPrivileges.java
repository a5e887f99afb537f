package org.dsas.lb.ipvs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the IPVS dataplane needs: CAP_NET_ADMIN for IPVS's generic netlink family. */
@Component(service = PrivilegeNeeds.class)
public class IpvsPrivileges implements PrivilegeNeeds {

    @Override
    public String capability() {
        return "lb/ipvs";
    }

    @Override
    public Map<LinuxCapability, String> needs() {
        Map<LinuxCapability, String> needs = new LinkedHashMap<>();
        needs.put(LinuxCapability.NET_ADMIN, "IPVS over generic netlink");
        return needs;
    }
}
