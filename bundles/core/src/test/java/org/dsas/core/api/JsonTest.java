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
}
