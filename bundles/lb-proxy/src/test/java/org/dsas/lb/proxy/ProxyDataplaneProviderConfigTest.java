package org.dsas.lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.junit.jupiter.api.Test;

class ProxyDataplaneProviderConfigTest {

    private final Map<String, List<String>> alarms = new HashMap<>();
    private final ProxyDataplaneProvider provider = new ProxyDataplaneProvider();

    ProxyDataplaneProviderConfigTest() {
        provider.alarms = alarms::put;
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        Map<String, Object> props = new HashMap<>(ConfigFiles.read(Path.of("../../etc/org.dsas.lb.proxy.cfg")));
        // DS hands the component its declared properties along with the configuration.
        props.put("dsas.lb.dataplane", "proxy");
        props.put("dsas.lb.preference", 100);
        provider.configure(props);
        assertEquals(List.of(), alarms.get(ProxyDataplaneProvider.PID));
        assertEquals(new ProxyDataplane.Settings(0, 300, 5000, 1024, "auto"), provider.settings());
    }

    @Test
    void dottedKeysAreRead() {
        provider.configure(Map.of("udp.idle.seconds", "30", "connect.timeout.millis", "700", "backlog", "64",
                "transport", "nio", "threads", "2"));
        assertEquals(new ProxyDataplane.Settings(2, 30, 700, 64, "nio"), provider.settings());
    }

    @Test
    void anUnknownKeyOrAValueOutOfRangeIsRefusedAndThePreviousSettingsKept() {
        provider.configure(Map.of("udp.idle.seconds", "30"));
        ProxyDataplane.Settings before = provider.settings();

        provider.configure(Map.of("udp_idle_seconds", "60", "backlog", "0", "transport", "kqueue",
                "felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.lb.proxy.cfg"));

        String f = "/opt/dsas/etc/org.dsas.lb.proxy.cfg: key ";
        assertEquals(List.of(f + "'backlog': '0' is out of range 1-65535",
                f + "'udp_idle_seconds': unknown key (known: backlog, connect.timeout.millis, threads, transport, "
                        + "udp.idle.seconds)",
                f + "'transport': 'kqueue' is not auto, nio or epoll"), alarms.get(ProxyDataplaneProvider.PID));
        assertEquals(before, provider.settings());

        provider.configure(Map.of("udp.idle.seconds", "90000"));
        assertEquals(List.of("etc/org.dsas.lb.proxy.cfg: key 'udp.idle.seconds': '90000' is out of range 1-86400"),
                alarms.get(ProxyDataplaneProvider.PID));
        assertEquals(before, provider.settings());

        provider.configure(Map.of("udp.idle.seconds", "45"));
        assertEquals(List.of(), alarms.get(ProxyDataplaneProvider.PID));
        assertEquals(45, provider.settings().udpIdleSeconds());
    }
}
