package org.dsas.metrics.collector.xml;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;

/**
 * Streams gmond's and gmetad's XML ({@code GANGLIA_XML > [GRID >]* CLUSTER > HOST > METRIC > EXTRA_DATA}) into
 * {@link GangliaDocument}s with StAX: one pass, no tree, so a 1,000-host cluster costs its hosts' records only.
 * The inline DTD is skipped, never interpreted: no entity expansion, no external fetches. Cluster summaries
 * (HOSTS, METRICS) carry no host detail and are ignored. Pure: the caller bounds the stream's size and time.
 */
public final class GangliaXmlParser {

    private static final XMLInputFactory FACTORY = factory();

    private GangliaXmlParser() {
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation: no service lookup, which OSGi class loaders would get wrong.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /**
     * @throws XMLStreamException the document is not well-formed or not ganglia's (message names the element)
     */
    public static GangliaDocument parse(InputStream in) throws XMLStreamException {
        XMLStreamReader r = FACTORY.createXMLStreamReader(in);
        try {
            return read(r);
        } finally {
            r.close();
        }
    }

    private static GangliaDocument read(XMLStreamReader r) throws XMLStreamException {
        String version = "";
        String source = "";
        boolean rootSeen = false;
        List<ClusterSnapshot> clusters = new ArrayList<>();
        String clusterName = null;
        long clusterTime = 0;
        String owner = "";
        String latlong = "";
        String url = "";
        List<HostState> hosts = new ArrayList<>();
        String[] host = null; // NAME IP REPORTED TN TMAX DMAX LOCATION GMOND_STARTED
        List<MetricValue> metrics = new ArrayList<>();
        String[] metric = null; // NAME VAL TYPE UNITS TN TMAX DMAX SLOPE SOURCE GROUP DESC TITLE
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String el = r.getLocalName();
                switch (el) {
                    case "GANGLIA_XML" -> {
                        rootSeen = true;
                        version = attr(r, "VERSION", "");
                        source = attr(r, "SOURCE", "");
                    }
                    case "CLUSTER" -> {
                        requireRoot(rootSeen, el);
                        clusterName = required(r, "NAME", el);
                        clusterTime = number(r, "LOCALTIME", el);
                        owner = attr(r, "OWNER", "unspecified");
                        latlong = attr(r, "LATLONG", "unspecified");
                        url = attr(r, "URL", "unspecified");
                        hosts = new ArrayList<>();
                    }
                    case "HOST" -> {
                        requireRoot(rootSeen, el);
                        if (clusterName != null) {
                            host = new String[] {required(r, "NAME", el), attr(r, "IP", ""),
                                attr(r, "REPORTED", "0"), attr(r, "TN", "0"), attr(r, "TMAX", "20"),
                                attr(r, "DMAX", "0"), attr(r, "LOCATION", "unspecified"),
                                attr(r, "GMOND_STARTED", "0")};
                            metrics = new ArrayList<>();
                        }
                    }
                    case "METRIC" -> {
                        if (host != null) {
                            metric = new String[] {required(r, "NAME", el), attr(r, "VAL", ""),
                                required(r, "TYPE", el), attr(r, "UNITS", ""), attr(r, "TN", "0"),
                                attr(r, "TMAX", "60"), attr(r, "DMAX", "0"), attr(r, "SLOPE", "both"),
                                attr(r, "SOURCE", "gmond"), "", "", ""};
                        }
                    }
                    case "EXTRA_ELEMENT" -> {
                        if (metric != null) {
                            String val = attr(r, "VAL", "");
                            switch (attr(r, "NAME", "")) {
                                case "GROUP" -> metric[9] = metric[9].isEmpty() ? val : metric[9] + "," + val;
                                case "DESC" -> metric[10] = val;
                                case "TITLE" -> metric[11] = val;
                                default -> {
                                    // SPOOF_HOST and other extras: not part of the model
                                }
                            }
                        }
                    }
                    default -> {
                        // GRID, HOSTS, METRICS, EXTRA_DATA: structure or summaries, no host detail
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (r.getLocalName()) {
                    case "METRIC" -> {
                        if (metric != null) {
                            metrics.add(new MetricValue(metric[0], metric[1], metric[2], metric[3],
                                    integer(metric[4], "METRIC TN"), integer(metric[5], "METRIC TMAX"),
                                    integer(metric[6], "METRIC DMAX"), metric[7], metric[8], metric[9],
                                    metric[10], metric[11]));
                            metric = null;
                        }
                    }
                    case "HOST" -> {
                        if (host != null) {
                            hosts.add(new HostState(clusterName, host[0], host[1], longValue(host[2], "HOST REPORTED"),
                                    integer(host[3], "HOST TN"), integer(host[4], "HOST TMAX"),
                                    integer(host[5], "HOST DMAX"), host[6], longValue(host[7], "HOST GMOND_STARTED"),
                                    metrics));
                            host = null;
                        }
                    }
                    case "CLUSTER" -> {
                        if (clusterName != null) {
                            clusters.add(new ClusterSnapshot(clusterName, clusterTime, owner, latlong, url, hosts));
                            clusterName = null;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (!rootSeen) {
            throw new XMLStreamException("no GANGLIA_XML element");
        }
        return new GangliaDocument(version, source, clusters);
    }

    private static void requireRoot(boolean rootSeen, String el) throws XMLStreamException {
        if (!rootSeen) {
            throw new XMLStreamException(el + " outside GANGLIA_XML");
        }
    }

    private static String attr(XMLStreamReader r, String name, String dflt) {
        String v = r.getAttributeValue(null, name);
        return v == null ? dflt : v;
    }

    private static String required(XMLStreamReader r, String name, String el) throws XMLStreamException {
        String v = r.getAttributeValue(null, name);
        if (v == null) {
            throw new XMLStreamException(el + " without " + name + " at line " + r.getLocation().getLineNumber());
        }
        return v;
    }

    private static long number(XMLStreamReader r, String name, String el) throws XMLStreamException {
        return longValue(attr(r, name, "0"), el + " " + name);
    }

    private static long longValue(String v, String what) throws XMLStreamException {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new XMLStreamException(what + " not a number: " + abbreviate(v));
        }
    }

    private static int integer(String v, String what) throws XMLStreamException {
        long l = longValue(v, what);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }
}
