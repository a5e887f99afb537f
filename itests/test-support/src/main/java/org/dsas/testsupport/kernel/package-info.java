/**
 * The real-kernel test tier: {@link org.dsas.testsupport.kernel.KernelGuest} boots Debian's packaged kernel
 * (ip_vs, bonding, drbd, ...) under qemu over the host's root filesystem and runs a command, a main class or
 * JUnit classes of ours in it. See docs/testing.md, "Real-kernel tier".
 */
package org.dsas.testsupport.kernel;
