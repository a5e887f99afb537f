package org.dsas.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.metrics.listen.Rejections;
import org.junit.jupiter.api.Test;

/**
 * The agent's listeners: gmond XML on TCP and the UDP receiver bind the configured address; pollers that connect
 * and never read, or send garbage, do not stop another poller; the refusals show in the status section.
 */
@org.junit.jupiter.api.Timeout(120) // a guard against a hang, not a timing assertion
class AgentListenersTest {

    @Test
    void bothSocketsBindTheConfiguredAddress() throws Exception {
        try (Agent a = new Agent(AgentLoopbackTest.settings("a", List.of(), AgentLoopbackTest.freePort(),
                AgentLoopbackTest.freePort()), NodeCollector.system(), List::of).start()) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertEquals(loopback, a.xmlAddress().getAddress());
            assertEquals(loopback, a.receiveAddress().getAddress());
        }
    }

    @Test
    void theReceiverMayBindItsMulticastGroupAsGmondDoes() throws Exception {
        // gmond's "bind = 239.2.11.71": only the group's datagrams; no group is joined here (no IGMP from a test)
        AgentSettings s = AgentLoopbackTest.settings("a", List.of(), AgentLoopbackTest.freePort(), 0);
        AgentSettings group = new AgentSettings(s.cluster(), s.owner(), s.latlong(), s.url(), s.location(),
                s.hostName(), s.hostIp(), s.sendTo(), s.ttl(), s.multicastInterface(), "239.2.11.71", s.receivePort(),
                List.of(), s.tcpBind(), s.tcpPort(), s.collectInterval(), s.sendMetadataInterval(), s.hostDmax(),
                s.procRoot());
        try (Agent a = new Agent(group, NodeCollector.system(), List::of).start()) {
            assertEquals(InetAddress.getByName("239.2.11.71"), a.receiveAddress().getAddress());
        }
    }

    @Test
    void aPollerIsServedWhileOthersDoNotReadOrSendGarbage() throws Exception {
        Rejections counted = new Rejections();
        int tcp = AgentLoopbackTest.freePort();
        List<Socket> stalled = new ArrayList<>();
        try (Agent a = new Agent(AgentLoopbackTest.settings("a", List.of(), 0, tcp), NodeCollector.system(), List::of)
                .rejections(counted).start()) {
            for (String text : List.of("", "", "\u0000\u0001garbage\r\n".repeat(500))) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", tcp));
                s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
                stalled.add(s); // never read
            }
            try (Socket s = new Socket("127.0.0.1", tcp); InputStream in = s.getInputStream()) {
                s.setSoTimeout(15_000); // served before this deadline, or the test fails
                String xml = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(xml.contains("<CLUSTER NAME=\"loop\""), xml);
                assertTrue(xml.trim().endsWith("</GANGLIA_XML>"), xml);
            }
            assertEquals(0, counted.get(Rejections.Reason.SLOW), "the stalled pollers are within their 30 s");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void theStatusSectionCountsRefusalsPerListenerWithCamelCaseKeys() throws Exception {
        try (Agent a = new Agent(AgentLoopbackTest.settings("a", List.of(), 0, 0), NodeCollector.system(), List::of)
                .start()) {
            Map<?, ?> parsed = (Map<?, ?>) Json.parse(Json.write(a.status()));
            Map<?, ?> listeners = (Map<?, ?>) parsed.get("listenerRejections");
            assertEquals(Set.of("gmondXml", "prometheus"), listeners.keySet());
            assertEquals(Set.of("slow", "garbage", "oversized", "tooManyConnections"),
                    ((Map<?, ?>) listeners.get("gmondXml")).keySet());
            assertEquals(List.of(), Json.nonCamelCaseKeys(parsed, Set.of()));
        }
    }
}
