package org.dsas.core.command;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.Json;
import org.dsas.core.api.StatusView;
import org.dsas.core.shell.ListingAction;

/**
 * Prints the status view: {@code --json} as it is (keys are camelCase identifiers), the text as an indented
 * tree whose camelCase keys read as words ({@code driftEvents} prints as {@code drift events}).
 */
@Command(scope = "dsas", name = "status", description = "One view of the box: roles, features, bundles not running, "
        + "each capability's state, alarms")
@Service
public class Status extends ListingAction {

    @Reference
    StatusView status;

    @Override
    public Object execute() {
        Map<String, Object> model = status.snapshot();
        print(model, out -> printTree(out, model, ""));
        return null;
    }

    static void printTree(PrintStream out, Map<?, ?> map, String indent) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                out.println(indent + label(e.getKey()) + ":");
                printTree(out, m, indent + "  ");
            } else if (v instanceof Collection<?> c) {
                if (c.isEmpty()) {
                    out.println(indent + label(e.getKey()) + ": none");
                    continue;
                }
                out.println(indent + label(e.getKey()) + ":");
                for (Object item : c) {
                    if (item instanceof Map<?, ?> m) {
                        out.println(indent + "  - " + inline(m));
                    } else {
                        out.println(indent + "  - " + item);
                    }
                }
            } else {
                // null in the JSON (a time that never came, no error) reads "none" like an empty list
                out.println(indent + label(e.getKey()) + ": " + (v == null ? "none" : v));
            }
        }
    }

    /** A camelCase key as words for the text form; other keys (instance names, sections) as they are. */
    static String label(Object key) {
        String k = String.valueOf(key);
        if (!Json.KEY.matcher(k).matches()) {
            return k;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String inline(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("  ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

}
