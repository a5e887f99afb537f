package org.dsas.lb.proxy;

import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the proxy dataplane needs: CAP_NET_BIND_SERVICE for virtual services on ports below 1024. */
@Component(service = PrivilegeNeeds.class)
public class ProxyPrivileges extends DeclaredPrivileges {

    public ProxyPrivileges() {
        super("lb/proxy", Map.entry(LinuxCapability.NET_BIND_SERVICE, "virtual services on ports below 1024"));
    }
}
