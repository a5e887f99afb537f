package org.dsas.core.shell;

import java.io.PrintStream;

import org.dsas.core.api.ConfigProblems;

/**
 * How a command reports a file it refused: one line per problem on the error stream, then one
 * error (the count and what was left alone) that the shell prints and turns into a failed exit status.
 */
public final class ProblemReport {

    private ProblemReport() {
    }

    /** Prints every problem to {@code err}; returns the error the command throws. */
    public static IllegalArgumentException refused(ConfigProblems problems, String file, String untouched,
            PrintStream err) {
        problems.problems().forEach(err::println);
        int n = problems.problems().size();
        return new IllegalArgumentException(n + " problem" + (n == 1 ? "" : "s") + " in " + file + "; " + untouched);
    }
}
