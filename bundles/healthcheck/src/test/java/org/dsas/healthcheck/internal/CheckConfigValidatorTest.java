package org.dsas.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigProblems;
import org.dsas.healthcheck.probe.internal.KeepalivedProbeFactory;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.internal.KeepalivedImport;
import org.dsas.lb.internal.text.KeepalivedLbImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health checks' side of the seam with lb:import-keepalived: the validator they register checks
 * checker blocks with the same parser and the same probe factories that load the checks file, names
 * every problem, and an import it refuses writes nothing and never reaches the load balancer.
 */
class CheckConfigValidatorTest {

    @TempDir
    Path etc;

    private final Fakes.Lb lb = new Fakes.Lb();
    private final HealthCheckManager manager = new HealthCheckManager();
    private final KeepalivedProbeFactory factory = new KeepalivedProbeFactory();

    @BeforeEach
    void start() {
        manager.etc(etc);
        manager.lb(lb.service);
        manager.addFactory(factory);
        manager.alarms = (pid, problems) -> { };
        manager.activate(Map.of("poll.interval", "3600"));
    }

    @AfterEach
    void stop() {
        manager.deactivate();
        factory.close();
    }

    /** Three problems: one the checks parser finds, two only the probe factory knows; all come at once. */
    private static final String BAD = """
            virtual_server 203.0.113.10 80 {
                lb_algo rr
                delay_loop -1
                real_server 198.51.100.1 80 {
                    HTTP_GET {
                        url {
                            path /health
                            status_code abc
                        }
                    }
                }
                real_server 198.51.100.2 80 {
                    HTTP_GET {
                        url {
                            path health
                        }
                    }
                }
            }
            """;

    @Test
    void everyProblemOfTheBlocksIsNamedWithFileAndLine() throws Exception {
        assertEquals(List.of(
                "keepalived.conf:3: delay_loop -1: seconds must be above 0 to 86400 with at most 6 decimals",
                "keepalived.conf:8: status_code: not a number: 'abc' (check TCP 203.0.113.10:80/198.51.100.1:80/"
                        + "HTTP_GET)",
                "keepalived.conf:15: path: must start with / and hold no blanks or control characters: 'health' "
                        + "(check TCP 203.0.113.10:80/198.51.100.2:80/HTTP_GET)"),
                manager.validate(KeepalivedConfParser.parse(BAD, "keepalived.conf")));
    }

    @Test
    void blocksTheHealthChecksLoadPass() throws Exception {
        // Scripts are checked for being executable; take one every machine has.
        KeepalivedLbImport.Result r = KeepalivedLbImport.importText(
                ImportedChecksTest.KEEPALIVED_CONF.replace("/usr/local/bin/check", "/bin/sh"), "k.conf");
        assertEquals(List.of(), manager.validate(KeepalivedLbImport.checkStatements(r)));
    }

    @Test
    void anImportWithOneBadCheckerValueWritesNothingAndLeavesTheLbAlone() throws Exception {
        Path conf = etc.resolve("keepalived.conf");
        Files.writeString(conf, BAD.replace("delay_loop -1", "delay_loop 5").replace("path health", "path /"),
                StandardCharsets.UTF_8);
        Path checks = etc.resolve("dsas-lb-checks.conf");
        String before = "# the checks in force\n";
        Files.writeString(checks, before, StandardCharsets.UTF_8);

        // The fake lb fails the test on replaceAll: refusing must happen before the lb is asked to change.
        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> new KeepalivedImport(lb.service, manager, checks).run(conf, false));
        assertEquals(List.of(conf + ":8: status_code: not a number: 'abc' (check TCP 203.0.113.10:80/"
                + "198.51.100.1:80/HTTP_GET)"), e.problems());
        assertEquals(before, Files.readString(checks, StandardCharsets.UTF_8));
        assertFalse(Files.exists(etc.resolve("dsas-lb-checks.conf.tmp")));
        assertEquals(List.of(), lb.calls());
    }

    @Test
    void theServicesAndTheCheckersProblemsComeInOneRound() throws Exception {
        Path conf = etc.resolve("keepalived.conf");
        Files.writeString(conf, BAD.replace("delay_loop -1", "delay_loop 5").replace("lb_algo rr", "lb_algo bogus"),
                StandardCharsets.UTF_8);
        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> new KeepalivedImport(lb.service, manager, etc.resolve("dsas-lb-checks.conf")).run(conf, false));
        assertEquals(List.of(
                conf + ":2: unknown scheduler 'bogus' (known: dh fo lblc lblcr lc mh nq ovf rr sed sh twos wlc wrr)",
                conf + ":8: status_code: not a number: 'abc' (check TCP 203.0.113.10:80/198.51.100.1:80/HTTP_GET)",
                conf + ":15: path: must start with / and hold no blanks or control characters: 'health' (check TCP "
                        + "203.0.113.10:80/198.51.100.2:80/HTTP_GET)"), e.problems());
        assertFalse(Files.exists(etc.resolve("dsas-lb-checks.conf")));
    }
}
