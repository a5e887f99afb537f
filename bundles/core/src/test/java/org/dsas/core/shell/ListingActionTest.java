package org.dsas.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ListingActionTest {

    private static List<String> table(List<String> headers, List<List<String>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ListingAction.table(out, headers, rows);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void columnsAreAsWideAsTheirWidestCellPlusTwoSpaces() {
        List<String> lines = table(List.of("ROLE", "STATE", "DESCRIPTION"), List.of(
                List.of("base", "active", "shell, status view"),
                List.of("metrics", "inactive", "exporter")));

        assertEquals(List.of(
                "ROLE     STATE     DESCRIPTION",
                "base     active    shell, status view",
                "metrics  inactive  exporter"), lines);
    }

    @Test
    void aWideHeaderSetsTheColumnWidth() {
        List<String> lines = table(List.of("ROLE", "DECIDED"), List.of(List.of("lb", "on")));

        assertEquals(List.of("ROLE  DECIDED", "lb    on"), lines);
    }

    @Test
    void everyColumnStartsAtTheSamePositionOnEveryLine() {
        List<String> lines = table(List.of("A", "B", "C"), List.of(
                List.of("x", "yyyyyyy", "z"),
                List.of("xxxxx", "y", "zzzz")));

        for (String line : lines) {
            assertEquals(7, line.indexOf(line.trim().split("\\s+")[1]), line);
            assertEquals(16, line.lastIndexOf(' ') + 1, line);
        }
    }

    @Test
    void lastColumnIsNotPaddedAndLinesHaveNoTrailingSpaces() {
        List<String> lines = table(List.of("ROLE", "ERROR"), List.of(
                List.of("lb", ""),
                List.of("web", "failed to start")));

        assertEquals(List.of("ROLE  ERROR", "lb", "web   failed to start"), lines);
    }

    @Test
    void withoutRowsOnlyTheHeaderIsPrinted() {
        assertEquals(List.of("ROLE  STATE"), table(List.of("ROLE", "STATE"), List.of()));
    }

    /** A listing command as the DSAS commands are written. */
    static final class Listing extends ListingAction {
        @Override
        public Object execute() {
            print(Map.of("name", "lb"), out -> out.println("lb (text)"));
            return null;
        }
    }

    private static String run(Listing command) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void printWritesTextByDefaultAndJsonWithTheJsonOption() {
        Listing text = new Listing();
        Listing json = new Listing();
        json.json = true;

        assertEquals("lb (text)", run(text));
        assertEquals("{\"name\":\"lb\"}", run(json));
    }
}
