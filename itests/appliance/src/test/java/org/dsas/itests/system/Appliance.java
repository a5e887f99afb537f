package org.dsas.itests.system;

import org.dsas.testsupport.ApplianceFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * A private copy of the built appliance started as a real process, as an
 * operator would run it: its own directory, ports on 127.0.0.1 only, SSH keys
 * for admin and viewer, environment of our choosing. Always stopped and its
 * process tree killed at close.
 */
public final class Appliance implements AutoCloseable {

    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public final Path home;
    public final int sshPort;
    public final KeyPair adminKey;
    public final KeyPair viewerKey;
    private final Map<String, String> env = new HashMap<>();
    private Process process;
    private SshClient client;

    public Appliance(String name) throws Exception {
        Path source = Paths.get(System.getProperty("dsas.assembly.dir", "../../karaf-assembly/target/assembly"));
        home = Files.createTempDirectory("dsas-" + name + "-");
        ApplianceFiles.copyFresh(source, home);
        sshPort = freePort();
        edit("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        edit("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        // The build machine's own network: no multicast from the metrics agent, no ganglia/Prometheus ports.
        edit("etc/org.dsas.metrics.agent.cfg", "send.channels", "");
        edit("etc/org.dsas.metrics.agent.cfg", "receive.groups", "");
        edit("etc/org.dsas.metrics.agent.cfg", "receive.port", "0");
        edit("etc/org.dsas.metrics.agent.cfg", "tcp.port", "0");
        edit("etc/org.dsas.metrics.prometheus.cfg", "port", "0");
        adminKey = ecKey();
        viewerKey = ecKey();
        Files.writeString(home.resolve("etc/admin.pub"), PublicKeyEntry.toString(adminKey.getPublic()) + " admin@test\n");
        Files.writeString(home.resolve("etc/viewer.pub"), PublicKeyEntry.toString(viewerKey.getPublic()) + " viewer@test\n");
        // The host's /proc/cmdline is not ours to use in a test: point the appliance at a file.
        Files.writeString(home.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz quiet\n");
        appendLine("etc/system.properties", "dsas.cmdline = " + home.resolve("cmdline"));
    }

    /** Registers the fixture roles (fixa, fixb) and their features repository. */
    public Appliance withFixtureRoles() throws IOException {
        appendLine("etc/org.dsas.roles.cfg", "role.fixa.description = test role A (brings a shared package)");
        appendLine("etc/org.dsas.roles.cfg", "role.fixb.description = test role B (imports that package optionally)");
        String repo = "mvn:org.dsas.itests/fixture-features/" + System.getProperty("dsas.version") + "/xml/features";
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg).replaceFirst("featuresRepositories\\s*=\\s*\\\\?\\s*", "featuresRepositories = " + repo + ", \\\\\n    ");
        Files.writeString(cfg, text);
        // Fixture bundles come from a copy of their part of the local Maven repository (the appliance's user cannot
        // read the build user's ~/.m2); the appliance's own are in system/.
        String local = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        Path fixtures = home.resolve("fixture-repo");
        Path from = Path.of(local, "org", "dsas", "itests");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> from.relativize(f).toString().startsWith("fixture-"))::iterator) {
                Path to = fixtures.resolve("org/dsas/itests").resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        edit("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots, file:" + fixtures
                        + "@id=fixtures@snapshots");
        edit("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", "");
        return this;
    }

    public Appliance env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Appliance cmdline(String line) throws IOException {
        Files.writeString(home.resolve("cmdline"), line + "\n");
        return this;
    }

    public void start() throws Exception {
        // The product's launcher: as root (CI), Karaf runs as user dsas with the appliance's capabilities only.
        ProcessBuilder pb = new ProcessBuilder("bin/dsas-run", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.out").toFile());
        pb.environment().remove("DSAS_ROLES");
        pb.environment().remove("DSAS_USER");
        pb.environment().remove("DSAS_CAPS");
        pb.environment().putAll(env);
        process = pb.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("appliance exited: " + Files.readString(home.resolve("console.out")));
            }
            try {
                Result r = ssh("admin", adminKey, "role:list");
                if (r.exit() == 0 && r.out().contains("base")) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("appliance not SSH-ready within 120 s; log:\n" + log());
    }

    public Result admin(String command) throws Exception {
        return ssh("admin", adminKey, command);
    }

    public Result viewer(String command) throws Exception {
        return ssh("viewer", viewerKey, command);
    }

    /** Runs one command over SSH with public-key login. */
    public Result ssh(String user, KeyPair key, String command) throws Exception {
        try (ClientSession s = client.connect(user, "127.0.0.1", sshPort).verify(Duration.ofSeconds(10)).getSession()) {
            s.addPublicKeyIdentity(key);
            s.auth().verify(Duration.ofSeconds(15));
            return exec(s, command);
        }
    }

    /** Tries a password login; true if the appliance accepted it. */
    public boolean passwordAccepted(String user, String password) throws Exception {
        try (ClientSession s = client.connect(user, "127.0.0.1", sshPort).verify(Duration.ofSeconds(10)).getSession()) {
            s.addPasswordIdentity(password);
            try {
                s.auth().verify(Duration.ofSeconds(15));
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    private static Result exec(ClientSession s, String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec ch = s.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(Duration.ofSeconds(10));
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(120));
            Integer exit = ch.getExitStatus();
            return new Result(exit == null ? -1 : exit, strip(out), strip(err));
        }
    }

    private static String strip(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
    }

    public String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no karaf.log)";
    }

    public void stop() throws Exception {
        if (client != null) {
            client.stop();
            client = null;
        }
        if (process != null) {
            ProcessHandle handle = process.toHandle();
            java.util.List<ProcessHandle> all = Stream.concat(handle.descendants(), Stream.of(handle)).toList();
            all.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (ProcessHandle p : all) {
                while (p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    public void edit(String file, String key, String value) throws IOException {
        ApplianceFiles.setProperty(home.resolve(file), key, value);
    }

    public void appendLine(String file, String line) throws IOException {
        ApplianceFiles.appendLine(home.resolve(file), line);
    }

    @Override
    public void close() throws Exception {
        stop();
        if (!Boolean.getBoolean("dsas.keep")) {
            ApplianceFiles.deleteTree(home);
        }
    }



    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }


}
