package org.dsas.vrrp.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import org.dsas.core.shell.ListingAction;

/** Test helper: what a command prints on System.out, one string per line, and the shell's --json switch. */
final class Console {

    private Console() {
    }

    static List<String> linesPrintedBy(Callable<?> command) throws Exception {
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
    static <T extends ListingAction> T json(T command) throws Exception {
        var field = ListingAction.class.getDeclaredField("json");
        field.setAccessible(true);
        field.setBoolean(command, true);
        return command;
    }
}
