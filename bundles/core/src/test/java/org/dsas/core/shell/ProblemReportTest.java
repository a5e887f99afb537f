package org.dsas.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dsas.core.api.ConfigProblems;
import org.junit.jupiter.api.Test;

class ProblemReportTest {

    @Test
    void everyProblemIsALineAndTheErrorCountsThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        IllegalArgumentException e = ProblemReport.refused(new ConfigProblems(List.of("k.conf:3: a: bad",
                "k.conf:9: b: worse")), "k.conf", "nothing imported", err);
        assertEquals("k.conf:3: a: bad\nk.conf:9: b: worse\n", bytes.toString(StandardCharsets.UTF_8)
                .replace(System.lineSeparator(), "\n"));
        assertEquals("2 problems in k.conf; nothing imported", e.getMessage());
        assertEquals("1 problem in k.conf; nothing imported", ProblemReport.refused(
                new ConfigProblems(List.of("k.conf:3: a: bad")), "k.conf", "nothing imported", err).getMessage());
    }

    @Test
    void theExceptionsMessageIsItsFirstProblemAndACount() {
        assertEquals("a (and 2 more problems)", new ConfigProblems(List.of("a", "b", "c")).getMessage());
        assertEquals("a (and 1 more problem)", new ConfigProblems(List.of("a", "b")).getMessage());
        assertEquals(List.of("x"), ConfigProblems.of(new IllegalArgumentException("x")));
    }
}
