package org.dsas.metrics.collector.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.stream.XMLStreamException;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.junit.jupiter.api.Test;

/** The parser against the XML a real gmond 3.7.2 served, and against what it must refuse. */
class GangliaXmlParserTest {

    static GangliaDocument capture() throws IOException, XMLStreamException {
        try (InputStream in = GangliaXmlParserTest.class.getResourceAsStream("/captures/gmond-3.7.2-cluster.xml")) {
            return GangliaXmlParser.parse(in);
        }
    }

    private static GangliaDocument parse(String xml) throws XMLStreamException {
        return GangliaXmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void realGmondClusterXml() throws Exception {
        GangliaDocument doc = capture();
        assertEquals("3.7.2", doc.version());
        assertEquals("gmond", doc.source());
        assertEquals(1, doc.clusters().size());
        ClusterSnapshot c = doc.clusters().get(0);
        assertEquals("dsas-test", c.name());
        assertEquals(1795576268L, c.localtime());
        assertEquals(1, c.hosts().size());
        HostState h = c.hosts().get(0);
        assertEquals(new HostState("dsas-test", "192.0.2.1", "192.0.2.1", 1795576263L, 5, 20, 0, "unspecified",
                1795576243L, h.metrics()), h);
        assertEquals(32, h.metrics().size());
        assertEquals(new MetricValue("load_one", "0.85", "float", " ", 25, 70, 0, "both", "gmond", "load",
                "One minute load average", "One Minute Load Average"), h.metric("load_one").orElseThrow());
        MetricValue os = h.metric("os_name").orElseThrow();
        assertEquals("Linux", os.value());
        assertTrue(Double.isNaN(os.number()));
        assertEquals("bytes/sec", h.metric("bytes_in").orElseThrow().units());
    }

    @Test
    void gmetadGridXmlRoundTrips() throws Exception {
        GangliaDocument gmond = capture();
        StringBuilder b = new StringBuilder();
        GridXmlWriter.write(b, "grid-a", "http://a/", 1795576270L, gmond.clusters(), GridXmlWriter.Query.ALL);
        GangliaDocument back = parse(b.toString());
        assertEquals("gmetad", back.source());
        assertEquals(gmond.clusters(), back.clusters());
    }

    @Test
    void summariesWithoutHostsAreNoClusters() throws Exception {
        GangliaDocument doc = parse("<GANGLIA_XML VERSION=\"3.7.2\" SOURCE=\"gmetad\"><GRID NAME=\"g\" AUTHORITY=\"\">"
                + "<CLUSTER NAME=\"c\" LOCALTIME=\"5\"><HOSTS UP=\"1\" DOWN=\"0\" SOURCE=\"gmetad\"/>"
                + "<METRICS NAME=\"load_one\" SUM=\"1\" NUM=\"1\" TYPE=\"double\"/></CLUSTER></GRID></GANGLIA_XML>");
        assertEquals(1, doc.clusters().size());
        assertEquals(List.of(), doc.clusters().get(0).hosts());
    }

    @Test
    void truncatedXmlIsRefused() throws Exception {
        String xml = new String(GridXmlWriterTest.bytes("/captures/gmond-3.7.2-cluster.xml"), StandardCharsets.ISO_8859_1);
        String cut = xml.substring(0, xml.indexOf("NAME=\"load_one\""));
        assertThrows(XMLStreamException.class, () -> parse(cut));
    }

    @Test
    void notGangliaIsRefused() {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> parse("<html><body/></html>"));
        assertEquals("no GANGLIA_XML element", e.getMessage());
    }

    @Test
    void badNumberNamesTheAttribute() {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> parse(
                "<GANGLIA_XML VERSION=\"3\" SOURCE=\"gmond\"><CLUSTER NAME=\"c\" LOCALTIME=\"1\">"
                        + "<HOST NAME=\"h\" IP=\"\" REPORTED=\"1\" TN=\"soon\"></HOST></CLUSTER></GANGLIA_XML>"));
        assertEquals("HOST TN not a number: soon", e.getMessage());
    }

    @Test
    void entitiesOfTheInlineDtdAreNotExpanded() {
        // A "billion laughs": expanding it would take gigabytes; the parser must refuse it instead.
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE GANGLIA_XML [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<GANGLIA_XML VERSION=\"3\" SOURCE=\"gmond\"><CLUSTER NAME=\"&c;\" LOCALTIME=\"1\"/></GANGLIA_XML>";
        assertThrows(XMLStreamException.class, () -> parse(xml));
    }
}
