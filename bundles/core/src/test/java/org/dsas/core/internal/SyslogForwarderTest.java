package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.dsas.core.api.ConfigCheck;
import org.dsas.core.internal.SyslogForwarder.Settings;
import org.junit.jupiter.api.Test;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class SyslogForwarderTest {

    private static final String FILE = "etc/org.dsas.syslog.cfg";
    private static final long TIMESTAMP = 1_700_000_000_123L; // 2023-11-14T22:13:20.123Z

    private static Settings parse(Map<String, ?> props) {
        ConfigCheck check = SyslogForwarder.check(props);
        assertEquals(List.of(), check.problems());
        return SyslogForwarder.settings(check);
    }

    private static String rejected(String key, Object value) {
        List<String> problems = SyslogForwarder.check(Map.of(key, value)).problems();
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    // ---- parse ------------------------------------------------------------------------------------------------

    @Test
    void noSettingsMeanForwardingOffWithDefaults() {
        assertEquals(new Settings(null, 514, 16, "INFO", "dsas"), parse(Map.of()));
    }

    @Test
    void validSettingsAreReadTrimmedAndNormalised() {
        Map<String, Object> props = new HashMap<>();
        props.put("host", "  logs.example.org ");
        props.put("port", "1514");
        props.put("facility", "LOCAL3");
        props.put("level", "warn");
        props.put("appName", "dsas-lb");
        props.put("service.pid", SyslogForwarder.PID);
        props.put("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.syslog.cfg");

        assertEquals(new Settings("logs.example.org", 1514, 19, "WARN", "dsas-lb"), parse(props));
    }

    @Test
    void portMayBeGivenAsANumber() {
        assertEquals(65535, parse(Map.of("port", 65535)).port());
        assertEquals(1, parse(Map.of("port", "1")).port());
    }

    @Test
    void facilitiesMapToTheirSyslogCodes() {
        assertEquals(1, parse(Map.of("facility", "user")).facility());
        assertEquals(3, parse(Map.of("facility", "daemon")).facility());
        assertEquals(5, parse(Map.of("facility", "syslog")).facility());
        assertEquals(16, parse(Map.of("facility", "local0")).facility());
        assertEquals(23, parse(Map.of("facility", "local7")).facility());
    }

    @Test
    void emptyHostSwitchesForwardingOff() {
        assertEquals(null, parse(Map.of("host", "   ")).host());
    }

    @Test
    void portOutsideOneTo65535IsRejectedNamingFileAndKey() {
        assertEquals(FILE + ": key 'port': '0' is out of range 1-65535", rejected("port", "0"));
        assertEquals(FILE + ": key 'port': '65536' is out of range 1-65535", rejected("port", "65536"));
        assertEquals(FILE + ": key 'port': 'syslog' is not a whole number", rejected("port", "syslog"));
    }

    @Test
    void unknownFacilityIsRejectedNamingFileAndKey() {
        assertEquals(FILE + ": key 'facility': 'kern' is not a syslog facility (user, daemon, local0..local7)",
                rejected("facility", "kern"));
        assertEquals(FILE + ": key 'facility': 'local8' is not a syslog facility (user, daemon, local0..local7)",
                rejected("facility", "local8"));
    }

    @Test
    void unknownLevelIsRejectedNamingFileAndKey() {
        assertEquals(FILE + ": key 'level': 'TRACE' is not a level (ERROR, WARN, INFO, DEBUG)", rejected("level", "TRACE"));
    }

    @Test
    void appNameWithSpacesOrTooLongIsRejectedNamingFileAndKey() {
        assertEquals(FILE + ": key 'appName': 'my app' is not a syslog app name (1-48 printable characters)",
                rejected("appName", "my app"));
        String tooLong = "a".repeat(49);
        assertEquals(FILE + ": key 'appName': '" + tooLong + "' is not a syslog app name (1-48 printable characters)",
                rejected("appName", tooLong));
    }

    @Test
    void unknownKeyIsRejectedNamingFileAndKey() {
        assertEquals(FILE + ": key 'hostname': unknown key (known: appName, facility, host, level, port)",
                rejected("hostname", "logs.example.org"));
    }

    @Test
    void levelNamesMapToSyslogSeverities() {
        assertEquals(3, SyslogForwarder.severityOf("ERROR"));
        assertEquals(4, SyslogForwarder.severityOf("WARN"));
        assertEquals(6, SyslogForwarder.severityOf("INFO"));
        assertEquals(7, SyslogForwarder.severityOf("DEBUG"));
    }

    // ---- format -----------------------------------------------------------------------------------------------

    private static String[] fields(byte[] message) {
        // <PRI>1 TIMESTAMP HOST APP PROCID MSGID - MSG
        return new String(message, StandardCharsets.UTF_8).split(" ", 8);
    }

    @Test
    void formatWritesAnRfc5424Message() throws Exception {
        Settings local0 = new Settings("logs.example.org", 514, 16, "INFO", "dsas-lb");

        String[] f = fields(SyslogForwarder.format(local0, 3, TIMESTAMP, "org.dsas.core.internal.RoleManager",
                "role[lb] enabling failed: no such feature"));

        assertEquals(8, f.length, Arrays.toString(f));
        assertEquals("<131>1", f[0], "PRI = local0 (16) * 8 + error (3), then version 1");
        assertEquals("2023-11-14T22:13:20.123Z", f[1]);
        assertEquals(InetAddress.getLocalHost().getHostName(), f[2]);
        assertEquals("dsas-lb", f[3]);
        assertEquals(String.valueOf(ProcessHandle.current().pid()), f[4]);
        assertEquals("RoleManager", f[5], "MSGID is the logger's simple name");
        assertEquals("-", f[6], "no structured data");
        assertEquals("role[lb] enabling failed: no such feature", f[7]);
    }

    @Test
    void priIsFacilityTimesEightPlusSeverity() {
        Settings user = new Settings(null, 514, 1, "INFO", "dsas");
        Settings local7 = new Settings(null, 514, 23, "INFO", "dsas");

        assertEquals("<14>1", fields(SyslogForwarder.format(user, 6, TIMESTAMP, "x", "m"))[0]);
        assertEquals("<191>1", fields(SyslogForwarder.format(local7, 7, TIMESTAMP, "x", "m"))[0]);
        assertEquals("<28>1", fields(SyslogForwarder.format(new Settings(null, 514, 3, "INFO", "dsas"), 4,
                TIMESTAMP, "x", "m"))[0]);
    }

    @Test
    void msgidIsDashWithoutLoggerAndAtMost32Characters() {
        Settings s = new Settings(null, 514, 16, "INFO", "dsas");

        assertEquals("-", fields(SyslogForwarder.format(s, 6, TIMESTAMP, null, "m"))[5]);
        assertEquals("-", fields(SyslogForwarder.format(s, 6, TIMESTAMP, "", "m"))[5]);
        assertEquals("A".repeat(32), fields(SyslogForwarder.format(s, 6, TIMESTAMP, "org.x." + "A".repeat(40), "m"))[5]);
    }

    @Test
    void messageIsEncodedAsUtf8() {
        byte[] data = SyslogForwarder.format(new Settings(null, 514, 16, "INFO", "dsas"), 6, TIMESTAMP, "x",
                "café ✓ déjà");

        assertTrue(new String(data, StandardCharsets.UTF_8).endsWith(" - café ✓ déjà"));
    }

    // ---- over a real UDP socket (loopback only) ---------------------------------------------------------------

    private static String receive(DatagramSocket socket) throws Exception {
        byte[] buf = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void formattedMessageArrivesIntactOverUdp() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket receiver = new DatagramSocket(0, loopback); DatagramSocket sender = new DatagramSocket()) {
            receiver.setSoTimeout(5_000);
            byte[] data = SyslogForwarder.format(new Settings("127.0.0.1", receiver.getLocalPort(), 16, "INFO", "dsas"),
                    6, TIMESTAMP, "org.dsas.core.internal.RoleManager", "role[lb] enabling: operator said so – ok");

            sender.send(new DatagramPacket(data, data.length, loopback, receiver.getLocalPort()));

            byte[] buf = new byte[65_535];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            receiver.receive(packet);
            assertArrayEquals(data, Arrays.copyOf(packet.getData(), packet.getLength()));
        }
    }

    /** A bundle context that only registers one Pax appender, as the forwarder asks it to. */
    private static BundleContext contextCapturing(AtomicReference<PaxAppender> appender, AtomicBoolean unregistered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                SyslogForwarderTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.set(true);
                        return null;
                    }
                    throw new UnsupportedOperationException("ServiceRegistration." + method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(SyslogForwarderTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == PaxAppender.class) {
                        appender.set((PaxAppender) args[1]);
                        return registration;
                    }
                    throw new UnsupportedOperationException("BundleContext." + method.getName());
                });
    }

    @Test
    void forwarderSendsLogEventsAtOrAboveItsLevelToTheConfiguredHost() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            receiver.setSoTimeout(5_000);
            AtomicReference<PaxAppender> appender = new AtomicReference<>();
            AtomicBoolean unregistered = new AtomicBoolean();
            SyslogForwarder forwarder = new SyslogForwarder();
            forwarder.alarms = (pid, problems) -> { };
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("host", "127.0.0.1");
            props.put("port", String.valueOf(receiver.getLocalPort()));
            props.put("facility", "local1");
            props.put("level", "WARN");
            props.put("appName", "dsas-test");

            forwarder.activate(contextCapturing(appender, unregistered), props);
            assertNotNull(appender.get(), "a Pax appender is registered when a host is configured");

            appender.get().doAppend(LogEvents.event("org.dsas.Chatty", 6, TIMESTAMP, "info is below WARN"));
            appender.get().doAppend(LogEvents.event("org.dsas.core.internal.RoleManager", 4, TIMESTAMP, "role[lb] disabling"));
            appender.get().doAppend(LogEvents.event("org.dsas.core.internal.RoleManager", 3, TIMESTAMP, "role[lb] failed"));

            String first = receive(receiver);
            String second = receive(receiver);
            assertTrue(first.startsWith("<140>1 2023-11-14T22:13:20.123Z "), first); // local1 (17) * 8 + warn (4)
            assertTrue(first.endsWith(" dsas-test " + ProcessHandle.current().pid() + " RoleManager - role[lb] disabling"),
                    first);
            assertTrue(second.startsWith("<139>1 "), "the INFO event was not sent: " + second);
            assertTrue(second.endsWith(" - role[lb] failed"), second);

            Map<String, Object> status = forwarder.status();
            assertEquals("127.0.0.1:" + receiver.getLocalPort() + "/udp", status.get("forwarding"));
            assertEquals("WARN", status.get("level"));
            assertEquals(2L, status.get("sent"));
            assertEquals(0L, status.get("failed"));
            assertEquals(java.util.List.of(), org.dsas.core.api.Json.nonCamelCaseKeys(status, java.util.Set.of()),
                    "dsas:status --json keys");

            forwarder.stop();
            assertTrue(unregistered.get(), "stop() unregisters the appender");
        }
    }

    @Test
    void rejectedReconfigurationKeepsForwardingUnchanged() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            AtomicReference<PaxAppender> appender = new AtomicReference<>();
            SyslogForwarder forwarder = new SyslogForwarder();
            Map<String, List<String>> alarms = new HashMap<>();
            forwarder.alarms = alarms::put;
            forwarder.activate(contextCapturing(appender, new AtomicBoolean()),
                    Map.of("host", "127.0.0.1", "port", String.valueOf(receiver.getLocalPort())));

            forwarder.modified(Map.of("host", "192.0.2.1", "port", "0", "hostname", "x"));

            assertEquals(List.of(FILE + ": key 'hostname': unknown key (known: appName, facility, host, level, port)",
                    FILE + ": key 'port': '0' is out of range 1-65535"), alarms.get(SyslogForwarder.PID));
            assertEquals("127.0.0.1:" + receiver.getLocalPort() + "/udp", forwarder.status().get("forwarding"));
            forwarder.stop();
        }
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        assertEquals(new Settings(null, 514, 16, "INFO", "dsas"),
                parse(org.dsas.core.api.ConfigFiles.read(java.nio.file.Path.of("../../etc/org.dsas.syslog.cfg"))));
    }

    @Test
    void statusSaysOffWithoutHost() {
        assertEquals(Map.of("forwarding", "off"), new SyslogForwarder().status());
    }
}
