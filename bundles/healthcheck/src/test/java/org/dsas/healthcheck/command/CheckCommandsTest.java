package org.dsas.healthcheck.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dsas.healthcheck.api.CheckService;
import org.dsas.healthcheck.api.CheckView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckCommandsTest {

    /** A CheckService that answers from a fixed list and records what the commands asked. */
    static final class FakeChecks implements CheckService {
        final List<CheckView> views = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<CheckView> checks() {
            return views;
        }

        @Override
        public List<String> runOnce(String server) {
            calls.add("run " + server);
            return List.of("HTTP_GET " + server + ": ok 200 in 1.2 ms", "TCP_CHECK " + server + ": ok in 0.3 ms");
        }

        @Override
        public int pause(String server, boolean paused) {
            calls.add((paused ? "pause " : "resume ") + server);
            return server == null ? views.size() : 1;
        }
    }

    private final FakeChecks checks = new FakeChecks();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream saved;

    @BeforeEach
    void capture() {
        saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        checks.views.add(new CheckView("TCP 192.0.2.100:80/198.51.100.1:80/HTTP_GET", "TCP 192.0.2.100:80",
                "198.51.100.1:80", "HTTP_GET", "DOWN", false, "failed: HTTP 503", 1500, 2,
                Instant.parse("2026-11-25T10:00:00Z"), 3, -1));
        checks.views.add(new CheckView("TCP 192.0.2.100:80/198.51.100.2:80/TCP_CHECK", "TCP 192.0.2.100:80",
                "198.51.100.2:80", "TCP_CHECK", "UP", false, "ok", -1, 0, null, 0, 5));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsStateLatencyTransitionsAndLastResult() {
        CheckList list = new CheckList();
        list.checks = checks;
        list.execute();
        List<String> lines = printed().lines().toList();
        assertTrue(lines.get(0).startsWith("CHECK"), printed());
        assertTrue(lines.get(1).matches(".*HTTP_GET\\s+DOWN\\s+1\\.5 ms\\s+2\\s+3\\s+-\\s+failed: HTTP 503"), lines.get(1));
        assertTrue(lines.get(2).matches(".*TCP_CHECK\\s+UP\\s+-\\s+0\\s+0\\s+5\\s+ok"), lines.get(2));
    }

    @Test
    void listJsonCarriesEveryField() throws Exception {
        CheckList list = new CheckList();
        list.checks = checks;
        var json = CheckList.class.getSuperclass().getDeclaredField("json");
        json.setAccessible(true);
        json.setBoolean(list, true);
        list.execute();
        String s = printed();
        assertTrue(s.contains("\"state\":\"DOWN\""), s);
        assertTrue(s.contains("\"lastChange\":\"2026-11-25T10:00:00Z\""), s);
        assertTrue(s.contains("\"latencyMicros\":1500"), s);
    }

    @Test
    void emptyListSaysWhereChecksComeFrom() {
        checks.views.clear();
        CheckList list = new CheckList();
        list.checks = checks;
        list.execute();
        assertEquals("no health checks (etc/dsas-lb-checks.conf, written by lb:import-keepalived)", printed().trim());
    }

    @Test
    void runPrintsOneLinePerCheckAndPauseResumeNameTheServer() {
        CheckRun run = new CheckRun();
        run.checks = checks;
        run.server = "198.51.100.1:80";
        run.execute();
        CheckPause pause = new CheckPause();
        pause.checks = checks;
        pause.server = "198.51.100.1:80";
        pause.execute();
        CheckResume resume = new CheckResume();
        resume.checks = checks;
        resume.execute();
        assertEquals(List.of("HTTP_GET 198.51.100.1:80: ok 200 in 1.2 ms", "TCP_CHECK 198.51.100.1:80: ok in 0.3 ms",
                "paused 1 check(s) of 198.51.100.1:80", "resumed 2 check(s)"), printed().lines().toList());
        assertEquals(List.of("run 198.51.100.1:80", "pause 198.51.100.1:80", "resume null"), checks.calls);
    }
}
