package org.dsas.metrics.internal.prometheus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus text format 0.0.4 as promtool and the Prometheus scraper accept it: HELP and TYPE
 * at most once per family and before its samples, samples of a family contiguous, names and label names in their
 * alphabets, label values quoted with only \\, \" and \n escapes, values Go floats. Throws on the first bad line;
 * returns the samples by series ("name{labels}").
 */
final class ExpositionGrammar {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf");

    /** Series and value of every sample, plus each family's TYPE. */
    record Parsed(Map<String, Double> samples, Map<String, String> types) {
    }

    private ExpositionGrammar() {
    }

    static Parsed parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a newline");
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> closed = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                current = family(m.group(1), current, closed, n);
                if (!helped.add(m.group(1))) {
                    throw bad(n, "second HELP for " + m.group(1), line);
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                current = family(m.group(1), current, closed, n);
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw bad(n, "second TYPE for " + m.group(1), line);
                }
                if (sampled.contains(m.group(1))) {
                    throw bad(n, "TYPE after samples of " + m.group(1), line);
                }
            } else if (line.startsWith("#")) {
                continue; // other comments are allowed
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                current = family(name, current, closed, n);
                sampled.add(name);
                String labels = m.group(3) == null ? "" : m.group(3);
                Matcher l = LABEL.matcher(labels);
                int at = 0;
                Set<String> labelNames = new HashSet<>();
                while (at < labels.length()) {
                    if (!l.find(at) || l.start() != at) {
                        throw bad(n, "bad label at \"" + labels.substring(at) + "\"", line);
                    }
                    if (!labelNames.add(l.group(1))) {
                        throw bad(n, "label " + l.group(1) + " twice", line);
                    }
                    at = l.end();
                }
                if (labels.endsWith(",")) {
                    throw bad(n, "trailing comma", line);
                }
                if (!FLOAT.matcher(m.group(4)).matches()) {
                    throw bad(n, "bad value " + m.group(4), line);
                }
                String series = name + "{" + labels + "}";
                if (samples.put(series, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))) != null) {
                    throw bad(n, "series twice: " + series, line);
                }
            } else {
                throw bad(n, "not HELP, TYPE, comment or sample", line);
            }
        }
        return new Parsed(samples, types);
    }

    /** Samples of a family are contiguous: a family that ended may not start again. */
    private static String family(String name, String current, Set<String> closed, int n) {
        if (name.equals(current)) {
            return current;
        }
        if (closed.contains(name)) {
            throw bad(n, "family " + name + " appears again after other families", name);
        }
        if (current != null) {
            closed.add(current);
        }
        return name;
    }

    private static IllegalArgumentException bad(int line, String why, String text) {
        return new IllegalArgumentException("line " + line + ": " + why + ": " + text);
    }
}
