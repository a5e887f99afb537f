package org.dsas.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The built appliance as an operator meets it: started as a process with roles
 * from the environment, reached over SSH with a key, refused with a password,
 * read-only for the viewer, hot-deployed, forwarding its log to syslog, and
 * restarted with its choices and host key kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplianceSystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Appliance box;

    @BeforeAll
    void boot() throws Exception {
        box = new Appliance("system").withFixtureRoles()
                .env("DSAS_ROLES", "fixb")
                .cmdline("BOOT_IMAGE=/vmlinuz quiet dsas.roles=nosuchrole");
        box.start();
        // Roles are applied in the background after boot: wait for fixb.
        waitFor(() -> role("fixb").get("active").asBoolean(), "role fixb active");
    }

    @AfterAll
    void shutdown() throws Exception {
        if (box != null) {
            box.close();
        }
    }

    @Test
    @Order(1)
    void keyLoginListsRolesAsJsonWithTheirSource() throws Exception {
        Appliance.Result r = box.admin("role:list --json");
        assertEquals(0, r.exit(), r.all());
        JsonNode roles = JSON.readTree(r.out());
        JsonNode base = find(roles, "base");
        assertTrue(base.get("active").asBoolean());
        assertEquals("required", base.get("source").asText());
        JsonNode fixb = find(roles, "fixb");
        assertTrue(fixb.get("active").asBoolean());
        assertEquals("environment", fixb.get("source").asText());
        JsonNode fixa = find(roles, "fixa");
        assertFalse(fixa.get("active").asBoolean());
        assertEquals("default", fixa.get("source").asText());
    }

    @Test
    @Order(2)
    void unknownRoleInAFlagIsLoggedAndTheOthersStillComeUp() throws Exception {
        assertTrue(box.log().contains("names unknown role 'nosuchrole'; known roles: base, fixa, fixb"), box.log());
        assertTrue(role("fixb").get("active").asBoolean());
    }

    @Test
    @Order(3)
    void passwordLoginIsRefused() throws Exception {
        assertFalse(box.passwordAccepted("admin", "admin"));
        assertFalse(box.passwordAccepted("karaf", "karaf"));
        assertFalse(box.passwordAccepted("viewer", "viewer"));
    }

    @Test
    @Order(4)
    void viewerMayLookButNotChange() throws Exception {
        Appliance.Result status = box.viewer("dsas:status --json");
        assertEquals(0, status.exit(), status.all());
        assertTrue(JSON.readTree(status.out()).has("roles"));
        Appliance.Result list = box.viewer("role:list");
        assertEquals(0, list.exit(), list.all());

        Appliance.Result enable = box.viewer("role:enable fixa");
        assertNotEquals(0, enable.exit(), enable.all());
        assertFalse(role("fixa").get("active").asBoolean(), "viewer changed a role");
        Appliance.Result keys = box.viewer("dsas:key-set viewer " + "ssh-rsa AAAA");
        assertNotEquals(0, keys.exit(), keys.all());
    }

    @Test
    @Order(5)
    void enableNosuchNamesTheKnownRoles() throws Exception {
        Appliance.Result r = box.admin("role:enable nosuch");
        assertNotEquals(0, r.exit());
        assertTrue(r.all().contains("unknown role 'nosuch'; known roles: base, fixa, fixb"), r.all());
    }

    @Test
    @Order(6)
    void dryRunShowsThePlanAndChangesNothing() throws Exception {
        Appliance.Result r = box.admin("role:enable fixa --dry-run");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("mvn:org.dsas.itests/fixture-a/"), r.out());
        assertTrue(r.out().contains("mvn:org.dsas.itests/fixture-shared/"), r.out());
        // Stock Karaf would restart fixture-b (its optional import becomes satisfiable); DSAS says it will not.
        assertTrue(r.out().contains("org.dsas.itests.fixture-b"), r.out());
        assertFalse(role("fixa").get("active").asBoolean());
        assertEquals(null, bundle("org.dsas.itests.fixture-a"));
    }

    @Test
    @Order(7)
    void enablingARoleKeepsTheOtherRoleRunning() throws Exception {
        String[] before = bundle("org.dsas.itests.fixture-b");
        Appliance.Result r = box.admin("role:enable fixa");
        assertEquals(0, r.exit(), r.all());
        assertTrue(role("fixa").get("active").asBoolean());
        assertEquals("operator", role("fixa").get("source").asText());
        String[] after = bundle("org.dsas.itests.fixture-b");
        assertEquals(before[0], after[0], "fixture-b got a new bundle id");
        assertEquals("Active", after[1]);
        assertFalse(box.log().matches("(?s).*Refreshing bundles:.*org.dsas.itests.fixture-b.*"),
                "fixture-b was refreshed");
    }

    @Test
    @Order(8)
    void hotDeployReplacesTheRunningBundleInPlace() throws Exception {
        String[] a = bundle("org.dsas.itests.fixture-a");
        String[] b = bundle("org.dsas.itests.fixture-b");
        String newVersion = "9.9.9.hotfix";
        Path rebuilt = box.home.resolve("fixture-a-rebuilt.jar");
        rewriteVersion(Paths.get(System.getProperty("dsas.fixture.a")), rebuilt, newVersion);
        Files.copy(rebuilt, box.home.resolve("deploy/fixture-a.jar"));
        waitFor(() -> newVersion.equals(bundle("org.dsas.itests.fixture-a")[2]), "fixture-a at " + newVersion);
        String[] a2 = bundle("org.dsas.itests.fixture-a");
        assertEquals(a[0], a2[0], "hot deploy installed a second bundle instead of replacing");
        assertEquals("Active", a2[1]);
        assertEquals(b[0], bundle("org.dsas.itests.fixture-b")[0]);
        assertTrue(box.log().contains("hot-deploy: org.dsas.itests.fixture-a"), box.log());
    }

    @Test
    @Order(9)
    void logIsForwardedToSyslogAndBadSyslogConfigIsRejected() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(500);
            int port = syslog.getLocalPort();
            Appliance.Result r = box.admin("config:edit org.dsas.syslog; config:property-set host 127.0.0.1; "
                    + "config:property-set port " + port + "; config:update");
            assertEquals(0, r.exit(), r.all());
            String got = receive(syslog, "syslog: forwarding INFO");
            assertTrue(got.matches("<13[0-9]>1 \\S+ \\S+ dsas \\d+ \\S+ - .*"), got);

            r = box.admin("config:edit org.dsas.syslog; config:property-set port 99999; config:update");
            waitFor(() -> box.log().contains("org.dsas.syslog.cfg: key 'port': '99999' is out of range 1-65535"),
                    "one error line naming file and key");
            // Forwarding continues with the previous settings.
            box.admin("log:log 'after bad config'");
            receive(syslog, "after bad config");
        }
    }

    @Test
    @Order(10)
    void aBadRoleDefinitionIsRejectedWholeAndTheRolesInForceStay() throws Exception {
        String before = box.admin("role:list --json").out();
        Path cfg = box.home.resolve("etc/org.dsas.roles.cfg");
        String good = Files.readString(cfg);
        // One good new role and one bad key in the same edit: neither may take effect.
        Files.writeString(cfg, good + "role.extra.description = would be new\nrole.fixa.colour = blue\n");
        try {
            waitFor(() -> box.log().contains("org.dsas.roles.cfg: key 'role.fixa.colour': unknown attribute 'colour'"
                    + " (known: description, feature, required)"), "one error line naming file and key");
            assertEquals(before, box.admin("role:list --json").out(), "a rejected configuration changed the roles");
        } finally {
            Files.writeString(cfg, good);
        }
    }

    @Test
    @Order(11)
    void restartKeepsOperatorChoiceAndHostKey() throws Exception {
        String hostKey = Files.readString(box.home.resolve("etc/host.key"));
        box.stop();
        box.env("DSAS_ROLES", "");
        box.start();
        waitFor(() -> role("fixa").get("active").asBoolean(), "fixa active after restart");
        assertEquals("operator", role("fixa").get("source").asText());
        waitFor(() -> !role("fixb").get("active").asBoolean(), "fixb off once DSAS_ROLES no longer names it");
        assertEquals(hostKey, Files.readString(box.home.resolve("etc/host.key")), "host key changed");
        Appliance.Result reset = box.admin("role:reset fixa");
        assertEquals(0, reset.exit(), reset.all());
        assertFalse(role("fixa").get("active").asBoolean());
        assertEquals("default", role("fixa").get("source").asText());
    }

    // --- helpers ---

    private JsonNode role(String name) throws Exception {
        Appliance.Result r = box.admin("role:list --json");
        return find(JSON.readTree(r.out()), name);
    }

    private static JsonNode find(JsonNode roles, String name) {
        for (JsonNode r : roles) {
            if (name.equals(r.get("name").asText())) {
                return r;
            }
        }
        throw new AssertionError("no role " + name + " in " + roles);
    }

    /** id, state, version of a bundle by symbolic name, or null. */
    private String[] bundle(String bsn) throws Exception {
        Appliance.Result r = box.admin("bundle:list -s -t 0 --no-format");
        for (String line : r.out().split("\\R")) {
            String[] cols = line.trim().split("\\s*[|│\\t]\\s*");
            if (cols.length >= 5 && cols[4].equals(bsn)) {
                return new String[] {cols[0], cols[1], cols[3]};
            }
        }
        return null;
    }

    private static String receive(DatagramSocket socket, String needle) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (msg.contains(needle)) {
                return msg;
            }
        }
        throw new AssertionError("no syslog message containing '" + needle + "'");
    }

    private static void rewriteVersion(Path in, Path out, String version) throws Exception {
        try (JarInputStream jin = new JarInputStream(Files.newInputStream(in))) {
            Manifest m = new Manifest(jin.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream jout = new JarOutputStream(Files.newOutputStream(out), m)) {
                for (JarEntry e = jin.getNextJarEntry(); e != null; e = jin.getNextJarEntry()) {
                    jout.putNextEntry(new JarEntry(e.getName()));
                    jin.transferTo(jout);
                    jout.closeEntry();
                }
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private void waitFor(Check check, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new Exception(e);
            }
            Thread.sleep(300);
        }
        String roles;
        try {
            roles = box.admin("role:list").all();
        } catch (Exception e) {
            roles = e.toString();
        }
        throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (" + last + ")")
                + "\n--- role:list ---\n" + roles
                + "\n--- karaf.log tail ---\n" + tail(box.log()));
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
