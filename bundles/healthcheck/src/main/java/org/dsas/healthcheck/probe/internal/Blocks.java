package org.dsas.healthcheck.probe.internal;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

import org.dsas.keepalived.conf.ConfNode;

/**
 * Reading and validating the statements of a checker block: every problem is one line
 * "file:line: keyword: problem" in an {@link IllegalArgumentException}, thrown before anything runs.
 */
final class Blocks {

    /** Read by the engine (connection and scheduling), accepted in every checker block. */
    static final Set<String> ENGINE_KEYWORDS = Set.of("connect_ip", "connect_port", "bind_to", "bind_port", "bind_if",
            "connect_timeout", "fwmark", "delay_loop", "retry", "nb_get_retry", "delay_before_retry", "warmup", "alpha",
            "inhibit_on_failure", "log_all_failures", "dont_track_primary");

    private Blocks() {
    }

    static IllegalArgumentException problem(ConfNode node, String problem) {
        return new IllegalArgumentException(node.where() + ": " + node.keyword() + ": " + problem);
    }

    /** Rejects keywords that are neither the engine's nor in {@code own}, and sub-blocks where none belong. */
    static void onlyKnown(ConfNode block, Set<String> own, Set<String> blocks) {
        for (ConfNode c : block.children()) {
            if (!own.contains(c.keyword()) && !ENGINE_KEYWORDS.contains(c.keyword())) {
                throw problem(c, "unknown keyword in " + block.keyword() + " (known: " + String.join(", ",
                        new java.util.TreeSet<>(own)) + ")");
            }
            if (!c.children().isEmpty() && !blocks.contains(c.keyword())) {
                throw problem(c, "takes no block");
            }
        }
    }

    /** The single argument of a statement; a missing or extra word is a problem. */
    static String single(ConfNode node) {
        if (node.args().size() != 1) {
            throw problem(node, node.args().isEmpty() ? "value missing" : "one value expected, got " + node.args());
        }
        return node.arg(0);
    }

    static int integer(ConfNode node, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw problem(node, "not a number: '" + text + "'");
        }
        if (v < min || v > max) {
            throw problem(node, text + " out of range " + min + ".." + max);
        }
        return (int) v;
    }

    /** keepalived's timers: seconds, with a fraction allowed (misc_timeout 2.5). */
    static Duration seconds(ConfNode node) {
        String text = single(node);
        try {
            double s = Double.parseDouble(text);
            if (s <= 0 || s > 86_400 || Double.isNaN(s)) {
                throw problem(node, text + " out of range (0, 86400] seconds");
            }
            return Duration.ofNanos((long) (s * 1e9));
        } catch (NumberFormatException e) {
            throw problem(node, "not a number of seconds: '" + text + "'");
        }
    }

    static byte[] hex(ConfNode node, String text) {
        if (text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]*")) {
            throw problem(node, "not an even number of hex digits: '" + text + "'");
        }
        return HexFormat.of().parseHex(text);
    }

    /** keepalived's true/false words; no argument means true. */
    static boolean flag(ConfNode node) {
        if (node.args().isEmpty()) {
            return true;
        }
        return switch (single(node).toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw problem(node, "true or false expected, got '" + node.arg(0) + "'");
        };
    }

    static void atMostOnce(ConfNode block, String keyword) {
        var all = block.children(keyword);
        if (all.size() > 1) {
            throw problem(all.get(1), "given twice (first at line " + all.get(0).line() + ")");
        }
    }
}
