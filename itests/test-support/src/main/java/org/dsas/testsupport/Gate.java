package org.dsas.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one gate of every test that needs something beyond Java and Maven (root, a tool from a Debian package,
 * network namespaces, a kernel for qemu, Chromium). When something is missing, the test FAILS if the environment
 * says {@code CI=true} (CI installs everything, so a tier that cannot run there is a broken CI) and is SKIPPED with
 * the reason otherwise (a developer without root or packages). The skip message starts with {@link #SKIP_MARK}, so
 * the end-of-run summary of {@code ./dsas test} can count and list them.
 */
public final class Gate {

    /** Every skip message starts with this. */
    public static final String SKIP_MARK = "[dsas-skip]";

    private Gate() {
    }

    /** True when the environment variable CI is "true": nothing may be skipped. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Fails (CI) or skips (otherwise) unless {@code missing} is empty.
     *
     * @param tier what cannot run, e.g. "network-namespace rig"
     * @param missing what is missing, one entry each, with how to get it where known
     */
    public static void require(String tier, List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String msg = tier + " unavailable, missing: " + String.join("; ", missing);
        if (ci()) {
            Assertions.fail(msg + " [CI=true: this must run]");
        }
        Assumptions.abort(SKIP_MARK + " " + msg + " [skipped; with CI=true this fails]");
    }

    /** {@link #require} with the reasons of {@link #missingTools} and, if asked, {@link #missingRoot}. */
    public static void requireTools(String tier, boolean root, String... tools) {
        List<String> missing = new ArrayList<>();
        if (root) {
            missingRoot().ifPresent(missing::add);
        }
        missing.addAll(missingTools(tools));
        require(tier, missing);
    }

    /** The reason this JVM is not root, if it is not. */
    public static Optional<String> missingRoot() {
        return isRoot() ? Optional.empty()
                : Optional.of("root (run as uid 0; this JVM runs as uid " + effectiveUid() + ")");
    }

    /** Each tool (a command name) not found on PATH, with the Debian package that has it where known. */
    public static List<String> missingTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            if (which(t) == null) {
                String pkg = DebianPackages.of(t);
                missing.add("'" + t + "'" + (pkg == null ? "" : " (apt-get install -y " + pkg + ")"));
            }
        }
        return missing;
    }

    /** The absolute path of a command on PATH (or /usr/sbin, /sbin), or null. */
    public static Path which(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public static boolean isRoot() {
        return "0".equals(effectiveUid());
    }

    /** The effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    /** Tool name to the Debian package that provides it, for the tools the tests use. */
    static final class DebianPackages {
        private static final Map<String, String> PACKAGES = Map.ofEntries(
                Map.entry("ip", "iproute2"), Map.entry("ss", "iproute2"),
                Map.entry("keepalived", "keepalived"), Map.entry("gmond", "ganglia-monitor"),
                Map.entry("gmetad", "gmetad"), Map.entry("rrdtool", "rrdtool"),
                Map.entry("busybox", "busybox"), Map.entry("socat", "socat"),
                Map.entry("curl", "curl"), Map.entry("ssh", "openssh-client"),
                Map.entry("ssh-keygen", "openssh-client"), Map.entry("sh", "dash"),
                Map.entry("nft", "nftables"), Map.entry("ipvsadm", "ipvsadm"),
                Map.entry("drbdadm", "drbd-utils"), Map.entry("chromium", "chromium"),
                Map.entry("qemu-system-x86_64", "qemu-system-x86"), Map.entry("openssl", "openssl"),
                Map.entry("dnsmasq", "dnsmasq-base"), Map.entry("exim", "exim4-daemon-light"),
                Map.entry("apache2", "apache2"), Map.entry("mariadbd", "mariadb-server"),
                Map.entry("haproxy", "haproxy"));

        private DebianPackages() {
        }

        static String of(String tool) {
            return PACKAGES.get(tool);
        }
    }
}
