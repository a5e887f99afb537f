package org.dsas.vrrp.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What VRRP needs: a raw IP socket for adverts (CAP_NET_RAW), virtual addresses on interfaces (CAP_NET_ADMIN). */
@Component(service = PrivilegeNeeds.class)
public class VrrpPrivileges implements PrivilegeNeeds {

    @Override
    public String capability() {
        return "vrrp";
    }

    @Override
    public Map<LinuxCapability, String> needs() {
        Map<LinuxCapability, String> needs = new LinkedHashMap<>();
        needs.put(LinuxCapability.NET_RAW, "VRRP adverts on a raw IP socket, gratuitous ARP and unsolicited NA");
        needs.put(LinuxCapability.NET_ADMIN, "virtual addresses on interfaces (route netlink)");
        return needs;
    }
}
