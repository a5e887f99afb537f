package org.dsas.testsupport.netns;

import org.dsas.testsupport.ApplianceFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built appliance (karaf-assembly/target/assembly) started inside a rig host, as on a real server:
 *
 * <pre>{@code
 * Host box = rig.host("box", lan, "192.0.2.10/24");
 * Host ops = rig.host("ops", lan, "192.0.2.20/24");
 * NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "metrics");
 * app.start(ops);                                   // returns once admin's key login from ops runs role:list
 * ExecResult r = app.admin(ops, "role:list");
 * }</pre>
 *
 * A private copy of the assembly in the rig's directory (its own etc/ and an empty data/), SSH bound to the
 * host's address, fresh ECDSA keys for admin and viewer (etc/admin.pub, etc/viewer.pub, installed by the appliance
 * at boot), {@code dsas.cmdline} pointed at a file of ours instead of /proc/cmdline. {@code bin/karaf server} runs
 * through {@code ip netns exec}, so its RMI/JMX ports are the namespace's own: appliances in different hosts never
 * clash.
 *
 * <p>SSH: the root namespace has no route into the rig, so the client is OpenSSH's {@code ssh} run in another rig
 * host ({@code ip netns exec <client> ssh -i <key> ...}): a real operator's path over the rig's network, no
 * address in the root namespace needed.
 */
public final class NetnsAppliance implements AutoCloseable {

    public static final int SSH_PORT = 8101;

    public final Host host;
    public final String address;
    public final int sshPort;
    /** The appliance's private directory (bin/, etc/, data/, ...). */
    public final Path home;
    /** OpenSSH private key files (the public halves are etc/admin.pub and etc/viewer.pub). */
    public final Path adminKey;
    public final Path viewerKey;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String user;
    private List<String> launcher;
    private Proc proc;

    /** An appliance in {@code host}, SSH on the host's first IPv4 address, port 8101. */
    public NetnsAppliance(Host host) throws IOException {
        this(host, host.address(), SSH_PORT);
    }

    public NetnsAppliance(Host host, String address, int sshPort) throws IOException {
        this.host = host;
        this.address = address;
        this.sshPort = sshPort;
        Path source = assemblyDir();
        home = host.rig.newDir(host.name + "-appliance");
        ApplianceFiles.copyFresh(source, home);
        edit("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        edit("etc/org.apache.karaf.shell.cfg", "sshHost", address);
        Path keys = host.rig.newDir(host.name + "-keys");
        adminKey = keygen(keys.resolve("admin_ecdsa"), "admin@" + host.ns);
        viewerKey = keygen(keys.resolve("viewer_ecdsa"), "viewer@" + host.ns);
        Files.copy(Path.of(adminKey + ".pub"), home.resolve("etc/admin.pub"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(viewerKey + ".pub"), home.resolve("etc/viewer.pub"), StandardCopyOption.REPLACE_EXISTING);
        // The machine's /proc/cmdline is not the test's: the appliance reads a file of ours.
        Files.writeString(home.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz quiet\n");
        appendLine("etc/system.properties", "dsas.cmdline = " + home.resolve("cmdline"));
        host.rig.addLog(host.name + " appliance karaf.log", home.resolve("data/log/karaf.log"));
    }

    /** An environment variable for the appliance (DSAS_ROLES from the test's own environment is never passed). */
    public NetnsAppliance env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /**
     * Runs the appliance as this (non-root) user: its directory is handed to the user and {@code bin/karaf} starts
     * under {@code setpriv} with the user's uid and gid, no supplementary groups and no capabilities, so a command
     * the appliance should not have run cannot harm the test machine.
     */
    public NetnsAppliance runAs(String user) {
        this.user = user;
        return this;
    }

    /**
     * Starts the appliance with this command, run as root in the host with the appliance's directory as working
     * directory, instead of {@code bin/karaf server} (e.g. {@code bin/dsas-run}, which drops to its own user).
     */
    public NetnsAppliance launcher(List<String> command) {
        this.launcher = List.copyOf(command);
        return this;
    }

    /** The kernel command line the appliance sees (as dsas.cmdline). */
    public NetnsAppliance cmdline(String line) throws IOException {
        Files.writeString(home.resolve("cmdline"), line + "\n");
        return this;
    }

    /** Starts {@code bin/karaf server} in the host; returns once admin's key login from {@code client} works. */
    public NetnsAppliance start(Host client) {
        return start(client, Duration.ofSeconds(150));
    }

    public NetnsAppliance start(Host client, Duration timeout) {
        if (proc != null && proc.isAlive()) {
            throw new IllegalStateException("appliance in " + host + " already running");
        }
        Map<String, String> e = new LinkedHashMap<>();
        e.put("DSAS_ROLES", null);
        if (System.getenv("JAVA_HOME") == null) {
            e.put("JAVA_HOME", System.getProperty("java.home")); // the JDK 17 running the tests
        }
        e.putAll(env);
        List<String> command = new ArrayList<>();
        if (user != null) {
            Cmd.run(Duration.ofSeconds(60), List.of("chown", "-R", user + ":", home.toString())).orThrow();
            e.put("HOME", home.toString());
            command.addAll(List.of(Cmd.tool("setpriv"), "--reuid=" + user, "--regid=" + group(user),
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        }
        command.addAll(launcher != null ? launcher : List.of(home.resolve("bin/karaf").toString(), "server"));
        proc = host.start("appliance", e, home, command);
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecResult last = null;
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) {
                throw new IllegalStateException("appliance in " + host + " exited; console:\n" + proc.output());
            }
            last = admin(client, "role:list");
            if (last.exit() == 0 && last.out().contains("base")) {
                return this;
            }
            Cmd.sleep(500);
        }
        throw new IllegalStateException("appliance in " + host + " not SSH-ready from " + client + " within "
                + timeout.toSeconds() + " s; last attempt: " + last);
    }

    public ExecResult admin(Host client, String command) {
        return ssh(client, "admin", adminKey, command);
    }

    public ExecResult viewer(Host client, String command) {
        return ssh(client, "viewer", viewerKey, command);
    }

    /** Runs one shell command over SSH (public-key login with {@code key}) from {@code client}; colours stripped. */
    public ExecResult ssh(Host client, String user, Path key, String command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(), "-p",
                String.valueOf(sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "PreferredAuthentications=publickey", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR",
                user + "@" + address, command));
        ExecResult r = client.exec(Duration.ofSeconds(120), cmd);
        return new ExecResult(r.command(), r.exit(), strip(r.out()), strip(r.err()));
    }

    private static String strip(String s) {
        return s.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
    }

    /** The process running {@code bin/karaf server} (null before {@link #start}). */
    public Proc process() {
        return proc;
    }

    public String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no karaf.log)";
    }

    /** Stops the appliance (SIGTERM to its process tree: Karaf shuts down cleanly; SIGKILL after 30 s). */
    public void stop() {
        if (proc != null) {
            proc.stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Sets {@code key = value} in an etc/ file of the appliance. */
    public NetnsAppliance edit(String file, String key, String value) throws IOException {
        ApplianceFiles.setProperty(home.resolve(file), key, value);
        return this;
    }

    public NetnsAppliance appendLine(String file, String line) throws IOException {
        ApplianceFiles.appendLine(home.resolve(file), line);
        return this;
    }

    /** The primary group of a user, by name ({@code id -gn}). */
    private static String group(String user) {
        return Cmd.run(Duration.ofSeconds(10), List.of("id", "-gn", user)).orThrow().out().trim();
    }

    private static Path keygen(Path file, String comment) {
        Cmd.run(Duration.ofSeconds(30), List.of(Cmd.tool("ssh-keygen"), "-q", "-t", "ecdsa", "-b", "256", "-N", "",
                "-C", comment, "-f", file.toString())).orThrow();
        return file;
    }

    /** System property dsas.assembly.dir, else karaf-assembly/target/assembly in the first parent that has it. */
    public static Path assemblyDir() {
        String prop = System.getProperty("dsas.assembly.dir");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("bin/karaf"))) {
                throw new IllegalStateException("dsas.assembly.dir=" + p + " has no bin/karaf: build the appliance first");
            }
            return p;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("karaf-assembly/target/assembly");
            if (Files.isRegularFile(p.resolve("bin/karaf"))) {
                return p;
            }
        }
        throw new IllegalStateException("no built appliance (karaf-assembly/target/assembly) found from "
                + Path.of("").toAbsolutePath() + "; set -Ddsas.assembly.dir");
    }

}
