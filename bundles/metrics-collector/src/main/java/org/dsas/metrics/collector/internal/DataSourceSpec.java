package org.dsas.metrics.collector.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One data source as gmetad's {@code data_source "name" [step] host[:port] ...}: a name, a poll step in seconds
 * (15 by default) and the addresses of one cluster's gmond nodes (or of a gmetad), tried in order.
 */
public record DataSourceSpec(String name, int step, List<Address> addresses) {

    public static final int DEFAULT_STEP = 15;
    public static final int DEFAULT_PORT = 8649;

    public record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public DataSourceSpec {
        addresses = List.copyOf(addresses);
    }

    /**
     * Parses several specs separated by ';' or new lines (a .cfg file holds one string).
     *
     * @throws IllegalArgumentException one line naming the bad data source
     */
    public static List<DataSourceSpec> parseAll(String text) {
        List<DataSourceSpec> specs = new ArrayList<>();
        for (String line : text.split("[;\n]")) {
            if (!line.isBlank()) {
                specs.add(parse(line));
            }
        }
        return specs;
    }

    /** Parses {@code "name" [step] host[:port] ...}; the name may be quoted (gmetad) or bare. */
    public static DataSourceSpec parse(String line) {
        String s = line.strip();
        String name;
        String rest;
        if (s.startsWith("\"")) {
            int close = s.indexOf('"', 1);
            if (close < 0) {
                throw new IllegalArgumentException("data source " + s + ": unterminated quoted name");
            }
            name = s.substring(1, close);
            rest = s.substring(close + 1).strip();
        } else {
            String[] first = s.split("\\s+", 2);
            name = first[0];
            rest = first.length > 1 ? first[1] : "";
        }
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("data source \"" + name + "\": bad name (empty, '/' or leading '.')");
        }
        String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        int i = 0;
        int step = DEFAULT_STEP;
        // gmetad's rule: a first word that is all digits is the step, an address has dots or letters.
        if (words.length > 0 && words[0].matches("\\d+")) {
            step = Integer.parseInt(words[0]);
            if (step < 1 || step > 3600) {
                throw new IllegalArgumentException("data source \"" + name + "\": step " + step + " not in 1-3600");
            }
            i = 1;
        }
        List<Address> addresses = new ArrayList<>();
        for (; i < words.length; i++) {
            addresses.add(address(name, words[i]));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("data source \"" + name + "\": no address");
        }
        return new DataSourceSpec(name, step, addresses);
    }

    private static Address address(String source, String word) {
        String host = word;
        int port = DEFAULT_PORT;
        int colon = word.lastIndexOf(':');
        if (word.startsWith("[")) {
            int close = word.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("data source \"" + source + "\": bad address " + word);
            }
            host = word.substring(1, close);
            colon = word.indexOf(':', close);
        } else if (colon >= 0 && word.indexOf(':') != colon) {
            colon = -1; // a bare IPv6 address: no port
        }
        if (colon >= 0) {
            if (!word.startsWith("[")) {
                host = word.substring(0, colon);
            }
            try {
                port = Integer.parseInt(word.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("data source \"" + source + "\": bad port in " + word);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("data source \"" + source + "\": bad address " + word);
        }
        return new Address(host, port);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("\"").append(name).append("\" ").append(step);
        addresses.forEach(a -> b.append(' ').append(a));
        return b.toString();
    }
}
