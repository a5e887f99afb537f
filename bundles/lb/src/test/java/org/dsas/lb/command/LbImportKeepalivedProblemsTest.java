package org.dsas.lb.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dsas.keepalived.conf.ConfNode;
import org.dsas.lb.api.LbService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lb:import-keepalived prints for a file it refuses: every problem on its own line, then the count. */
class LbImportKeepalivedProblemsTest {

    @TempDir
    Path etc;

    private final List<String> lbCalls = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void captureErr() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(savedErr);
    }

    private LbImportKeepalived command(Path file) {
        LbImportKeepalived c = new LbImportKeepalived();
        c.lb = (LbService) Proxy.newProxyInstance(LbService.class.getClassLoader(), new Class<?>[] {LbService.class},
                (p, m, a) -> {
                    lbCalls.add(m.getName());
                    return m.getName().equals("services") ? List.of() : null;
                });
        c.checks = statements -> {
            List<String> problems = new ArrayList<>();
            collect(statements, problems);
            return problems;
        };
        c.etc = etc;
        c.file = file.toString();
        return c;
    }

    /** The fake health checks refuse every status_code that is not a number. */
    private static void collect(List<ConfNode> nodes, List<String> problems) {
        for (ConfNode n : nodes) {
            if (n.keyword().equals("status_code") && !n.arg(0).matches("[0-9]+")) {
                problems.add(n.where() + ": status_code: not a number: '" + n.arg(0) + "'");
            }
            collect(n.children(), problems);
        }
    }

    @Test
    void everyProblemIsPrintedOnItsOwnLineThenTheCountAndNothingIsImported() throws Exception {
        Path conf = etc.resolve("keepalived.conf");
        Files.writeString(conf, """
                virtual_server 203.0.113.1 80 {
                    lb_algo bogus
                    real_server 198.51.100.1 80 {
                        HTTP_GET {
                            url {
                                path /
                                status_code abc
                            }
                        }
                    }
                }
                virtual_server 203.0.113.2 80 {
                    real_server 198.51.100.2 80 {
                        weight 70000
                    }
                }
                virtual_server 203.0.113.3 80 {
                    real_server 198.51.100.3 80 {
                        HTTP_GET {
                            url {
                                path /
                                status_code 2xx
                            }
                        }
                    }
                }
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> command(conf).execute());
        assertEquals("4 problems in " + conf + "; nothing imported", e.getMessage());
        assertEquals(List.of(conf + ":2: unknown scheduler 'bogus' (known: dh fo lblc lblcr lc mh nq ovf rr sed sh "
                + "twos wlc wrr)", conf + ":7: status_code: not a number: 'abc'",
                conf + ":14: weight 70000 out of range 0-65535", conf + ":22: status_code: not a number: '2xx'"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(List.of(), lbCalls, "the lb is not even asked while the file itself is bad");

        // With the services right, the checker problems alone, all of them, and still nothing imported.
        Files.writeString(conf, Files.readString(conf).replace("lb_algo bogus", "lb_algo rr")
                .replace("weight 70000", "weight 7"));
        err.reset();
        e = assertThrows(IllegalArgumentException.class, () -> command(conf).execute());
        assertEquals("2 problems in " + conf + "; nothing imported", e.getMessage());
        assertEquals(List.of(conf + ":7: status_code: not a number: 'abc'",
                conf + ":22: status_code: not a number: '2xx'"), err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(List.of("services"), lbCalls);
        assertFalse(Files.exists(etc.resolve(LbImportKeepalived.CHECKS_FILE)));
    }
}
