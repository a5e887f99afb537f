package org.dsas.vrrp.internal;

import org.dsas.core.api.event.ServiceText;

import java.net.InetAddress;
import java.util.List;

import org.dsas.kernel.api.InterfaceAddress;

/**
 * One validated virtual router instance: everything needed to run it.
 * Intervals are in milliseconds.
 */
record VrrpConfig(String name, String iface, int vrid, int version, int priority, int advertMillis,
                  List<InterfaceAddress> virtualAddresses, boolean preempt, int preemptDelayMillis,
                  String authPass, List<InetAddress> unicastPeers, InetAddress sourceAddress,
                  int garpRepeat, int garpDelayMillis, int garpRefreshMillis, String notifyScript,
                  List<String> trackInterfaces, String syncGroup, String trackScript, int trackScriptMillis,
                  int trackScriptWeight, List<ServiceText> trackQuorum, boolean useVmac) {

    /** The virtual MAC of RFC 9568 section 7.3: 00-00-5E-00-01-{VRID} (IPv4) or 00-00-5E-00-02-{VRID} (IPv6). */
    byte[] virtualMac() {
        return new byte[] {0, 0, 0x5e, 0, (byte) (ipv6() ? 2 : 1), (byte) vrid};
    }

    /** The macvlan interface that carries the virtual MAC and the addresses, as keepalived names it. */
    String vmacName() {
        return "vrrp" + (ipv6() ? "6" : "") + "." + vrid;
    }

    /** Where the service addresses go: the virtual-MAC interface, or the instance's interface. */
    String addressInterface() {
        return useVmac ? vmacName() : iface;
    }

    boolean ipv6() {
        return virtualAddresses.get(0).address() instanceof java.net.Inet6Address;
    }

    boolean owner() {
        return priority == 255;
    }
}
