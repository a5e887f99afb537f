package org.dsas.core.shell;

import java.io.PrintStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dsas.core.api.ConfigProblems;
import org.dsas.core.api.FileQuote;

/**
 * How a command reports a file it refused: one line per problem on the error stream, then one
 * error (the count and what was left alone) that the shell prints and turns into a failed exit status.
 */
public final class ProblemReport {

    private ProblemReport() {
    }

    /**
     * Prints every problem to {@code err}, each with the words of the file that look like no configuration (a
     * password hash, a key) replaced by their length ({@link FileQuote#redact}); returns the error the command
     * throws.
     */
    public static IllegalArgumentException refused(ConfigProblems problems, String file, String untouched,
            PrintStream err) {
        String text = contentOf(file);
        problems.problems().forEach(p -> err.println(FileQuote.redact(p, text)));
        int n = problems.problems().size();
        return new IllegalArgumentException(n + " problem" + (n == 1 ? "" : "s") + " in " + file + "; " + untouched);
    }

    /** What a command prints about a line of the file it read ("not imported: ..."), redacted as problems are. */
    public static String aboutFile(String line, String file) {
        return FileQuote.redact(line, contentOf(file));
    }

    private static String contentOf(String file) {
        try {
            Path p = Path.of(file);
            // bytes that are not UTF-8 become U+FFFD instead of failing the read (and the redaction with it)
            return Files.isRegularFile(p) && Files.size(p) < 16 << 20
                    ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
