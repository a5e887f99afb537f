package org.dsas.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.dsas.core.api.ConfigProblems;
import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.internal.CheckPlan.ServicePlan;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.ForwardMethod;
import org.junit.jupiter.api.Test;

class ChecksFileParserTest {

    /** What lb:import-keepalived writes (KeepalivedLbImport.checksText), plus hand edits. */
    private static final String IMPORTED = """
            # imported from /etc/keepalived/keepalived.conf
            # /etc/keepalived/keepalived.conf:12
            virtual_server 10.0.0.1 80 {
                protocol TCP
                delay_loop 6
                quorum 2
                hysteresis 1
                quorum_down "/usr/local/bin/alert down"
                sorry_server 198.51.100.9 80
                sorry_server_lvs_method DR
                ha_suspend
                virtualhost www.example.org
                real_server 192.0.2.1 80 {
                    inhibit_on_failure
                    notify_down /usr/local/bin/rs-down
                    HTTP_GET {
                        url {
                            path /health
                            status_code 200
                        }
                        connect_timeout 3
                        nb_get_retry 3
                        delay_before_retry 0.5
                    }
                    TCP_CHECK {
                        connect_port 8080
                        bind_to 192.0.2.254
                    }
                    TCP_CHECK {
                        alpha
                    }
                }
            }
            virtual_server fwmark 7 {
                ip_family inet6
                real_server 2001:db8::1 443 {
                    MISC_CHECK {
                        misc_path "/usr/local/bin/check web"
                        misc_timeout 4
                    }
                }
            }
            """;

    private static CheckPlan parse(String text) throws Exception {
        return ChecksFileParser.parse(KeepalivedConfParser.parse(text, "/etc/dsas/dsas-lb-checks.conf"),
                "/etc/dsas/dsas-lb-checks.conf", type -> switch (type) {
                    case "HTTP_GET" -> Set.of("url", "virtualhost");
                    case "MISC_CHECK" -> Set.of("misc_path", "misc_timeout", "misc_dynamic");
                    case "TCP_CHECK" -> Set.of();
                    default -> null;
                });
    }

    @Test
    void readsWhatTheImportWritesWithKeepalivedDefaultsAndInheritance() throws Exception {
        CheckPlan plan = parse(IMPORTED);
        assertEquals(2, plan.services().size());
        ServicePlan web = plan.services().get(0);
        assertEquals("TCP 10.0.0.1:80", web.key().toString());
        assertEquals(2, web.quorum());
        assertEquals(1, web.hysteresis());
        assertEquals("/usr/local/bin/alert down", web.quorumDown());
        assertNull(web.quorumUp());
        assertEquals("198.51.100.9:80", web.sorry().toString());
        assertEquals(ForwardMethod.GATEWAY, web.sorryMethod());
        List<CheckSpec> checks = web.servers().get(0).checks();
        assertEquals(List.of("TCP 10.0.0.1:80/192.0.2.1:80/HTTP_GET", "TCP 10.0.0.1:80/192.0.2.1:80/TCP_CHECK",
                "TCP 10.0.0.1:80/192.0.2.1:80/TCP_CHECK#2"), checks.stream().map(CheckSpec::id).toList());
        CheckSpec http = checks.get(0);
        assertEquals(Duration.ofSeconds(6), http.delayLoop());
        assertEquals(3, http.retry());
        assertEquals(Duration.ofMillis(500), http.delayBeforeRetry());
        assertEquals(Duration.ofSeconds(3), http.target().connectTimeout());
        assertTrue(http.inhibitOnFailure());
        assertFalse(http.alpha());
        // virtualhost of the virtual_server reaches the probe's own block
        assertEquals("www.example.org", http.block().child("virtualhost").orElseThrow().arg(0));
        CheckSpec tcp = checks.get(1);
        assertEquals(1, tcp.retry());
        assertEquals(Duration.ofSeconds(1), tcp.delayBeforeRetry());
        assertEquals(Duration.ofSeconds(5), tcp.target().connectTimeout());
        assertEquals(8080, tcp.target().port());
        assertEquals("192.0.2.254", tcp.target().bindAddress().getHostAddress());
        assertTrue(tcp.block().child("virtualhost").isEmpty());
        assertTrue(checks.get(2).alpha());
        assertEquals("/usr/local/bin/rs-down", web.servers().get(0).notifyDown());

        ServicePlan mark = plan.services().get(1);
        assertEquals("FWM 7 IPv6", mark.key().toString());
        CheckSpec misc = mark.servers().get(0).checks().get(0);
        assertEquals("FWM 7 IPv6/[2001:db8::1]:443/MISC_CHECK", misc.id());
        assertEquals(0, misc.retry());
        assertEquals(Duration.ofSeconds(4), misc.target().connectTimeout());
        assertEquals(Duration.ofSeconds(60), misc.delayLoop());
        assertEquals(List.of("/etc/dsas/dsas-lb-checks.conf:11: ha_suspend is not carried by the health checks: ignored"),
                plan.notes());
    }

    @Test
    void aCheckerTypeWithoutAFactoryIsKeptAndNoted() throws Exception {
        CheckPlan plan = parse("""
                virtual_server 10.0.0.1 53 {
                    protocol UDP
                    real_server 192.0.2.1 53 {
                        DNS_CHECK {
                            type A
                        }
                    }
                }
                """);
        assertEquals("UDP 10.0.0.1:53/192.0.2.1:53/DNS_CHECK", plan.services().get(0).servers().get(0).checks().get(0).id());
        assertEquals(List.of("/etc/dsas/dsas-lb-checks.conf:4: UDP 10.0.0.1:53/192.0.2.1:53/DNS_CHECK: no DNS_CHECK "
                + "checker installed; the check waits for one"), plan.notes());
    }

    @Test
    void badInputIsOneLineNamingFileLineAndCheck() {
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                        HTTP_GET {
                            url {
                                path /
                            }
                            digest abc
                        }
                    }
                }
                """, "/etc/dsas/dsas-lb-checks.conf:7: TCP 10.0.0.1:80/192.0.2.1:80/HTTP_GET: unknown keyword digest "
                + "(HTTP_GET knows url, virtualhost)");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    delay_loop soon
                }
                """, "/etc/dsas/dsas-lb-checks.conf:2: delay_loop soon: not a number of seconds");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                        TCP_CHECK {
                            connect_timeout 0
                        }
                    }
                }
                """, "/etc/dsas/dsas-lb-checks.conf:4: connect_timeout 0: seconds must be above 0 to 86400 with at most 6 decimals");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                        TCP_CHECK {
                            warmup 8 delay_loop 2
                        }
                    }
                }
                """, "/etc/dsas/dsas-lb-checks.conf:4: warmup: one value expected, not '8 delay_loop 2' (one keyword per line)");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                    }
                    real_server 192.0.2.1 80 {
                    }
                }
                """, "/etc/dsas/dsas-lb-checks.conf:4: real_server 192.0.2.1:80 of TCP 10.0.0.1:80 is already defined at "
                + "/etc/dsas/dsas-lb-checks.conf:2");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    quorum 1
                    hysteresis 2
                }
                """, "/etc/dsas/dsas-lb-checks.conf:1: hysteresis 2 is above the quorum 1");
        assertBad("""
                virtual_server www.example.org 80 {
                }
                """, "/etc/dsas/dsas-lb-checks.conf:1: virtual_server www.example.org: not an IP address");
        assertBad("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                        TCP_CHECKS {
                        }
                    }
                }
                """, "/etc/dsas/dsas-lb-checks.conf:3: real_server 192.0.2.1:80: unknown keyword TCP_CHECKS");
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() {
        String text = """
                virtual_server 10.0.0.1 80 {
                    quorum many
                    protocol XTP
                    real_server 192.0.2.1 80 {
                        weight 2
                        retry -1
                        TCP_CHECK {
                            connect_port 70000
                            bind_to 192.0.2.254
                        }
                    }
                    real_server 192.0.2.2 80 {
                        colour blue
                    }
                }
                virtual_server 10.0.0.2 80 {
                    real_server 192.0.2.3 80 {
                        HTTP_GET {
                            delay_loop 0
                            status 200
                        }
                    }
                }
                include more.conf
                """;
        ConfigProblems e = assertThrows(ConfigProblems.class, () -> parse(text));
        String f = "/etc/dsas/dsas-lb-checks.conf:";
        assertEquals(List.of(
                f + "2: quorum many: not a whole number 0-2147483647",
                f + "3: protocol XTP: not TCP, UDP or SCTP",
                f + "6: retry -1: not a whole number 0-1000000",
                f + "8: connect_port port 70000: not a whole number 0-65535",
                f + "13: real_server 192.0.2.2:80: unknown keyword colour",
                f + "19: delay_loop 0: seconds must be above 0 to 86400 with at most 6 decimals",
                f + "20: TCP 10.0.0.2:80/192.0.2.3:80/HTTP_GET: unknown keyword status (HTTP_GET knows url, virtualhost)",
                f + "24: include is not read here: put the checks in this file"), e.problems());
    }

    private static void assertBad(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));
        assertEquals(message, e.getMessage());
    }
}
