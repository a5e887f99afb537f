package org.dsas.core.shell;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.dsas.core.api.Json;

/**
 * Base of every DSAS command that lists or reports: {@code --json} (or {@code -j})
 * prints the same model as JSON for scripts. Commands print and return null, as
 * commands run over {@code ssh host 'cmd'} must.
 */
public abstract class ListingAction implements Action {

    @Option(name = "--json", aliases = "-j", description = "Print machine-readable JSON instead of text")
    protected boolean json;

    /** Prints the model as JSON, or as text through the given printer. */
    protected void print(Object model, java.util.function.Consumer<PrintStream> text) {
        if (json) {
            System.out.println(Json.write(model));
        } else {
            text.accept(System.out);
        }
    }

    /** Prints rows as an aligned table under the given headers. */
    public static void table(PrintStream out, List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            line.append(pad(headers.get(i), width[i], i == width.length - 1));
        }
        out.println(line.toString().stripTrailing());
        for (List<String> row : rows) {
            line.setLength(0);
            for (int i = 0; i < width.length; i++) {
                line.append(pad(row.get(i), width[i], i == width.length - 1));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int w, boolean last) {
        return last ? s : s + " ".repeat(w - s.length() + 2);
    }
}
