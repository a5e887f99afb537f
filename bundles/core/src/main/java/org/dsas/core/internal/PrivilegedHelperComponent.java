package org.dsas.core.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelper;
import org.dsas.core.api.PrivilegedHelperException;
import org.dsas.core.api.StatusContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The privileged helper as a service and as the {@code privileged} section of {@code dsas:status}: the client of
 * {@code ${karaf.home}/privileged}, the directory {@code bin/dsas-run} gives {@code bin/dsas-privhelper} when it
 * starts the appliance as root.
 */
@Component(service = {PrivilegedHelper.class, StatusContributor.class}, immediate = true)
public class PrivilegedHelperComponent implements PrivilegedHelper, StatusContributor {

    /** A mount may take this long; the helper gives mount(8) 25 s of it. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(30);
    /** Opening the FIFOs of a running helper is immediate; longer means nothing reads them. */
    static final Duration CONNECT_DEADLINE = Duration.ofSeconds(5);

    private FifoPrivilegedHelper client;

    @Activate
    void activate() {
        Path dir = Path.of(System.getProperty("karaf.home", "."), "privileged").toAbsolutePath().normalize();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "dsas-privhelper-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        client = new FifoPrivilegedHelper(dir, REQUEST_DEADLINE, CONNECT_DEADLINE, threads);
        client.state(); // connects now when the helper is there
    }

    @Deactivate
    void deactivate() {
        client.close();
    }

    @Override
    public String section() {
        return "privileged";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("helper", client.state());
        return m;
    }

    @Override
    public List<String> alarms() {
        return client.alarmed() ? List.of("helper " + client.state()) : List.of();
    }

    @Override
    public String state() {
        return client.state();
    }

    @Override
    public boolean alarmed() {
        return client.alarmed();
    }

    @Override
    public List<MountState> mounts() throws PrivilegedHelperException {
        return client.mounts();
    }

    @Override
    public MountState status(String name) throws PrivilegedHelperException {
        return client.status(name);
    }

    @Override
    public MountState mount(String name) throws PrivilegedHelperException {
        return client.mount(name);
    }

    @Override
    public MountState unmount(String name) throws PrivilegedHelperException {
        return client.unmount(name);
    }
}
