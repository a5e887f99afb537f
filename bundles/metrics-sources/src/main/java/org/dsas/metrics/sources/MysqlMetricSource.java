package org.dsas.metrics.sources;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.core.api.MetricSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Owns the figures of one MariaDB/MySQL server (etc/org.dsas.metrics.mysql.cfg): one connection, kept open, that
 * reads {@code SHOW GLOBAL STATUS} every interval (and the InnoDB tablespaces' free space, which costs a walk over
 * every table, more rarely), published in group "mysql". Without the configuration file nothing runs.
 */
@Component(service = MetricSource.class, configurationPid = MysqlMetricSource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MysqlMetricSource.Config.class)
public class MysqlMetricSource extends PolledMetricSource {

    static final String PID = "org.dsas.metrics.mysql";

    static final String DATA_FREE_QUERY = "SELECT COALESCE(SUM(DATA_FREE), 0) FROM information_schema.TABLES"
            + " WHERE ENGINE = 'InnoDB'";

    @ObjectClassDefinition(name = "DSAS metrics: MariaDB/MySQL status")
    public @interface Config {

        @AttributeDefinition(description = "server address (ignored when socket is set)")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "server TCP port")
        @ConfigRange(min = 1, max = 65535)
        int port() default 3306;

        @AttributeDefinition(description = "unix socket of the server, instead of host and port")
        String socket() default "";

        @AttributeDefinition(description = "account (needs no privilege for SHOW GLOBAL STATUS)")
        String user() default "dsas-metrics";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "password of the account")
        String password() default "";

        @AttributeDefinition(description = "give up on connecting or on one query after this many milliseconds")
        @ConfigRange(min = 1, max = 600_000)
        int timeout_millis() default 5000;

        @AttributeDefinition(description = "seconds between two reads of the status")
        @ConfigRange(min = 1, max = 86_400)
        int interval_seconds() default 15;

        @AttributeDefinition(description = "seconds between two reads of the InnoDB free space; 0: never")
        @ConfigRange(min = 0, max = 86_400 * 7)
        int data_free_interval_seconds() default 300;
    }

    private String url;
    private String where;
    private Properties credentials;
    private long dataFreeIntervalNanos;

    private Connection connection;
    private GlobalStatus before;
    private long beforeNanos;
    private OptionalDouble dataFree = OptionalDouble.empty();
    private long dataFreeNanos;

    public MysqlMetricSource() {
    }

    @Reference
    ConfigAlarms alarms;

    /** Where the configuration check reports, when the source runs outside OSGi (tests, probes). */
    public void alarms(ConfigAlarms to) {
        this.alarms = to;
    }

    /**
     * Settings from etc/org.dsas.metrics.mysql.cfg, checked whole: a refused change (alarm) leaves the
     * source polling as it was; an accepted one reconnects and restarts the polls with it.
     */
    @Activate
    @Modified
    public void configure(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Config c = check.typed(Config.class);
        check.require("user", !c.user().isBlank(), "empty");
        if (!check.passed(alarms)) {
            return;
        }
        stop();
        configure(c.host().trim(), c.port(), c.socket(), c.user().trim(), c.password(), c.timeout_millis(),
                c.data_free_interval_seconds());
        before = null;
        dataFree = OptionalDouble.empty();
        start(c.interval_seconds());
    }

    @Deactivate
    public void deactivate() {
        stop();
    }

    /** Keeps checked settings. */
    final void configure(String host, int port, String socket, String user, String password, int timeoutMillis,
            int dataFreeIntervalSeconds) {
        String timeouts = "connectTimeout=" + timeoutMillis + "&socketTimeout=" + timeoutMillis;
        if (socket != null && !socket.isBlank()) {
            url = "jdbc:mariadb://localhost/?localSocket=" + socket.trim() + "&" + timeouts;
            where = socket.trim();
        } else {
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            url = "jdbc:mariadb://" + h + ":" + port + "/?" + timeouts;
            where = h + ":" + port;
        }
        credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password == null ? "" : password);
        dataFreeIntervalNanos = dataFreeIntervalSeconds <= 0 ? -1 : dataFreeIntervalSeconds * 1_000_000_000L;
    }

    @Override
    public String group() {
        return "mysql";
    }

    @Override
    protected String peer() {
        return "mysql[" + credentials.getProperty("user") + "@" + where + "]";
    }

    @Override
    protected List<Metric> poll() throws SQLException {
        if (connection == null) {
            // the driver class directly: DriverManager does not see drivers of other bundles in OSGi
            connection = new org.mariadb.jdbc.Driver().connect(url, credentials);
        }
        Map<String, String> rows = new HashMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        long nowNanos = System.nanoTime();
        if (dataFreeIntervalNanos > 0 && (dataFree.isEmpty() || nowNanos - dataFreeNanos >= dataFreeIntervalNanos)) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(DATA_FREE_QUERY)) {
                dataFree = rs.next() ? OptionalDouble.of(rs.getDouble(1)) : OptionalDouble.empty();
                dataFreeNanos = nowNanos;
            }
        }
        GlobalStatus now = new GlobalStatus(rows);
        List<Metric> figures = MysqlFigures.of(before, now, (nowNanos - beforeNanos) / 1e9, dataFree);
        before = now;
        beforeNanos = nowNanos;
        return figures;
    }

    @Override
    protected void forget() {
        before = null;
        dataFree = OptionalDouble.empty();
        close();
    }

    @Override
    protected void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // the connection is dead already; a new one is made at the next poll
            }
            connection = null;
        }
    }
}
