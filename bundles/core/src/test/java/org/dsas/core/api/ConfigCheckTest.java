package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Settings {
        @ConfigRange(min = 1, max = 86400)
        int udp_idle_seconds() default 300;

        @ConfigRange(min = 0.1, max = 3600)
        double poll_interval() default 2;

        boolean enabled() default true;

        String transport() default "auto";

        long big() default 0;

        String my__underscore() default "";

        String dash$_$ed() default "";

        String appName() default "dsas";
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keysFollowDsNameMapping() {
        assertEquals(Set.of("udp.idle.seconds", "poll.interval", "enabled", "transport", "big", "my_underscore",
                "dash-ed", "appName"), ConfigCheck.keys(Settings.class));
        assertEquals("a$b", ConfigCheck.key("a$$b"));
        assertEquals("ab", ConfigCheck.key("a$b"));
    }

    @Test
    void aGoodConfigurationHasNoProblemAndFrameworkKeysAreNotTheOperators() {
        ConfigCheck c = ConfigCheck.of("org.dsas.x", Settings.class, props("udp.idle.seconds", "60",
                "poll.interval", 0.5, "enabled", "FALSE", "transport", "nio", "big", 5L, "service.pid", "org.dsas.x",
                "felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.x.cfg", "service.factoryPid", "f",
                "component.name", "n", "component.id", 3L));
        assertTrue(c.ok(), c.problems()::toString);
        assertEquals("/opt/dsas/etc/org.dsas.x.cfg", c.file());
    }

    @Test
    void everyProblemIsOneLineNamingFileAndKey() {
        ConfigCheck c = ConfigCheck.of("org.dsas.lb.proxy", Settings.class, props(
                "udp_idle_seconds", "300", "connect.timeout.millis", "5000", "udp.idle.seconds", "0",
                "poll.interval", "fast", "enabled", "yes", "big", "1.5", "transport", ""))
                .require("transport", false, "'' is not one of auto, nio, epoll");
        String f = "etc/org.dsas.lb.proxy.cfg: key ";
        String known = " (known: appName, big, dash-ed, enabled, my_underscore, poll.interval, transport, "
                + "udp.idle.seconds)";
        assertEquals(List.of(
                f + "'big': '1.5' is not a whole number",
                f + "'connect.timeout.millis': unknown key" + known,
                f + "'enabled': 'yes' is not true or false",
                f + "'poll.interval': 'fast' is not a number",
                f + "'udp.idle.seconds': '0' is out of range 1-86400",
                f + "'udp_idle_seconds': unknown key" + known,
                f + "'transport': '' is not one of auto, nio, epoll"), c.problems());
        assertTrue(c.failed("big"));
        assertFalse(c.failed("transport.x"));
    }

    @Test
    void theTypedViewAnswersConfiguredValuesElseDefaults() {
        Settings s = ConfigCheck.of("org.dsas.x", Settings.class, props("udp.idle.seconds", " 60 ", "poll.interval",
                1, "enabled", "false", "big", 7L)).typed(Settings.class);
        assertEquals(60, s.udp_idle_seconds());
        assertEquals(1.0, s.poll_interval());
        assertFalse(s.enabled());
        assertEquals(7L, s.big());
        assertEquals("auto", s.transport());
        assertEquals(Settings.class, s.annotationType());
        // A value that failed its check is never handed out.
        assertEquals(300, ConfigCheck.of("org.dsas.x", Settings.class, props("udp.idle.seconds", "x"))
                .typed(Settings.class).udp_idle_seconds());
    }

    @Test
    void propertiesTheComponentDeclaresAreNotTheOperators() {
        assertTrue(ConfigCheck.of("org.dsas.x", Settings.class, props("dsas.lb.dataplane", "proxy"),
                "dsas.lb.dataplane").ok());
        assertFalse(ConfigCheck.of("org.dsas.x", Settings.class, props("dsas.lb.dataplane", "proxy")).ok());
    }

    @Test
    void fractionalBoundsAreNamedAsGiven() {
        assertEquals(List.of("etc/org.dsas.x.cfg: key 'poll.interval': '0.01' is out of range 0.1-3600"),
                ConfigCheck.of("org.dsas.x", Settings.class, props("poll.interval", "0.01")).problems());
    }

    @Test
    void passedReportsToTheAlarmsEitherWay() {
        List<String> seen = new ArrayList<>();
        ConfigAlarms alarms = (pid, problems) -> seen.add(pid + "=" + problems.size());
        assertFalse(ConfigCheck.of("org.dsas.x", Settings.class, props("nope", "1")).passed(alarms));
        assertTrue(ConfigCheck.of("org.dsas.x", Settings.class, props()).passed(alarms));
        assertEquals(List.of("org.dsas.x=1", "org.dsas.x=0"), seen);
    }

    @Test
    void readsACfgFileAsFileInstallDoes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("org.dsas.x.cfg");
        Files.writeString(f, "# comment\nudp.idle.seconds = 60\nhost =\n");
        assertEquals(Map.of("udp.idle.seconds", "60", "host", "", "felix.fileinstall.filename", f.toString()),
                ConfigFiles.read(f));
    }
}
