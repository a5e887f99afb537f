package org.dsas.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.xdr.GangliaMessage;
import org.dsas.metrics.xdr.UdpPcap;
import org.dsas.metrics.xdr.XdrCodec;
import org.junit.jupiter.api.Test;

/**
 * Replays the captured gmond 3.7.2 packets into the cluster state and checks our XML against the XML gmond served
 * at the same time: the DTD and the CLUSTER/HOST lines byte for byte, every METRIC block except its TN.
 */
class GmondXmlCaptureTest {

    private static final long LOCALTIME = 1795576268L;

    static String capturedXml() throws IOException {
        try (InputStream in = GmondXmlCaptureTest.class.getResourceAsStream("/captures/gmond-3.7.2-cluster.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** METRIC blocks by name, TN blanked (it depends on when each value was heard). */
    static Map<String, String> metrics(String xml) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<METRIC NAME=\"([^\"]+)\".*?</METRIC>\n", Pattern.DOTALL).matcher(xml);
        while (m.find()) {
            out.put(m.group(1), m.group().replaceFirst(" TN=\"\\d+\"", " TN=\"-\""));
        }
        return out;
    }

    @Test
    void replayedCaptureGivesGmondsXml() throws IOException {
        ClusterState state = new ClusterState("dsas-test", 20, 0);
        long t = (LOCALTIME - 25) * 1000;
        for (UdpPcap.Datagram d : UdpPcap.readResource("/captures/gmond-3.7.2-xdr.pcap")) {
            GangliaMessage m = XdrCodec.decode(d.payload()).message();
            state.accept(d.source(), m, t);
        }
        var hosts = state.hosts(LOCALTIME * 1000);
        String ours = GmondXml.write(new GmondXml.ClusterInfo("dsas-test", "unspecified", "unspecified",
                "unspecified"), LOCALTIME, hosts, state::extra);
        String gmond = capturedXml();
        String head = gmond.substring(0, gmond.indexOf("<HOST "));
        assertEquals(head, ours.substring(0, ours.indexOf("<HOST ")));
        HostState h = hosts.get(0);
        assertEquals("192.0.2.1", h.name());
        assertEquals(1795576243L, h.gmondStarted());
        assertEquals("unspecified", h.location());
        Map<String, String> expected = metrics(gmond);
        Map<String, String> actual = metrics(ours);
        assertEquals(32, expected.size());
        assertEquals(expected.keySet(), actual.keySet());
        int sameValue = 0;
        for (String name : expected.keySet()) {
            String e = expected.get(name).replaceFirst(" VAL=\"[^\"]*\"", "");
            String a = actual.get(name).replaceFirst(" VAL=\"[^\"]*\"", "");
            assertEquals(e, a, name);
            sameValue += expected.get(name).equals(actual.get(name)) ? 1 : 0;
        }
        // the XML was taken while the capture ran: constant metrics and formats agree value for value
        assertTrue(sameValue >= 25, sameValue + " of 32 values equal");
        assertTrue(actual.get("disk_total").contains("VAL=\"270.553\""), actual.get("disk_total"));
        assertTrue(actual.get("cpu_num").contains("VAL=\"2\""), actual.get("cpu_num"));
    }

    @Test
    void ourNodeDefinitionsMatchGmondsMetadataAndFormats() {
        Map<String, GangliaMessage.Metadata> md = new LinkedHashMap<>();
        Map<String, String> formats = new LinkedHashMap<>();
        for (UdpPcap.Datagram d : UdpPcap.readResource("/captures/gmond-3.7.2-xdr.pcap")) {
            GangliaMessage m = XdrCodec.decode(d.payload()).message();
            if (m instanceof GangliaMessage.Metadata x) {
                md.put(x.name(), x);
            } else if (m instanceof GangliaMessage.Value v) {
                formats.put(v.id().name(), v.format());
            }
        }
        int checked = 0;
        for (GangliaMessage.Metadata gm : md.values()) {
            MetricDefinition ours = MetricDefinition.BY_NAME.get(gm.name());
            if (gm.name().equals("gexec")) {
                continue; // gmond's remote execution flag: not ours to report
            }
            assertTrue(ours != null, "we do not report gmond's " + gm.name());
            GangliaMessage.Metadata ourMd = ours.metadata(gm.id());
            assertEquals(gm, ourMd, gm.name());
            assertEquals(XdrCodec.encode(gm).length, XdrCodec.encode(ourMd).length);
            if (formats.containsKey(gm.name())) {
                assertEquals(formats.get(gm.name()), ours.format(), gm.name());
            }
            checked++;
        }
        assertTrue(checked >= 32, checked + " definitions checked");
    }
}
