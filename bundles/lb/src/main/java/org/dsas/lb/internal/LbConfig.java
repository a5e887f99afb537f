package org.dsas.lb.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.api.ConfigRange;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The lb capability's settings (etc/org.dsas.lb.cfg), validated whole by {@link ConfigCheck}: an
 * unknown key or a bad value is one line naming file and key, and nothing of the file is applied.
 */
public record LbConfig(String backend, int reconcileSeconds, Drift drift, Reconciler.Foreign foreign, Path rulesFile,
        Path drainFile) {

    /** What the periodic reconcile does when the dataplane differs from desired state. */
    public enum Drift { REPAIR, REPORT }

    static final String PID = "org.dsas.lb";
    static final Set<String> BACKENDS = Set.of("auto", "ipvs", "nftables", "proxy");

    @ObjectClassDefinition(name = "DSAS load balancer")
    public @interface Config {
        @AttributeDefinition(description = "Dataplane: auto, ipvs, nftables or proxy")
        String backend() default "auto";

        @AttributeDefinition(description = "Seconds between reconcile passes (1-3600)")
        @ConfigRange(min = 1, max = 3600)
        int reconcile_interval() default 10;

        @AttributeDefinition(description = "On drift: repair or report")
        String drift() default "repair";

        @AttributeDefinition(description = "Services desired state does not name: remove or keep")
        String foreign() default "remove";

        @AttributeDefinition(description = "Desired state (ipvsadm-save format), relative to etc/")
        String rules_file() default "dsas-lb.rules";

        @AttributeDefinition(description = "Operator drains, relative to etc/")
        String drain_file() default "dsas-lb.drained";
    }

    /** Checks {@code props} whole (problems are in {@code check}); the settings when it passed, else null. */
    static LbConfig check(ConfigCheck check, Path etc) {
        Config c = check.typed(Config.class);
        String backend = c.backend().trim().toLowerCase(Locale.ROOT);
        check.require("backend", BACKENDS.contains(backend), "'" + c.backend() + "' is not one of auto, ipvs, nftables, "
                + "proxy");
        Drift drift = choice(check, "drift", c.drift(), Drift.class);
        Reconciler.Foreign foreign = choice(check, "foreign", c.foreign(), Reconciler.Foreign.class);
        check.require("rules.file", !c.rules_file().isBlank(), "empty");
        check.require("drain.file", !c.drain_file().isBlank(), "empty");
        if (!check.ok()) {
            return null;
        }
        return new LbConfig(backend, c.reconcile_interval(), drift, foreign, etc.resolve(c.rules_file().trim()),
                etc.resolve(c.drain_file().trim()));
    }

    /** The settings, or a {@link ConfigProblems} naming every problem. */
    public static LbConfig parse(Map<String, ?> props, Path etc) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        LbConfig c = check(check, etc);
        ConfigProblems.throwIfAny(check.problems());
        return c;
    }

    private static <E extends Enum<E>> E choice(ConfigCheck check, String key, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList();
        check.require(key, false, "'" + value + "' is not one of " + String.join(", ", names));
        return null;
    }
}
