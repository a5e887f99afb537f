package org.dsas.lb.proxy;

import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Offers the userspace proxy dataplane to the lb control plane. It needs nothing from the kernel beyond
 * sockets, so it is always available; its low preference makes ipvs and nftables win where they run.
 * Settings apply to the next {@link #open()}.
 */
@Component(service = DataplaneProvider.class, configurationPid = ProxyDataplaneProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {DataplaneProvider.NAME + "=proxy", DataplaneProvider.PREFERENCE + ":Integer=100"})
@Designate(ocd = ProxyDataplaneProvider.Config.class)
public class ProxyDataplaneProvider implements DataplaneProvider {

    static final String PID = "org.dsas.lb.proxy";

    @ObjectClassDefinition(name = "DSAS lb proxy dataplane", description = "Userspace L4 proxy on Netty")
    public @interface Config {

        @AttributeDefinition(description = "Event loop threads shared by all services; 0 = one per core")
        int threads() default 0;

        @AttributeDefinition(description = "Seconds a UDP session lives without a datagram (IPVS udp timeout)")
        int udp_idle_seconds() default 300;

        @AttributeDefinition(description = "Milliseconds to wait for a real server to accept a connection")
        int connect_timeout_millis() default 5000;

        @AttributeDefinition(description = "Listen backlog of each TCP service")
        int backlog() default 1024;

        @AttributeDefinition(description = "Netty transport: auto (epoll when its bundles are installed, else nio),"
                + " nio or epoll")
        String transport() default "auto";
    }

    private volatile ProxyDataplane.Settings settings = ProxyDataplane.Settings.DEFAULTS;

    @Activate
    @Modified
    void configure(Config config) {
        settings = new ProxyDataplane.Settings(Math.max(0, config.threads()), Math.max(1, config.udp_idle_seconds()),
                Math.max(1, config.connect_timeout_millis()), Math.max(1, config.backlog()), config.transport());
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
