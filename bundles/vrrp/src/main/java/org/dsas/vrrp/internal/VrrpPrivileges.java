package org.dsas.vrrp.internal;

import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What VRRP needs: a raw IP socket for adverts (CAP_NET_RAW), virtual addresses on interfaces (CAP_NET_ADMIN). */
@Component(service = PrivilegeNeeds.class)
public class VrrpPrivileges extends DeclaredPrivileges {

    public VrrpPrivileges() {
        super("vrrp", Map.entry(LinuxCapability.NET_RAW, "VRRP adverts on a raw IP socket, gratuitous ARP and unsolicited NA"),
                Map.entry(LinuxCapability.NET_ADMIN, "virtual addresses on interfaces (route netlink)"));
    }
}
