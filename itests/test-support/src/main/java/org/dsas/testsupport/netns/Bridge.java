package org.dsas.testsupport.netns;

/**
 * A Linux bridge (a switch) living in the rig's own switch namespace, never in the root namespace. Multicast
 * snooping and STP are off, so multicast (VRRP, gmond) is flooded to every port and ports forward at once; the
 * switch namespace has IPv6 off, so the switch itself sends nothing.
 */
public final class Bridge {

    public final NetnsRig rig;
    /** The name given to {@link NetnsRig#bridge(String)}. */
    public final String name;
    /** The bridge device's name inside the switch namespace. */
    public final String device;

    Bridge(NetnsRig rig, String name, String device) {
        this.rig = rig;
        this.name = name;
        this.device = device;
    }

    @Override
    public String toString() {
        return "bridge " + name + " (" + device + " in " + rig.switchNamespace() + ")";
    }
}
