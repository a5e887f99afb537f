package org.dsas.core.internal;

import static org.dsas.core.internal.KarafPlanParser.INSTALL;
import static org.dsas.core.internal.KarafPlanParser.REFRESH;
import static org.dsas.core.internal.KarafPlanParser.UNINSTALL;
import static org.dsas.core.internal.KarafPlanParser.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Lines exactly as Karaf 4.4.10's Deployer logs them when it simulates a change, one log message each. */
class KarafPlanParserTest {

    private static final String REFRESH_LINE = "org.dsas.itests.fixture-b/0.1.0.SNAPSHOT (Should be wired to: "
            + "org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT (through [org.dsas.itests.fixture-b/0.1.0.SNAPSHOT] "
            + "osgi.wiring.package; ...))";

    private static final List<String> INSTALL_PLAN = List.of(
            "Adding features: dsas-role-fixa/[0.1.0.SNAPSHOT,0.1.0.SNAPSHOT]",
            "Changes to perform:",
            "  Region: root",
            "    Bundles to install:",
            "      mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
            "      mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT",
            "  Bundles to refresh:",
            "    " + REFRESH_LINE);

    private static final List<String> UNINSTALL_PLAN = List.of(
            "Removing features: dsas-role-fixa/0.1.0.SNAPSHOT",
            "Changes to perform:",
            "  Region: root",
            "    Bundles to uninstall:",
            "      org.dsas.itests.fixture-a/0.1.0.SNAPSHOT");

    @Test
    void installPlanListsBundlesToInstallAndToRefresh() {
        Map<String, List<String>> plan = KarafPlanParser.parse(INSTALL_PLAN);

        assertEquals(List.of("mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT"), plan.get(INSTALL));
        assertEquals(List.of(REFRESH_LINE), plan.get(REFRESH));
        assertEquals(List.of(), plan.get(UNINSTALL));
        assertEquals(List.of(), plan.get(UPDATE));
    }

    @Test
    void uninstallPlanListsBundlesToUninstall() {
        Map<String, List<String>> plan = KarafPlanParser.parse(UNINSTALL_PLAN);

        assertEquals(List.of("org.dsas.itests.fixture-a/0.1.0.SNAPSHOT"), plan.get(UNINSTALL));
        assertEquals(List.of(), plan.get(INSTALL));
        assertEquals(List.of(), plan.get(UPDATE));
        assertEquals(List.of(), plan.get(REFRESH));
    }

    @Test
    void updatePlanKeepsTheWholeUpdateLine() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of(
                "Changes to perform:",
                "  Region: root",
                "    Bundles to update:",
                "      org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT with mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT"));

        assertEquals(List.of("org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT with mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT"),
                plan.get(UPDATE));
    }

    @Test
    void noDeploymentChangeGivesEmptySections() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of("No deployment change."));

        assertEquals(Map.of(INSTALL, List.of(), UNINSTALL, List.of(), UPDATE, List.of(), REFRESH, List.of()), plan);
    }

    @Test
    void noLinesGiveEmptySectionsInTheFixedOrder() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of());

        assertEquals(List.of(INSTALL, UNINSTALL, UPDATE, REFRESH), List.copyOf(plan.keySet()));
        plan.values().forEach(items -> assertEquals(List.of(), items));
    }

    @Test
    void aMessageHoldingSeveralLinesParsesLikeSeparateMessages() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of(String.join("\n", INSTALL_PLAN)));

        assertEquals(KarafPlanParser.parse(INSTALL_PLAN), plan);
        assertEquals(2, plan.get(INSTALL).size());
    }

    @Test
    void anUnindentedLogLineEndsTheSectionItFollows() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of(
                "Changes to perform:",
                "  Region: root",
                "    Bundles to uninstall:",
                "      org.dsas.itests.fixture-a/0.1.0.SNAPSHOT",
                "Stopping bundles:",
                "  org.dsas.itests.fixture-a/0.1.0.SNAPSHOT",
                "Done."));

        assertEquals(List.of("org.dsas.itests.fixture-a/0.1.0.SNAPSHOT"), plan.get(UNINSTALL));
        plan.entrySet().stream().filter(e -> !e.getKey().equals(UNINSTALL))
                .forEach(e -> assertEquals(List.of(), e.getValue(), e.getKey()));
    }

    @Test
    void severalRegionsAndSectionsAreCollectedTogether() {
        Map<String, List<String>> plan = KarafPlanParser.parse(List.of(
                "Changes to perform:",
                "  Region: root",
                "    Bundles to uninstall:",
                "      org.dsas.old/1.0.0",
                "    Bundles to install:",
                "      mvn:org.dsas/a/1.0.0",
                "  Region: app",
                "    Bundles to install:",
                "      mvn:org.dsas/b/1.0.0"));

        assertEquals(List.of("org.dsas.old/1.0.0"), plan.get(UNINSTALL));
        assertEquals(List.of("mvn:org.dsas/a/1.0.0", "mvn:org.dsas/b/1.0.0"), plan.get(INSTALL));
    }
}
