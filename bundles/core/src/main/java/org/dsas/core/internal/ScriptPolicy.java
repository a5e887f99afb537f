package org.dsas.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ProcessPrivileges;
import org.dsas.core.api.Scripts;
import org.dsas.core.api.StatusContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user operator scripts run as ({@link Scripts}), from {@code etc/org.dsas.scripts.cfg}. A user other than the
 * appliance's own needs an appliance started as root; a user that does not exist, or one the appliance cannot
 * switch to, is a configuration problem and scripts keep the user they had.
 */
@Component(service = StatusContributor.class, configurationPid = ScriptPolicy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ScriptPolicy.Config.class)
public class ScriptPolicy implements StatusContributor {

    static final String PID = "org.dsas.scripts";
    private static final Logger LOG = LoggerFactory.getLogger(ScriptPolicy.class);

    @ObjectClassDefinition(name = "DSAS operator scripts")
    public @interface Config {
        @AttributeDefinition(description = "User that notify, track and MISC_CHECK scripts run as; empty = the "
                + "appliance's own user")
        String user() default "";
    }

    @Reference
    ConfigAlarms alarms;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        ConfigCheck check = check(props, ProcessPrivileges.current(), Path.of("/etc/passwd"));
        if (!check.passed(alarms)) {
            return;
        }
        String user = check.typed(Config.class).user().trim();
        Scripts.configure(user.isEmpty() ? null : user, user.isEmpty() ? -1 : gidOf(user, Path.of("/etc/passwd")));
        LOG.info("scripts run as {} without capabilities", Scripts.user());
    }

    static ConfigCheck check(Map<String, ?> props, ProcessPrivileges self, Path passwd) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        String user = check.typed(Config.class).user().trim();
        if (!user.isEmpty()) {
            if (gidOf(user, passwd) < 0) {
                check.require("user", false, "no user '" + user + "' in " + passwd);
            } else {
                check.require("user", self.uid() == 0 || user.equals(self.user()), "'" + user + "': the appliance "
                        + "runs as " + self.user() + " and cannot switch user (leave it empty: scripts run as "
                        + self.user() + ")");
            }
        }
        return check;
    }

    /** The primary gid of {@code user} in a passwd file, -1 when absent. */
    static long gidOf(String user, Path passwd) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(user)) {
                    return Long.parseLong(f[3]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public String section() {
        return "scripts";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", Scripts.user());
        out.put("capabilities", List.of());
        return out;
    }
}
