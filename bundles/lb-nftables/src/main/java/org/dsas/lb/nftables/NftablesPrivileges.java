package org.dsas.lb.nftables;

import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the nftables dataplane needs: CAP_NET_ADMIN for nft (which inherits it as an ambient capability). */
@Component(service = PrivilegeNeeds.class)
public class NftablesPrivileges extends DeclaredPrivileges {

    public NftablesPrivileges() {
        super("lb/nftables", Map.entry(LinuxCapability.NET_ADMIN, "nftables rules through nft"));
    }
}
