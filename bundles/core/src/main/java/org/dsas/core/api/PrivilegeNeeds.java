package org.dsas.core.api;

import java.util.Map;

/**
 * What a DSAS capability needs from the process, registered as an OSGi service by the capability's bundle (so it is
 * present exactly while the capability runs). {@code dsas:status} compares it with what the process holds and says,
 * one line per capability, what is missing and what stops working without it.
 */
public interface PrivilegeNeeds {

    /** The capability, as an operator names it: {@code lb/ipvs}, {@code vrrp}, {@code healthcheck}. */
    String capability();

    /** Each Linux capability needed, with what it is for ({@code "IPVS over generic netlink"}); display order. */
    Map<LinuxCapability, String> needs();
}
