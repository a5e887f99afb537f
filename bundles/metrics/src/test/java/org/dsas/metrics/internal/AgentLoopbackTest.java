package org.dsas.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.dsas.core.api.MetricSource;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.xdr.GangliaMessage;
import org.dsas.metrics.xdr.UdpPcap;
import org.junit.jupiter.api.Test;

/**
 * Two agents on loopback unicast (never multicast in the root namespace): a sends, b receives and serves the
 * cluster as gmond XML on TCP; hostile packets are counted and do not stop b.
 */
@org.junit.jupiter.api.Timeout(60) // a guard against a hang, not a timing assertion
class AgentLoopbackTest {

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static AgentSettings settings(String name, List<InetSocketAddress> sendTo, int udp, int tcp) {
        return new AgentSettings("loop", "dsas", "unspecified", "unspecified", "rack 1", name, "127.0.0.1", sendTo, 1,
                "", "127.0.0.1", udp, List.of(), "127.0.0.1", tcp, 1, 30, 0, Path.of("/"));
    }

    static String fetchXml(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port); InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static HostState awaitHost(Agent agent, String name, String metric) throws InterruptedException {
        // bounded by the surefire timeout, not asserted on time: we wait for the event
        while (true) {
            for (HostState h : agent.hosts()) {
                if (h.name().equals(name) && h.metric(metric).isPresent()) {
                    return h;
                }
            }
            Thread.sleep(50);
        }
    }

    @Test
    void sendReceiveAndServeXml() throws Exception {
        int udpB = freePort();
        int tcpB = freePort();
        MetricSource lb = new MetricSource() {
            @Override
            public String group() {
                return "lb";
            }

            @Override
            public List<Metric> collect() {
                return List.of(Metric.counter("lb_conns_TCP_192.0.2.10_80", 42, "conns", "connections served"));
            }
        };
        try (Agent b = new Agent(settings("b", List.of(), udpB, tcpB), NodeCollector.system(), List::of).start();
                Agent a = new Agent(settings("a", List.of(new InetSocketAddress("127.0.0.1", udpB)), 0, 0),
                        NodeCollector.system(), () -> List.of(lb)).start()) {
            HostState heard = awaitHost(b, "a", "lb_conns_TCP_192.0.2.10_80");
            assertEquals("127.0.0.1", heard.ip());
            assertEquals("rack 1", heard.location());
            assertEquals("lb", heard.metric("lb_conns_TCP_192.0.2.10_80").get().group());
            assertEquals("positive", heard.metric("lb_conns_TCP_192.0.2.10_80").get().slope());
            awaitHost(b, "a", "mem_total");

            a.send("web_sessions", "17", "uint32", "sessions", "both", 60, 0, "web", "open sessions");
            HostState custom = awaitHost(b, "a", "web_sessions");
            assertEquals("17", custom.metric("web_sessions").get().value());

            String xml = fetchXml(tcpB);
            assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>"));
            assertTrue(xml.contains("<CLUSTER NAME=\"loop\""), xml);
            assertTrue(xml.contains("<HOST NAME=\"a\" IP=\"127.0.0.1\""), xml);
            assertTrue(xml.contains("<HOST NAME=\"b\" IP=\"127.0.0.1\""), "b lists itself with sending off");
            assertTrue(xml.contains("<METRIC NAME=\"web_sessions\" VAL=\"17\" TYPE=\"uint32\" UNITS=\"sessions\""),
                    xml);
            assertTrue(xml.contains("<EXTRA_ELEMENT NAME=\"SPOOF_HOST\" VAL=\"127.0.0.1:a\"/>"), xml);
            assertTrue(xml.endsWith("</CLUSTER>\n</GANGLIA_XML>\n"));

            // hostile input on b's port: counted per reason, b keeps answering
            try (java.nio.channels.DatagramChannel c = java.nio.channels.DatagramChannel.open()) {
                c.send(ByteBuffer.wrap(new byte[] {0, 0}), new InetSocketAddress("127.0.0.1", udpB));
                c.send(ByteBuffer.wrap(new byte[] {0, 0, 0, 7, 0, 0, 0, 0}), new InetSocketAddress("127.0.0.1", udpB));
            }
            while (b.drops().get("too_short") < 1 || b.drops().get("bad_id") < 1) {
                Thread.sleep(20);
            }
            assertTrue(fetchXml(tcpB).contains("<HOST NAME=\"a\""));
            assertEquals(0L, b.drops().get("bad_string_length"));
        }
    }

    @Test
    void realGmondPacketsReplayedIntoTheAgentAppearUnderTheSenderAddress() throws Exception {
        try (Agent b = new Agent(settings("b", List.of(), 0, 0), NodeCollector.system(), List::of)) {
            for (UdpPcap.Datagram d : UdpPcap.readResource("/captures/gmond-3.7.2-xdr.pcap")) {
                b.receive(d.source(), ByteBuffer.wrap(d.payload()));
            }
            HostState gmond = b.hosts().stream().filter(h -> h.name().equals("192.0.2.1")).findFirst().orElseThrow();
            assertEquals(32, gmond.metrics().size());
            assertEquals("x86_64", gmond.metric("machine_type").get().value());
        }
    }

    @Test
    void valueWithoutMetadataIsCountedAndAsked() throws Exception {
        try (Agent b = new Agent(settings("b", List.of(), 0, 0), NodeCollector.system(), List::of)) {
            GangliaMessage.Value v = GangliaMessage.Value.of(GangliaMessage.UINT,
                    new GangliaMessage.MetricId("gm", "x", false), "%u", "1");
            b.receive("192.0.2.7", ByteBuffer.wrap(org.dsas.metrics.xdr.XdrCodec.encode(v)));
            assertEquals(1L, b.drops().get("no_metadata"));
            assertTrue(b.hosts().stream().noneMatch(h -> h.name().equals("192.0.2.7")));
        }
    }
}
