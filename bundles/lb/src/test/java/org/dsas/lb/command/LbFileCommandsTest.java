package org.dsas.lb.command;

import org.dsas.lb.api.CheckConfigValidator;
import java.util.ArrayList;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.dsas.lb.command.LbReportCommandsTest.ep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.dsas.lb.api.Counters;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lb:export, lb:import and lb:import-keepalived: files in and out, all or nothing, one line on refusal. */
class LbFileCommandsTest {

    static final String SAVED = "-A -t 192.0.2.10:80 -s wrr\n"
            + "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3\n"
            + "-a -t 192.0.2.10:80 -r 198.51.100.2:80 -m -w 1\n"
            + "-A -u 192.0.2.10:53 -s rr\n";

    static final String KEEPALIVED = "virtual_server 203.0.113.10 80 {\n"
            + "    lb_algo rr\n"
            + "    lb_kind NAT\n"
            + "    protocol TCP\n"
            + "    real_server 198.51.100.11 8080 {\n"
            + "        weight 2\n"
            + "        TCP_CHECK {\n"
            + "            connect_timeout 3\n"
            + "        }\n"
            + "    }\n"
            + "    real_server 198.51.100.12 8080 {\n"
            + "        weight 1\n"
            + "        snmp_name web2\n"
            + "    }\n"
            + "}\n";

    @TempDir
    Path dir;

    private final FakeLb lb = new FakeLb();
    private String savedEtc;

    @BeforeEach
    void etc() {
        savedEtc = System.getProperty("karaf.etc");
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

    /** The health checks' validator when they accept every statement. */
    static final CheckConfigValidator ACCEPT_ALL = statements -> List.of();

    /** What the last {@link #errorLinesOf} call printed on System.err. */
    private final List<String> lastErr = new ArrayList<>();

    /** Runs a command, keeping what it prints on System.err in {@link #lastErr}; rethrows its refusal. */
    private List<String> errorLinesOf(Action command) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        lastErr.clear();
        try {
            linesPrintedBy(command::execute);
        } finally {
            System.setErr(saved);
            lastErr.addAll(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        }
        return lastErr;
    }

    private String refusal(Action command) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void exportPrintsDesiredStateOrWithRunningTheDataplaneInIpvsadmSaveFormat() throws Exception {
        ServiceKey web = ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80));
        RealServer r1 = RealServer.of(ep("198.51.100.1", 80), ForwardMethod.MASQUERADE, 3);
        lb.services.add(new VirtualService(web, "wrr", 0, 32, 0, List.of(r1)));
        VirtualService runningOnly = VirtualService.of(ServiceKey.of(Protocol.UDP, ep("192.0.2.10", 53)), "rr");
        lb.running.add(new ServiceState(runningOnly, Counters.ZERO, List.of()));

        LbExport export = new LbExport();
        export.lb = lb;
        assertEquals(List.of("-A -t 192.0.2.10:80 -s wrr", "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3"),
                linesPrintedBy(export::execute));
        LbExport running = new LbExport();
        running.lb = lb;
        running.running = true;
        assertEquals(List.of("-A -u 192.0.2.10:53 -s rr"), linesPrintedBy(running::execute));

        LbExport toFile = new LbExport();
        toFile.lb = lb;
        toFile.file = dir.resolve("saved").toString();
        assertEquals(List.of("wrote " + toFile.file), linesPrintedBy(toFile::execute));
        // what lb:export wrote, lb:import reads back to the same services
        LbImport back = new LbImport();
        back.lb = lb;
        back.file = toFile.file;
        linesPrintedBy(back::execute);
        assertEquals(List.of("replaceAll [TCP 192.0.2.10:80[1]]"), lb.calls);
    }

    @Test
    void exportToAPlaceThatCannotBeWrittenIsOneLine() {
        LbExport export = new LbExport();
        export.lb = lb;
        export.file = dir.resolve("no/such/dir/saved").toString();
        String message = refusal(export);
        assertTrue(message.startsWith("cannot write " + export.file), message);
    }

    @Test
    void importReplacesDesiredStateAndDryRunOnlyCounts() throws Exception {
        Path saved = file("saved", SAVED);
        LbImport dry = new LbImport();
        dry.lb = lb;
        dry.file = saved.toString();
        dry.dryRun = true;
        assertEquals(List.of(saved + ": 2 services, 2 real servers (dry run)"), linesPrintedBy(dry::execute));
        assertEquals(List.of(), lb.calls);

        LbImport real = new LbImport();
        real.lb = lb;
        real.file = saved.toString();
        assertEquals(List.of("imported 2 services, 2 real servers from " + saved), linesPrintedBy(real::execute));
        assertEquals(List.of("replaceAll [TCP 192.0.2.10:80[2], UDP 192.0.2.10:53[0]]"), lb.calls);
    }

    /** A file no import should ever echo: a shadow line with a password hash and a private key's body. */
    static final String SECRET_HASH = "$y$j9T$W4yJ1nOqX0Sf2/A7cSMhs.$8gS1QY9CNv4mBkZc5ohnFKsvD0bGq7XHbUQW12a1AN4";
    static final String KEY_LINE = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS1zaGEy";

    @Test
    void anImportOfASecretFileNamesLinesAndProblemsButNeverItsContent() throws Exception {
        Path secret = file("shadow", "root:" + SECRET_HASH + ":19700:0:99999:7:::\n"
                + "-----BEGIN OPENSSH PRIVATE KEY-----\n" + KEY_LINE + "\n");
        LbImport save = new LbImport();
        save.lb = lb;
        save.file = secret.toString();
        assertThrows(IllegalArgumentException.class, () -> errorLinesOf(save));
        List<String> saveLines = List.copyOf(lastErr);
        LbImportKeepalived keepalived = new LbImportKeepalived();
        keepalived.lb = lb;
        keepalived.checks = ACCEPT_ALL;
        keepalived.file = secret.toString();
        List<String> printed = new ArrayList<>();
        try {
            printed.addAll(errorLinesOf(keepalived));
        } catch (IllegalArgumentException refused) {
            printed.add(refused.getMessage());
        }
        printed.addAll(lastErr);
        List<String> all = new ArrayList<>(saveLines);
        all.addAll(printed);
        assertTrue(saveLines.stream().anyMatch(l -> l.startsWith(secret + ":1: ")), saveLines.toString());
        for (String line : all) {
            for (String part : List.of("j9T", "W4yJ1nOqX0Sf2", "b3BlbnNzaC1rZXkt", "19700:0:99999")) {
                assertFalse(line.contains(part), "echoed the file: " + line);
            }
        }
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void importOfAMissingOrBadFileNamesItAndChangesNothing() throws Exception {
        LbImport missing = new LbImport();
        missing.lb = lb;
        missing.file = dir.resolve("absent").toString();
        assertEquals("cannot read " + missing.file, refusal(missing));

        Path bad = file("bad", SAVED + "-a -t 192.0.2.10:80 -r 198.51.100.3:80 -m -w lots\n");
        LbImport wrong = new LbImport();
        wrong.lb = lb;
        wrong.file = bad.toString();
        List<String> problems = new ArrayList<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> problems.addAll(errorLinesOf(wrong)));
        assertEquals("1 problem in " + bad + "; nothing imported", e.getMessage());
        assertEquals(1, lastErr.size(), lastErr.toString());
        assertTrue(lastErr.get(0).startsWith(bad + ":5: ") && lastErr.get(0).contains("lots"), lastErr.toString());
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void importKeepalivedAddsTheServicesKeepsTheCheckersAndListsWhatIsNotCarried() throws Exception {
        Path conf = file("keepalived.conf", KEEPALIVED);
        LbImportKeepalived dry = new LbImportKeepalived();
        dry.lb = lb;
        dry.checks = ACCEPT_ALL;
        dry.file = conf.toString();
        dry.dryRun = true;
        List<String> lines = linesPrintedBy(dry::execute);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("not imported: ") && lines.get(0).contains("snmp_name"), lines.get(0));
        assertEquals("would import 1 services, 2 real servers, 1 check blocks", lines.get(1));
        assertEquals(List.of(), lb.calls);
        Path checks = dir.resolve("etc").resolve(LbImportKeepalived.CHECKS_FILE);
        assertFalse(Files.exists(checks), "a dry run writes nothing");

        Files.createDirectories(checks.getParent());
        LbImportKeepalived real = new LbImportKeepalived();
        real.lb = lb;
        real.checks = ACCEPT_ALL;
        real.file = conf.toString();
        lines = linesPrintedBy(real::execute);
        assertEquals("imported 1 services, 2 real servers; checks in " + checks, lines.get(lines.size() - 1));
        assertEquals(List.of("replaceAll [TCP 203.0.113.10:80[2]]"), lb.calls);
        String written = Files.readString(checks);
        assertTrue(written.startsWith("# imported from " + conf + "\n"), written);
        assertTrue(written.contains("TCP_CHECK"), written);
    }

    @Test
    void importKeepalivedOfAServiceThatExistsAlreadyImportsNothing() throws Exception {
        Path conf = file("keepalived.conf", KEEPALIVED);
        lb.services.add(VirtualService.of(ServiceKey.of(Protocol.TCP, ep("203.0.113.10", 80)), "wlc"));
        LbImportKeepalived again = new LbImportKeepalived();
        again.lb = lb;
        again.checks = ACCEPT_ALL;
        again.file = conf.toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> errorLinesOf(again));
        assertEquals("1 problem in " + conf + "; nothing imported", e.getMessage());
        assertTrue(lastErr.size() == 1 && lastErr.get(0).contains("TCP 203.0.113.10:80"), lastErr.toString());
        assertEquals(List.of(), lb.calls);
        assertFalse(Files.exists(dir.resolve("etc").resolve(LbImportKeepalived.CHECKS_FILE)));

        LbImportKeepalived missing = new LbImportKeepalived();
        missing.lb = lb;
        missing.file = dir.resolve("absent.conf").toString();
        assertEquals("cannot read " + missing.file, refusal(missing));
    }

    @Test
    void importKeepalivedOfABadFileNamesFileAndLine() throws Exception {
        Path conf = file("keepalived.conf", KEEPALIVED.replace("weight 2", "weight -2"));
        LbImportKeepalived bad = new LbImportKeepalived();
        bad.lb = lb;
        bad.checks = ACCEPT_ALL;
        bad.file = conf.toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> errorLinesOf(bad));
        assertEquals("1 problem in " + conf + "; nothing imported", e.getMessage());
        assertTrue(lastErr.size() == 1 && lastErr.get(0).startsWith(conf + ":6"), lastErr.toString());
        assertEquals(List.of(), lb.calls);

        // Without the health checks (no validator), checker blocks are refused rather than written unchecked.
        LbImportKeepalived unchecked = new LbImportKeepalived();
        unchecked.lb = lb;
        unchecked.file = file("good.conf", KEEPALIVED).toString();
        assertThrows(IllegalArgumentException.class, () -> errorLinesOf(unchecked));
        assertTrue(lastErr.size() == 1 && lastErr.get(0).contains("health checks are not installed"), lastErr.toString());
        assertEquals(List.of(), lb.calls);
    }
}
