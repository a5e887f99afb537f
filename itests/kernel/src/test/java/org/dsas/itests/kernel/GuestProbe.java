package org.dsas.itests.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A main class of ours run inside the guest (KernelGuestJavaIT): prints what it sees and exits
 * with status 7, so the test can check both output and exit status came back.
 */
public final class GuestProbe {

    private GuestProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("probe os.version=" + System.getProperty("os.version"));
        System.out.println("probe java.version=" + System.getProperty("java.version"));
        System.out.println("probe hostname=" + Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
        System.out.println("probe cpus=" + Runtime.getRuntime().availableProcessors()
                + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("probe args=" + String.join(",", args));
        System.err.println("probe to stderr");
        System.exit(7);
    }
}
