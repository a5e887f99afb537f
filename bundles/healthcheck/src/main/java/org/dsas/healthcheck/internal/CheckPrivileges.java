package org.dsas.healthcheck.internal;

import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.PrivilegeNeeds;
import org.osgi.service.component.annotations.Component;

/** What the health checks need: CAP_NET_RAW for ICMP echo (PING_CHECK). */
@Component(service = PrivilegeNeeds.class)
public class CheckPrivileges extends DeclaredPrivileges {

    public CheckPrivileges() {
        super("healthcheck", Map.entry(LinuxCapability.NET_RAW, "ICMP echo for PING_CHECK (without it the JDK tries TCP port 7)"));
    }
}
