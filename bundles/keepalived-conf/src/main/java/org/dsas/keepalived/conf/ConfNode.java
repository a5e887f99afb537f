package org.dsas.keepalived.conf;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a keepalived.conf: its keyword, the words after it on the
 * line, the statements of its block (empty without a block) and where it stood.
 */
public record ConfNode(String keyword, List<String> args, List<ConfNode> children, String source, int line) {

    /** The first child statement with this keyword. */
    public Optional<ConfNode> child(String kw) {
        return children.stream().filter(c -> c.keyword.equals(kw)).findFirst();
    }

    /** All child statements with this keyword. */
    public List<ConfNode> children(String kw) {
        return children.stream().filter(c -> c.keyword.equals(kw)).toList();
    }

    /** The i-th word after the keyword, or null. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** {@code file:line} for messages. */
    public String where() {
        return source + ":" + line;
    }
}
