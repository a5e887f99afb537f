package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.junit.jupiter.api.Test;

/** The instance sample shipped in etc/ is what an operator copies: it must load with every key known. */
class ShippedInstanceSampleTest {

    @Test
    void theShippedSampleIsReadWholeWithEveryKeyKnown() throws Exception {
        Map<String, Object> props = new HashMap<>(ConfigFiles.read(
                Path.of("../../etc/org.dsas.vrrp.instance-example.cfg.sample")));
        props.put("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.vrrp.instance-example.cfg");
        VrrpConfig c = VrrpConfigParser.parse(props);
        assertEquals("example", c.name());
        assertEquals(51, c.vrid());
    }
}
