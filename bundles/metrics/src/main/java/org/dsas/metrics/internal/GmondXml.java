package org.dsas.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.xdr.GangliaMessage.ExtraData;

/**
 * Writes the cluster as gmond 3.7.2 answers on its tcp_accept_channel: the GANGLIA_XML DTD, one CLUSTER, its
 * HOSTs and METRICs with EXTRA_DATA, attribute for attribute (gmetad and ganglia-web parse exactly this).
 */
public final class GmondXml {

    /** Where the cluster's descriptive attributes come from (gmond's cluster { } section). */
    public record ClusterInfo(String name, String owner, String latlong, String url) {
    }

    private static final String DTD = loadDtd();

    private GmondXml() {
    }

    /**
     * @param extra every extra-data element of a host's metric (null: GROUP, DESC, TITLE from the metric itself)
     */
    public static String write(ClusterInfo c, long localtime, List<HostState> hosts,
            BiFunction<String, String, List<ExtraData>> extra) {
        StringBuilder x = new StringBuilder(4096 + hosts.size() * 8192);
        x.append(DTD);
        x.append("<GANGLIA_XML VERSION=\"3.7.2\" SOURCE=\"gmond\">\n");
        x.append("<CLUSTER NAME=\"").append(esc(c.name())).append("\" LOCALTIME=\"").append(localtime)
                .append("\" OWNER=\"").append(esc(c.owner())).append("\" LATLONG=\"").append(esc(c.latlong()))
                .append("\" URL=\"").append(esc(c.url())).append("\">\n");
        for (HostState h : hosts) {
            x.append("<HOST NAME=\"").append(esc(h.name())).append("\" IP=\"").append(esc(h.ip()))
                    .append("\" TAGS=\"\" REPORTED=\"").append(h.reported()).append("\" TN=\"").append(h.tn())
                    .append("\" TMAX=\"").append(h.tmax()).append("\" DMAX=\"").append(h.dmax())
                    .append("\" LOCATION=\"").append(esc(h.location())).append("\" GMOND_STARTED=\"")
                    .append(h.gmondStarted()).append("\">\n");
            for (MetricValue m : h.metrics()) {
                x.append("<METRIC NAME=\"").append(esc(m.name())).append("\" VAL=\"").append(esc(m.value()))
                        .append("\" TYPE=\"").append(esc(m.type())).append("\" UNITS=\"").append(esc(m.units()))
                        .append("\" TN=\"").append(m.tn()).append("\" TMAX=\"").append(m.tmax()).append("\" DMAX=\"")
                        .append(m.dmax()).append("\" SLOPE=\"").append(esc(m.slope())).append("\">\n");
                x.append("<EXTRA_DATA>\n");
                for (ExtraData e : elements(m, extra == null ? null : extra.apply(h.name(), m.name()))) {
                    x.append("<EXTRA_ELEMENT NAME=\"").append(esc(e.name())).append("\" VAL=\"")
                            .append(esc(e.data())).append("\"/>\n");
                }
                x.append("</EXTRA_DATA>\n</METRIC>\n");
            }
            x.append("</HOST>\n");
        }
        x.append("</CLUSTER>\n</GANGLIA_XML>\n");
        return x.toString();
    }

    /** gmond prints the extra data last-received first (GROUP, DESC, TITLE for TITLE, DESC, GROUP on the wire). */
    private static List<ExtraData> elements(MetricValue m, List<ExtraData> received) {
        List<ExtraData> out = new ArrayList<>();
        if (received != null && !received.isEmpty()) {
            for (int i = received.size() - 1; i >= 0; i--) {
                out.add(received.get(i));
            }
            return out;
        }
        if (m.group() != null) {
            out.add(new ExtraData("GROUP", m.group()));
        }
        if (m.description() != null) {
            out.add(new ExtraData("DESC", m.description()));
        }
        if (m.title() != null) {
            out.add(new ExtraData("TITLE", m.title()));
        }
        return out;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(ch < 0x20 ? ' ' : ch);
            }
        }
        return b.toString();
    }

    private static String loadDtd() {
        try (var in = GmondXml.class.getResourceAsStream("gmond-dtd.xml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("gmond-dtd.xml missing from the bundle", e);
        }
    }
}
