package org.dsas.lb.ipvs;

import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the IPVS dataplane needs: CAP_NET_ADMIN for IPVS's generic netlink family. */
@Component(service = PrivilegeNeeds.class)
public class IpvsPrivileges extends DeclaredPrivileges {

    public IpvsPrivileges() {
        super("lb/ipvs", Map.entry(LinuxCapability.NET_ADMIN, "IPVS over generic netlink"));
    }
}
