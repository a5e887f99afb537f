package org.dsas.lb.nftables;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the nftables dataplane needs: CAP_NET_ADMIN for nft (which inherits it as an ambient capability). */
@Component(service = PrivilegeNeeds.class)
public class NftablesPrivileges implements PrivilegeNeeds {

    @Override
    public String capability() {
        return "lb/nftables";
    }

    @Override
    public Map<LinuxCapability, String> needs() {
        Map<LinuxCapability, String> needs = new LinkedHashMap<>();
        needs.put(LinuxCapability.NET_ADMIN, "nftables rules through nft");
        return needs;
    }
}
