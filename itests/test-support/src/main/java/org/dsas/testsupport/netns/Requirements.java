package org.dsas.testsupport.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the rig needs: root, network namespaces, and the tools of the peers a test uses. When something is
 * missing, a test fails if the environment variable CI is "true" (CI must run these tests) and is skipped with
 * the reason otherwise (a developer without root or packages).
 */
public final class Requirements {

    /** Tool to the Debian package that provides it. */
    public static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("ip", "iproute2"), Map.entry("ss", "iproute2"), Map.entry("keepalived", "keepalived"),
            Map.entry("gmond", "ganglia-monitor"), Map.entry("busybox", "busybox"), Map.entry("socat", "socat"),
            Map.entry("curl", "curl"), Map.entry("ssh", "openssh-client"), Map.entry("ssh-keygen", "openssh-client"),
            Map.entry("sh", "dash"));

    private Requirements() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** What is missing for a rig using these tools (besides ip, ss and sh); empty if nothing. */
    public static List<String> missing(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (the rig creates network namespaces; run as uid 0)");
        }
        Set<String> all = new LinkedHashSet<>(List.of("ip", "ss", "sh"));
        all.addAll(List.of(tools));
        Set<String> packages = new LinkedHashSet<>();
        for (String t : all) {
            if (Cmd.which(t).isEmpty()) {
                packages.add(PACKAGES.getOrDefault(t, t));
                missing.add("'" + t + "' (Debian package " + PACKAGES.getOrDefault(t, "?") + ")");
            }
        }
        if (!packages.isEmpty()) {
            missing.add("install with: apt-get install -y " + String.join(" ", packages));
        }
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
        List<String> missing = missing(tools);
        if (missing.isEmpty()) {
            return;
        }
        String msg = "network-namespace rig unavailable, missing: " + String.join("; ", missing);
        if (ci()) {
            Assertions.fail(msg + " [CI=true: these tests must run]");
        }
        Assumptions.abort(msg + " [skipped; with CI=true this fails]");
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return false;
    }
}
