package org.dsas.core.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How every operator script (VRRP notify and track scripts, MISC_CHECK, health-check notify scripts) is started:
 * without any capability the appliance holds and as the configured user ({@code etc/org.dsas.scripts.cfg}, key
 * {@code user}; empty: the appliance's own user). The command is prefixed with util-linux's {@code setpriv}: the
 * inheritable and ambient sets cleared (so the script gets no capability from the appliance), no_new_privs set (no
 * setuid gain either), and, when the appliance runs as root, the bounding set emptied and the uid switched.
 */
public final class Scripts {

    /** Where setpriv is looked for, in order. */
    static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    /** The user scripts run as and its primary gid (null: the appliance's own user); set by the core's policy. */
    private static volatile String[] user;

    private Scripts() {
    }

    /**
     * Read once, at the first script: the appliance's user and capabilities are fixed at its start (bin/dsas-run) and
     * setpriv does not move, so a MISC_CHECK every second does not re-read /proc/self/status and probe the disk.
     */
    private static final class Self {
        static final ProcessPrivileges PRIVILEGES = ProcessPrivileges.current();
        static final Path SETPRIV = setpriv();
    }

    /**
     * Sets the configured user and its primary group id (null user: the appliance's own user). For the core's
     * configuration only.
     */
    public static void configure(String scriptUser, long gid) {
        user = scriptUser == null ? null : new String[] {scriptUser, String.valueOf(gid)};
    }

    /** The user scripts run as. */
    public static String user() {
        String[] u = user;
        return u != null ? u[0] : System.getProperty("user.name", "?");
    }

    /**
     * The command that runs {@code argv} as a script. Throws IllegalStateException (one line) when capabilities
     * would leak: setpriv is absent while the appliance holds a capability or must switch user.
     */
    public static List<String> command(List<String> argv) {
        if (!argv.isEmpty() && !executable(argv.get(0))) {
            // said here, as ProcessBuilder would have: setpriv would start and only then fail to run it
            throw new IllegalStateException("not started: " + argv.get(0) + (exists(argv.get(0))
                    ? ": not executable by " + System.getProperty("user.name", "the appliance's user")
                    : ": no such executable file"));
        }
        String[] u = user;
        return command(argv, Self.PRIVILEGES, u == null ? null : u[0], u == null ? null : u[1], Self.SETPRIV);
    }

    static List<String> command(List<String> argv, ProcessPrivileges self, String switchTo, String gid,
            Path setpriv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty script command");
        }
        boolean root = self.uid() == 0;
        boolean otherUser = switchTo != null && !switchTo.equals(self.user());
        if (setpriv == null) {
            if (self.effective().isEmpty() && !root && !otherUser) {
                return List.copyOf(argv); // nothing to drop
            }
            throw new IllegalStateException("not started: setpriv (util-linux) is missing, so the script would run "
                    + "with the appliance's capabilities");
        }
        List<String> out = new ArrayList<>(List.of(setpriv.toString()));
        if (otherUser) {
            if (!root) {
                throw new IllegalStateException("not started: scripts are to run as " + switchTo
                        + " but the appliance runs as " + self.user() + ", which cannot switch user");
            }
            out.addAll(List.of("--reuid=" + switchTo, "--regid=" + gid, "--init-groups"));
        }
        out.addAll(List.of("--inh-caps=-all", "--ambient-caps=-all"));
        if (root) {
            out.add("--bounding-set=-all");
        }
        out.add("--no-new-privs");
        out.add("--");
        out.addAll(argv);
        return out;
    }

    /** Whether {@code program} (a path, or a name looked up in PATH) is an executable file. */
    static boolean executable(String program) {
        if (program.contains("/")) {
            return Files.isRegularFile(Path.of(program)) && Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean exists(String program) {
        return program.contains("/") && Files.exists(Path.of(program));
    }

    static Path setpriv() {
        for (Path p : SETPRIV) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
