package org.dsas.vrrp.api;

import java.util.List;
import java.util.Optional;

/** The running VRRP instances, for the shell and other capabilities. */
public interface VrrpService {

    List<VrrpInstanceView> instances();

    Optional<VrrpInstanceView> instance(String name);

    /** Changes an instance's priority live (1-254; 255 only for the address owner). */
    void setPriority(String name, int priority);

    /**
     * Maintenance on: a MASTER hands over at once (priority 0 advert) and the
     * instance stays BACKUP with the lowest priority until maintenance is off.
     */
    void setMaintenance(String name, boolean on);
}
