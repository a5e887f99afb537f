package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

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
}
