package org.dsas.metrics.collector.xml;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;

/**
 * Writes gmetad's XML: {@code <GANGLIA_XML SOURCE="gmetad"><GRID NAME AUTHORITY LOCALTIME><CLUSTER><HOST><METRIC>}
 * with gmond's DTD, for the whole grid (port 8651) or one cluster or host (the interactive port's paths), in
 * full or as summaries ({@code <HOSTS UP DOWN>} and one {@code <METRICS SUM NUM>} per numeric metric, the sum
 * over the hosts that are up, as gmetad's {@code ?filter=summary}). ISO-8859-1 as gmond and gmetad write it;
 * other characters become character references.
 */
public final class GridXmlWriter {

    public static final String VERSION = "3.7.2";

    static final String DTD = """
            <!DOCTYPE GANGLIA_XML [
               <!ELEMENT GANGLIA_XML (GRID|CLUSTER|HOST)*>
                  <!ATTLIST GANGLIA_XML VERSION CDATA #REQUIRED>
                  <!ATTLIST GANGLIA_XML SOURCE CDATA #REQUIRED>
               <!ELEMENT GRID (CLUSTER | GRID | HOSTS | METRICS)*>
                  <!ATTLIST GRID NAME CDATA #REQUIRED>
                  <!ATTLIST GRID AUTHORITY CDATA #REQUIRED>
                  <!ATTLIST GRID LOCALTIME CDATA #IMPLIED>
               <!ELEMENT CLUSTER (HOST | HOSTS | METRICS)*>
                  <!ATTLIST CLUSTER NAME CDATA #REQUIRED>
                  <!ATTLIST CLUSTER OWNER CDATA #IMPLIED>
                  <!ATTLIST CLUSTER LATLONG CDATA #IMPLIED>
                  <!ATTLIST CLUSTER URL CDATA #IMPLIED>
                  <!ATTLIST CLUSTER LOCALTIME CDATA #REQUIRED>
               <!ELEMENT HOST (METRIC)*>
                  <!ATTLIST HOST NAME CDATA #REQUIRED>
                  <!ATTLIST HOST IP CDATA #REQUIRED>
                  <!ATTLIST HOST LOCATION CDATA #IMPLIED>
                  <!ATTLIST HOST TAGS CDATA #IMPLIED>
                  <!ATTLIST HOST REPORTED CDATA #REQUIRED>
                  <!ATTLIST HOST TN CDATA #IMPLIED>
                  <!ATTLIST HOST TMAX CDATA #IMPLIED>
                  <!ATTLIST HOST DMAX CDATA #IMPLIED>
                  <!ATTLIST HOST GMOND_STARTED CDATA #IMPLIED>
               <!ELEMENT METRIC (EXTRA_DATA*)>
                  <!ATTLIST METRIC NAME CDATA #REQUIRED>
                  <!ATTLIST METRIC VAL CDATA #REQUIRED>
                  <!ATTLIST METRIC TYPE (string | int8 | uint8 | int16 | uint16 | int32 | uint32 | float | double | timestamp) #REQUIRED>
                  <!ATTLIST METRIC UNITS CDATA #IMPLIED>
                  <!ATTLIST METRIC TN CDATA #IMPLIED>
                  <!ATTLIST METRIC TMAX CDATA #IMPLIED>
                  <!ATTLIST METRIC DMAX CDATA #IMPLIED>
                  <!ATTLIST METRIC SLOPE (zero | positive | negative | both | unspecified) #IMPLIED>
                  <!ATTLIST METRIC SOURCE (gmond) 'gmond'>
               <!ELEMENT EXTRA_DATA (EXTRA_ELEMENT*)>
               <!ELEMENT EXTRA_ELEMENT EMPTY>
                  <!ATTLIST EXTRA_ELEMENT NAME CDATA #REQUIRED>
                  <!ATTLIST EXTRA_ELEMENT VAL CDATA #REQUIRED>
               <!ELEMENT HOSTS EMPTY>
                  <!ATTLIST HOSTS UP CDATA #REQUIRED>
                  <!ATTLIST HOSTS DOWN CDATA #REQUIRED>
                  <!ATTLIST HOSTS SOURCE (gmond | gmetad) #REQUIRED>
               <!ELEMENT METRICS (EXTRA_DATA*)>
                  <!ATTLIST METRICS NAME CDATA #REQUIRED>
                  <!ATTLIST METRICS SUM CDATA #REQUIRED>
                  <!ATTLIST METRICS NUM CDATA #REQUIRED>
                  <!ATTLIST METRICS TYPE (string | int8 | uint8 | int16 | uint16 | int32 | uint32 | float | double | timestamp) #REQUIRED>
                  <!ATTLIST METRICS UNITS CDATA #IMPLIED>
                  <!ATTLIST METRICS SLOPE (zero | positive | negative | both | unspecified) #IMPLIED>
                  <!ATTLIST METRICS SOURCE (gmond) 'gmond'>
            ]>
            """;

    /** What to write: every cluster or one ({@code cluster} null = all), one host or all, full or summary. */
    public record Query(String cluster, String host, boolean summary) {

        public static final Query ALL = new Query(null, null, false);

        /**
         * gmetad's interactive syntax: {@code /}, {@code /cluster}, {@code /cluster/host}, each with an optional
         * {@code ?filter=summary}. Unknown filters are ignored, as gmetad does.
         */
        public static Query parse(String request) {
            String r = request.strip();
            boolean summary = false;
            int q = r.indexOf('?');
            if (q >= 0) {
                summary = r.substring(q + 1).contains("filter=summary");
                r = r.substring(0, q);
            }
            String[] parts = r.split("/");
            String cluster = null;
            String host = null;
            int n = 0;
            for (String p : parts) {
                if (p.isEmpty()) {
                    continue;
                }
                if (n == 0) {
                    cluster = p;
                } else if (n == 1) {
                    host = p;
                }
                n++;
            }
            return new Query(cluster, host, summary);
        }
    }

    private GridXmlWriter() {
    }

    public static void write(Appendable out, String grid, String authority, long localtime,
            List<ClusterSnapshot> clusters, Query query) throws IOException {
        out.append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>\n").append(DTD);
        out.append("<GANGLIA_XML VERSION=\"").append(VERSION).append("\" SOURCE=\"gmetad\">\n");
        out.append("<GRID");
        attr(out, "NAME", grid);
        attr(out, "AUTHORITY", authority);
        attr(out, "LOCALTIME", Long.toString(localtime));
        out.append(">\n");
        for (ClusterSnapshot c : clusters) {
            if (query.cluster() != null && !query.cluster().equals(c.name())) {
                continue;
            }
            out.append("<CLUSTER");
            attr(out, "NAME", c.name());
            attr(out, "LOCALTIME", Long.toString(c.localtime()));
            attr(out, "OWNER", c.owner());
            attr(out, "LATLONG", c.latlong());
            attr(out, "URL", c.url());
            out.append(">\n");
            List<HostState> hosts = c.hosts().stream()
                    .filter(h -> query.host() == null || query.host().equals(h.name())).toList();
            if (query.summary()) {
                summary(out, hosts);
            } else {
                for (HostState h : hosts) {
                    host(out, h);
                }
            }
            out.append("</CLUSTER>\n");
        }
        out.append("</GRID>\n</GANGLIA_XML>\n");
    }

    private static void host(Appendable out, HostState h) throws IOException {
        out.append("<HOST");
        attr(out, "NAME", h.name());
        attr(out, "IP", h.ip());
        attr(out, "TAGS", "");
        attr(out, "REPORTED", Long.toString(h.reported()));
        attr(out, "TN", Integer.toString(h.tn()));
        attr(out, "TMAX", Integer.toString(h.tmax()));
        attr(out, "DMAX", Integer.toString(h.dmax()));
        attr(out, "LOCATION", h.location());
        attr(out, "GMOND_STARTED", Long.toString(h.gmondStarted()));
        out.append(">\n");
        for (MetricValue m : h.metrics()) {
            out.append("<METRIC");
            attr(out, "NAME", m.name());
            attr(out, "VAL", m.value());
            attr(out, "TYPE", m.type());
            attr(out, "UNITS", m.units());
            attr(out, "TN", Integer.toString(m.tn()));
            attr(out, "TMAX", Integer.toString(m.tmax()));
            attr(out, "DMAX", Integer.toString(m.dmax()));
            attr(out, "SLOPE", m.slope());
            attr(out, "SOURCE", m.source());
            out.append(">\n");
            extraData(out, m);
            out.append("</METRIC>\n");
        }
        out.append("</HOST>\n");
    }

    private static void extraData(Appendable out, MetricValue m) throws IOException {
        out.append("<EXTRA_DATA>\n");
        if (!m.group().isEmpty()) {
            for (String g : m.group().split(",")) {
                extra(out, "GROUP", g);
            }
        }
        if (!m.description().isEmpty()) {
            extra(out, "DESC", m.description());
        }
        if (!m.title().isEmpty()) {
            extra(out, "TITLE", m.title());
        }
        out.append("</EXTRA_DATA>\n");
    }

    private static void extra(Appendable out, String name, String val) throws IOException {
        out.append("<EXTRA_ELEMENT");
        attr(out, "NAME", name);
        attr(out, "VAL", val);
        out.append("/>\n");
    }

    private static void summary(Appendable out, List<HostState> hosts) throws IOException {
        int up = 0;
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, MetricValue> first = new LinkedHashMap<>();
        for (HostState h : hosts) {
            if (!h.up()) {
                continue;
            }
            up++;
            for (MetricValue m : h.metrics()) {
                double v = m.number();
                if (Double.isNaN(v)) {
                    continue;
                }
                double[] sn = sums.computeIfAbsent(m.name(), k -> new double[2]);
                sn[0] += v;
                sn[1]++;
                first.putIfAbsent(m.name(), m);
            }
        }
        out.append("<HOSTS");
        attr(out, "UP", Integer.toString(up));
        attr(out, "DOWN", Integer.toString(hosts.size() - up));
        attr(out, "SOURCE", "gmetad");
        out.append("/>\n");
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            MetricValue m = first.get(e.getKey());
            out.append("<METRICS");
            attr(out, "NAME", e.getKey());
            attr(out, "SUM", plain(e.getValue()[0]));
            attr(out, "NUM", Long.toString((long) e.getValue()[1]));
            // gmetad reports sums as double: a sum of uint32 may not fit the host's type.
            attr(out, "TYPE", "double");
            attr(out, "UNITS", m.units());
            attr(out, "SLOPE", m.slope());
            attr(out, "SOURCE", m.source());
            out.append(">\n");
            extraData(out, m);
            out.append("</METRICS>\n");
        }
    }

    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }

    private static void attr(Appendable out, String name, String value) throws IOException {
        out.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("&quot;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (c < 0x20) {
                        // XML 1.0 forbids most control characters even as references: replace them.
                        out.append(c == '\t' || c == '\n' || c == '\r' ? "&#" + (int) c + ";" : "?");
                    } else if (c > 0xff) {
                        out.append("&#").append(Integer.toString(value.codePointAt(i))).append(';');
                        if (Character.isHighSurrogate(c)) {
                            i++;
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
