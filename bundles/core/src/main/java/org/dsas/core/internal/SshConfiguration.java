package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigCheck;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.dsas.ssh.cfg}, read by two components: the operators' keys ({@link SshKeyInstaller}) and the
 * forwarding policy ({@link SshForwardingPolicy}). Both check the file whole with {@link #check}, so both refuse
 * the same file with the same problems, and neither applies part of it.
 */
final class SshConfiguration {

    static final String PID = "org.dsas.ssh";

    @ObjectClassDefinition(name = "DSAS SSH operators and forwarding")
    public @interface Config {
        @AttributeDefinition(description = "Public key file of the operator 'admin'; empty = etc/admin.pub")
        String admin_keyFile() default "";

        @AttributeDefinition(description = "Public key file of the operator 'viewer'; empty = etc/viewer.pub")
        String viewer_keyFile() default "";

        @AttributeDefinition(description = "Where admin may open local forwards (ssh -L): ADDRESS:PORT,"
                + " comma-separated; empty = nowhere")
        String[] forward_targets() default {"127.0.0.1:8181"};
    }

    private SshConfiguration() {
    }

    /** Checks the configuration whole: unknown keys, and each forward target (one problem line per bad entry). */
    static ConfigCheck check(Map<String, ?> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Config c = check.typed(Config.class);
        for (String entry : entries(c.forward_targets())) {
            try {
                ForwardTarget.parse(entry);
            } catch (IllegalArgumentException e) {
                check.require("forward.targets", false, e.getMessage());
            }
        }
        return check;
    }

    /** The forward targets of a passed check, each once, in file order. */
    static List<ForwardTarget> forwardTargets(Config c) {
        List<ForwardTarget> out = new ArrayList<>();
        for (String entry : entries(c.forward_targets())) {
            ForwardTarget t = ForwardTarget.parse(entry);
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** A .cfg value is one string: "a, b" as well as a real array; blanks dropped. */
    private static List<String> entries(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }
}
