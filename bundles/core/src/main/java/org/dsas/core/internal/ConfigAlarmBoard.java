package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.StatusContributor;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the configuration alarms of the box: what each component last reported about its
 * configuration ({@link ConfigAlarms}), shown as the {@code config} section of dsas:status with one
 * alarm per problem, and logged once when it changes.
 */
@Component(service = {ConfigAlarms.class, StatusContributor.class})
public class ConfigAlarmBoard implements ConfigAlarms, StatusContributor {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAlarmBoard.class);

    private final Map<String, List<String>> byPid = new ConcurrentSkipListMap<>();

    @Override
    public void report(String pid, List<String> problems) {
        List<String> now = List.copyOf(problems);
        List<String> before = byPid.put(pid, now);
        if (now.equals(before)) {
            return;
        }
        if (now.isEmpty()) {
            if (before != null && !before.isEmpty()) {
                LOG.info("config[{}]: accepted", pid);
            }
            return;
        }
        for (String p : now) {
            LOG.error("config[{}]: {}", pid, p);
        }
        LOG.error("config[{}]: {} problem(s); nothing of it applied, the settings in force are kept", pid, now.size());
    }

    @Override
    public String section() {
        return "config";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        byPid.forEach((pid, p) -> m.put(pid, p.isEmpty() ? "ok" : "refused (" + p.size() + " problem"
                + (p.size() == 1 ? "" : "s") + ")"));
        return m;
    }

    @Override
    public List<String> alarms() {
        List<String> out = new ArrayList<>();
        byPid.values().forEach(p -> p.forEach(line -> out.add("config refused: " + line)));
        return out;
    }
}
