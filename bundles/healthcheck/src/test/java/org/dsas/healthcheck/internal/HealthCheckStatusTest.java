package org.dsas.healthcheck.internal;

import static org.dsas.healthcheck.internal.Fakes.Lb.rs;
import static org.dsas.healthcheck.internal.Fakes.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check section of dsas:status as --json shows it: camelCase keys, counts as numbers, lists as lists. */
class HealthCheckStatusTest {

    @TempDir
    Path etc;

    private final Fakes.Lb lb = new Fakes.Lb();
    private final HealthCheckManager manager = new HealthCheckManager();

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private static Map<String, Object> config() {
        // poll.interval: the test loads by hand
        return Map.of("checks.file", "checks.conf", "poll.interval", "3600", "threads", "1", "script.timeout", "1");
    }

    @Test
    void sectionIsMachineReadableBeforeAndAfterTheChecksLoad() throws Exception {
        manager.etc(etc);
        manager.lb(lb.service);
        manager.addFactory(new TinyTcpProbeFactory());
        manager.alarms = (pid, problems) -> { };
        manager.activate(config());

        Map<?, ?> before = (Map<?, ?>) Json.parse(Json.write(manager.status()));
        assertEquals(List.of(), Json.nonCamelCaseKeys(before, Set.of()), before.toString());
        assertEquals(0L, before.get("checks"));

        lb.add(tcp("10.0.0.1", 80), List.of(rs("127.0.0.1", 1, 1)));
        Files.writeString(etc.resolve("checks.conf"), """
                virtual_server 10.0.0.1 80 {
                    delay_loop 600
                    real_server 127.0.0.1 1 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """);
        manager.load();

        Map<?, ?> after = (Map<?, ?>) Json.parse(Json.write(manager.status()));
        assertEquals(List.of(), Json.nonCamelCaseKeys(after, Set.of()), after.toString());
        assertEquals(etc.resolve("checks.conf").toString(), after.get("file"));
        java.time.Instant.parse(after.get("loaded").toString());
        assertEquals(1L, after.get("checks"));
        long counted = 0;
        for (String state : List.of("up", "down", "paused", "idle")) {
            counted += (Long) after.get(state);
        }
        assertEquals(1L, counted, "the check is in exactly one state: " + after);
        assertEquals(List.of("TCP_CHECK"), after.get("factories"));
        assertEquals(List.of(), after.get("quorumLost"));
    }
}
