package org.dsas.testsupport.netns;

import java.util.List;

/** What a finished command returned: its exit code, stdout and stderr (UTF-8). */
public record ExecResult(List<String> command, int exit, String out, String err) {

    public boolean ok() {
        return exit == 0;
    }

    /** stdout followed by stderr. */
    public String all() {
        return out + err;
    }

    /** Throws, with the command and its output in the message, unless the exit code was 0. */
    public ExecResult orThrow() {
        if (exit != 0) {
            throw new IllegalStateException(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exit
                + (out.isEmpty() ? "" : "\n--- stdout ---\n" + out)
                + (err.isEmpty() ? "" : "\n--- stderr ---\n" + err);
    }
}
