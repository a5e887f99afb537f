package org.dsas.vrrp.internal;

import java.util.Optional;

import org.dsas.vrrp.api.VrrpState;

/** What the state machine does to the world; the runner does it with real sockets and rtnetlink. */
interface VrrpActions {

    /** Sends one advertisement with the given priority (0 when leaving MASTER). */
    void sendAdvert(int priority);

    /** Adds the virtual addresses and announces them (gratuitous ARP). */
    void takeAddresses();

    /**
     * Announces the held addresses again (one gratuitous ARP / unsolicited NA burst): the neighbours' caches
     * point back at this master after another node took the addresses for a while.
     */
    void announceAddresses();

    /** Removes the virtual addresses. */
    void releaseAddresses();

    /** Logs the transition, posts the OSGi event, runs the notify script. */
    void transition(VrrpState from, VrrpState to, String reason);

    /** A mastership veto from another capability (DRBD), if any. */
    Optional<String> veto();

    /** Two masters: raised or cleared. */
    void splitBrain(boolean raised, String peer, int peerPriority);
}
