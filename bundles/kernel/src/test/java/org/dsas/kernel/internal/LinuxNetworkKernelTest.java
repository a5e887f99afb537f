package org.dsas.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetInterface;
import org.junit.jupiter.api.Test;

/**
 * What the kernel layer does without privileges and without changing anything:
 * reads the loopback interface of the test's own namespace, reports a missing
 * interface, refuses bad arguments before any kernel call.
 */
class LinuxNetworkKernelTest {

    private final LinuxNetworkKernel kernel = new LinuxNetworkKernel();

    @Test
    void loopbackIsReadOverRtnetlink() throws Exception {
        NetInterface lo = kernel.netInterface("lo");

        assertEquals("lo", lo.name());
        assertEquals(1, lo.index());
        assertArrayEquals(new byte[6], lo.mac());
        assertTrue(lo.up());
        assertTrue(lo.running());
        assertTrue(lo.addresses().contains(new InterfaceAddress(InetAddress.getByName("127.0.0.1"), 8)),
                lo.addresses().toString());
        assertEquals(lo.addresses(), kernel.addresses("lo"));
    }

    @Test
    void missingInterfaceIsEnodevNamingTheOperation() {
        KernelException e = assertThrows(KernelException.class, () -> kernel.addresses("dkmissing0"));

        assertEquals("list addresses on dkmissing0: ENODEV (No such device)", e.getMessage());
        assertEquals(19, e.errno());
    }

    @Test
    void badArgumentsAreRefusedBeforeTheKernel() {
        InetAddress vip = InetAddress.getLoopbackAddress();
        assertThrows(IllegalArgumentException.class, () -> kernel.addAddress("lo", vip, 33));
        assertThrows(IllegalArgumentException.class, () -> kernel.deleteAddress("lo", vip, -1));
        assertThrows(IllegalArgumentException.class, () -> kernel.openRawIp(0, "lo", false, 255));
        assertThrows(IllegalArgumentException.class, () -> kernel.openRawIp(112, "lo", false, 256));
        byte[] mac = {0, 0, 0x5e, 0, 1, 0x33};
        assertThrows(IllegalArgumentException.class, () -> kernel.createMacvlan("lo", "mv0", new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> kernel.createMacvlan("lo", "vrrp.0123456789a", mac));
        assertThrows(IllegalArgumentException.class, () -> kernel.createMacvlan("lo", "", mac));
        assertThrows(IllegalArgumentException.class, () -> kernel.deleteLink("a/b"));
        assertThrows(IllegalArgumentException.class, () -> kernel.setIpv4Sysctl("..", "arp_ignore", "1"));
        assertThrows(IllegalArgumentException.class, () -> kernel.setIpv4Sysctl("lo", "../../x", "1"));
        assertThrows(IllegalArgumentException.class, () -> kernel.setIpv4Sysctl("lo", "arp_ignore", "1\n2"));
    }
}
