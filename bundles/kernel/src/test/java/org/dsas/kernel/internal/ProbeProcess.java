package org.dsas.kernel.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link KernelProbe} JVM running inside a network namespace (the test JVM
 * stays in the root namespace and cannot use the namespace's interfaces),
 * optionally as user nobody. One command line in, one answer line out.
 */
final class ProbeProcess implements AutoCloseable {

    private static final long ANSWER_SECONDS = 30;

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path stderr;
    private final Path workDirectory;
    private final String name;

    private ProbeProcess(String name, Process process, Path stderr, Path workDirectory) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.workDirectory = workDirectory;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // the probe ended; call() reports it
            }
        }, "probe-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** A probe as root in the namespace. */
    static ProbeProcess asRoot(String ns) throws IOException {
        return start(ns, false);
    }

    /**
     * A probe as nobody:nogroup without capabilities in the namespace. Its class path is copied into a
     * world-readable directory, since the test's own (the Maven repository under /root) is not readable.
     */
    static ProbeProcess asNobody(String ns) throws IOException {
        return start(ns, true);
    }

    private static ProbeProcess start(String ns, boolean nobody) throws IOException {
        Path work = Files.createTempDirectory("dk-probe");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        String classpath = nobody ? readableCopy(System.getProperty("java.class.path"), work)
                : System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        if (nobody) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m",
                "-Djna.tmpdir=" + work.resolve("jna"),
                "-cp", classpath, KernelProbe.class.getName()));
        Path stderr = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(stderr.toFile()).start();
        ProbeProcess probe = new ProbeProcess(ns + (nobody ? " as nobody" : ""), process, stderr, work);
        try {
            String ready = probe.next();
            if (!"READY".equals(ready)) {
                throw new IOException("probe in " + probe.name + " started with: " + ready);
            }
            return probe;
        } catch (IOException | RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    /** Sends one command and returns the probe's one-line answer. */
    String call(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        return next();
    }

    private String next() throws IOException {
        try {
            String answer = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (answer == null) {
                throw new IOException("probe in " + name + " gave no answer in " + ANSWER_SECONDS + " s"
                        + (process.isAlive() ? "" : ", exited " + process.exitValue()) + "; stderr: " + stderr());
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the probe in " + name, e);
        }
    }

    private String stderr() {
        try {
            return Files.readString(stderr).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(workDirectory);
    }

    private static String readableCopy(String classpath, Path work) throws IOException {
        List<String> copied = new ArrayList<>();
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = work.resolve("cp" + (n++) + (Files.isDirectory(source) ? "" : ".jar"));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to);
                    }
                    Files.setPosixFilePermissions(to,
                            PosixFilePermissions.fromString(Files.isDirectory(to) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            copied.add(target.toString());
        }
        return String.join(File.pathSeparator, copied);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
