package org.dsas.vrrp.api;

import java.util.Optional;

/**
 * Consulted before an instance becomes MASTER. The DRBD capability registers one
 * so that a node whose disk is not UpToDate never takes the service address.
 */
public interface MastershipVeto {

    /** @return a reason to refuse mastership of the named instance now, or empty to allow it */
    Optional<String> veto(String instance);
}
