package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationErrorTest {

    @Test
    void messageNamesFileKeyAndProblem() {
        assertEquals("etc/org.dsas.syslog.cfg: key 'port': 'x' is not a port",
                new ConfigurationError("etc/org.dsas.syslog.cfg", "port", "'x' is not a port").getMessage());
    }

    @Test
    void fileIsTheFileInstallFileWithoutItsUrlScheme() {
        assertEquals("/opt/dsas/etc/org.dsas.roles.cfg", ConfigurationError.fileOf(
                Map.of("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.roles.cfg"), "org.dsas.roles"));
        assertEquals("/opt/dsas/etc/org.dsas.roles.cfg", ConfigurationError.fileOf(
                Map.of("felix.fileinstall.filename", "/opt/dsas/etc/org.dsas.roles.cfg"), "org.dsas.roles"));
    }

    @Test
    void fileDefaultsToThePidsFileUnderEtc() {
        assertEquals("etc/org.dsas.roles.cfg", ConfigurationError.fileOf(Map.of(), "org.dsas.roles"));
    }

    @Test
    void frameworkKeysAreRecognisedByPrefix() {
        for (String key : new String[] {"service.pid", "service.factoryPid", "felix.fileinstall.filename",
                "component.name", "component.id", "osgi.ds.satisfying.condition.target",
                "org.apache.karaf.features.configKey"}) {
            assertTrue(ConfigurationError.isFrameworkKey(key), key);
        }
        for (String key : new String[] {"role.lb.feature", "host", "service", "servicepid"}) {
            assertFalse(ConfigurationError.isFrameworkKey(key), key);
        }
    }
}
