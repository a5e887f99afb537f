package org.dsas.metrics.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped samples of both sources are read whole with every key known, and a refused change (unknown
 * key, value out of range) leaves a source polling what it polled. No server is needed: the polls fail, and
 * what is checked is which peer the source polls ({@code peer()}).
 */
class SourceConfigTest {

    private final Map<String, List<String>> alarms = new HashMap<>();
    private final ApacheMetricSource apache = new ApacheMetricSource();
    private final MysqlMetricSource mysql = new MysqlMetricSource();

    SourceConfigTest() {
        apache.alarms(alarms::put);
        mysql.alarms(alarms::put);
    }

    @AfterEach
    void stop() {
        apache.deactivate();
        mysql.deactivate();
    }

    private static Map<String, Object> sample(String name) throws Exception {
        return new HashMap<>(ConfigFiles.read(Path.of("../../etc/" + name)));
    }

    @Test
    void theShippedSamplesAreReadWholeWithEveryKeyKnown() throws Exception {
        apache.configure(sample("org.dsas.metrics.apache.cfg.sample"));
        mysql.configure(sample("org.dsas.metrics.mysql.cfg.sample"));
        assertEquals(List.of(), alarms.get(ApacheMetricSource.PID));
        assertEquals(List.of(), alarms.get(MysqlMetricSource.PID));
        assertEquals("apache[http://127.0.0.1/server-status?auto]", apache.peer());
        assertEquals("mysql[dsas-metrics@127.0.0.1:3306]", mysql.peer());
    }

    @Test
    void aRefusedChangeLeavesTheApacheSourcePollingWhatItPolled() {
        apache.configure(Map.of("url", "http://192.0.2.1/server-status?auto", "timeout.millis", "100"));
        apache.configure(Map.of("url", "ftp://192.0.2.2/", "interval.seconds", "0", "intervall.seconds", "5"));
        String f = "etc/org.dsas.metrics.apache.cfg: key ";
        assertEquals(List.of(f + "'interval.seconds': '0' is out of range 1-86400",
                f + "'intervall.seconds': unknown key (known: interval.seconds, timeout.millis, url)",
                f + "'url': 'ftp://192.0.2.2/' is not an http(s) URL"), alarms.get(ApacheMetricSource.PID));
        assertEquals("apache[http://192.0.2.1/server-status?auto]", apache.peer());
    }

    @Test
    void aRefusedChangeLeavesTheMysqlSourcePollingWhatItPolled() {
        mysql.configure(Map.of("host", "192.0.2.1", "timeout.millis", "100"));
        mysql.configure(Map.of("host", "192.0.2.2", "port", "0", "passwd", "x"));
        String f = "etc/org.dsas.metrics.mysql.cfg: key ";
        assertEquals(List.of(f + "'passwd': unknown key (known: data.free.interval.seconds, host, interval.seconds, "
                + "password, port, socket, timeout.millis, user)", f + "'port': '0' is out of range 1-65535"),
                alarms.get(MysqlMetricSource.PID));
        assertEquals("mysql[dsas-metrics@192.0.2.1:3306]", mysql.peer());
    }

    @Test
    void aRefusedFirstConfigurationPollsNothing() {
        ApacheMetricSource fresh = new ApacheMetricSource();
        fresh.alarms(alarms::put);
        fresh.configure(Map.of("timeout.millis", "-1"));
        assertEquals(List.of("etc/org.dsas.metrics.apache.cfg: key 'timeout.millis': '-1' is out of range 1-600000"),
                alarms.get(ApacheMetricSource.PID));
        assertNull(fresh.peerOrNull(), "nothing configured, nothing polled");
        fresh.deactivate();
    }
}
