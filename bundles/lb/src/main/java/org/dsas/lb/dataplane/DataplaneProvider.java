package org.dsas.lb.dataplane;

/**
 * Registered as an OSGi service by each dataplane bundle (service property
 * {@link #NAME} = "ipvs" / "nftables" / "proxy", {@link #PREFERENCE} = an
 * Integer, higher wins when several are available). The lb control plane
 * probes every provider, opens the preferred available one (or the one the
 * operator configured) and drives it through {@link Dataplane}.
 */
public interface DataplaneProvider {

    String NAME = "dsas.lb.dataplane";
    String PREFERENCE = "dsas.lb.preference";

    /** Whether it can run here and why; no side effect on forwarding. */
    DataplaneProbe probe();

    /** Opens the dataplane; the caller closes it when switching away or stopping. */
    Dataplane open() throws DataplaneException;
}
