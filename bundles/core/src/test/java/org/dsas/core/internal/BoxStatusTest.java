package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.DeclaredPrivileges;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.ProcessPrivileges;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class BoxStatusTest {

    @Test
    void uptimeIsWrittenForHumansFromTheLargestNonZeroUnit() {
        assertEquals("0m 0s", BoxStatus.human(Duration.ZERO));
        assertEquals("0m 59s", BoxStatus.human(Duration.ofSeconds(59)));
        assertEquals("3h 4m 5s", BoxStatus.human(Duration.ofHours(3).plusMinutes(4).plusSeconds(5)));
        assertEquals("2d 0h 0m 1s", BoxStatus.human(Duration.ofDays(2).plusSeconds(1)));
    }

    @Test
    void bundleStatesHaveTheirKarafNames() {
        assertEquals("Installed", BoxStatus.state(Bundle.INSTALLED));
        assertEquals("Resolved", BoxStatus.state(Bundle.RESOLVED));
        assertEquals("Starting", BoxStatus.state(Bundle.STARTING));
        assertEquals("Stopping", BoxStatus.state(Bundle.STOPPING));
        assertEquals("Active", BoxStatus.state(Bundle.ACTIVE));
        assertEquals("Uninstalled", BoxStatus.state(Bundle.UNINSTALLED));
        assertEquals("99", BoxStatus.state(99));
    }

    @Test
    void privilegesSayPerCapabilityWhatIsMissingAndRaiseOneAlarmEach() {
        ProcessPrivileges p = new ProcessPrivileges("dsas", 998, EnumSet.of(LinuxCapability.NET_ADMIN));
        List<String> alarms = new ArrayList<>();
        Map<String, Object> out = BoxStatus.privileges(p, List.of(
                new DeclaredPrivileges("vrrp", Map.entry(LinuxCapability.NET_RAW, "VRRP adverts")),
                new DeclaredPrivileges("lb/ipvs", Map.entry(LinuxCapability.NET_ADMIN, "IPVS over generic netlink"))),
                alarms);
        assertEquals("dsas", out.get("user"));
        assertEquals(998L, out.get("uid"));
        assertEquals(List.of("CAP_NET_ADMIN"), out.get("capabilities"));
        assertEquals(List.of(
                Map.of("capability", "lb/ipvs", "privileges", "ok (CAP_NET_ADMIN: IPVS over generic netlink)"),
                Map.of("capability", "vrrp", "privileges", "missing CAP_NET_RAW (VRRP adverts)")), out.get("needs"));
        assertEquals(List.of("privileges: vrrp missing CAP_NET_RAW (VRRP adverts); running as dsas (uid 998)"), alarms);
    }
}
