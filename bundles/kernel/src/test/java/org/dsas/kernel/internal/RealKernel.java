package org.dsas.kernel.internal;

import org.dsas.testsupport.Gate;

/** The gate of the real-kernel tests: root and iproute2, through the one CI-aware {@link Gate}. */
final class RealKernel {

    private RealKernel() {
    }

    static void requireRootAndIp() {
        Gate.requireTools("real-kernel tests (this machine's kernel)", true, "ip");
    }
}
