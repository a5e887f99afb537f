package org.dsas.core.internal;

import static org.dsas.core.internal.LogEvents.featuresLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class KarafPlanCaptureTest {

    private final KarafPlanCapture capture = new KarafPlanCapture();

    @Test
    void collectsTheFeaturesServiceLinesLoggedBetweenStartAndStop() {
        capture.start();
        capture.doAppend(featuresLine("Changes to perform:"));
        capture.doAppend(featuresLine("    Bundles to install:"));

        assertEquals(List.of("Changes to perform:", "    Bundles to install:"), capture.stop());
    }

    @Test
    void ignoresOtherLoggers() {
        capture.start();
        capture.doAppend(LogEvents.event("org.dsas.core.internal.RoleManager", 6, 0L, "role[lb] enabling"));
        capture.doAppend(featuresLine("No deployment change."));

        assertEquals(List.of("No deployment change."), capture.stop());
    }

    @Test
    void ignoresLinesOutsideACapture() {
        capture.doAppend(featuresLine("before"));
        capture.start();
        capture.doAppend(featuresLine("during"));
        assertEquals(List.of("during"), capture.stop());
        capture.doAppend(featuresLine("after"));

        capture.start();
        assertEquals(List.of(), capture.stop(), "start() begins a fresh capture");
    }
}
