package org.dsas.testsupport.kernel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dsas.testsupport.Gate;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a command as root in a real Linux kernel: Debian's packaged kernel (which has ip_vs,
 * bonding, drbd, ...) booted under {@code qemu-system-x86_64}, software-emulated (TCG). The guest's root filesystem is the HOST's {@code /}, shared read-only over
 * virtio-9p under a tmpfs overlay: host tools (ipvsadm, drbdsetup, the JDK, our target/ classes
 * and ~/.m2) are visible at their host paths, anything the guest writes stays in guest RAM. One
 * optional host directory ({@link Builder#rwDir}) is mounted read-write at its host path for
 * results.
 *
 * <pre>{@code
 * KernelGuest.Result r = KernelGuest.builder().memoryMiB(1024).cpus(2).timeout(Duration.ofSeconds(90))
 *         .build().run("modprobe ip_vs && ipvsadm -Ln");
 * assertEquals(0, r.exitCode(), r::describe);
 * }</pre>
 *
 * The command's stdout and stderr come back together, line by line as they are written (to the
 * {@link Builder#output} consumer) and collected in the {@link Result}. The guest powers off
 * when the command ends. At the timeout qemu is killed; qemu is always gone and the run
 * directory deleted when {@code run} returns, whatever happened. Every run gets its own
 * directory, so guests may run concurrently. Boots take seconds, not milliseconds: keep guests
 * few and put several checks into one command.
 */
public final class KernelGuest {

    /** System property (or env var DSAS_KERNEL_CACHE) for the cache directory. */
    public static final String CACHE_PROPERTY = "dsas.kernel.cache";
    /** Default cache directory: initramfs images and run directories. */
    public static final Path DEFAULT_CACHE = Path.of("/var/tmp/dsas-kernel-tier");
    /**
     * JVM options {@link #runJava(Class, String...)} and {@link #runJUnit} use in the guest: C1 only
     * (C2 compiling under emulation costs more than it gains in short runs; a small CPU-bound
     * program took 1.2-1.5 s instead of 2.4-3.1 s) and the serial collector (what the JVM picks for
     * a 1 GiB guest anyway).
     */
    public static final List<String> GUEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** Exit code in a {@link Result} when the guest reported none (timeout, boot failure). */
    public static final int NO_EXIT_CODE = -1;

    static final String START_MARKER = "@@dsas-guest-start@@";
    private static final String QEMU = "qemu-system-x86_64";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean staleRunsCleaned;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(KernelGuest::kill), "kernel-guest-reaper"));
    }

    private final int memoryMiB;
    private final int cpus;
    private final Duration timeout;
    private final Path rwDir;
    private final Map<String, String> env;
    private final List<String> kernelArgs;
    private final Consumer<String> output;
    private final Path cacheDir;
    private final String accel;

    private KernelGuest(Builder b) {
        this.memoryMiB = b.memoryMiB;
        this.cpus = b.cpus;
        this.timeout = b.timeout;
        this.rwDir = b.rwDir;
        this.env = Map.copyOf(b.env);
        this.kernelArgs = List.copyOf(b.kernelArgs);
        this.output = b.output;
        this.cacheDir = b.cacheDir;
        this.accel = b.accel;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ availability

    /** True when qemu, a Debian kernel with modules, busybox and modprobe are on this host. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Why guests cannot run here (with the package to install), or empty when they can. */
    public static Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (onPath(QEMU).isEmpty()) {
            missing.add(QEMU + " not on PATH (apt-get install qemu-system-x86)");
        }
        if (HostKernel.find().isEmpty()) {
            String wanted = System.getProperty(HostKernel.VERSION_PROPERTY, "");
            missing.add(wanted.isBlank()
                    ? "no kernel with modules: need /boot/vmlinuz-<version> and /lib/modules/<version>/modules.dep"
                            + " (apt-get install linux-image-amd64)"
                    : "kernel " + wanted + " (-D" + HostKernel.VERSION_PROPERTY + ") has no image or modules.dep");
        }
        if (Initramfs.busybox().isEmpty()) {
            missing.add("no busybox (apt-get install busybox-static, or busybox)");
        }
        if (onPath("modprobe").isEmpty() && !Files.isExecutable(Path.of("/sbin/modprobe"))) {
            missing.add("no modprobe (apt-get install kmod)");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("real-kernel guest unavailable: " + String.join("; ", missing));
    }

    /**
     * For a test's {@code @BeforeAll}: returns when guests can run. Otherwise FAILS the test when
     * the environment variable CI is {@code true} (or -Ddsas.kernel.required=true), and skips it
     * (JUnit assumption) on a developer machine, both with the reason.
     */
    public static void requireAvailable() {
        Optional<String> reason = unavailableReason();
        if (reason.isEmpty()) {
            return;
        }
        if (Boolean.getBoolean("dsas.kernel.required")) {
            Assertions.fail(reason.get() + " [dsas.kernel.required: the real-kernel tier must run]");
        }
        Gate.require("real-kernel tier", List.of(reason.get()));
    }

    // ------------------------------------------------------------------ running

    /** Runs a bash command line as root in a fresh guest and powers it off. */
    public Result run(String command) {
        Objects.requireNonNull(command, "command");
        HostKernel kernel = HostKernel.find().orElseThrow(() ->
                new IllegalStateException(unavailableReason().orElse("no kernel")));
        Path initrd = Initramfs.cached(kernel, cacheDir);
        Path bootImage = kernel.bootImage(cacheDir);
        Path runDir;
        try {
            Path runs = Files.createDirectories(cacheDir.resolve("runs"));
            cleanStaleRuns(runs);
            runDir = Files.createTempDirectory(runs, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + cacheDir, e);
        }
        Process process = null;
        try {
            Path io = Files.createDirectory(runDir.resolve("io"));
            Files.write(io.resolve("stage2"), Initramfs.resource("stage2"));
            Files.writeString(io.resolve("cmd.sh"), command + "\n");
            if (!env.isEmpty()) {
                Files.writeString(io.resolve("env.sh"), env.entrySet().stream()
                        .map(e -> "export " + e.getKey() + "=" + shellQuote(e.getValue()) + "\n")
                        .collect(Collectors.joining()));
            }
            if (rwDir != null) {
                Files.writeString(io.resolve("rw-path"), rwDir.toString());
            }
            List<String> cmd = qemuCommand(bootImage, initrd, runDir, io);

            long start = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            process = pb.start();
            LIVE.add(process);
            GuestOutput out = new GuestOutput(process.getInputStream(), output, start);
            StringBuilder qemuErr = new StringBuilder();
            Thread errReader = drain(process.getErrorStream(), qemuErr);
            out.start();

            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            out.join(5000);
            errReader.join(5000);
            long total = (System.nanoTime() - start) / 1_000_000;

            int exit = NO_EXIT_CODE;
            Path status = io.resolve("exit-status");
            if (finished && Files.isRegularFile(status)) {
                String s = Files.readString(status).trim();
                if (s.matches("\\d+")) {
                    exit = Integer.parseInt(s);
                }
            }
            return new Result(exit, out.text(), out.bootMillis(), total, !finished, out.guestUptimeMillis(),
                    tail(runDir.resolve("console.log"), 8000), qemuErr.toString(), runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("running the guest failed (run dir " + runDir + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the guest ran", e);
        } finally {
            if (process != null) {
                kill(process);
                LIVE.remove(process);
            }
            deleteTree(runDir);
        }
    }

    /**
     * Runs a main class of ours in the guest with the host's java, the current classpath and
     * {@link #GUEST_JVM_OPTIONS}.
     */
    public Result runJava(Class<?> mainClass, String... args) {
        return run(javaCommand(mainClass.getName(), currentClasspath(), GUEST_JVM_OPTIONS, args));
    }

    /** Runs a main class in the guest with the host's java and the given classpath. */
    public Result runJava(String mainClass, List<String> classpath, List<String> jvmOptions, String... args) {
        return run(javaCommand(mainClass, classpath, jvmOptions, args));
    }

    /**
     * Runs JUnit 5 test classes in the guest ({@link GuestJUnit}, current classpath, which must hold
     * junit-platform-launcher as it does under surefire/failsafe). Exit code 0 when all passed.
     */
    public Result runJUnit(Class<?>... testClasses) {
        return run(junitCommand(currentClasspath(), testClasses));
    }

    /** The shell command that runs JUnit test classes in the guest; to combine with others. */
    public static String junitCommand(List<String> classpath, Class<?>... testClasses) {
        return javaCommand(GuestJUnit.class.getName(), classpath, GUEST_JVM_OPTIONS,
                Arrays.stream(testClasses).map(Class::getName).toArray(String[]::new));
    }

    /** The shell command that runs a main class with the host's java (same path in the guest). */
    public static String javaCommand(String mainClass, List<String> classpath, List<String> jvmOptions,
                                     String... args) {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        words.addAll(jvmOptions);
        if (!classpath.isEmpty()) {
            words.add("-cp");
            words.add(String.join(File.pathSeparator, classpath));
        }
        words.add(mainClass);
        words.addAll(Arrays.asList(args));
        return words.stream().map(KernelGuest::shellQuote).collect(Collectors.joining(" "));
    }

    /**
     * This JVM's classpath as absolute paths (under surefire/failsafe: the test classpath, i.e.
     * target/test-classes, target/classes and the jars in the local repository). The guest sees
     * them at the same paths.
     */
    public static List<String> currentClasspath() {
        String cp = System.getProperty("java.class.path", "");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toString()).collect(Collectors.toList());
    }

    /** Single-quotes a word for bash. */
    public static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private List<String> qemuCommand(Path bootImage, Path initrd, Path runDir, Path io) {
        String qemu = onPath(QEMU).orElseThrow(() -> new IllegalStateException(unavailableReason().orElse(QEMU)));
        List<String> c = new ArrayList<>();
        // Safety net if this JVM dies without running its shutdown hook: coreutils timeout ends
        // qemu a little after our own deadline.
        c.addAll(List.of("timeout", "--kill-after=10", (timeout.toSeconds() + 30) + "s"));
        c.add(qemu);
        // single-threaded TCG: with one host thread per vCPU (MTTCG) the JVM's JIT-patched code
        // crashed 2 of 20 JVMs (SIGSEGV/SIGILL in C1 frames); 0 of 60 with thread=single
        String a = accel != null ? accel : System.getProperty("dsas.kernel.accel", "tcg,thread=single");
        String cpu = System.getProperty("dsas.kernel.cpu", "qemu64"); // not max: JVM SIGILLs, see docs
        c.addAll(List.of("-accel", a, "-M", "q35", "-cpu", cpu, "-m", Integer.toString(memoryMiB),
                "-smp", Integer.toString(cpus), "-nodefaults", "-no-user-config", "-display", "none",
                "-no-reboot", "-kernel", bootImage.toString(), "-initrd", initrd.toString()));
        List<String> append = new ArrayList<>(List.of("console=ttyS0", "quiet", "loglevel=4", "panic=-1",
                "rdinit=/init"));
        append.addAll(kernelArgs);
        c.addAll(List.of("-append", String.join(" ", append)));
        // ttyS0: kernel console -> console.log; ttyS1: the command's stdout+stderr -> our stdin
        c.addAll(List.of("-serial", "file:" + runDir.resolve("console.log"),
                "-chardev", "stdio,id=cmdout,signal=off", "-serial", "chardev:cmdout"));
        // the host root, read-only; multidevs=remap keeps inode numbers of /proc, /sys, ... apart
        c.addAll(List.of("-virtfs",
                "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"));
        c.addAll(List.of("-virtfs", "local,path=" + io + ",mount_tag=io,security_model=none,id=io"));
        if (rwDir != null) {
            c.addAll(List.of("-virtfs", "local,path=" + rwDir + ",mount_tag=rw,security_model=none,id=rw"));
        }
        return c;
    }

    static Optional<String> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /** Kills qemu (and the timeout wrapper) at once and waits for it to be gone. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle h : p.descendants().collect(Collectors.toList())) {
                h.destroyForcibly();
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // best effort: the process is gone or cannot be waited for
        }
    }

    private static Thread drain(InputStream in, StringBuilder sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // qemu is gone
            }
        }, "qemu-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tail(Path file, int maxChars) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r", "");
            return s.length() <= maxChars ? s : "..." + s.substring(s.length() - maxChars);
        } catch (IOException e) {
            return "(console log unreadable: " + e + ")";
        }
    }

    private static void cleanStaleRuns(Path runs) {
        if (staleRunsCleaned) {
            return;
        }
        staleRunsCleaned = true;
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> s = Files.list(runs)) {
            s.filter(p -> p.getFileName().toString().startsWith("run-")).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(KernelGuest::deleteTree);
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    /** Deletes a tree without following symbolic links (the guest wrote into it as root). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("KernelGuest: could not delete " + root + ": " + e);
        }
    }

    // ------------------------------------------------------------------ output of the guest

    /** Reads the command's output (serial port 2), finds the start marker, forwards lines. */
    private static final class GuestOutput extends Thread {
        private final InputStream in;
        private final Consumer<String> sink;
        private final long start;
        private final StringBuilder text = new StringBuilder();
        private volatile long bootMillis = -1;
        private volatile long guestUptimeMillis = -1;

        GuestOutput(InputStream in, Consumer<String> sink, long start) {
            super("kernel-guest-output");
            setDaemon(true);
            this.in = in;
            this.sink = sink;
            this.start = start;
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    line = line.replace("\r", "");
                    int m = line.indexOf(START_MARKER);
                    if (m >= 0 && bootMillis < 0) {
                        bootMillis = (System.nanoTime() - start) / 1_000_000;
                        String uptime = line.substring(m + START_MARKER.length()).trim();
                        try {
                            guestUptimeMillis = Math.round(Double.parseDouble(uptime) * 1000);
                        } catch (NumberFormatException ignored) {
                            // no uptime: leave -1
                        }
                        line = line.substring(0, m);
                        if (line.isEmpty()) {
                            continue;
                        }
                    }
                    synchronized (text) {
                        text.append(line).append('\n');
                    }
                    if (sink != null) {
                        try {
                            sink.accept(line);
                        } catch (RuntimeException e) {
                            // a broken consumer must not stop us reading: qemu would block on a full pipe
                        }
                    }
                }
            } catch (IOException ignored) {
                // qemu is gone
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        long bootMillis() {
            return bootMillis;
        }

        long guestUptimeMillis() {
            return guestUptimeMillis;
        }
    }

    // ------------------------------------------------------------------ result and builder

    /**
     * What a guest run gave.
     *
     * @param exitCode          the command's exit status, {@link #NO_EXIT_CODE} when there is none
     * @param output            the command's stdout and stderr, interleaved as written
     * @param bootMillis        qemu start to the command starting, -1 if it never started
     * @param totalMillis       qemu start to qemu gone
     * @param timedOut          the timeout struck and qemu was killed
     * @param guestUptimeMillis the guest kernel's uptime when the command started, -1 if unknown
     * @param console           the end of the guest's kernel console (ttyS0), for diagnosis
     * @param qemuStderr        what qemu itself printed
     * @param runDir            the run directory (deleted by the time you read this)
     */
    public record Result(int exitCode, String output, long bootMillis, long totalMillis, boolean timedOut,
                         long guestUptimeMillis, String console, String qemuStderr, Path runDir) {

        /** Exit code 0, no timeout. */
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** Everything about the run, for assertion messages. */
        public String describe() {
            String what = timedOut ? "TIMED OUT (qemu killed)"
                    : exitCode == NO_EXIT_CODE ? "NO EXIT STATUS from the guest (boot failed? see console)"
                    : "exit " + exitCode;
            return "guest " + what + ", boot " + bootMillis + " ms, total " + totalMillis + " ms\n"
                    + "--- output ---\n" + output
                    + (qemuStderr.isBlank() ? "" : "--- qemu stderr ---\n" + qemuStderr)
                    + (ok() ? "" : "--- guest console (end) ---\n" + console);
        }
    }

    /** Settings of a guest; {@link #build()} makes a reusable {@link KernelGuest}. */
    public static final class Builder {
        private int memoryMiB = 1024;
        private int cpus = 2;
        private Duration timeout = Duration.ofSeconds(120);
        private Path rwDir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> kernelArgs = new ArrayList<>();
        private Consumer<String> output = line -> System.out.println("[guest] " + line);
        private Path cacheDir = Path.of(Optional.ofNullable(System.getProperty(CACHE_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv("DSAS_KERNEL_CACHE")))
                .orElse(DEFAULT_CACHE.toString()));
        private String accel;

        private Builder() {
        }

        /** Guest RAM (default 1024). The overlay's tmpfs (all guest writes) may use 80% of it. */
        public Builder memoryMiB(int mib) {
            if (mib < 256) {
                throw new IllegalArgumentException("at least 256 MiB");
            }
            this.memoryMiB = mib;
            return this;
        }

        /** Virtual CPUs (default 2). */
        public Builder cpus(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least 1 cpu");
            }
            this.cpus = n;
            return this;
        }

        /** Hard limit from qemu start to power-off, boot included (default 120 s). */
        public Builder timeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = d;
            return this;
        }

        /** A host directory mounted read-write at the same path in the guest; the command's cwd. */
        public Builder rwDir(Path dir) {
            try {
                this.rwDir = dir.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("rwDir must exist: " + dir, e);
            }
            if (!Files.isDirectory(rwDir) || rwDir.getNameCount() == 0) {
                throw new IllegalArgumentException("rwDir must be a directory other than /: " + dir);
            }
            return this;
        }

        /** An environment variable for the command. */
        public Builder env(String name, String value) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad variable name: " + name);
            }
            env.put(name, Objects.requireNonNull(value));
            return this;
        }

        /** An extra word on the guest kernel's command line (e.g. {@code dsas.roles=lb}). */
        public Builder kernelArg(String arg) {
            if (arg.isBlank() || arg.contains("\"")) {
                throw new IllegalArgumentException("bad kernel argument: " + arg);
            }
            kernelArgs.add(arg);
            return this;
        }

        /** Where each output line goes while the guest runs (default: System.out, "[guest] " prefix). */
        public Builder output(Consumer<String> lineConsumer) {
            this.output = lineConsumer;
            return this;
        }

        /** Collect the output only. */
        public Builder quiet() {
            this.output = null;
            return this;
        }

        /** Cache directory for the initramfs and run directories (default /var/tmp/dsas-kernel-tier). */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir.toAbsolutePath();
            return this;
        }

        /**
         * qemu {@code -accel} value (default: -Ddsas.kernel.accel, else "tcg,thread=single": every vCPU
         * on one host thread; multi-threaded TCG crashes JVMs in the guest now and then). Not "kvm"
         * automatically: on the build machines /dev/kvm exists but qemu aborts with -cpu max
         * ("failed to set MSR 0x10a").
         */
        public Builder accel(String accelerator) {
            this.accel = accelerator;
            return this;
        }

        public KernelGuest build() {
            return new KernelGuest(this);
        }
    }
}
