package org.dsas.vrrp.command;

import static org.dsas.core.shell.ShellConsole.json;
import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;
import org.dsas.vrrp.api.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vrrp:list, vrrp:show, vrrp:priority, vrrp:maintenance, vrrp:import-keepalived: text, --json, refusals. */
class VrrpCommandsTest {

    /** A VrrpService answering from a fixed list, refusing unknown names as the real one does. */
    static final class FakeVrrp implements VrrpService {
        final List<VrrpInstanceView> views = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<VrrpInstanceView> instances() {
            return views;
        }

        @Override
        public Optional<VrrpInstanceView> instance(String name) {
            return views.stream().filter(v -> v.name().equals(name)).findFirst();
        }

        private void known(String name) {
            if (instance(name).isEmpty()) {
                throw new IllegalArgumentException("unknown VRRP instance '" + name + "'; instances: "
                        + String.join(", ", views.stream().map(VrrpInstanceView::name).toList()));
            }
        }

        @Override
        public void setPriority(String name, int priority) {
            known(name);
            if (priority < 1 || priority > 254) {
                throw new IllegalArgumentException("priority " + priority + " is not 1-254");
            }
            calls.add("priority " + name + " " + priority);
        }

        @Override
        public void setMaintenance(String name, boolean on) {
            known(name);
            calls.add("maintenance " + name + " " + on);
        }
    }

    static Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("advertsReceived", 12L);
        c.put("advertsSent", 40L);
        c.put("dropsBadTtl", 2L);
        return c;
    }

    static VrrpInstanceView master() {
        return new VrrpInstanceView("VI_1", "eth0", 51, 3, VrrpState.MASTER, 150, 150, 1000,
                List.of("192.0.2.100/24"), "192.0.2.1", false, counters(), Map.of("192.0.2.2", 100), false);
    }

    static VrrpInstanceView backupInMaintenance() {
        return new VrrpInstanceView("VI_2", "eth1", 52, 2, VrrpState.BACKUP, 100, 1, 100,
                List.of("198.51.100.10/32", "198.51.100.11/32"), null, true, Map.of(), Map.of(), false);
    }

    private final FakeVrrp vrrp = new FakeVrrp();

    private VrrpList list() {
        VrrpList list = new VrrpList();
        list.vrrp = vrrp;
        return list;
    }

    private VrrpShow show(String name) {
        VrrpShow show = new VrrpShow();
        show.vrrp = vrrp;
        show.name = name;
        return show;
    }

    @Test
    void listIsATableWithSplitBrainAndMaintenanceMarked() throws Exception {
        vrrp.views.add(master());
        vrrp.views.add(backupInMaintenance());
        vrrp.views.add(new VrrpInstanceView("VI_3", "eth2", 53, 3, VrrpState.MASTER, 200, 200, 1000,
                List.of("203.0.113.1/24"), "203.0.113.2", false, Map.of(), Map.of(), true));

        assertEquals(List.of(
                "INSTANCE  STATE               IF    VRID  VER  PRIO       MASTER       ADDRESSES",
                "VI_1      MASTER              eth0  51    v3   150        192.0.2.1    192.0.2.100/24",
                "VI_2      BACKUP              eth1  52    v2   1 (maint)  -            198.51.100.10/32 198.51.100.11/32",
                "VI_3      MASTER SPLIT-BRAIN  eth2  53    v3   200        203.0.113.2  203.0.113.1/24"),
                linesPrintedBy(list()::execute));
    }

    @Test
    void listSaysWhereInstancesComeFromWhenThereAreNone() throws Exception {
        assertEquals(List.of("no VRRP instances (configure etc/org.dsas.vrrp.instance-<name>.cfg)"),
                linesPrintedBy(list()::execute));
        assertEquals(List.of(List.of()), linesPrintedBy(json(list())::execute).stream().map(Json::parse).toList());
    }

    @Test
    void listAndShowJsonIsTheOneFormOfAnInstance() throws Exception {
        vrrp.views.add(master());
        vrrp.views.add(backupInMaintenance());

        List<String> lines = linesPrintedBy(json(list())::execute);
        assertEquals(1, lines.size(), lines.toString());
        List<?> all = (List<?>) Json.parse(lines.get(0));
        assertEquals(List.of(), Json.nonCamelCaseKeys(all, Set.of("peers")));
        Map<?, ?> vi1 = (Map<?, ?>) all.get(0);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "VI_1");
        expected.put("state", "MASTER");
        expected.put("interface", "eth0");
        expected.put("vrid", 51L);
        expected.put("version", 3L);
        expected.put("priority", 150L);
        expected.put("effectivePriority", 150L);
        expected.put("advertMillis", 1000L);
        expected.put("virtualAddresses", List.of("192.0.2.100/24"));
        expected.put("master", "192.0.2.1");
        expected.put("maintenance", false);
        expected.put("splitBrain", false);
        expected.put("peers", Map.of("192.0.2.2", 100L));
        expected.put("counters", Map.of("advertsReceived", 12L, "advertsSent", 40L, "dropsBadTtl", 2L));
        assertEquals(expected, vi1);
        Map<?, ?> vi2 = (Map<?, ?>) all.get(1);
        assertEquals(null, vi2.get("master"));
        assertEquals(true, vi2.get("maintenance"));
        assertEquals(1L, vi2.get("effectivePriority"));

        List<String> shown = linesPrintedBy(json(show("VI_1"))::execute);
        assertEquals(1, shown.size());
        assertEquals(vi1, Json.parse(shown.get(0)));
    }

    @Test
    void showPrintsStatePrioritiesPeersAndCounters() throws Exception {
        vrrp.views.add(master());
        vrrp.views.add(backupInMaintenance());

        assertEquals(List.of(
                "instance VI_1: MASTER",
                "  vrid 51 v3 on eth0, advert 1000 ms",
                "  priority 150",
                "  addresses 192.0.2.100/24",
                "  master 192.0.2.1",
                "  peers seen:",
                "    192.0.2.2 priority 100",
                "  counters:",
                "    advertsReceived 12",
                "    advertsSent 40",
                "    dropsBadTtl 2"), linesPrintedBy(show("VI_1")::execute));
        assertEquals(List.of(
                "instance VI_2: BACKUP",
                "  vrid 52 v2 on eth1, advert 100 ms",
                "  priority 100 (maintenance: advertising 1)",
                "  addresses 198.51.100.10/32 198.51.100.11/32",
                "  master unknown",
                "  peers seen: none",
                "  counters:"), linesPrintedBy(show("VI_2")::execute));
    }

    @Test
    void showOfAnUnknownInstanceNamesTheKnownOnesInOneLine() {
        vrrp.views.add(master());
        vrrp.views.add(backupInMaintenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, show("VI_9")::execute);
        assertEquals("unknown VRRP instance 'VI_9'; instances: VI_1, VI_2", e.getMessage());
    }

    @Test
    void priorityAndMaintenanceSayWhatTheyDidAndRefuseInOneLine() throws Exception {
        vrrp.views.add(master());
        VrrpPriority priority = new VrrpPriority();
        priority.vrrp = vrrp;
        priority.name = "VI_1";
        priority.priority = 120;
        assertEquals(List.of("vrrp[VI_1] priority 120"), linesPrintedBy(priority::execute));
        VrrpMaintenance on = new VrrpMaintenance();
        on.vrrp = vrrp;
        on.name = "VI_1";
        assertEquals(List.of("vrrp[VI_1] maintenance on"), linesPrintedBy(on::execute));
        VrrpMaintenance off = new VrrpMaintenance();
        off.vrrp = vrrp;
        off.name = "VI_1";
        off.off = true;
        assertEquals(List.of("vrrp[VI_1] maintenance off"), linesPrintedBy(off::execute));
        assertEquals(List.of("priority VI_1 120", "maintenance VI_1 true", "maintenance VI_1 false"), vrrp.calls);

        VrrpPriority unknown = new VrrpPriority();
        unknown.vrrp = vrrp;
        unknown.name = "VI_X";
        unknown.priority = 100;
        assertEquals("unknown VRRP instance 'VI_X'; instances: VI_1",
                assertThrows(IllegalArgumentException.class, unknown::execute).getMessage());
        VrrpPriority owner = new VrrpPriority();
        owner.vrrp = vrrp;
        owner.name = "VI_1";
        owner.priority = 255;
        assertEquals("priority 255 is not 1-254", assertThrows(IllegalArgumentException.class, owner::execute)
                .getMessage());
        VrrpMaintenance nobody = new VrrpMaintenance();
        nobody.vrrp = vrrp;
        nobody.name = "VI_X";
        assertThrows(IllegalArgumentException.class, nobody::execute);
        assertEquals(3, vrrp.calls.size(), "a refusal changes nothing");
    }

    // ------------------------------------------------------------ vrrp:import-keepalived

    static final String KEEPALIVED = """
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 1
                virtual_ipaddress {
                    192.0.2.100/24
                }
                smtp_alert
            }
            """;

    @TempDir
    Path dir;

    private String savedEtc;

    @BeforeEach
    void etc() throws Exception {
        savedEtc = System.getProperty("karaf.etc");
        Files.createDirectories(dir.resolve("etc"));
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
    }

    @AfterEach
    void restoreEtc() {
        if (savedEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", savedEtc);
        }
    }

    private VrrpImportKeepalived importer(String text, boolean dryRun) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, text);
        VrrpImportKeepalived i = new VrrpImportKeepalived();
        i.file = conf.toString();
        i.dryRun = dryRun;
        return i;
    }

    @Test
    void importKeepalivedWritesOneFilePerInstanceAndNamesWhatItLeavesOut() throws Exception {
        Path cfg = dir.resolve("etc").resolve("org.dsas.vrrp.instance-VI_1.cfg");
        List<String> dry = linesPrintedBy(importer(KEEPALIVED, true)::execute);
        Path conf = dir.resolve("keepalived.conf");
        assertEquals(List.of(
                "not imported: " + conf + ":2: state MASTER (DSAS starts every non-owner as BACKUP; the highest "
                        + "priority still wins within the master down interval)",
                "not imported: " + conf + ":10: vrrp_instance VI_1 smtp_alert (not supported; not imported)",
                "would write " + cfg), dry);
        assertFalse(Files.exists(cfg), "a dry run writes nothing");

        List<String> real = linesPrintedBy(importer(KEEPALIVED, false)::execute);
        assertEquals("wrote " + cfg, real.get(real.size() - 1));
        assertTrue(Files.readString(cfg).contains("vrid = 51"), Files.readString(cfg));
    }

    @Test
    void importKeepalivedOfABadOrMissingFileWritesNothingAndSaysWhyInOneLine() throws Exception {
        VrrpImportKeepalived bad = importer(KEEPALIVED.replace("virtual_router_id 51", "virtual_router_id 300"), false);
        java.io.PrintStream savedErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        IllegalArgumentException e;
        try {
            e = assertThrows(IllegalArgumentException.class, () -> linesPrintedBy(bad::execute));
        } finally {
            System.setErr(savedErr);
        }
        // one line per problem on the error stream, then the count as the command's error
        assertEquals("1 problem in " + dir.resolve("keepalived.conf") + "; nothing imported", e.getMessage());
        List<String> problems = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("vrid") && problems.get(0).contains("300"), problems.toString());
        try (var files = Files.list(dir.resolve("etc"))) {
            assertEquals(0, files.count(), "nothing written");
        }

        VrrpImportKeepalived missing = new VrrpImportKeepalived();
        missing.file = dir.resolve("absent.conf").toString();
        assertEquals("cannot read " + missing.file, assertThrows(IllegalArgumentException.class,
                missing::execute).getMessage());
    }
}
