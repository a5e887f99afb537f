package org.dsas.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.StatusContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the operators' SSH public keys into Karaf's key login from the key
 * files named in {@code etc/org.dsas.ssh.cfg}, at boot and whenever that
 * configuration changes; {@code dsas:key-set} writes both. Shows the SSH
 * section of {@code dsas:status}, with the forwarding policy's figures
 * ({@link SshForwardingPolicy}, which reads the same file).
 */
@Component(service = {SshKeyInstaller.class, StatusContributor.class}, configurationPid = SshKeyInstaller.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SshConfiguration.Config.class)
public class SshKeyInstaller implements StatusContributor {

    static final String PID = SshConfiguration.PID;
    static final List<String> USERS = List.of("admin", "viewer");
    private static final Logger LOG = LoggerFactory.getLogger(SshKeyInstaller.class);

    private final Map<String, String> keyFiles = new LinkedHashMap<>();
    private final Map<String, String> installed = new LinkedHashMap<>();
    private Path etc;

    @Reference
    ConfigAlarms configAlarms;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        for (String user : USERS) {
            keyFiles.putIfAbsent(user, etc.resolve(user + ".pub").toString());
        }
        ConfigCheck check = SshConfiguration.check(props);
        if (!check.passed(configAlarms)) {
            return; // the key files in force stay
        }
        SshConfiguration.Config c = check.typed(SshConfiguration.Config.class);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("admin", c.admin_keyFile().isBlank() ? etc.resolve("admin.pub").toString() : c.admin_keyFile().trim());
        files.put("viewer", c.viewer_keyFile().isBlank() ? etc.resolve("viewer.pub").toString()
                : c.viewer_keyFile().trim());
        synchronized (this) {
            keyFiles.clear();
            keyFiles.putAll(files);
        }
        for (String user : USERS) {
            installFromFile(user);
        }
    }

    /** Installs the first key line of the user's key file, if the file exists. */
    synchronized void installFromFile(String user) {
        Path path = Paths.get(keyFiles.get(user));
        if (!Files.exists(path)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (lines.isEmpty()) {
                LOG.warn("ssh[{}]: {} holds no key", user, path);
                return;
            }
            if (lines.size() > 1) {
                LOG.warn("ssh[{}]: {} holds {} keys; Karaf's key login takes one key per user, the first is used",
                        user, path, lines.size());
            }
            AuthorizedKey key = AuthorizedKey.parse(lines.get(0));
            install(user, key);
        } catch (IllegalArgumentException e) {
            LOG.error("ssh[{}]: {}: {}; key not installed", user, path, e.getMessage());
        } catch (IOException e) {
            LOG.error("ssh[{}]: cannot read {}: {}", user, path, e.getMessage());
        }
    }

    /** Installs a key for a user now and writes it to the user's key file, so it survives restarts. */
    public synchronized void setKey(String user, String keyLine) throws IOException {
        if (!USERS.contains(user)) {
            throw new IllegalArgumentException("unknown user '" + user + "'; known users: " + String.join(", ", USERS));
        }
        AuthorizedKey key = AuthorizedKey.parse(keyLine);
        Path path = Paths.get(keyFiles.getOrDefault(user, etc.resolve(user + ".pub").toString()));
        Files.writeString(path, key.line() + "\n", StandardCharsets.UTF_8);
        install(user, key);
    }

    private void install(String user, AuthorizedKey key) throws IOException {
        KeysFile keys = new KeysFile(etc.resolve("keys.properties"));
        if (!key.blob().equals(keys.keyOf(user))) {
            keys.put(user, key.blob(), user.equals("admin") ? KeysFile.ADMIN_GROUP : KeysFile.VIEWER_GROUP);
            LOG.info("ssh[{}]: installed {} key {}", user, key.type(), key.comment());
        }
        installed.put(user, key.type() + (key.comment().isEmpty() ? "" : " " + key.comment()));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SshForwardingPolicy forwarding;

    private String sshPort() {
        try {
            ConfigurationAdmin ca = configAdmin;
            org.osgi.service.cm.Configuration[] c = ca == null ? null
                    : ca.listConfigurations("(service.pid=org.apache.karaf.shell)");
            Object port = c == null || c.length == 0 ? null : c[0].getProperties().get("sshPort");
            return port == null ? "8101" : port.toString();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public String section() {
        return "ssh";
    }

    @Override
    public synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", sshPort());
        m.put("passwordLogin", "refused (no passwords are configured)");
        for (String user : USERS) {
            m.put(user, installed.getOrDefault(user, "no key installed (" + keyFiles.get(user) + ")"));
        }
        SshForwardingPolicy f = forwarding;
        if (f != null) {
            m.put("forwarding", f.status());
        }
        return m;
    }

    @Override
    public synchronized List<String> alarms() {
        List<String> out = new java.util.ArrayList<>();
        if (!installed.containsKey("admin")) {
            out.add("no admin SSH key installed: put one in " + keyFiles.get("admin") + " or run dsas:key-set");
        }
        SshForwardingPolicy f = forwarding;
        if (f != null) {
            out.addAll(f.alarms());
        }
        return out;
    }
}
