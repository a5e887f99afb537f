package org.dsas.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.probe.ProbeFactory;
import org.dsas.healthcheck.probe.internal.KeepalivedProbeFactory;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.internal.text.KeepalivedLbImport;
import org.junit.jupiter.api.Test;

/**
 * The seam between lb:import-keepalived and the health checks: the checker blocks the import keeps
 * (KeepalivedLbImport.checksText) are a checks file the engine accepts whole, with the real probe
 * factory's keywords, one check per checker block, settings carried over.
 */
class ImportedChecksTest {

    static final String KEEPALIVED_CONF = """
            global_defs {
                router_id LB1
            }
            virtual_server 203.0.113.10 80 {
                delay_loop 6
                lb_algo wlc
                lb_kind NAT
                protocol TCP
                quorum 2
                hysteresis 1
                sorry_server 198.51.100.250 80
                real_server 198.51.100.1 80 {
                    weight 3
                    inhibit_on_failure
                    HTTP_GET {
                        url {
                            path /health
                            status_code 200-299
                            digest 9b3a0c85a887a256d6939da88aabd8cd
                        }
                        connect_timeout 3
                        retry 2
                        delay_before_retry 2
                    }
                }
                real_server 198.51.100.2 80 {
                    weight 1
                    TCP_CHECK {
                        connect_port 8080
                        connect_timeout 2
                    }
                    MISC_CHECK {
                        misc_path "/usr/local/bin/check web"
                        misc_timeout 4
                        misc_dynamic
                    }
                }
            }
            virtual_server 203.0.113.10 53 {
                delay_loop 10
                lb_algo rr
                lb_kind DR
                protocol UDP
                real_server 198.51.100.3 53 {
                    DNS_CHECK {
                        type A
                        name example.org
                    }
                }
                real_server 198.51.100.4 53 {
                    UDP_CHECK {
                        connect_timeout 2
                    }
                    PING_CHECK {
                    }
                }
            }
            virtual_server 203.0.113.10 25 {
                lb_algo rr
                lb_kind NAT
                real_server 198.51.100.5 25 {
                    SMTP_CHECK {
                        helo_name lb1.example.org
                    }
                    FILE_CHECK {
                        file_path /run/dsas/mail-weight
                    }
                }
            }
            """;

    @Test
    void everyImportedCheckerBecomesACheck() throws Exception {
        KeepalivedLbImport.Result imported = KeepalivedLbImport.importText(KEEPALIVED_CONF, "keepalived.conf");
        String checks = KeepalivedLbImport.checksText(imported);

        try (KeepalivedProbeFactory factory = new KeepalivedProbeFactory()) {
            Map<String, ProbeFactory> byType = factory.types().stream()
                    .collect(Collectors.toMap(t -> t, t -> factory));
            CheckPlan plan = ChecksFileParser.parse(KeepalivedConfParser.parse(checks, "dsas-lb-checks.conf"),
                    "dsas-lb-checks.conf", ChecksFileParser.Keywords.from(byType));

            List<CheckSpec> all = plan.services().stream().flatMap(s -> s.servers().stream())
                    .flatMap(r -> r.checks().stream()).toList();
            assertEquals(List.of("DNS_CHECK", "FILE_CHECK", "HTTP_GET", "MISC_CHECK", "PING_CHECK", "SMTP_CHECK",
                    "TCP_CHECK", "UDP_CHECK"), all.stream().map(CheckSpec::type).sorted().toList());

            CheckSpec http = all.stream().filter(c -> c.type().equals("HTTP_GET")).findFirst().orElseThrow();
            assertEquals(java.time.Duration.ofSeconds(6), http.delayLoop());
            assertEquals(2, http.retry());
            assertTrue(http.inhibitOnFailure());
            assertEquals(java.time.Duration.ofSeconds(3), http.target().connectTimeout());
            CheckSpec tcp = all.stream().filter(c -> c.type().equals("TCP_CHECK")).findFirst().orElseThrow();
            assertEquals(8080, tcp.target().port());

            var web = plan.services().stream().filter(s -> s.key().toString().equals("TCP 203.0.113.10:80"))
                    .findFirst().orElseThrow();
            assertEquals(2, web.quorum());
            assertEquals(1, web.hysteresis());
            assertEquals("198.51.100.250:80", web.sorry().toString());
        }
    }
}
