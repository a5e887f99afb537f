package org.dsas.core.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Test helper for every bundle's shell commands (shared through core's test-jar): what a command prints on
 * System.out, one string per line, and the shell's --json switch.
 */
public final class ShellConsole {

    private ShellConsole() {
    }

    /** Runs the command; a command prints and returns null (what ssh host 'cmd' needs), anything else fails. */
    public static List<String> linesPrintedBy(Callable<?> command) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Object returned;
        try {
            returned = command.call();
        } finally {
            System.setOut(saved);
        }
        if (returned != null) {
            throw new AssertionError("a command prints and returns null, this one returned " + returned);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Sets --json as the shell would. */
    public static <T extends ListingAction> T json(T command) throws Exception {
        var field = ListingAction.class.getDeclaredField("json");
        field.setAccessible(true);
        field.setBoolean(command, true);
        return command;
    }
}
