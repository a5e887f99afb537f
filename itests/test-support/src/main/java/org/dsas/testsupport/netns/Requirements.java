package org.dsas.testsupport.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dsas.testsupport.Gate;

/**
 * What the rig needs: root, network namespaces, and the tools of the peers a test uses. Missing pieces go through
 * the one CI-aware {@link Gate}: a failure with CI=true, a counted skip with the reason otherwise.
 */
public final class Requirements {

    private Requirements() {
    }

    public static boolean ci() {
        return Gate.ci();
    }

    /** What is missing for a rig using these tools (besides ip, ss and sh); empty if nothing. */
    public static List<String> missing(String... tools) {
        List<String> missing = new ArrayList<>();
        Gate.missingRoot().ifPresent(missing::add);
        Set<String> all = new LinkedHashSet<>(List.of("ip", "ss", "sh"));
        all.addAll(List.of(tools));
        missing.addAll(Gate.missingTools(all.toArray(String[]::new)));
        if (missing.isEmpty()) {
            String probe = NetnsRig.PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "-00-probe";
            String ip = Cmd.tool("ip");
            ExecResult add = Cmd.run(Duration.ofSeconds(10), List.of(ip, "netns", "add", probe));
            Cmd.run(Duration.ofSeconds(10), List.of(ip, "netns", "del", probe));
            if (!add.ok()) {
                missing.add("network namespaces (ip netns add failed: " + add.err().trim() + ")");
            }
        }
        return missing;
    }

    /** Fails (CI=true) or skips the test (otherwise) unless everything the rig needs is there. */
    public static void check(String... tools) {
        Gate.require("network-namespace rig", missing(tools));
    }

    static boolean isRoot() {
        return Gate.isRoot();
    }
}
