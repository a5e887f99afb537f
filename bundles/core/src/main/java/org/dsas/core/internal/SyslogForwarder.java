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
public class SyslogForwarder implements StatusContributor {

    static final String PID = "org.dsas.syslog";
    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final Map<String, Integer> FACILITIES = facilities();
    private static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG");
    private static final String HOST = hostName();

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

    @Modified
    void modified(Map<String, Object> props) {
        String file = ConfigurationError.fileOf(props, PID);
        Settings next;
        try {
            next = parse(props, file);
        } catch (ConfigurationError e) {
            LOG.error("syslog: configuration rejected, forwarding unchanged: {}", e.getMessage());
            return;
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

    static Settings parse(Map<String, ?> props, String file) throws ConfigurationError {
        String host = null;
        int port = 514;
        int facility = 16;
        String level = "INFO";
        String app = "dsas";
        for (Map.Entry<String, ?> e : props.entrySet()) {
            String key = e.getKey();
            String v = String.valueOf(e.getValue()).trim();
            switch (key) {
                case "host" -> host = v.isEmpty() ? null : v;
                case "port" -> {
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException ex) {
                        port = -1;
                    }
                    if (port < 1 || port > 65535) {
                        throw new ConfigurationError(file, key, "'" + v + "' is not a port (1-65535)");
                    }
                }
                case "facility" -> {
                    Integer f = FACILITIES.get(v.toLowerCase(java.util.Locale.ROOT));
                    if (f == null) {
                        throw new ConfigurationError(file, key, "'" + v + "' is not a syslog facility (user, daemon, local0..local7)");
                    }
                    facility = f;
                }
                case "level" -> {
                    if (!LEVELS.contains(v.toUpperCase(java.util.Locale.ROOT))) {
                        throw new ConfigurationError(file, key, "'" + v + "' is not a level (" + String.join(", ", LEVELS) + ")");
                    }
                    level = v.toUpperCase(java.util.Locale.ROOT);
                }
                case "appName" -> {
                    if (!v.matches("[!-~]{1,48}")) {
                        throw new ConfigurationError(file, key, "'" + v + "' is not a syslog app name (1-48 printable characters)");
                    }
                    app = v;
                }
                default -> {
                    if (!ConfigurationError.isFrameworkKey(key)) {
                        throw new ConfigurationError(file, key, "unknown key (known: host, port, facility, level, appName)");
                    }
                }
            }
        }
        return new Settings(host, port, facility, level, app);
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
