package org.dsas.lb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigProblems;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.lb.api.CheckConfigValidator;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lb:import-keepalived as one transaction, on the real LbManager over an in-memory dataplane: a
 * checker the health checks refuse, a service the lb refuses, or no health checks to ask, and
 * neither the rules file, nor the checks file, nor the dataplane changes.
 */
class KeepalivedImportTest {

    @TempDir
    Path etc;

    private final MemoryDataplane dp = new MemoryDataplane();
    private final LbManager lb = new LbManager();
    private final List<List<ConfNode>> asked = new ArrayList<>();

    /** Refuses any HTTP_GET whose status_code is not a number, naming the statement; records what it saw. */
    private final CheckConfigValidator validator = statements -> {
        asked.add(statements);
        List<String> problems = new ArrayList<>();
        refuse(statements, problems);
        return problems;
    };

    private static void refuse(List<ConfNode> nodes, List<String> problems) {
        for (ConfNode n : nodes) {
            if (n.keyword().equals("status_code") && !n.arg(0).matches("[0-9]+")) {
                problems.add(n.where() + ": status_code: not a number: '" + n.arg(0) + "'");
            }
            refuse(n.children(), problems);
        }
    }

    private static final String CONF = """
            virtual_server 203.0.113.10 80 {
                lb_algo %s
                real_server 198.51.100.1 80 {
                    HTTP_GET {
                        url {
                            path /health
                            status_code %s
                        }
                    }
                }
            }
            """;

    @BeforeEach
    void start() {
        lb.etc(etc);
        lb.alarms = (pid, problems) -> { };
        lb.addProvider(new DataplaneProvider() {
            @Override
            public DataplaneProbe probe() {
                return DataplaneProbe.available("memory", "always");
            }

            @Override
            public Dataplane open() {
                return dp;
            }
        }, Map.of(DataplaneProvider.NAME, "memory", DataplaneProvider.PREFERENCE, 1));
        lb.activate(Map.of());
        assertEquals("memory", lb.backend().name(), "the dataplane is open before the test starts");
    }

    @AfterEach
    void stop() {
        lb.deactivate();
    }

    private Path conf(String scheduler, String status) throws Exception {
        Path f = etc.resolve("keepalived.conf");
        Files.writeString(f, CONF.formatted(scheduler, status), StandardCharsets.UTF_8);
        return f;
    }

    private Path checks() {
        return etc.resolve("dsas-lb-checks.conf");
    }

    /** Everything the import could have touched, to compare before and after. */
    private String world() throws Exception {
        Path rules = etc.resolve("dsas-lb.rules");
        return (Files.exists(rules) ? Files.readString(rules) : "<no rules>") + "|"
                + (Files.exists(checks()) ? Files.readString(checks()) : "<no checks>") + "|" + dp.services + "|"
                + lb.services();
    }

    @Test
    void aCheckerTheHealthChecksRefuseImportsNothing() throws Exception {
        Files.writeString(checks(), "# checks in force\n", StandardCharsets.UTF_8);
        String before = world();
        int calls = dp.calls.size();
        Path conf = conf("rr", "2xx");

        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> new KeepalivedImport(lb, validator, checks()).run(conf, false));

        assertEquals(List.of(conf + ":7: status_code: not a number: '2xx'"), e.problems());
        assertEquals(before, world());
        assertEquals(calls, dp.calls.size(), "no dataplane call: " + dp.calls);
        assertFalse(Files.exists(etc.resolve("dsas-lb.rules")));
    }

    @Test
    void aGoodImportWritesTheChecksAndTheServicesAndTheValidatorSawTheWholeFutureChecksFile() throws Exception {
        Files.writeString(checks(), "# checks in force\nSSL {\n}\n", StandardCharsets.UTF_8);
        KeepalivedImport.Outcome o = new KeepalivedImport(lb, validator, checks()).run(conf("rr", "200"), false);

        assertTrue(o.checksWritten());
        assertEquals("[TCP 203.0.113.10:80]", dp.services.keySet().toString());
        assertTrue(Files.readString(etc.resolve("dsas-lb.rules")).contains("-A -t 203.0.113.10:80 -s rr"));
        String text = Files.readString(checks());
        assertTrue(text.startsWith("# checks in force\nSSL {\n}\n# imported from "), text);
        assertTrue(text.contains("status_code 200"), text);
        // What was validated: the SSL block already in force (named by the checks file) and the import.
        List<ConfNode> seen = asked.get(0);
        assertEquals(List.of("SSL", "virtual_server"), seen.stream().map(ConfNode::keyword).toList());
        assertEquals(checks() + ":2", seen.get(0).where());
    }

    @Test
    void whenTheLbRefusesTheServicesTheChecksFileIsPutBack() throws Exception {
        Files.writeString(checks(), "# checks in force\n", StandardCharsets.UTF_8);
        String before = world();
        // mh is a valid IPVS scheduler that the in-memory dataplane does not run: only replaceAll finds out.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KeepalivedImport(lb, validator, checks()).run(conf("mh", "200"), false));
        assertTrue(e.getMessage().contains("scheduler 'mh' is not supported"), e.getMessage());
        assertEquals(before, world());
    }

    @Test
    void withoutHealthChecksCheckerBlocksAreRefusedAndPlainServicesStillImport() throws Exception {
        String before = world();
        Path conf = conf("rr", "200");
        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> new KeepalivedImport(lb, null, checks()).run(conf, false));
        assertEquals(List.of(conf + ": checker blocks: the health checks are not installed here, so they cannot be "
                + "validated; import them where the lb role runs with its health checks"), e.problems());
        assertEquals(before, world());

        Files.writeString(conf, "virtual_server 203.0.113.11 80 {\n  real_server 198.51.100.2 80 {\n    weight 2\n"
                + "  }\n}\n", StandardCharsets.UTF_8);
        KeepalivedImport.Outcome o = new KeepalivedImport(lb, null, checks()).run(conf, false);
        assertFalse(o.checksWritten());
        assertFalse(Files.exists(checks()));
        assertEquals("[TCP 203.0.113.11:80]", dp.services.keySet().toString());
    }

    @Test
    void aServiceAlreadyInDesiredStateIsNamedWithTheLineThatDefinesIt() throws Exception {
        new KeepalivedImport(lb, validator, checks()).run(conf("rr", "200"), false);
        String before = world();
        Path conf = conf("rr", "200");
        ConfigProblems e = assertThrows(ConfigProblems.class,
                () -> new KeepalivedImport(lb, validator, checks()).run(conf, false));
        assertEquals(List.of(conf + ":1: virtual_server: service TCP 203.0.113.10:80 exists already in desired state"),
                e.problems());
        assertEquals(before, world());
    }
}
