package org.dsas.itests.netns.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.Gmond;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our agent and a real gmond 3.7 (Debian ganglia-monitor) on one rig bridge, multicast 239.2.11.71:8649: gmond
 * lists our node's metrics in its XML, and our XML lists gmond's host and metrics.
 */
class AgentGmondIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("gmond", "bash").perTest();

    static String xml(Host from, String address) {
        return from.exec("bash", "-c", "exec 3<>/dev/tcp/" + address + "/8649; cat <&3").out();
    }

    @Test
    void gmondAndOurAgentSeeEachOther() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host a = rig.host("a", lan, "192.0.2.1/24");
        Host b = rig.host("b", lan, "192.0.2.2/24");
        Proc agent = a.start("agent", Map.of(), null, List.of(Cmd.which("java").orElseThrow().toString(), "-cp",
                System.getProperty("java.class.path"), AgentMain.class.getName(), "dsas", "eth0", "5"));
        a.awaitTcpListen(8649, Duration.ofSeconds(30));
        Gmond.on(b).cluster("dsas").start();

        // gmond names a sender without override by its address, as it does real gmond peers
        String[] last = {""};
        try {
          b.await("gmond listing our node's load_one and mem_total", Duration.ofSeconds(60), () -> {
            String x = xml(b, "192.0.2.2");
            last[0] = x;
            int host = x.indexOf("<HOST NAME=\"192.0.2.1\"");
            return host >= 0 && x.indexOf("<METRIC NAME=\"load_one\"", host) > 0
                    && x.indexOf("<METRIC NAME=\"mem_total\"", host) > 0;
          });
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\ngmond's last XML:\n" + last[0], e);
        }
        String gmondXml = xml(b, "192.0.2.2");
        int ours = gmondXml.indexOf("<HOST NAME=\"192.0.2.1\"");
        assertTrue(gmondXml.indexOf("<METRIC NAME=\"cpu_idle\"", ours) > 0, gmondXml);
        assertTrue(gmondXml.contains("<EXTRA_ELEMENT NAME=\"GROUP\" VAL=\"cpu\"/>"), gmondXml);

        // gmond sends as override_hostname "b" (spoofed): our agent lists it by that name
        a.await("our agent listing gmond's host b", Duration.ofSeconds(60), () -> {
            String x = xml(a, "192.0.2.1");
            return x.contains("<HOST NAME=\"b\" IP=\"192.0.2.2\"") && x.contains("<HOST NAME=\"192.0.2.1\"");
        });
        String ourXml = xml(a, "192.0.2.1");
        assertTrue(ourXml.startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>"), ourXml);
        assertTrue(agent.isAlive(), agent.output());
    }
}
