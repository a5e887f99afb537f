package org.dsas.metrics.xdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.metrics.xdr.GangliaMessage.Metadata;
import org.dsas.metrics.xdr.GangliaMessage.Value;
import org.junit.jupiter.api.Test;

/** The codec against 25 s of real gmond 3.7.2 traffic (../shared/captures/README.md). */
class XdrCodecCaptureTest {

    static final List<UdpPcap.Datagram> CAPTURE = UdpPcap.readResource("/captures/gmond-3.7.2-xdr.pcap");

    @Test
    void everyCapturedPacketDecodesAndReencodesByteForByte() {
        assertEquals(82, CAPTURE.size());
        for (UdpPcap.Datagram d : CAPTURE) {
            XdrCodec.Decoded decoded = XdrCodec.decode(d.payload());
            assertTrue(decoded.ok(), () -> "dropped " + decoded.drop());
            assertArrayEquals(d.payload(), XdrCodec.encode(decoded.message()), decoded.message().toString());
        }
    }

    @Test
    void heartbeatMetadataAndValueAsGmondSentThem() {
        Metadata heartbeat = (Metadata) XdrCodec.decode(CAPTURE.get(0).payload()).message();
        assertEquals(new GangliaMessage.MetricId("vm", "heartbeat", false), heartbeat.id());
        assertEquals("uint32", heartbeat.type());
        assertEquals("", heartbeat.units());
        assertEquals("unspecified", heartbeat.slopeName()); // as gmond 3.7 sends it
        assertEquals(20, heartbeat.tmax());
        assertEquals(0, heartbeat.dmax());
        assertEquals("core", heartbeat.extra("GROUP"));
        assertEquals("Last heartbeat", heartbeat.extra("DESC"));
        Value beat = (Value) XdrCodec.decode(CAPTURE.get(1).payload()).message();
        assertEquals(GangliaMessage.UINT, beat.kind());
        assertEquals("%u", beat.format());
        // GMOND_STARTED of the XML captured at the same time
        assertEquals("1795576243", beat.formatted());
    }

    @Test
    void captureHoldsEveryValueTypeGmondUsesAndTheXmlsMetricSet() {
        Set<Integer> kinds = new HashSet<>();
        Map<String, Metadata> metadata = new HashMap<>();
        for (UdpPcap.Datagram d : CAPTURE) {
            GangliaMessage m = XdrCodec.decode(d.payload()).message();
            if (m instanceof Metadata md) {
                metadata.put(md.name(), md);
            } else {
                kinds.add(((Value) m).kind());
            }
        }
        assertTrue(kinds.containsAll(Set.of(GangliaMessage.USHORT, GangliaMessage.UINT, GangliaMessage.STRING,
                GangliaMessage.FLOAT, GangliaMessage.DOUBLE)), kinds.toString());
        assertEquals("double", metadata.get("disk_total").type());
        assertEquals("GB", metadata.get("disk_total").units());
        assertEquals("KB", metadata.get("mem_free").units());
        assertEquals(180, metadata.get("mem_free").tmax());
        assertEquals("both", metadata.get("mem_free").slopeName());
    }

    @Test
    void valuesRoundTripThroughEncode() {
        GangliaMessage.MetricId id = new GangliaMessage.MetricId("192.0.2.9:web1", "ap_busy", true);
        for (int kind : new int[] {129, 130, 131, 132, 133, 134, 135}) {
            Value v = Value.of(kind, id, kind == 133 ? "%s" : "%f", kind == 133 ? "up" : "12");
            assertEquals(v, XdrCodec.decode(XdrCodec.encode(v)).message());
        }
        Value negative = Value.of(GangliaMessage.SHORT, id, "%hd", "-3");
        assertEquals("-3", ((Value) XdrCodec.decode(XdrCodec.encode(negative)).message()).formatted());
        Value big = Value.of(GangliaMessage.UINT, id, "%u", "4000000000");
        assertEquals("4000000000", ((Value) XdrCodec.decode(XdrCodec.encode(big)).message()).formatted());
    }
}
