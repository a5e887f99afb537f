package org.dsas.metrics.sources;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Owns the figures of one Apache httpd (etc/org.dsas.metrics.apache.cfg): reads its mod_status page
 * ({@code server-status?auto}) every interval and publishes the scoreboard, workers and request/byte rates under
 * ganglia apache_status's names in group "apache". Without the configuration file nothing runs.
 */
@Component(service = MetricSource.class, configurationPid = ApacheMetricSource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApacheMetricSource.Config.class)
public class ApacheMetricSource extends PolledMetricSource {

    static final String PID = "org.dsas.metrics.apache";

    @ObjectClassDefinition(name = "DSAS metrics: Apache server-status")
    public @interface Config {

        @AttributeDefinition(description = "mod_status page in machine-readable form")
        String url() default "http://127.0.0.1/server-status?auto";

        @AttributeDefinition(description = "give up on one read after this many milliseconds (1-600000)")
        @ConfigRange(min = 1, max = 600_000)
        int timeout_millis() default 5000;

        @AttributeDefinition(description = "seconds between two reads (1-86400)")
        @ConfigRange(min = 1, max = 86_400)
        int interval_seconds() default 15;
    }

    private URI url;
    private Duration timeout;
    private HttpClient client;
    private ServerStatus before;
    private long beforeNanos;

    /** For tests and the DS runtime. */
    public ApacheMetricSource() {
    }

    @Reference
    ConfigAlarms alarms;

    /** Where the configuration check reports, when the source runs outside OSGi (tests, probes). */
    public void alarms(ConfigAlarms to) {
        this.alarms = to;
    }

    /**
     * Settings from etc/org.dsas.metrics.apache.cfg, checked whole: a refused change (alarm) leaves the
     * source polling as it was; an accepted one restarts the polls with it.
     */
    @Activate
    @Modified
    public void configure(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Config c = check.typed(Config.class);
        URI u = url(check, c.url());
        if (!check.passed(alarms)) {
            return;
        }
        stop();
        this.url = u;
        this.timeout = Duration.ofMillis(c.timeout_millis());
        // no proxy: the status page is the local server's, and a proxy would hide it
        this.client = HttpClient.newBuilder().connectTimeout(timeout).proxy(HttpClient.Builder.NO_PROXY).build();
        this.before = null;
        start(c.interval_seconds());
    }

    @Deactivate
    public void deactivate() {
        stop();
    }

    private static URI url(ConfigCheck check, String text) {
        try {
            URI u = URI.create(text.trim());
            check.require("url", "http".equals(u.getScheme()) || "https".equals(u.getScheme()),
                    "'" + text + "' is not an http(s) URL");
            return u;
        } catch (IllegalArgumentException e) {
            check.require("url", false, "'" + text + "' is not a URL");
            return null;
        }
    }

    @Override
    public String group() {
        return "apache";
    }

    /** The page polled, or null before a configuration was accepted. */
    String peerOrNull() {
        return url == null ? null : peer();
    }

    @Override
    protected String peer() {
        return "apache[" + url + "]";
    }

    @Override
    protected List<Metric> poll() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new java.io.IOException("GET " + url + ": no answer within " + timeout.toMillis() + " ms");
        } catch (java.io.IOException e) {
            throw new java.io.IOException("GET " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
        if (response.statusCode() != 200) {
            throw new java.io.IOException("GET " + url + ": HTTP " + response.statusCode());
        }
        ServerStatus now;
        try {
            now = ServerStatus.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new java.io.IOException("GET " + url + ": " + e.getMessage());
        }
        long nowNanos = System.nanoTime();
        List<Metric> figures = ApacheFigures.of(before, now, (nowNanos - beforeNanos) / 1e9);
        before = now;
        beforeNanos = nowNanos;
        return figures;
    }

    @Override
    protected void forget() {
        before = null;
    }
}
