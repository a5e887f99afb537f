package org.dsas.metrics.sources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.MetricSource.Metric;

/** Text captured from real servers (src/test/resources), and lookups in figure lists. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code mariadb -B -N -e 'SHOW GLOBAL STATUS'} output as the rows JDBC returns. */
    static GlobalStatus globalStatus(String name) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : text(name).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                rows.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return new GlobalStatus(rows);
    }

    static Map<String, Metric> byName(List<Metric> figures) {
        Map<String, Metric> m = new LinkedHashMap<>();
        for (Metric f : figures) {
            if (m.put(f.name(), f) != null) {
                throw new AssertionError("figure published twice: " + f.name());
            }
        }
        return m;
    }
}
