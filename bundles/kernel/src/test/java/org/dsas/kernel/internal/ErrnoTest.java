package org.dsas.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsas.kernel.api.KernelException;
import org.junit.jupiter.api.Test;

/** errno text from the platform's libc (glibc on the appliance). */
class ErrnoTest {

    @Test
    void messageNamesOperationErrnoAndDescription() {
        KernelException e = Errno.exception("add address 192.0.2.100/24 on veth0", 17);

        assertEquals("add address 192.0.2.100/24 on veth0: EEXIST (File exists)", e.getMessage());
        assertEquals(17, e.errno());
    }

    @Test
    void kernelExtendedAckTextFollowsTheDescription() {
        assertEquals("delete address 192.0.2.100/24 on veth0: EADDRNOTAVAIL (Cannot assign requested address;"
                + " kernel: no such address)",
                Errno.exception("delete address 192.0.2.100/24 on veth0", 99, "no such address").getMessage());
    }

    @Test
    void namesOfTheErrorsTheSeamReports() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("ENODEV", Errno.name(19));
        assertEquals("EINVAL", Errno.name(22));
        assertEquals("Operation not permitted", Errno.description(1));
    }
}
