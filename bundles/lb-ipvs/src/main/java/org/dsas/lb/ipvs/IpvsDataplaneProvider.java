package org.dsas.lb.ipvs;

import org.dsas.kernel.api.GenericNetlink;
import org.dsas.kernel.api.GenericNetlink.Family;
import org.dsas.kernel.api.KernelException;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the kernel's IPVS as the lb dataplane (preferred over nftables and the
 * proxy): available when the IPVS generic netlink family resolves.
 */
@Component(service = DataplaneProvider.class, property = {
        DataplaneProvider.NAME + "=ipvs",
        DataplaneProvider.PREFERENCE + ":Integer=300"})
public final class IpvsDataplaneProvider implements DataplaneProvider {

    private final GenericNetlink genl;

    @Activate
    public IpvsDataplaneProvider(@Reference GenericNetlink genl) {
        this.genl = genl;
    }

    @Override
    public DataplaneProbe probe() {
        try {
            Family f = genl.family(IpvsCodec.FAMILY);
            return DataplaneProbe.available("ipvs", "kernel IPVS over generic netlink (family id " + f.id()
                    + ", version " + f.version() + ")");
        } catch (KernelException e) {
            return DataplaneProbe.unavailable("ipvs", e.getMessage());
        }
    }

    @Override
    public Dataplane open() throws DataplaneException {
        try {
            return new IpvsDataplane(genl.open(IpvsCodec.FAMILY));
        } catch (KernelException e) {
            throw IpvsDataplane.failure(e);
        }
    }
}
