package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static Map<String, Object> ordered(Object... keyValuePairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            m.put((String) keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return m;
    }

    @Test
    void writesNestedMapsAndListsInTheirOrder() {
        Map<String, Object> model = ordered(
                "box", ordered("host", "dsas-1", "uptimeSeconds", 42L),
                "roles", List.of(ordered("name", "lb", "active", true), ordered("name", "web", "active", false)),
                "alarms", List.of(),
                "features", ordered());

        assertEquals("{\"box\":{\"host\":\"dsas-1\",\"uptimeSeconds\":42},"
                + "\"roles\":[{\"name\":\"lb\",\"active\":true},{\"name\":\"web\",\"active\":false}],"
                + "\"alarms\":[],\"features\":{}}", Json.write(model));
    }

    @Test
    void escapesQuotesBackslashesAndLineBreaks() {
        assertEquals("\"say \\\"hi\\\" to C:\\\\dsas\\nnext\\r\\tend\"", Json.write("say \"hi\" to C:\\dsas\nnext\r\tend"));
    }

    @Test
    void escapesOtherControlCharactersAsUnicode() {
        assertEquals("\"a\\u0000b\\u0001c\\u001fd\\u0008e\\u000c\"", Json.write("a\u0000b\u0001c\u001fd\be\f"));
    }

    @Test
    void leavesPrintableNonAsciiAlone() {
        assertEquals("\"café ✓ \u007f\"", Json.write("café ✓ \u007f"));
    }

    @Test
    void escapesMapKeysToo() {
        assertEquals("{\"a\\\"b\\n\":1}", Json.write(Map.of("a\"b\n", 1)));
    }

    @Test
    void writesNull() {
        assertEquals("null", Json.write(null));
        List<Object> withNull = new ArrayList<>(Arrays.asList("x", null));
        assertEquals("[\"x\",null]", Json.write(withNull));
        assertEquals("{\"error\":null}", Json.write(ordered("error", null)));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null,null,null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Float.NaN)));
    }

    @Test
    void writesBooleansAndNumbersBare() {
        assertEquals("[true,false,0,-7,9223372036854775807,3,4,1.5,12.50]", Json.write(List.of(true, false, 0, -7,
                Long.MAX_VALUE, (short) 3, (byte) 4, 1.5, new BigDecimal("12.50"))));
    }

    @Test
    void writesNonStringKeysAsStrings() {
        assertEquals("{\"1\":\"one\"}", Json.write(Map.of(1, "one")));
    }

    @Test
    void writesOtherObjectsAsTheirStringForm() {
        assertEquals("[\"OPERATOR\",\"x\"]", Json.write(List.of(FlagSource.OPERATOR, new StringBuilder("x"))));
    }

    @Test
    void writesAnyCollectionAsAnArray() {
        assertEquals("[\"b\",\"a\"]", Json.write(new LinkedHashSet<>(List.of("b", "a"))));
    }

    @Test
    void parseReadsBackWhatWriteWrote() {
        Map<String, Object> model = ordered(
                "box", ordered("host", "dsas-1", "uptimeSeconds", 42L, "load", 0.25),
                "roles", List.of(ordered("name", "lb", "active", true), ordered("name", "w\"e\\b\n\u0001", "active", false)),
                "alarms", List.of(),
                "error", null,
                "negative", -7L,
                "features", ordered());

        assertEquals(model, Json.parse(Json.write(model)));
    }

    @Test
    void parseGivesIntegersAsLongsAndFractionsAsDoublesInTheirOrder() {
        Object parsed = Json.parse(" { \"b\" : 1 , \"a\" : [ 2.5 , -3e2 , \"\\u00e9\\/\" ] } ");

        assertEquals(ordered("b", 1L, "a", List.of(2.5, -300.0, "é/")), parsed);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) parsed).keySet()));
    }

    @Test
    void parseRefusesWhatIsNotJsonNamingTheOffset() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "{a:1}", "\"open", "01", "1.", "tru",
                "{\"a\":1,\"a\":2}", "\"\\x\"")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Json.parse(bad), bad);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("JSON offset "), e.getMessage());
        }
    }

    @Test
    void nonCamelCaseKeysNamesEveryProseOrSnakeKeyWithItsPath() {
        Map<String, Object> model = ordered(
                "lb", ordered("driftEvents", 1, "drift repairs", 2, "down_by_checks", 0),
                "vrrp", ordered("instances", List.of(ordered("name", "VI_1", "peers", ordered("192.0.2.2", 150),
                        "Bad", 1))),
                "metrics-collector", ordered("hostsUp", 1));

        assertEquals(List.of("lb.drift repairs", "lb.down_by_checks", "vrrp.instances[0].Bad", "metrics-collector"),
                Json.nonCamelCaseKeys(model, java.util.Set.of("peers")));
        assertEquals(List.of("lb.drift repairs", "lb.down_by_checks", "vrrp.instances[0].peers.192.0.2.2",
                "vrrp.instances[0].Bad", "metrics-collector"), Json.nonCamelCaseKeys(model, java.util.Set.of()));
        assertEquals(List.of(), Json.nonCamelCaseKeys(ordered("driftEvents", 1, "dropsBadTtl", 2L), java.util.Set.of()));
    }
}
