package org.dsas.lb.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dsas.core.api.ConfigProblems;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedLbImportTest {

    private static String conf() throws IOException {
        try (InputStream in = KeepalivedLbImportTest.class.getResourceAsStream("/text/keepalived.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Endpoint ep(String text) {
        return ServiceValidator.parseEndpoint(text);
    }

    @Test
    void importsEveryVirtualServerWithItsSettings() throws Exception {
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(conf(), "keepalived.conf");
        assertEquals("""
                -A -t 203.0.113.10:80 -s wlc -p 600 -M 255.255.255.0
                -a -t 203.0.113.10:80 -r 198.51.100.11:8080 -m -w 3
                -a -t 203.0.113.10:80 -r 198.51.100.12:8080 -m -w 1
                -A -t 203.0.113.10:443 -s sh -b sh-fallback,sh-port
                -a -t 203.0.113.10:443 -r 198.51.100.11:443 -g -w 1
                -a -t 203.0.113.10:443 -r 198.51.100.12:443 -g -w 1
                -A -u 203.0.113.10:53 -s rr -o
                -a -u 203.0.113.10:53 -r 198.51.100.11:53 -m -w 1
                -a -u 203.0.113.10:53 -r 198.51.100.12:53 -m -w 1
                -A -t [2001:db8::10]:80 -s mh -b mh-port
                -a -t [2001:db8::10]:80 -r [2001:db8:1::11]:80 -g -w 2
                -A -t [2001:db8::20]:80 -s mh -b mh-port
                -a -t [2001:db8::20]:80 -r [2001:db8:1::11]:80 -g -w 2
                -A -t [2001:db8::21]:80 -s mh -b mh-port
                -a -t [2001:db8::21]:80 -r [2001:db8:1::11]:80 -g -w 2
                -A -f 5 -s lc -p 360
                -a -f 5 -r 198.51.100.21:0 -i -w 1 --tun-type ipip
                -a -f 5 -r 198.51.100.22:0 -i -w 1 --tun-type ipip
                """, IpvsadmSave.write(r.services()));
        VirtualService web = r.services().get(0);
        assertEquals(new RealServer(ep("198.51.100.11:8080"), ForwardMethod.MASQUERADE, 3, 100, 50),
                web.servers().get(0));
    }

    @Test
    void namesEveryKeywordItDoesNotCarry() throws Exception {
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(conf(), "keepalived.conf");
        assertEquals(List.of("keepalived.conf:33 persistence_engine", "keepalived.conf:52 snmp_name",
                "keepalived.conf:102 protocol"), r.notCarried());
    }

    @Test
    void keepsEachServicesBlockForTheHealthChecks() throws Exception {
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(conf(), "keepalived.conf");
        assertEquals(r.services().stream().map(VirtualService::key).toList(), List.copyOf(r.checks().keySet()));
        ConfNode web = r.checks().get(ServiceKey.of(Protocol.TCP, ep("203.0.113.10:80")));
        assertEquals("keepalived.conf:20", web.where());
        ConfNode group = r.checks().get(ServiceKey.of(Protocol.TCP, ep("[2001:db8::21]:80")));
        assertEquals(List.of("group", "WEB6"), group.args());
        assertEquals(1, r.sslBlocks().size());
    }

    @Test
    void checksTextIsKeepalivedSyntaxWithOnlyTheCheckKeywords() throws Exception {
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(conf(), "keepalived.conf");
        String text = KeepalivedLbImport.checksText(r);
        assertTrue(text.contains("""
                virtual_server 203.0.113.10 80 {
                    protocol TCP
                    delay_loop 6
                    quorum 1
                    hysteresis 0
                    quorum_up "/usr/local/bin/quorum up"
                    quorum_down /usr/local/bin/quorum-down
                    alpha
                    sorry_server 198.51.100.99 8080
                    real_server 198.51.100.11 8080 {
                        inhibit_on_failure
                        HTTP_GET {
                            url {
                                path /health
                                status_code 200
                            }
                            connect_timeout 3
                            retry 3
                            delay_before_retry 2
                        }
                    }
                    real_server 198.51.100.12 8080 {
                        TCP_CHECK {
                            connect_port 8080
                            connect_timeout 3
                        }
                    }
                }
                """), text);
        assertTrue(text.contains("""
                virtual_server fwmark 5 {
                    ip_family inet
                    real_server 198.51.100.21 0 {
                        MISC_CHECK {
                            misc_path "/usr/local/bin/check --host 198.51.100.21"
                            misc_timeout 5
                        }
                    }
                    real_server 198.51.100.22 0 {
                        PING_CHECK {
                        }
                        FILE_CHECK {
                            track_file lb_maintenance
                        }
                    }
                }
                """), text);
        // It reads back: one virtual_server per service, every checker of every type present.
        List<ConfNode> back = KeepalivedConfParser.parse(text, "checks");
        assertEquals(r.services().size(), back.stream().filter(n -> n.keyword().equals("virtual_server")).count());
        for (String checker : List.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
                "UDP_CHECK", "PING_CHECK", "FILE_CHECK")) {
            assertTrue(text.contains(checker + " {"), checker);
        }
        assertTrue(!text.contains("weight") && !text.contains("lb_algo") && !text.contains("persistence"), text);
    }

    @Test
    void oneBadVirtualServerRejectsTheWholeImport() {
        assertBad("k:3: unknown scheduler 'bogus'", """
                virtual_server 203.0.113.1 80 { lb_algo rr }
                virtual_server 203.0.113.2 80 {
                  lb_algo bogus
                }
                """);
        assertBad("k:2: lvs_method TUN type gue port 6080: only ipip tunnels are supported", """
                virtual_server 203.0.113.1 80 {
                  lvs_method TUN type gue port 6080
                }
                """);
        assertBad("k:2: 'lb.example.net' is not an IP address literal (host names are not resolved: DNS is not "
                + "consulted)", """
                virtual_server 203.0.113.1 80 {
                  real_server lb.example.net 80 {
                  }
                }
                """);
        assertBad("k:1: service TCP 203.0.113.1:0: port 0 (all ports) is only allowed for a persistent service",
                "virtual_server 203.0.113.1 {\n}\n");
        assertBad("k:2: weight 70000 out of range 0-65535", """
                virtual_server 203.0.113.1 80 {
                  real_server 198.51.100.1 80 { weight 70000 }
                }
                """);
        assertBad("k:3: scheduler flag sh-port is only for the sh scheduler, not wlc", """
                virtual_server 203.0.113.1 80 {
                  lb_algo wlc
                  sh-port
                }
                """);
        assertBad("k:1: virtual_server group NOPE: no virtual_server_group of that name",
                "virtual_server group NOPE {\n}\n");
        assertBad("k:3: service TCP 203.0.113.1:80 is already defined at k:1",
                "virtual_server 203.0.113.1 80 {\n}\nvirtual_server 203.0.113.1 80 {\n}\n");
        assertBad("k:2: real server 198.51.100.1:8080 of TCP 203.0.113.1:80: route forwarding keeps the service's "
                + "port 80", """
                virtual_server 203.0.113.1 80 {
                  real_server 198.51.100.1 8080 { lvs_method DR }
                }
                """);
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() {
        ConfigProblems e = assertThrows(ConfigProblems.class, () -> KeepalivedLbImport.importText("""
                virtual_server 203.0.113.1 80 {
                  lb_algo bogus
                  lb_kind XYZ
                  real_server 198.51.100.1 80 { weight 70000 }
                  real_server 198.51.100.2 80 { lthreshold -3 }
                }
                virtual_server 203.0.113.2 80 {
                  real_server lb.example.net 80 {
                  }
                }
                virtual_server group NOPE {
                }
                """, "k"));
        assertEquals(List.of(
                "k:2: unknown scheduler 'bogus' (known: dh fo lblc lblcr lc mh nq ovf rr sed sh twos wlc wrr)",
                "k:3: lb_kind XYZ (NAT, DR or TUN)",
                "k:4: weight 70000 out of range 0-65535",
                "k:5: lthreshold '-3' is not a number 0-2147483647",
                "k:8: 'lb.example.net' is not an IP address literal (host names are not resolved: DNS is not "
                        + "consulted)",
                "k:11: virtual_server group NOPE: no virtual_server_group of that name"), e.problems());
    }

    @Test
    void theCheckStatementsAreWhatTheChecksTextReadsBackAsAndKeepWhereTheyCameFrom() throws Exception {
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(conf(), "keepalived.conf");
        List<ConfNode> statements = KeepalivedLbImport.checkStatements(r);
        List<ConfNode> reread = KeepalivedConfParser.parse(KeepalivedLbImport.checksText(r), "checks");
        assertEquals(shape(statements), shape(reread));
        ConfNode first = statements.stream().filter(n -> n.keyword().equals("virtual_server")).findFirst().orElseThrow();
        assertEquals(r.checks().get(r.services().get(0).key()).where(), first.where());
        assertTrue(KeepalivedLbImport.carriesChecks(statements));
        assertTrue(!KeepalivedLbImport.carriesChecks(KeepalivedLbImport.checkStatements(KeepalivedLbImport.importText(
                "virtual_server 203.0.113.1 80 {\n real_server 198.51.100.1 80 {\n weight 2\n }\n}\n", "k"))));
    }

    /** A statement tree without positions. */
    private static String shape(List<ConfNode> nodes) {
        StringBuilder b = new StringBuilder();
        for (ConfNode n : nodes) {
            b.append(n.keyword()).append(n.args()).append('{').append(shape(n.children())).append('}');
        }
        return b.toString();
    }

    private static void assertBad(String expectedStart, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeepalivedLbImport.importText(text, "k"));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...', got '"
                + e.getMessage() + "'");
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void includesAreFollowedFromFilesAndReportedFromText(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("keepalived.conf"), "global_defs {\n}\ninclude conf.d/*.conf\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), "virtual_server 203.0.113.2 80 {\n  lb_algo rr\n}\n");
        Files.writeString(dir.resolve("conf.d/a.conf"), "virtual_server 203.0.113.1 80 {\n  lb_algo rr\n}\n");
        Files.writeString(dir.resolve("conf.d/ignored.txt"), "virtual_server 203.0.113.3 80 {\n}\n");
        KeepalivedLbImport.Result r = KeepalivedLbImport.importFile(dir.resolve("keepalived.conf"));
        assertEquals(List.of("TCP 203.0.113.1:80", "TCP 203.0.113.2:80"),
                r.services().stream().map(s -> s.key().toString()).toList());
        assertEquals(dir.resolve("conf.d/b.conf") + ":1",
                r.checks().get(ServiceKey.of(Protocol.TCP, ep("203.0.113.2:80"))).where());

        KeepalivedLbImport.Result text = KeepalivedLbImport.importText("include conf.d/*.conf\n", "k");
        assertEquals(List.of("k:1 include"), text.notCarried());
        assertEquals(List.of(), text.services());
    }

    @Test
    void includeLoopsAreStopped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keepalived.conf"), "include keepalived.conf\n");
        Exception e = assertThrows(Exception.class, () -> KeepalivedLbImport.importFile(dir.resolve("keepalived.conf")));
        assertTrue(e.getMessage().contains("include nested deeper than 8 levels"), e.getMessage());
    }
}
