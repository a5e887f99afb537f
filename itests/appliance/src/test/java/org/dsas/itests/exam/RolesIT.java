package org.dsas.itests.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The real assembly under Pax Exam: roles come up from the flags file, the
 * kernel command line and the operator's persisted choice, each credited to
 * its source; enabling and disabling a role leaves the other role's bundles
 * untouched (same ids, never stopped or started), although stock Karaf would
 * have refreshed them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RolesIT {

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessions;

    /**
     * Roles install while a test starts, and Felix cannot wire a dynamic import while another thread
     * holds the resolver (ClassNotFoundException for JDK and shell classes alike). So what the test uses is
     * imported statically: wired when the probe resolves, before the role install begins.
     */
    static TestProbeBuilder staticImports(TestProbeBuilder probe) {
        probe.setHeader("Import-Package", "javax.security.auth;resolution:=optional,"
                + "org.apache.karaf.jaas.boot.principal;resolution:=optional,"
                + "org.apache.karaf.shell.api.console;resolution:=optional,"
                + "org.osgi.framework;resolution:=optional,"
                + "org.osgi.util.tracker;resolution:=optional,javax.inject;resolution:=optional,"
                + "org.junit;resolution:=optional,org.junit.runner;resolution:=optional,"
                + "org.ops4j.pax.exam;resolution:=optional,"
                + "org.ops4j.pax.exam.junit;resolution:=optional,"
                + "org.ops4j.pax.exam.options;resolution:=optional,"
                + "org.ops4j.pax.exam.spi.reactors;resolution:=optional,"
                + "org.ops4j.pax.exam.karaf.options;resolution:=optional");
        return probe;
    }

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return RolesIT.staticImports(probe);
    }

    @Configuration
    public Option[] config() throws Exception {
        String version = System.getProperty("dsas.version");
        String localRepo = System.getProperty("maven.repo.local");
        Path work = Files.createTempDirectory("dsas-exam-");
        // Each flag source names a different role: cmdline turns fixa on, the operator's saved choice turns it off
        // again (operator wins), the flags file turns fixb on. cmdline also names 'ghost', an unknown role.
        Path cmdline = work.resolve("cmdline");
        Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz quiet dsas.roles=fixa,ghost console=ttyS0\n");
        String fixtures = "mvn:org.dsas.itests/fixture-features/" + version + "/xml/features";
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl("file:" + new File(System.getProperty("dsas.assembly")).getAbsolutePath())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false)
                    .name("DSAS"),
            keepRuntimeFolder(),
            org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel(
                    org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel.INFO),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,"
                            + "file:" + localRepo + "@id=local@snapshots"),
            editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresRepositories",
                    fixtures + ", mvn:org.dsas/dsas-features/" + version + "/xml/features,"
                            + " mvn:org.apache.karaf.features/framework/4.4.10/xml/features,"
                            + " mvn:org.apache.karaf.features/standard/4.4.10/xml/features"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "0"),
            // This container runs in the build machine's own network namespace: the metrics agent must not
            // multicast there, nor hold the ganglia/Prometheus ports.
            editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "send.channels", ""),
            editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "receive.groups", ""),
            editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "receive.port", "0"),
            editConfigurationFilePut("etc/org.dsas.metrics.agent.cfg", "tcp.port", "0"),
            editConfigurationFilePut("etc/org.dsas.metrics.prometheus.cfg", "port", "0"),
            editConfigurationFilePut("etc/org.dsas.roles.cfg", "role.fixa.description", "test role A"),
            editConfigurationFilePut("etc/org.dsas.roles.cfg", "role.fixb.description", "test role B"),
            editConfigurationFilePut("etc/dsas.flags", "roles", "fixb"),
            editConfigurationFilePut("etc/dsas-operator.flags", "roles", "-fixa"),
            editConfigurationFilePut("etc/system.properties", "dsas.cmdline", cmdline.toString()),
        };
    }

    @Test
    public void rolesComeUpFromEachFlagSourceAndRoleChangesNeverBounceOtherRoles() throws Exception {
        // --- boot: each role credited to its source ---
        String list = waitForRole("fixb", "active", true);
        assertRole(list, "base", true, "required");
        assertRole(list, "fixb", true, "flags-file");
        assertRole(list, "fixa", false, "operator");
        assertNull(bundle("org.dsas.itests.fixture-a"));

        // --- dry run: the plan names what would be installed and what stock Karaf would refresh ---
        String plan = run("role:enable fixa --dry-run --json");
        assertTrue(plan, plan.contains("mvn:org.dsas.itests/fixture-a/" + version()));
        assertTrue(plan, plan.contains("mvn:org.dsas.itests/fixture-shared/" + version()));
        assertTrue(plan, Pattern.compile("\"refreshSuppressed\":\\[\"org.dsas.itests.fixture-b/").matcher(plan).find());
        assertNull("dry run installed a bundle", bundle("org.dsas.itests.fixture-a"));

        // --- enable and disable fixa while watching fixb's bundle ---
        Bundle b = bundle("org.dsas.itests.fixture-b");
        assertNotNull(b);
        long id = b.getBundleId();
        long modified = b.getLastModified();
        List<String> bEvents = new ArrayList<>();
        SynchronousBundleListener watch = e -> {
            if (e.getBundle().getBundleId() == id) {
                bEvents.add(eventName(e.getType()));
            }
        };
        context.addBundleListener(watch);
        try {
            String out = run("role:enable fixa");
            assertTrue(out, out.contains("enable role fixa"));
            assertNotNull(bundle("org.dsas.itests.fixture-a"));
            assertEquals(Bundle.ACTIVE, bundle("org.dsas.itests.fixture-a").getState());
            assertRole(run("role:list --json"), "fixa", true, "operator");

            out = run("role:disable fixa");
            assertTrue(out, out.contains("disable role fixa"));
            assertNull(bundle("org.dsas.itests.fixture-a"));
            assertRole(run("role:list --json"), "fixa", false, "operator");
        } finally {
            context.removeBundleListener(watch);
        }
        Bundle after = bundle("org.dsas.itests.fixture-b");
        assertEquals("fixture-b bundle id", id, after.getBundleId());
        assertEquals("fixture-b was updated", modified, after.getLastModified());
        assertEquals("fixture-b was stopped or started: " + bEvents, List.of(), bEvents);
        assertEquals(Bundle.ACTIVE, after.getState());

        // --- the operator's choice is persisted for the next boot ---
        Path operator = Paths.get(System.getProperty("karaf.etc"), "dsas-operator.flags");
        assertTrue(Files.readString(operator).contains("roles=-fixa"));

        // --- bad input: one line naming the known roles; a required role cannot be disabled ---
        String nosuch = run("role:enable nosuch");
        assertTrue(nosuch, nosuch.contains("unknown role 'nosuch'; known roles: base, fixa, fixb"));
        String base = run("role:disable base");
        assertTrue(base, base.contains("role 'base' is required and cannot be disabled"));
    }

    @Test
    public void statusShowsRolesBundlesAndSections() throws Exception {
        waitForRole("fixb", "active", true);
        String status = run("dsas:status --json");
        assertTrue(status, status.contains("\"roles\":["));
        assertTrue(status, status.contains("\"ssh\":{"));
        assertTrue(status, status.contains("\"syslog\":{\"forwarding\":\"off\""));
        assertTrue(status, status.contains("\"uptimeSeconds\":"));
        assertTrue(status, status.contains("dsas-role-base/"));
        // No admin key is installed in this test: that is an alarm the operator must see.
        assertTrue(status, status.contains("no admin SSH key installed"));
    }

    // --- helpers ---

    private static String version() {
        return System.getProperty("dsas.version", "0.1.0-SNAPSHOT");
    }

    private static void assertNull(Object o) {
        org.junit.Assert.assertNull(o);
    }

    private static void assertNull(String message, Object o) {
        org.junit.Assert.assertNull(message, o);
    }

    static void assertRole(String json, String name, boolean active, String source) {
        Matcher m = Pattern.compile("\\{\"name\":\"" + name + "\",\"active\":(true|false),\"wanted\":(true|false),"
                + "\"source\":\"([a-z-]+)\"").matcher(json);
        assertTrue("role " + name + " not in " + json, m.find());
        assertEquals("role " + name + " active in " + json, active, Boolean.parseBoolean(m.group(1)));
        assertEquals("role " + name + " source in " + json, source, m.group(3));
    }

    private String waitForRole(String name, String field, boolean value) throws Exception {
        return waitForRole(sessions, name, field, value);
    }

    static String waitForRole(SessionFactory sessions, String name, String field, boolean value) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        String json = "";
        while (System.currentTimeMillis() < deadline) {
            json = run(sessions, "role:list --json");
            if (json.matches("(?s).*\\{\"name\":\"" + name + "\",\"" + field + "\":" + value + ".*")) {
                return json;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("role " + name + " never had " + field + "=" + value + ": " + json);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String eventName(int type) {
        return switch (type) {
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            default -> "event " + type;
        };
    }

    private String run(String command) throws Exception {
        return run(sessions, command);
    }

    /** Runs a shell command as the admin operator and returns what it printed (errors included). */
    static String run(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("admin"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("admin"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("viewer"));
        Session session = sessions.create(System.in, out, out);
        try {
            Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (Exception e) {
            Throwable t = e instanceof java.security.PrivilegedActionException p ? p.getCause() : e;
            out.println("ERROR: " + t.getMessage());
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
