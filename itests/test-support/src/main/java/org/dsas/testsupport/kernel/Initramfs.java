package org.dsas.testsupport.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The guest's initramfs, built from what Debian packages put on the host: busybox (the static
 * build, or the dynamic one with its shared libraries), the kernel modules needed to reach the
 * host root (virtio PCI, 9p, overlay, with their dependencies as {@code modprobe --show-depends}
 * resolves them) and our {@code /init} (a resource next to this class). Cached in the cache
 * directory under a name that hashes every input, so a new kernel, busybox or /init makes a new
 * image and concurrent builders never see a half-written file (write, then atomic rename).
 */
public final class Initramfs {

    /** Modules the initramfs loads itself; everything else is loaded later by the host's modprobe. */
    static final List<String> BOOT_MODULES = List.of("virtio_pci", "9pnet_virtio", "9p", "overlay");
    private static final int FORMAT = 2;
    private static final Map<String, Path> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    private Initramfs() {
    }

    /** Returns the cached initramfs for this kernel, building it first if needed. */
    public static Path cached(HostKernel kernel, Path cacheDir) {
        String key = kernel.version() + " " + cacheDir.toAbsolutePath();
        Path known = BUILT.get(key);
        if (known != null && Files.isRegularFile(known)) {
            return known;   // inputs unchanged within one JVM: skip ldd, modprobe and hashing
        }
        Path built = build(kernel, cacheDir);
        BUILT.put(key, built);
        return built;
    }

    private static Path build(HostKernel kernel, Path cacheDir) {
        try {
            Files.createDirectories(cacheDir);
            Path busybox = busybox().orElseThrow(() -> new IllegalStateException(
                    "no busybox on this host (apt-get install busybox-static, or busybox)"));
            List<Path> libs = sharedLibraries(busybox);
            List<Path> modules = moduleFiles(kernel);
            byte[] init = resource("init");

            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("format " + FORMAT + "\nkernel " + kernel.version() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(init);
            for (Path p : concat(List.of(busybox), libs, modules)) {
                Path real = p.toRealPath();
                sha.update((p + " " + real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Path target = cacheDir.resolve("initramfs-" + kernel.version() + "-" + hash + ".cpio");
            if (Files.isRegularFile(target)) {
                return target;
            }
            Path tmp = Files.createTempFile(cacheDir, "initramfs-", ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(out, kernel, init, busybox, libs, modules);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("building the guest initramfs in " + cacheDir + " failed", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream os, HostKernel kernel, byte[] init, Path busybox, List<Path> libs,
                              List<Path> modules) throws IOException {
        Cpio cpio = new Cpio(os);
        Set<String> dirs = new LinkedHashSet<>();
        for (String d : List.of("/bin", "/dev", "/proc", "/sys", "/lower", "/upper", "/newroot")) {
            mkdirs(cpio, dirs, d);
        }
        cpio.charDevice("/dev/console", 0600, 5, 1); // the kernel opens it for /init's stdio
        cpio.file("/init", 0755, init);
        cpio.file("/bin/busybox", 0755, Files.readAllBytes(busybox));
        for (Path lib : libs) { // at the path the binary asks for (ldd), content of the real file
            mkdirs(cpio, dirs, lib.getParent().toString());
            cpio.file(lib.toString(), 0755, Files.readAllBytes(lib));
        }
        // a mini module tree for busybox modprobe: the files at their usual paths and the lines of
        // the host's modules.dep that name them (compressed modules stored plain: busybox reads .ko)
        String base = "/lib/modules/" + kernel.version();
        Map<String, String> plainName = new LinkedHashMap<>();
        for (Path ko : modules) {
            String rel = kernel.modules().relativize(ko).toString();
            plainName.put(rel, rel.replaceAll("\\.ko\\.(xz|zst|gz)$", ".ko"));
        }
        for (Path ko : modules) {
            String rel = plainName.get(kernel.modules().relativize(ko).toString());
            Path target = Path.of(base, rel);
            mkdirs(cpio, dirs, target.getParent().toString());
            String name = ko.getFileName().toString();
            cpio.file(target.toString(), 0644, name.endsWith(".ko") ? Files.readAllBytes(ko) : decompress(ko));
        }
        StringBuilder dep = new StringBuilder();
        for (String line : Files.readAllLines(kernel.modules().resolve("modules.dep"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && plainName.containsKey(line.substring(0, colon))) {
                StringBuilder l = new StringBuilder(plainName.get(line.substring(0, colon))).append(':');
                for (String d : line.substring(colon + 1).trim().split("\\s+")) {
                    if (!d.isEmpty()) {
                        l.append(' ').append(plainName.getOrDefault(d, d));
                    }
                }
                dep.append(l).append('\n');
            }
        }
        cpio.file(base + "/modules.dep", 0644, dep.toString().getBytes(StandardCharsets.UTF_8));
        cpio.file("/lib/modules/boot-modules", 0644,
                (String.join(" ", BOOT_MODULES) + "\n").getBytes(StandardCharsets.UTF_8));
        cpio.finish();
    }

    private static void mkdirs(Cpio cpio, Set<String> done, String dir) throws IOException {
        if (dir.equals("/") || done.contains(dir)) {
            return;
        }
        mkdirs(cpio, done, Path.of(dir).getParent().toString());
        cpio.directory(dir);
        done.add(dir);
    }

    /** The module files for {@link #BOOT_MODULES} in load order, as the host's modprobe resolves them. */
    static List<Path> moduleFiles(HostKernel kernel) throws IOException {
        Map<String, Path> ordered = new LinkedHashMap<>();
        for (String module : BOOT_MODULES) {
            String out = exec(List.of("modprobe", "-S", kernel.version(), "--show-depends", module));
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("insmod")) {
                    ordered.putIfAbsent(f[1], Path.of(f[1]));
                }
            }
        }
        return new ArrayList<>(ordered.values());
    }

    /**
     * busybox on the host (-Ddsas.kernel.busybox picks one): any build works, a dynamic one gets its
     * libraries copied along. Packages busybox and busybox-static conflict; either will do.
     */
    static java.util.Optional<Path> busybox() {
        String wanted = System.getProperty("dsas.kernel.busybox", "");
        if (!wanted.isBlank()) {
            return java.util.Optional.of(Path.of(wanted)).filter(Files::isExecutable);
        }
        for (String p : List.of("/usr/bin/busybox", "/bin/busybox", "/usr/lib/initramfs-tools/bin/busybox")) {
            if (Files.isExecutable(Path.of(p))) {
                return java.util.Optional.of(Path.of(p));
            }
        }
        return java.util.Optional.empty();
    }

    /** The shared libraries and ELF interpreter of a binary (none for a static one), from ldd. */
    static List<Path> sharedLibraries(Path binary) throws IOException {
        Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p);
        List<Path> libs = new ArrayList<>();
        if (p.exitValue() != 0) { // "not a dynamic executable": static busybox
            return libs;
        }
        for (String line : out.split("\n")) {
            String t = line.trim();
            int arrow = t.indexOf("=>");
            String candidate = arrow >= 0 ? t.substring(arrow + 2).trim() : t;
            if (candidate.startsWith("/")) {
                libs.add(Path.of(candidate.split("\\s+")[0]));
            }
        }
        return libs;
    }

    private static byte[] decompress(Path file) throws IOException {
        String name = file.getFileName().toString();
        String tool = name.endsWith(".xz") ? "xz" : name.endsWith(".zst") ? "zstd" : "gzip";
        Process p = new ProcessBuilder(tool, "-dc", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] data = p.getInputStream().readAllBytes();
        if (waitFor(p) != 0) {
            throw new IOException(tool + " -dc " + file + " failed");
        }
        return data;
    }

    static String exec(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(p) != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
        return out;
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + p.info().commandLine().orElse("?"));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing next to " + Initramfs.class.getName());
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SafeVarargs
    private static List<Path> concat(List<Path>... lists) {
        List<Path> all = new ArrayList<>();
        for (List<Path> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
