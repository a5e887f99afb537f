package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoleFlagsTest {

    private static final String WHERE = "etc/dsas.flags key 'roles'";
    private final List<String> problems = new ArrayList<>();

    private Map<String, Boolean> parse(String value) {
        return RoleFlags.parse(value, WHERE, problems);
    }

    private static Map<String, Boolean> ordered(Object... nameOnPairs) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < nameOnPairs.length; i += 2) {
            m.put((String) nameOnPairs[i], (Boolean) nameOnPairs[i + 1]);
        }
        return m;
    }

    @Test
    void namesSeparatedByCommasSpacesOrBothAreAllSwitchedOnInTheOrderGiven() {
        Map<String, Boolean> roles = parse(" lb, metrics  console,,\tweb ");

        assertEquals(List.of("lb", "metrics", "console", "web"), List.copyOf(roles.keySet()));
        assertEquals(ordered("lb", true, "metrics", true, "console", true, "web", true), roles);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void dashOrBangPrefixSwitchesARoleOff() {
        assertEquals(ordered("lb", true, "metrics", false, "netboot", false), parse("lb -metrics !netboot"));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void laterMentionWinsAndTakesTheLaterPosition() {
        assertEquals(ordered("lb", false), parse("lb,-lb"));
        assertEquals(ordered("lb", true), parse("!lb lb"));

        Map<String, Boolean> roles = parse("web, lb, -web");
        assertEquals(List.of("lb", "web"), List.copyOf(roles.keySet()));
        assertEquals(ordered("lb", true, "web", false), roles);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void badTokenIsReportedAsOneLineNamingSourceAndTokenWhileGoodTokensStillParse() {
        Map<String, Boolean> roles = parse("lb, Metrics, -9web, console");

        assertEquals(ordered("lb", true, "console", true), roles);
        assertEquals(List.of(
                "etc/dsas.flags key 'roles': 'Metrics' is not a role name (lower-case letters, digits, '-', '_'; "
                        + "prefix '-' to switch a role off)",
                "etc/dsas.flags key 'roles': '-9web' is not a role name (lower-case letters, digits, '-', '_'; "
                        + "prefix '-' to switch a role off)"),
                problems);
    }

    @Test
    void aLonePrefixOrADoublePrefixIsNotARoleName() {
        assertEquals(Map.of(), parse("- --lb !"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'-' is not a role name"), problems.get(0));
        assertTrue(problems.get(1).contains("'--lb' is not a role name"), problems.get(1));
        assertTrue(problems.get(2).contains("'!' is not a role name"), problems.get(2));
    }

    @Test
    void roleNamesAreAtMost32Characters() {
        String longest = "a".repeat(32);
        assertEquals(ordered(longest, true), parse(longest + " " + "b".repeat(33)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'" + "b".repeat(33) + "'"), problems.get(0));
    }

    @Test
    void digitsDashesAndUnderscoresAreAllowedAfterTheFirstLetter() {
        assertEquals(ordered("lb-2", true, "role_x9", false), parse("lb-2 -role_x9"));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void nullOrBlankValueNamesNoRolesAndNoProblems() {
        assertEquals(Map.of(), parse(null));
        assertEquals(Map.of(), parse(""));
        assertEquals(Map.of(), parse("   \t "));
        assertEquals(Map.of(), parse(" , ,"));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void formatWritesTheFlagSyntaxWithDashForOff() {
        assertEquals("lb,-metrics,web", RoleFlags.format(ordered("lb", true, "metrics", false, "web", true)));
        assertEquals("-lb", RoleFlags.format(ordered("lb", false)));
        assertEquals("", RoleFlags.format(Map.of()));
    }

    @Test
    void formattedFlagsParseBackToTheSameRoles() {
        Map<String, Boolean> roles = ordered("web", false, "lb", true, "metrics", false);
        assertEquals(roles, parse(RoleFlags.format(roles)));
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
