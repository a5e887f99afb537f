package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigAlarmBoardTest {

    @Test
    void problemsAreAlarmsUntilTheSameComponentReportsAGoodConfiguration() {
        ConfigAlarmBoard board = new ConfigAlarmBoard();
        board.report("org.dsas.lb.proxy", List.of("etc/org.dsas.lb.proxy.cfg: key 'x': unknown key",
                "etc/org.dsas.lb.proxy.cfg: key 'backlog': '0' is out of range 1-65535"));
        board.report("org.dsas.lb", List.of());
        assertEquals(List.of("config refused: etc/org.dsas.lb.proxy.cfg: key 'x': unknown key",
                "config refused: etc/org.dsas.lb.proxy.cfg: key 'backlog': '0' is out of range 1-65535"), board.alarms());
        assertEquals(Map.of("org.dsas.lb", "ok", "org.dsas.lb.proxy", "refused (2 problems)"), board.status());

        board.report("org.dsas.lb.proxy", List.of());
        assertEquals(List.of(), board.alarms());
        assertEquals("config", board.section());
    }
}
