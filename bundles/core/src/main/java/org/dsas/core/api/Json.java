package org.dsas.core.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the plain values DSAS listings produce (maps, collections, strings,
 * numbers, booleans, null, records' toString as strings) as JSON, so every
 * {@code --json} output is parseable by scripts without a JSON library in the box;
 * {@link #parse} reads it back (tests, scripts in Java), so the two round-trip.
 */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            out.append(Double.isFinite(d) ? n.toString() : "null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                append(out, item);
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The form every JSON key of DSAS takes: a camelCase identifier ({@code driftEvents}, {@code dropsBadTtl}). */
    public static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9]*");

    /**
     * Every key in {@code value} (maps within maps and lists) that is not a camelCase {@link #KEY}, as a path
     * such as {@code lb.drift repairs}; the maps under a key named in {@code dataKeyed} are keyed by data (peer
     * addresses, instance names) and are not checked. Empty when the model is machine-readable.
     */
    public static List<String> nonCamelCaseKeys(Object value, java.util.Set<String> dataKeyed) {
        List<String> bad = new ArrayList<>();
        collectKeys(value, "", dataKeyed, bad);
        return bad;
    }

    private static void collectKeys(Object value, String path, java.util.Set<String> dataKeyed, List<String> bad) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                String p = path.isEmpty() ? k : path + "." + k;
                if (!KEY.matcher(k).matches()) {
                    bad.add(p);
                }
                if (!dataKeyed.contains(k)) {
                    collectKeys(e.getValue(), p, dataKeyed, bad);
                }
            }
        } else if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                collectKeys(item, path + "[" + i++ + "]", dataKeyed, bad);
            }
        }
    }

    /**
     * Reads one JSON value: objects as insertion-ordered maps, arrays as lists, integers as {@link Long},
     * other numbers as {@link Double}, strings, booleans, null. Anything else, or text after the value, is an
     * {@link IllegalArgumentException} naming the offset.
     */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        Object v = r.value();
        r.blank();
        if (r.pos != text.length()) {
            throw r.error("text after the value");
        }
        return v;
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON offset " + pos + ": " + what);
        }

        void blank() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        boolean take(char c) {
            blank();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!take(c)) {
                throw error("expected '" + c + "'");
            }
        }

        Object value() {
            blank();
            if (pos >= s.length()) {
                throw error("value expected, end of text");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                if (take('}')) {
                    return m;
                }
                do {
                    blank();
                    if (pos >= s.length() || s.charAt(pos) != '"') {
                        throw error("object key expected");
                    }
                    String k = string();
                    if (m.containsKey(k)) {
                        throw error("duplicate key '" + k + "'");
                    }
                    expect(':');
                    m.put(k, value());
                } while (take(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                if (take(']')) {
                    return l;
                }
                do {
                    l.add(value());
                } while (take(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            return number();
        }

        String string() {
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            }
        }

        Object number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String n = s.substring(start, pos);
            if (n.isEmpty()) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            try {
                if (n.matches("-?(0|[1-9][0-9]*)")) {
                    return Long.parseLong(n);
                }
                if (n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                    return Double.parseDouble(n);
                }
            } catch (NumberFormatException x) {
                // beyond long: falls through to the error
            }
            pos = start;
            throw error("bad number '" + n + "'");
        }
    }
}
