package org.dsas.lb.proxy.scheduler;

import java.net.InetAddress;

/** The address folding and multiplicative hashes the IPVS hashing schedulers use. */
final class AddressHash {

    /** GOLDEN_RATIO_32 of linux/hash.h. */
    static final int GOLDEN_RATIO_32 = 0x61C88647;

    private AddressHash() {
    }

    /** IPv4: the address as a host-order integer; IPv6: the four 32-bit words xor-ed (ipv6_addr_fold style). */
    static int fold(InetAddress address) {
        byte[] b = address.getAddress();
        int v = 0;
        for (int i = 0; i < b.length; i += 4) {
            v ^= (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        }
        return v;
    }

    /** hash_32(value, bits) of linux/hash.h. */
    static int hash32(int value, int bits) {
        return (value * GOLDEN_RATIO_32) >>> (32 - bits);
    }
}
