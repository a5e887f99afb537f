package org.dsas.core.api;

import java.util.List;

/**
 * A file or a configuration refused whole, with every problem found in it, one line each
 * ({@code file:line: key: problem}), so an operator fixes it in one round. The message is the first
 * line and a count; callers that talk to the operator print {@link #problems()}.
 */
public class ConfigProblems extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigProblems(List<String> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each, in file order. */
    public List<String> problems() {
        return problems;
    }

    /** Throws when there is anything in {@code problems}. */
    public static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigProblems(problems);
        }
    }

    /** The problems an exception carries: all of a {@link ConfigProblems}, else its one message. */
    public static List<String> of(IllegalArgumentException e) {
        if (e instanceof ConfigProblems p) {
            return p.problems();
        }
        return List.of(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            return "no problem";
        }
        return problems.size() == 1 ? problems.get(0)
                : problems.get(0) + " (and " + (problems.size() - 1) + " more problem"
                        + (problems.size() > 2 ? "s" : "") + ")";
    }
}
