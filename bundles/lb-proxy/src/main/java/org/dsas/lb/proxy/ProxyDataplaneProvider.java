package org.dsas.lb.proxy;

import java.util.Map;
import java.util.Set;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Offers the userspace proxy dataplane to the lb control plane. It needs nothing from the kernel beyond
 * sockets, so it is always available; its low preference makes ipvs and nftables win where they run.
 * Settings (etc/org.dsas.lb.proxy.cfg, checked whole; a refused file keeps the settings in force) apply
 * to the next {@link #open()}.
 */
@Component(service = DataplaneProvider.class, configurationPid = ProxyDataplaneProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {DataplaneProvider.NAME + "=proxy", DataplaneProvider.PREFERENCE + ":Integer=100"})
@Designate(ocd = ProxyDataplaneProvider.Config.class)
public class ProxyDataplaneProvider implements DataplaneProvider {

    static final String PID = "org.dsas.lb.proxy";
    static final Set<String> TRANSPORTS = Set.of("auto", "nio", "epoll");

    @ObjectClassDefinition(name = "DSAS lb proxy dataplane", description = "Userspace L4 proxy on Netty")
    public @interface Config {

        @AttributeDefinition(description = "Event loop threads shared by all services; 0 = one per core (0-256)")
        @ConfigRange(min = 0, max = 256)
        int threads() default 0;

        @AttributeDefinition(description = "Seconds a UDP session lives without a datagram (1-86400)")
        @ConfigRange(min = 1, max = 86_400)
        int udp_idle_seconds() default 300;

        @AttributeDefinition(description = "Milliseconds to wait for a real server to accept a connection (1-600000)")
        @ConfigRange(min = 1, max = 600_000)
        int connect_timeout_millis() default 5000;

        @AttributeDefinition(description = "Listen backlog of each TCP service (1-65535)")
        @ConfigRange(min = 1, max = 65_535)
        int backlog() default 1024;

        @AttributeDefinition(description = "Netty transport: auto (epoll when its bundles are installed, else nio),"
                + " nio or epoll")
        String transport() default "auto";
    }

    @Reference
    ConfigAlarms alarms;

    private volatile ProxyDataplane.Settings settings = ProxyDataplane.Settings.DEFAULTS;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props, DataplaneProvider.NAME,
                DataplaneProvider.PREFERENCE);
        String transport = check.typed(Config.class).transport().trim();
        check.require("transport", TRANSPORTS.contains(transport), "'" + transport + "' is not auto, nio or epoll");
        if (!check.passed(alarms)) {
            return;
        }
        Config c = check.typed(Config.class);
        settings = new ProxyDataplane.Settings(c.threads(), c.udp_idle_seconds(), c.connect_timeout_millis(),
                c.backlog(), transport);
    }

    /** What the next {@link #open()} uses. */
    ProxyDataplane.Settings settings() {
        return settings;
    }

    @Override
    public DataplaneProbe probe() {
        return DataplaneProbe.available("proxy", "userspace proxy: always available");
    }

    @Override
    public Dataplane open() {
        return new ProxyDataplane(settings);
    }
}
