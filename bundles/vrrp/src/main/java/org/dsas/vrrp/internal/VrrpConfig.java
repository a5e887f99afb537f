package org.dsas.vrrp.internal;

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
                  int trackScriptWeight, List<String> trackQuorum) {

    boolean ipv6() {
        return virtualAddresses.get(0).address() instanceof java.net.Inet6Address;
    }

    boolean owner() {
        return priority == 255;
    }
}
