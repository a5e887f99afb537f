package org.dsas.core.api;

/**
 * The Linux capabilities DSAS's capabilities may need (capabilities(7)). {@code bin/dsas-run} grants the first three
 * to the appliance's user at start; anything broader (mount) goes through the privileged helper.
 */
public enum LinuxCapability {
    NET_BIND_SERVICE(10),
    NET_ADMIN(12),
    NET_RAW(13),
    SYS_ADMIN(21);

    /** The capability's number, its bit in {@code /proc/<pid>/status}'s CapEff mask. */
    public final int bit;

    LinuxCapability(int bit) {
        this.bit = bit;
    }

    /** The name an operator reads in capabilities(7) and setpriv/systemd: {@code CAP_NET_ADMIN}. */
    public String text() {
        return "CAP_" + name();
    }
}
