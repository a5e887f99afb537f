package org.dsas.testsupport.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
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

    /**
     * The image qemu should boot: the uncompressed ELF vmlinux taken out of the bzImage (cached),
     * which qemu starts through the kernel's PVH entry point, skipping the in-guest XZ
     * decompression that costs about 2 s per boot under TCG. Falls back to the bzImage when the
     * payload cannot be extracted (no xz tool, unknown compression) or -Ddsas.kernel.pvh=false.
     */
    Path bootImage(Path cacheDir) {
        if (!Boolean.parseBoolean(System.getProperty("dsas.kernel.pvh", "true"))) {
            return image;
        }
        try {
            Path target = cacheDir.resolve("vmlinux-" + version + "-" + Files.size(image) + "-"
                    + Files.getLastModifiedTime(image).toMillis());
            if (Files.isRegularFile(target)) {
                return target;
            }
            byte[] bz = Files.readAllBytes(image);
            int at = indexOf(bz, new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0});
            if (at < 0) {
                return image;   // not XZ (Debian amd64 kernels are): boot the bzImage
            }
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "vmlinux-", ".partial");
            try {
                Process xz = new ProcessBuilder("xz", "-dc", "--single-stream")
                        .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (OutputStream in = xz.getOutputStream()) {
                    in.write(bz, at, bz.length - at);
                } catch (IOException ignored) {
                    // xz stops reading at the end of its stream; the rest is padding
                }
                if (xz.waitFor() != 0 || !isElf(tmp)) {
                    return image;
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            return image;   // e.g. no xz tool: the bzImage boots too, only slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return image;
        }
    }

    private static boolean isElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {0x7F, 'E', 'L', 'F'});
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
