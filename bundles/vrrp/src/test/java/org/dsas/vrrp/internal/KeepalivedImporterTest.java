package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.dsas.core.api.ConfigProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedImporterTest {

    private static final String CONF = """
            global_defs {
                router_id LVS_A
                enable_script_security
            }
            vrrp_script chk_web {
                script "/usr/local/bin/check_web --fast"
                interval 3
                weight -20
                fall 2
            }
            vrrp_sync_group VG_1 {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 1
                nopreempt
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    192.0.2.100/24 dev eth0
                }
                use_vmac
                track_script {
                    chk_web
                }
            }
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                virtual_ipaddress {
                    198.51.100.10
                }
            }
            virtual_server 10.0.0.1 80 {
                lb_algo rr
            }
            """;

    @Test
    void importsInstancesAndNamesWhatItLeavesOut(@TempDir Path etc) throws Exception {
        KeepalivedImporter.Outcome o = KeepalivedImporter.importFile(CONF, "keepalived.conf", etc, false);
        assertEquals(2, o.written().size());
        Properties vi1 = new Properties();
        vi1.load(Files.newBufferedReader(etc.resolve("org.dsas.vrrp.instance-VI_1.cfg")));
        assertEquals("eth0", vi1.getProperty("interface"));
        assertEquals("51", vi1.getProperty("vrid"));
        assertEquals("false", vi1.getProperty("preempt"));
        assertEquals("1111", vi1.getProperty("authPass"));
        assertEquals("192.0.2.100/24", vi1.getProperty("virtualAddresses"));
        assertEquals("VG_1", vi1.getProperty("syncGroup"));
        assertEquals("/usr/local/bin/check_web", vi1.getProperty("trackScript"));
        assertEquals("3", vi1.getProperty("trackScriptInterval"));
        assertEquals("-20", vi1.getProperty("trackScriptWeight"));
        Properties vi2 = new Properties();
        vi2.load(Files.newBufferedReader(etc.resolve("org.dsas.vrrp.instance-VI_2.cfg")));
        assertEquals("198.51.100.10/32", vi2.getProperty("virtualAddresses"));

        String all = String.join("\n", o.unsupported());
        assertEquals("true", vi1.getProperty("useVmac"));
        assertTrue(all.contains("keepalived.conf:3: global_defs enable_script_security"), all);
        assertTrue(all.contains("keepalived.conf:29: virtual_ipaddress options 'dev eth0'"), all);
        assertTrue(all.contains("keepalived.conf:18: state MASTER"), all);
        assertTrue(all.contains("keepalived.conf:9: vrrp_script chk_web fall"), all);
        assertTrue(all.contains("script arguments"), all);
        assertFalse(all.contains("virtual_server"), "the lb capability's blocks are not VRRP's to report");

        // The files are what the appliance runs: they parse as instances.
        Map<String, Object> props = new HashMap<>();
        vi1.forEach((k, v) -> props.put(k.toString(), v));
        assertEquals(150, VrrpConfigParser.parse(props).priority());
    }

    @Test
    void oneBadInstanceWritesNothing(@TempDir Path etc) throws Exception {
        String bad = CONF.replace("virtual_router_id 52", "virtual_router_id 300");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeepalivedImporter.importFile(bad, "keepalived.conf", etc, false));
        assertTrue(e.getMessage().contains("vrrp[VI_2]") && e.getMessage().contains("key 'vrid': '300' is not 1-255"),
                e.getMessage());
        try (var files = Files.list(etc)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void everyBadInstanceIsNamedAtOnce(@TempDir Path etc) throws Exception {
        String bad = CONF.replace("virtual_router_id 52", "virtual_router_id 300")
                .replace("virtual_router_id 51", "virtual_router_id 0");
        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> KeepalivedImporter.importFile(bad, "keepalived.conf", etc, false));
        assertEquals(2, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).contains("vrrp[VI_1]") && e.problems().get(0).contains("key 'vrid'"),
                e.problems()::toString);
        assertTrue(e.problems().get(1).contains("vrrp[VI_2]") && e.problems().get(1).contains("key 'vrid'"),
                e.problems()::toString);
        try (var files = Files.list(etc)) {
            assertEquals(0, files.count());
        }
    }
}
