package org.dsas.core.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.core.api.StatusContributor;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the appliance's log to a remote syslog server over UDP (RFC 5424
 * messages), as the seed's servers sent their logs away. Configured in
 * {@code etc/org.dsas.syslog.cfg}; an empty host switches forwarding off.
 * Hooks into Karaf's logging as a Pax Logging appender.
 */
@Component(service = StatusContributor.class, configurationPid = SyslogForwarder.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SyslogForwarder.Config.class)
public class SyslogForwarder implements StatusContributor {

    static final String PID = "org.dsas.syslog";
    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final Map<String, Integer> FACILITIES = facilities();
    private static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG");
    private static final String HOST = hostName();

    @ObjectClassDefinition(name = "DSAS syslog forwarding")
    public @interface Config {
        @AttributeDefinition(description = "Syslog server address; empty = no forwarding")
        String host() default "";

        @AttributeDefinition(description = "UDP port of the syslog server (1-65535)")
        @ConfigRange(min = 1, max = 65535)
        int port() default 514;

        @AttributeDefinition(description = "Facility: user, daemon, syslog, local0 .. local7")
        String facility() default "local0";

        @AttributeDefinition(description = "Lowest level forwarded: ERROR, WARN, INFO, DEBUG")
        String level() default "INFO";

        @AttributeDefinition(description = "APP-NAME field of the messages (1-48 printable characters)")
        String appName() default "dsas";
    }

    /** Validated settings; {@code host == null} means off. */
    record Settings(String host, int port, int facility, String level, String app) {
    }

    private BundleContext context;
    private volatile Settings settings = new Settings(null, 514, 16, "INFO", "dsas");
    private ServiceRegistration<PaxAppender> registration;
    private DatagramSocket socket;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError;

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        modified(props);
    }

    @Reference
    ConfigAlarms alarms;

    @Modified
    void modified(Map<String, Object> props) {
        ConfigCheck check = check(props);
        Settings next = settings(check);
        if (!check.passed(alarms)) {
            return; // forwarding unchanged
        }
        synchronized (this) {
            stop();
            settings = new Settings(null, next.port(), next.facility(), next.level(), next.app());
            if (next.host() != null) {
                try {
                    socket = new DatagramSocket();
                    socket.connect(new InetSocketAddress(InetAddress.getByName(next.host()), next.port()));
                } catch (IOException e) {
                    lastError = e.getMessage();
                    LOG.error("syslog: cannot reach {}:{}: {}; forwarding off", next.host(), next.port(), e.getMessage());
                    return;
                }
                settings = next;
                Hashtable<String, Object> p = new Hashtable<>();
                p.put("org.ops4j.pax.logging.appender.name", "DsasSyslog");
                registration = context.registerService(PaxAppender.class, this::append, p);
                LOG.info("syslog: forwarding {} and above to {}:{} (udp)", next.level(), next.host(), next.port());
            }
        }
    }

    @Deactivate
    synchronized void stop() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** Checks the configuration whole; every problem is one line in the check. */
    static ConfigCheck check(Map<String, ?> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Config c = check.typed(Config.class);
        String facility = c.facility().trim().toLowerCase(java.util.Locale.ROOT);
        check.require("facility", FACILITIES.containsKey(facility), "'" + c.facility().trim()
                + "' is not a syslog facility (user, daemon, local0..local7)");
        String level = c.level().trim().toUpperCase(java.util.Locale.ROOT);
        check.require("level", LEVELS.contains(level), "'" + c.level().trim() + "' is not a level ("
                + String.join(", ", LEVELS) + ")");
        check.require("appName", c.appName().trim().matches("[!-~]{1,48}"), "'" + c.appName().trim()
                + "' is not a syslog app name (1-48 printable characters)");
        return check;
    }

    /** The settings of a passed check, else null. */
    static Settings settings(ConfigCheck check) {
        if (!check.ok()) {
            return null;
        }
        Config c = check.typed(Config.class);
        String host = c.host().trim();
        return new Settings(host.isEmpty() ? null : host, c.port(),
                FACILITIES.get(c.facility().trim().toLowerCase(java.util.Locale.ROOT)),
                c.level().trim().toUpperCase(java.util.Locale.ROOT), c.appName().trim());
    }

    private void append(PaxLoggingEvent event) {
        Settings s = settings;
        DatagramSocket out = socket;
        if (out == null) {
            return;
        }
        int severity = event.getLevel().getSyslogEquivalent();
        if (severity > severityOf(s.level())) {
            return;
        }
        byte[] data = format(s, severity, event.getTimeStamp(), event.getLoggerName(), event.getRenderedMessage());
        try {
            out.send(new DatagramPacket(data, data.length));
            sent.incrementAndGet();
        } catch (IOException e) {
            // Never log from inside the appender: it would come straight back here.
            failed.incrementAndGet();
            lastError = e.getMessage();
        }
    }

    static int severityOf(String level) {
        return switch (level) {
            case "ERROR" -> 3;
            case "WARN" -> 4;
            case "INFO" -> 6;
            default -> 7;
        };
    }

    /** An RFC 5424 message: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID - MSG}. */
    static byte[] format(Settings s, int severity, long timestamp, String logger, String message) {
        String host = HOST;
        String msgid = logger == null || logger.isEmpty() ? "-" : logger.substring(logger.lastIndexOf('.') + 1);
        if (msgid.length() > 32) {
            msgid = msgid.substring(0, 32);
        }
        String line = "<" + (s.facility() * 8 + severity) + ">1 " + Instant.ofEpochMilli(timestamp) + " " + host + " "
                + s.app() + " " + ProcessHandle.current().pid() + " " + msgid + " - " + message;
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }

    private static Map<String, Integer> facilities() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("user", 1);
        m.put("daemon", 3);
        m.put("syslog", 5);
        for (int i = 0; i < 8; i++) {
            m.put("local" + i, 16 + i);
        }
        return m;
    }

    @Override
    public String section() {
        return "syslog";
    }

    @Override
    public Map<String, Object> status() {
        Settings s = settings;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forwarding", s.host() == null ? "off" : s.host() + ":" + s.port() + "/udp");
        if (s.host() != null) {
            m.put("level", s.level());
            m.put("sent", sent.get());
            m.put("failed", failed.get());
        }
        if (lastError != null) {
            m.put("lastError", lastError);
        }
        return m;
    }
}
