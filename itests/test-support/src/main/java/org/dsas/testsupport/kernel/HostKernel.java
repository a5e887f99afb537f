package org.dsas.testsupport.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Debian kernel installed on the host (package linux-image-amd64): {@code /boot/vmlinuz-<version>}
 * with its modules in {@code /lib/modules/<version>}. The guest boots this kernel and loads its
 * modules from the host's tree over 9p. Not the running host kernel: that one may lack ip_vs,
 * bonding and drbd, and may not even support modules.
 *
 * @param version  e.g. {@code 6.1.0-56-amd64}
 * @param image    the bzImage qemu boots
 * @param modules  the module tree of that version
 */
public record HostKernel(String version, Path image, Path modules) {

    /** System property that picks a kernel version instead of the newest installed one. */
    public static final String VERSION_PROPERTY = "dsas.kernel.version";

    /**
     * The kernel to boot: the version in {@value #VERSION_PROPERTY} or else the newest version
     * that has both an image in /boot and a module tree with modules.dep.
     */
    public static Optional<HostKernel> find() {
        String wanted = System.getProperty(VERSION_PROPERTY, "").trim();
        if (!wanted.isEmpty()) {
            return Optional.of(of(wanted)).filter(HostKernel::complete);
        }
        try (Stream<Path> dirs = Files.list(Path.of("/lib/modules"))) {
            List<HostKernel> all = dirs.map(d -> of(d.getFileName().toString()))
                    .filter(HostKernel::complete).collect(Collectors.toList());
            return all.stream().max(Comparator.comparing(HostKernel::version, HostKernel::compareVersions));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static HostKernel of(String version) {
        return new HostKernel(version, Path.of("/boot/vmlinuz-" + version), Path.of("/lib/modules", version));
    }

    boolean complete() {
        return Files.isReadable(image) && Files.isRegularFile(modules.resolve("modules.dep"));
    }

    /** Natural order: numbers compare as numbers (6.1.0-10 before 6.1.0-56). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        String[] y = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Character.isDigit(x[i].charAt(0)) && Character.isDigit(y[i].charAt(0))
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
